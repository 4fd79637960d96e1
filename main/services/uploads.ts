/**
 * `uploads.*`: a file picked in the page reaches main in text chunks (core/contract/uploads.ts), each
 * appended in order to a staging file of its own, in a folder of the OS temp dir that this process
 * made and owns. The sha256 of the file is computed while it grows, so it is never read whole. An
 * importer reads the staged file as a stream (`stagedUpload`). Uploads are removed when discarded,
 * when their import ends, when older than a day, and (best effort) when the process exits. The calls
 * touch no table: they are bound as reads.
 *
 * - An upload belongs to the workspace (session) that began it: another workspace open in the same
 *   process (the desktop app switched files, a second page of the web harness) does not see it and
 *   gets NOT_FOUND, as for an upload that is gone.
 * - The file name is kept as its base name only ("C:\\exports\\week.csv" and "../week.csv" are
 *   "week.csv") and must keep the text rules of a one-line field (no control or direction characters).
 * - At finish the bytes received must match the size declared at begin, allowing only for what the
 *   page's UTF-8 decoding changes: a byte order mark dropped (3 bytes less) and each byte sequence that
 *   is not UTF-8 sent as U+FFFD (3 bytes for 1 to 3). Otherwise the file changed while it was read.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import { UPLOAD_MAX_BYTES } from '@core/contract/uploads';
import { textProblems } from '@core/domain/text-rules';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { newId } from '@db/ids';
import type { HandlerContext } from '../rpc/context';
import { refused } from './errors';

/** How long an upload that nobody finished, imported or discarded is kept. */
export const UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The byte limit while appending; tests lower it to check the refusal without sending 2 GB. */
export const uploadLimits = { maxBytes: UPLOAD_MAX_BYTES };

interface Upload {
  id: string;
  /** The workspace whose session began it (HandlerContext.workspacePath). */
  owner: string;
  fileName: string;
  encoding: 'text' | 'base64';
  /** The size the page declared at begin (bytes of the file on its disk). */
  declared: number;
  /** U+FFFD characters received: each may stand for 1 to 3 bytes of the file that were not UTF-8. */
  replaced: number;
  file: string;
  fd: number | null;
  /** The seq the next chunk must carry. */
  nextSeq: number;
  bytes: number;
  hash: crypto.Hash | null;
  sha256: string | null;
  startedAt: number;
}

const uploads = new Map<string, Upload>();
let folder: string | null = null;

function stagingFolder(): string {
  if (folder && fs.existsSync(folder)) return folder;
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-uploads-'));
  process.once('exit', removeAllUploads);
  return folder;
}

/** Removes every staged file and the staging folder (at process exit; best effort). */
export function removeAllUploads(): void {
  for (const u of [...uploads.values()]) removeUpload(u);
  if (folder) {
    try {
      fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // best effort: the OS cleans its temp dir in the end
    }
    folder = null;
  }
}

function removeUpload(u: Upload): void {
  uploads.delete(u.id);
  try {
    if (u.fd !== null) fs.closeSync(u.fd);
  } catch {
    // already closed
  }
  u.fd = null;
  try {
    fs.rmSync(u.file, { force: true });
  } catch {
    // best effort
  }
}

function sweepOld(now: number): void {
  for (const u of [...uploads.values()]) if (now - u.startedAt > UPLOAD_MAX_AGE_MS) removeUpload(u);
}

const gone = () => new WorkbenchError(ErrorCode.NOT_FOUND, 'The file is no longer there: choose it again.');

/** The upload, if `ctx`'s workspace began it; NOT_FOUND otherwise (whether it exists elsewhere is not told). */
function requireUpload(ctx: Pick<HandlerContext, 'workspacePath'>, uploadId: string): Upload {
  const u = uploads.get(uploadId);
  if (!u || u.owner !== ctx.workspacePath) throw gone();
  return u;
}

/** The name's last part ("../../week.csv", "C:\\exports\\week.csv" -> "week.csv"), checked by the text rules of a one-line field. */
function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).at(-1)!.trim();
  const issue = (message: string) => new WorkbenchError(ErrorCode.INVALID_INPUT, message, { issues: [{ path: 'fileName', message }] });
  if (name === '' || name === '.' || name === '..') throw issue('File name must name a file, not a folder: choose the file again.');
  const problems = textProblems('File name', name, 'one-line');
  if (problems.length > 0) throw issue(`${problems[0]!} Rename the file, then choose it again.`);
  return name;
}

const REPLACEMENT = /\uFFFD/g;

