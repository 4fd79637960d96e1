/**
 * The backup container (docs/ARCHITECTURE.md, "Backups"):
 *
 *   `ROLLOUT-WORKBENCH-BACKUP\n`                 the magic line, 25 bytes
 *   u32 big-endian N                             the header's length
 *   N bytes of JSON                              the header (BackupHeader)
 *   32 bytes                                     SHA-256 of everything before it (the header's checksum)
 *   payload                                      the SQLite file, or its AES-256-GCM ciphertext
 *   16 bytes (encrypted only)                    the GCM authentication tag
 *
 * The header is readable without the passphrase (the list shows date, reason and versions), so an
 * encrypted one carries nothing about the records: no names, no counts. Everything before the payload
 * is the cipher's additional authenticated data, so a changed header fails the tag as well as its checksum.
 * The key comes from the passphrase through scrypt; half of its output keys the cipher, the other half
 * a check value, so a wrong passphrase is told apart from a damaged file before anything is decrypted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { BackupError } from './errors';

export const MAGIC = Buffer.from('ROLLOUT-WORKBENCH-BACKUP\n', 'ascii');
export const FORMAT_VERSION = 1;
export const TAG_BYTES = 16;
const HEADER_MAX = 64 * 1024;
const CHECK_LABEL = 'rollout-workbench backup key check';

/** The work factor of new backups: 2^17 × 8 × 128 bytes = 128 MB of memory and about half a second per derivation. */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

/**
 * The most work a header may ask for: what this app writes (SCRYPT) with one doubling of N and of p to
 * spare. A header asking for more is refused before any derivation, so a forged backup cannot make the
 * app allocate gigabytes or spin for minutes.
 */
export const KDF_LIMIT = { N: 2 ** 18, r: 8, p: 2 } as const;
/** scrypt's memory for the largest allowed parameters (128·N·r bytes), with a margin. */
const SCRYPT_MAXMEM = 128 * KDF_LIMIT.N * KDF_LIMIT.r + 32 * 1024 * 1024;

const Kdf = z.object({
  name: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2 ** 14)
    .max(KDF_LIMIT.N)
    .refine((n) => (n & (n - 1)) === 0, 'a power of two'),
  r: z.number().int().min(1).max(KDF_LIMIT.r),
  p: z.number().int().min(1).max(KDF_LIMIT.p),
  salt: z.string().regex(/^[0-9a-f]{32,128}$/),
});

/** Why a header's key derivation is refused, or null: more work than this app ever writes. */
function kdfTooCostly(raw: unknown): string | null {
  const kdf = (raw as { kdf?: unknown } | null)?.kdf as { N?: unknown; r?: unknown; p?: unknown } | undefined;
  if (!kdf || typeof kdf !== 'object') return null;
  const over = (v: unknown, max: number) => typeof v !== 'number' || !Number.isFinite(v) || v > max;
  if (!over(kdf.N, KDF_LIMIT.N) && !over(kdf.r, KDF_LIMIT.r) && !over(kdf.p, KDF_LIMIT.p)) return null;
  return `its key derivation asks for more work than Rollout Workbench ever uses (scrypt N=${String(kdf.N)}, r=${String(kdf.r)}, p=${String(kdf.p)}; at most N=${KDF_LIMIT.N}, r=${KDF_LIMIT.r}, p=${KDF_LIMIT.p}), so it was not written by this app`;
}

