/**
 * Reads a bundle's zip without trusting it. Every entry's name is checked before its bytes are read
 * (no `..`, no absolute path, backslash, drive letter or NUL; no directory, symlink or duplicate), and
 * its bytes are counted while they inflate, against the per-entry and total limits and a compression
 * ratio limit (a zip bomb stops at the limit, whatever sizes its headers claim). Each problem is kept
 * with the entry it is about and reading goes on, so the user sees every one at once.
 */
import crypto from 'node:crypto';
import yauzl from 'yauzl';
import type { BundleProblem, ZipLimits } from './format';

/** An entry read: its size and sha256, counted as it inflated, and its bytes when they were kept. */
export interface ZipEntry {
  size: number;
  sha256: string;
  bytes: Buffer | null;
}

export interface ZipContents {
  entries: Map<string, ZipEntry>;
  problems: BundleProblem[];
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

/** Why an entry name is refused, or null. */
export function badEntryName(name: string): string | null {
  if (name.includes('\0')) return 'its name holds a NUL character';
  if (name.includes('\\')) return 'its name holds a backslash';
  if (/^[a-zA-Z]:/.test(name)) return 'its name starts with a drive letter';
  if (name.startsWith('/')) return 'its name is an absolute path';
  if (name.endsWith('/')) return 'it is a folder where only files are expected';
  const parts = name.split('/');
  if (parts.includes('..')) return 'its name climbs out of the bundle (“..”)';
  if (parts.some((p) => p === '' || p === '.')) return 'its name has an empty or “.” part';
  return null;
}

function open(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: true }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

/**
 * Reads every acceptable entry (bounded by the limits), hashing it as it inflates; only the entries
 * `keep` names are held in memory (the others are checked and dropped). Problems name each refused entry.
 */
export async function readZip(file: string, limits: ZipLimits, signal?: AbortSignal, keep: (name: string) => boolean = () => true): Promise<ZipContents> {
  const entries = new Map<string, ZipEntry>();
  const problems: BundleProblem[] = [];
  let zip: yauzl.ZipFile;
  try {
    zip = await open(file);
  } catch (e) {
    return {
      entries,
      problems: [{ path: '(the file)', message: `This is not a readable zip file (${(e as Error).message}). Choose the .rwbundle.zip file the export wrote.` }],
    };
  }
  const seen = new Set<string>();
  let total = 0;
  let count = 0;
  let stopped = false;
  await new Promise<void>((resolve) => {
    const next = () => {
      if (stopped || signal?.aborted) {
        zip.close();
        resolve();
      } else zip.readEntry();
    };
    zip.on('error', (e: Error) => {
      problems.push({ path: '(the file)', message: `The zip is damaged: ${e.message}.` });
      stopped = true;
      resolve();
    });
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const raw = entry.fileName as unknown as Buffer;
      const name = raw.toString('utf8');
      const shown = JSON.stringify(name).slice(1, -1);
      count++;
      if (count > limits.maxEntries) {
        problems.push({ path: shown, message: `The bundle has more than ${limits.maxEntries} entries: reading stopped here.` });
        stopped = true;
        return next();
      }
      const bad = badEntryName(name);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (bad) problems.push({ path: shown, message: `Refused: ${bad}.` });
      else if (mode === S_IFLNK) problems.push({ path: shown, message: 'Refused: it is a symbolic link where only files are expected.' });
      else if (mode === S_IFDIR) problems.push({ path: shown, message: 'Refused: it is a folder where only files are expected.' });
      else if (seen.has(name)) problems.push({ path: shown, message: 'Refused: the bundle holds two entries with this name.' });
      if (bad || mode === S_IFLNK || mode === S_IFDIR || seen.has(name)) {
        seen.add(name);
        entries.delete(name);
        return next();
      }
      seen.add(name);
      zip.openReadStream(entry, (err, stream) => {
        if (err) {
          problems.push({ path: shown, message: `The entry cannot be read: ${err.message}.` });
          return next();
        }
        const chunks: Buffer[] | null = keep(name) ? [] : null;
        const hash = crypto.createHash('sha256');
        let bytes = 0;
        let refused: string | null = null;
        stream.on('data', (chunk: Buffer) => {
          if (refused) return;
          bytes += chunk.length;
          total += chunk.length;
          if (bytes > limits.maxEntryBytes) refused = `Refused: it inflates to more than the ${limits.maxEntryBytes} bytes one entry may hold.`;
          else if (total > limits.maxTotalBytes) {
            refused = `Refused: the bundle inflates to more than the ${limits.maxTotalBytes} bytes a bundle may hold; reading stopped here.`;
            stopped = true;
          } else if (bytes > limits.ratioFloorBytes && bytes > Math.max(1, entry.compressedSize) * limits.maxRatio)
            refused = `Refused: it inflates more than ${limits.maxRatio} times its compressed size (a zip bomb?).`;
          if (refused) {
            problems.push({ path: shown, message: refused });
            stream.destroy();
            next();
          } else {
            hash.update(chunk);
            chunks?.push(chunk);
          }
        });
        stream.on('error', (e: Error) => {
          if (refused) return;
          refused = e.message;
          problems.push({ path: shown, message: `The entry is damaged: ${e.message}.` });
          next();
        });
        stream.on('end', () => {
          if (refused) return;
          entries.set(name, { size: bytes, sha256: hash.digest('hex'), bytes: chunks ? Buffer.concat(chunks) : null });
          next();
        });
      });
    });
    next();
  });
  return { entries, problems };
}