export function beginUpload(ctx: HandlerContext, input: ParsedInputOf<'uploads.begin'>): OutputOf<'uploads.begin'> {
  const now = ctx.clock.now().getTime();
  sweepOld(now);
  const fileName = baseName(input.fileName);
  if (input.size > uploadLimits.maxBytes) throw refused(`The file is too large: the limit is ${formatBytes(uploadLimits.maxBytes)}.`);
  const id = newId();
  const file = path.join(stagingFolder(), `${id}.upload`);
  const fd = fs.openSync(file, 'wx', 0o600);
  uploads.set(id, {
    id,
    owner: ctx.workspacePath,
    fileName,
    encoding: input.encoding,
    declared: input.size,
    replaced: 0,
    file,
    fd,
    nextSeq: 0,
    bytes: 0,
    hash: crypto.createHash('sha256'),
    sha256: null,
    startedAt: now,
  });
  return { uploadId: id };
}

export function appendUpload(ctx: HandlerContext, input: ParsedInputOf<'uploads.append'>): OutputOf<'uploads.append'> {
  const u = requireUpload(ctx, input.uploadId);
  if (u.fd === null || !u.hash) throw refused('The file was already sent in full: choose it again to send it once more.');
  if (input.seq !== u.nextSeq)
    throw refused(`A piece of the file arrived out of order (piece ${input.seq + 1}, expected ${u.nextSeq + 1}): choose the file again.`);
  const chunk = decodeChunk(u, input.text);
  if (u.bytes + chunk.length > uploadLimits.maxBytes) {
    removeUpload(u);
    throw refused(`The file is too large: the limit is ${formatBytes(uploadLimits.maxBytes)}. Split the export into smaller files.`);
  }
  let written = 0;
  while (written < chunk.length) written += fs.writeSync(u.fd, chunk, written, chunk.length - written);
  u.hash.update(chunk);
  u.bytes += chunk.length;
  if (u.encoding === 'text' && input.text.includes('\uFFFD')) u.replaced += input.text.match(REPLACEMENT)!.length;
  u.nextSeq++;
  return { bytes: u.bytes };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes a chunk carries: its UTF-8 text, or its base64 decoded (refused unless it is whole groups of base64). */
function decodeChunk(u: Upload, text: string): Buffer {
  if (u.encoding === 'text') return Buffer.from(text, 'utf8');
  if (!BASE64.test(text)) {
    removeUpload(u);
    throw refused('A piece of the file did not arrive intact (it is not base64 in whole groups of four characters): choose the file again.');
  }
  return Buffer.from(text, 'base64');
}

/** Whether the bytes received can be the declared file as the page sends it (see the file comment). */
function sizeMatches(u: Upload): boolean {
  if (u.encoding === 'base64') return u.bytes === u.declared;
  const grew = u.bytes - u.declared;
  return grew >= -3 && grew <= 2 * u.replaced;
}

export function finishUpload(ctx: HandlerContext, input: ParsedInputOf<'uploads.finish'>): OutputOf<'uploads.finish'> {
  const u = requireUpload(ctx, input.uploadId);
  if (u.fd !== null && u.hash) {
    if (!sizeMatches(u)) {
      removeUpload(u);
      throw refused('The file changed while it was read (its size is not the size it had when chosen): choose it again.');
    }
    fs.closeSync(u.fd);
    u.fd = null;
    u.sha256 = u.hash.digest('hex');
    u.hash = null;
  }
  return { uploadId: u.id, fileName: u.fileName, bytes: u.bytes, sha256: u.sha256 ?? '' };
}

export function discardUpload(ctx: HandlerContext, input: ParsedInputOf<'uploads.discard'>): OutputOf<'uploads.discard'> {
  const u = uploads.get(input.uploadId);
  if (!u || u.owner !== ctx.workspacePath) return { discarded: false };
  removeUpload(u);
  return { discarded: true };
}

export interface StagedUpload {
  id: string;
  path: string;
  fileName: string;
  bytes: number;
  sha256: string;
}

/** The staged file of a finished upload of `ctx`'s workspace, for an importer to stream. */
export function stagedUpload(ctx: Pick<HandlerContext, 'workspacePath'>, uploadId: string): StagedUpload {
  const u = requireUpload(ctx, uploadId);
  if (u.sha256 === null) throw refused('The file is still being sent: wait until it is sent in full, then try again.');
  if (!fs.existsSync(u.file)) {
    removeUpload(u);
    throw gone();
  }
  return { id: u.id, path: u.file, fileName: u.fileName, bytes: u.bytes, sha256: u.sha256 };
}

/** The path of a finished upload's staged file. Unknown id: NOT_FOUND "The file is no longer there: choose it again." */
export function uploadPath(ctx: Pick<HandlerContext, 'workspacePath'>, uploadId: string): string {
  return stagedUpload(ctx, uploadId).path;
}

/** An import is over: its upload is removed. */
export function endUpload(ctx: Pick<HandlerContext, 'workspacePath'>, uploadId: string): void {
  const u = uploads.get(uploadId);
  if (u && u.owner === ctx.workspacePath) removeUpload(u);
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${Math.round((n / 1024 ** 3) * 10) / 10} GB`;
  if (n >= 1024 ** 2) return `${Math.round((n / 1024 ** 2) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