export const BackupHeader = z.object({
  format: z.literal(FORMAT_VERSION),
  appVersion: z.string().max(100),
  schemaVersion: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  reason: z.enum(['manual', 'daily', 'before-migration', 'before-restore', 'before-import']),
  workspaceName: z.string().max(1000),
  /** The workspace's identity (BackupInfo.workspaceId); absent in backups written before it was recorded. */
  workspaceId: z.string().min(1).max(100).optional(),
  encrypted: z.boolean(),
  payloadBytes: z.number().int().min(0),
  /** Plain backups: SHA-256 of the payload (hex). */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Encrypted backups: the key derivation, the cipher's nonce and the key check value. */
  kdf: Kdf.optional(),
  cipher: z.object({ name: z.literal('aes-256-gcm'), iv: z.string().regex(/^[0-9a-f]{24}$/) }).optional(),
  keyCheck: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

/** The parsed start of a container: its header, the bytes before the payload (the cipher's additional data) and where the payload starts. */
export interface Container {
  header: BackupHeader;
  prefix: Buffer;
  payloadStart: number;
  fileBytes: number;
}

/** The bytes before the payload for `header`. */
export function encodePrefix(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  const head = Buffer.concat([MAGIC, length, json]);
  return Buffer.concat([head, crypto.createHash('sha256').update(head).digest()]);
}

const damaged = (file: string, why: string) => new BackupError('damaged', file, `${file} is damaged (${why}). It cannot be restored; choose another backup.`);

/** What the file starts with: our container, a SQLite file (the plain copies written before a migration), or something else. */
export function sniff(file: string): 'container' | 'sqlite' | 'other' {
  const fd = fs.openSync(file, 'r');
  try {
    const start = Buffer.alloc(MAGIC.length);
    const n = fs.readSync(fd, start, 0, start.length, 0);
    if (n === MAGIC.length && start.equals(MAGIC)) return 'container';
    if (start.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') return 'sqlite';
    return 'other';
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads and checks a container's header without decrypting: an unknown format version is told as
 * such (a newer app wrote it), a header whose checksum or fields do not hold as damaged, and a file
 * shorter or longer than the header says as damaged too (cut short while copied, or appended to).
 */
export function readContainer(file: string): Container {
  const fd = fs.openSync(file, 'r');
  try {
    const fileBytes = fs.fstatSync(fd).size;
    const fixed = Buffer.alloc(MAGIC.length + 4);
    if (fs.readSync(fd, fixed, 0, fixed.length, 0) < fixed.length) throw damaged(file, 'it ends inside its header');
    const length = fixed.readUInt32BE(MAGIC.length);
    if (length === 0 || length > HEADER_MAX) throw damaged(file, 'its header length is impossible');
    const rest = Buffer.alloc(length + 32);
    if (fs.readSync(fd, rest, 0, rest.length, fixed.length) < rest.length) throw damaged(file, 'it ends inside its header');
    const json = rest.subarray(0, length);
    let raw: unknown;
    try {
      raw = JSON.parse(json.toString('utf8'));
    } catch {
      throw damaged(file, 'its header cannot be read');
    }
    const format = (raw as { format?: unknown } | null)?.format;
    // Only a version above ours is a newer app's: a lower or odd one is a damaged header (its checksum says so below).
    if (typeof format === 'number' && format > FORMAT_VERSION) {
      const by = (raw as { appVersion?: unknown }).appVersion;
      throw new BackupError(
        'unknown-format',
        file,
        `${file} is in backup format ${format}${typeof by === 'string' ? `, written by Rollout Workbench ${by}` : ''}; this app reads format ${FORMAT_VERSION}. Update the app to restore it.`,
      );
    }
    const head = Buffer.concat([fixed, json]);
    if (!crypto.createHash('sha256').update(head).digest().equals(rest.subarray(length))) throw damaged(file, 'its header checksum does not match');
    const costly = kdfTooCostly(raw);
    if (costly) throw damaged(file, costly);
    const parsed = BackupHeader.safeParse(raw);
    if (!parsed.success) throw damaged(file, `its header is invalid at ${parsed.error.issues[0]?.path.join('.') || 'the top'}`);
    const header = parsed.data;
    if (header.encrypted ? !header.kdf || !header.cipher || !header.keyCheck : !header.sha256) throw damaged(file, 'its header is incomplete');
    const payloadStart = head.length + 32;
    const expected = payloadStart + header.payloadBytes + (header.encrypted ? TAG_BYTES : 0);
    if (fileBytes < expected) throw damaged(file, `it is cut short: ${fileBytes} of ${expected} bytes`);
    if (fileBytes > expected) throw damaged(file, `it has ${fileBytes - expected} bytes more than its header says`);
    return { header, prefix: Buffer.concat([head, rest.subarray(length)]), payloadStart, fileBytes };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The cipher key and the key check value derived from a passphrase (scrypt, on libuv's thread pool).
 * The passphrase is taken in Unicode NFC, so one typed with composed or decomposed accents (macOS and
 * other systems differ) opens the same backup.
 */
export async function deriveKey(passphrase: string, kdf: { N: number; r: number; p: number; salt: string }): Promise<{ key: Buffer; check: string }> {
  const out = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'hex'), 64, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: SCRYPT_MAXMEM }, (e, k) =>
      e ? reject(e) : resolve(k),
    ),
  );
  const key = out.subarray(0, 32);
  const check = crypto.createHmac('sha256', out.subarray(32)).update(CHECK_LABEL).digest('hex');
  return { key, check };
}

export interface PayloadWriter {
  /** Bytes to write for a chunk of the SQLite file. */
  update(chunk: Buffer): Buffer;
  /** The last bytes (the tag) and the final prefix (with the checksum of a plain payload). */
  final(): { tail: Buffer; prefix: Buffer };
  /** The prefix to write first (a plain backup's is rewritten at the end with its checksum, same length). */
  prefix: Buffer;
}

/** Starts writing a container: a plain payload is hashed as it goes, an encrypted one encrypted. */
export async function payloadWriter(
  header: Omit<BackupHeader, 'encrypted' | 'sha256' | 'kdf' | 'cipher' | 'keyCheck'>,
  passphrase?: string,
): Promise<PayloadWriter> {
  if (passphrase === undefined) {
    const hash = crypto.createHash('sha256');
    const full = (sha256: string): BackupHeader => ({ ...header, encrypted: false, sha256 });
    return {
      prefix: encodePrefix(full('0'.repeat(64))),
      update: (chunk) => (hash.update(chunk), chunk),
      final: () => ({ tail: Buffer.alloc(0), prefix: encodePrefix(full(hash.digest('hex'))) }),
    };
  }
  const kdf = { name: 'scrypt' as const, ...SCRYPT, salt: crypto.randomBytes(16).toString('hex') };
  const iv = crypto.randomBytes(12);
  const { key, check } = await deriveKey(passphrase, kdf);
  const prefix = encodePrefix({ ...header, encrypted: true, kdf, cipher: { name: 'aes-256-gcm', iv: iv.toString('hex') }, keyCheck: check });
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(prefix);
  return {
    prefix,
    update: (chunk) => cipher.update(chunk),
    final: () => ({ tail: Buffer.concat([cipher.final(), cipher.getAuthTag()]), prefix }),
  };
}
