/**
 * The staged file as text, for every reader: decoded as UTF-8 in chunks (BOM dropped, CRLF as LF),
 * checked to be text at all, with the limits, the records readers yield and the errors they throw.
 */
import fs from 'node:fs';
import type { RawRow } from '@core/activity/types';
import type { ActivityFormat } from '@core/activity/vocabulary';

export type ReadRecord = { line: number; row: RawRow } | { line: number; problem: string };

export interface ReadOptions {
  format: ActivityFormat;
  /** CSV only; null: detected from the first lines. */
  delimiter: string | null;
  signal?: AbortSignal;
  /** Bytes of the file read so far. */
  onProgress?: (bytes: number) => void;
}

export class ReadAborted extends Error {
  constructor() {
    super('The read was cancelled.');
  }
}

/** A file that cannot be read at all (not JSON, no header): the message says what is wrong and the fix. */
export class UnreadableFile extends Error {}

const CHUNK_BYTES = 256 * 1024;

/** Longest CSV record or JSON Lines line read (characters); see the file comment. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;
/** The record limit in force; tests lower it to check the bad row without writing megabytes. */
export const readLimits = { maxRecordChars: MAX_RECORD_CHARS };

export const sizeText = (chars: number) => (chars >= 1024 * 1024 ? `${Math.round((chars / 1024 / 1024) * 10) / 10} MB` : `${Math.round(chars / 1024)} KB`);

/** Bytes of the file's start checked for NULs: a text export has none, a UTF-16 or binary file has many. */
const SNIFF_BYTES = 4096;
/** U+FFFD twice in UTF-8: a UTF-16 byte order mark once the page decoded the file as UTF-8. */
const REPLACED_BOM = Buffer.from([0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd]);

/**
 * Refuses a file that is not UTF-8 text, by its first bytes: a UTF-16 byte order mark (as saved, or as
 * the page sends it, two U+FFFD) followed by NULs, NULs on every other byte (UTF-16 without a mark), or
 * NULs anywhere else (a spreadsheet or another binary file).
 */
export function checkTextStart(start: Buffer): void {
  const head = start.subarray(0, SNIFF_BYTES);
  const bom16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  if (!bom16 && even + odd === 0) return;
  const oneSide = Math.max(even, odd) >= 0.9 * (even + odd);
  if (bom16 || (oneSide && (head.subarray(0, 6).equals(REPLACED_BOM) || even + odd >= head.length / 8)))
    throw new UnreadableFile(
      'The file is saved as UTF-16 (Unicode text), which cannot be read: save it as UTF-8 (in Excel: Save As, "CSV UTF-8"), then choose it again.',
    );
  throw new UnreadableFile(
    'The file holds binary data (NUL bytes), not text: export the activity as CSV, JSON or JSON Lines (a spreadsheet file must be saved as "CSV UTF-8" first).',
  );
}

/** Encodings the text readers decode: UTF-8, and UTF-16 LE (Excel's "Unicode Text") for a caller that checked its byte order mark. */
export type TextEncodingName = 'utf-8' | 'utf-16le';

/**
 * Text chunks of the file: UTF-8 decoded (or `encoding`), BOM dropped, CRLF and lone CR turned into LF.
 * Only UTF-8 is checked to be text (checkTextStart); UTF-16 is decoded as the caller says.
 */
export async function* textChunks(
  file: string,
  opts: Pick<ReadOptions, 'signal' | 'onProgress'>,
  maxBytes = Infinity,
  encoding: TextEncodingName = 'utf-8',
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
  let bytes = 0;
  let pendingCr = false;
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES, end: Number.isFinite(maxBytes) ? maxBytes - 1 : undefined });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new ReadAborted();
      if (bytes === 0 && encoding === 'utf-8') checkTextStart(chunk);
      bytes += chunk.length;
      let text = decoder.decode(chunk, { stream: true });
      if (pendingCr) text = '\r' + text;
      pendingCr = text.endsWith('\r');
      if (pendingCr) text = text.slice(0, -1);
      if (text) yield text.replace(/\r\n?/g, '\n');
      opts.onProgress?.(bytes);
    }
    let rest = decoder.decode();
    if (pendingCr) rest = '\r' + rest;
    if (rest) yield rest.replace(/\r\n?/g, '\n');
  } finally {
    stream.destroy();
  }
}

/** The first `bytes` of the file as text (for detection). */
export async function head(file: string, bytes = 64 * 1024, encoding: TextEncodingName = 'utf-8'): Promise<string> {
  let text = '';
  for await (const t of textChunks(file, {}, bytes, encoding)) text += t;
  return text;
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
