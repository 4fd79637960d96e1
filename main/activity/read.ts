/**
 * Reading a staged activity export as a stream, never whole: CSV (csv-parse, any of , ; tab |, quoting,
 * CRLF, embedded newlines), a JSON array (@streamparser/json, one item at a time) or JSON Lines (one
 * line at a time). Bytes are decoded as UTF-8 with a leading BOM dropped; bytes that are not UTF-8
 * become U+FFFD (the decoder is not fatal: an export with a stray Latin-1 byte still reads, and the
 * replaced character shows in the preview).
 *
 * A record is either a raw row (column -> cell, empty cells null) or a problem with its line: a CSV
 * row with the wrong number of cells, a JSON Lines line that is not JSON, an item that is not an
 * object. Lines are the file line where the record starts (CSV, JSON Lines) or the item number (JSON
 * array), from 1. CSV needs a header row; an empty header name becomes "Column N" and a repeated one
 * gets " (2)", " (3)"… so every column can still be mapped. JSON objects are flattened one level
 * ("user": {"email": …} -> "user.email"); numbers and booleans become text, null stays null, deeper
 * values are kept as JSON text.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import JSONParser from '@streamparser/json/jsonparser.js';
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
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

/** Text chunks of the file: UTF-8 decoded, BOM dropped, CRLF and lone CR turned into LF. */
async function* textChunks(file: string, opts: Pick<ReadOptions, 'signal' | 'onProgress'>, maxBytes = Infinity): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let bytes = 0;
  let pendingCr = false;
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES, end: Number.isFinite(maxBytes) ? maxBytes - 1 : undefined });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new ReadAborted();
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
async function head(file: string, bytes = 64 * 1024): Promise<string> {
  let text = '';
  for await (const t of textChunks(file, {}, bytes)) text += t;
  return text;
}

/** The format by the first character that is not white space: `[` JSON, `{` JSON Lines, else CSV. */
export function formatOf(text: string): ActivityFormat {
  const first = /\S/.exec(text)?.[0];
  return first === '[' ? 'json' : first === '{' ? 'jsonl' : 'csv';
}

/** The delimiter whose count (outside quotes) is the same on most of the first lines, and highest. */
export function detectDelimiter(text: string): string {
  const lines = text
    .split('\n')
    .slice(0, 50)
    .filter((l) => l.trim() !== '')
    .slice(0, 10);
  if (lines.length === 0) return ',';
  const counts = (line: string, d: string) => {
    let n = 0;
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) n++;
    }
    return n;
  };
  let best: { d: string; agree: number; n: number } = { d: ',', agree: -1, n: 0 };
  for (const d of CSV_DELIMITERS) {
    const n = counts(lines[0]!, d);
    if (n === 0) continue;
    const agree = lines.filter((l) => counts(l, d) === n).length;
    if (agree > best.agree || (agree === best.agree && n > best.n)) best = { d, agree, n };
  }
  return best.d;
}

/** The format and (CSV) delimiter of a staged file, from its first 64 KB. */
export async function detectFile(file: string): Promise<{ format: ActivityFormat; delimiter: string | null }> {
  const text = await head(file);
  const format = formatOf(text);
  return { format, delimiter: format === 'csv' ? detectDelimiter(text) : null };
}

/** Header names made unique and non-empty ("Column 3", "email (2)"). */
export function headerNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    let name = c.trim() || `Column ${i + 1}`;
    const key = name.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > 1) name = `${name} (${n})`;
    return name;
  });
}

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** A JSON object flattened one level, values as text. */
export function flattenObject(obj: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) out[`${k}.${k2}`] = cellText(v2);
    } else out[k] = cellText(v);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every record of the file, in order. `onColumns` hears the CSV header once (JSON keys come per row).
 * Throws ReadAborted on abort and UnreadableFile when the file cannot be read as the format says.
 */
export async function* readRecords(file: string, opts: ReadOptions, onColumns?: (columns: string[]) => void): AsyncGenerator<ReadRecord> {
  if (opts.format === 'csv') yield* readCsv(file, opts, onColumns);
  else if (opts.format === 'jsonl') yield* readJsonLines(file, opts);
  else yield* readJsonArray(file, opts);
}

async function* readCsv(file: string, opts: ReadOptions, onColumns?: (columns: string[]) => void): AsyncGenerator<ReadRecord> {
  const delimiter = opts.delimiter ?? detectDelimiter(await head(file));
  const parser = parseCsv({
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    raw: true,
  });
  const skipped: ReadRecord[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => {
    skipped.push({ line: err.lines ?? 0, problem: `This row cannot be read as CSV (${err.message.replace(/^[^:]*:\s*/, '')}): check its quotes.` });
  });
  const source = Readable.from(textChunks(file, opts));
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  let header: string[] | null = null;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
      if (opts.signal?.aborted) throw new ReadAborted();
      while (skipped.length) yield skipped.shift()!;
      const body = rec.raw.replace(/^\n+/, '');
      const inner = (body.match(/\n/g)?.length ?? 0) - (body.endsWith('\n') ? 1 : 0);
      const line = rec.info.lines - inner;
      if (!header) {
        header = headerNames(rec.record);
        onColumns?.(header);
        continue;
      }
      if (rec.record.length !== header.length) {
        yield { line, problem: `This row has ${rec.record.length} cells but the header has ${header.length}: check its delimiters and quotes.` };
        continue;
      }
      const row: Record<string, string | null> = {};
      for (let i = 0; i < header.length; i++) row[header[i]!] = rec.record[i] === '' ? null : rec.record[i]!;
      yield { line, row };
    }
    while (skipped.length) yield skipped.shift()!;
  } catch (e) {
    if (e instanceof ReadAborted || opts.signal?.aborted) throw new ReadAborted();
    throw e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('CSV_')
      ? new UnreadableFile(`The file cannot be read as CSV: ${e.message}. Check that it is a CSV export.`)
      : e;
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (!header) throw new UnreadableFile('The file is empty: it needs a header row naming the columns, then one row per event.');
}

async function* readJsonLines(file: string, opts: ReadOptions): AsyncGenerator<ReadRecord> {
  let carry = '';
  let lineNo = 0;
  const one = (text: string): ReadRecord | null => {
    lineNo++;
    if (text.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { line: lineNo, problem: 'This line is not valid JSON: check its quotes, commas and braces.' };
    }
    if (!isObject(value)) return { line: lineNo, problem: 'This line is not a JSON object: each line must be one {…} event.' };
    return { line: lineNo, row: flattenObject(value) };
  };
  for await (const text of textChunks(file, opts)) {
    const parts = (carry + text).split('\n');
    carry = parts.pop()!;
    for (const p of parts) {
      const r = one(p);
      if (r) yield r;
    }
  }
  if (carry !== '') {
    const r = one(carry);
    if (r) yield r;
  }
}

async function* readJsonArray(file: string, opts: ReadOptions): AsyncGenerator<ReadRecord> {
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  let out: ReadRecord[] = [];
  let failure: Error | null = null;
  let items = 0;
  parser.onValue = ({ value, key }) => {
    const line = typeof key === 'number' ? key + 1 : ++items;
    items = line;
    out.push(isObject(value) ? { line, row: flattenObject(value) } : { line, problem: `Item ${line} is not a JSON object: each item must be one {…} event.` });
  };
  parser.onError = (e) => {
    failure ??= e;
  };
  let sawArray = false;
  for await (const text of textChunks(file, opts)) {
    if (!sawArray) {
      const first = /\S/.exec(text)?.[0];
      if (first !== undefined) {
        if (first !== '[') throw new UnreadableFile('The file is not a JSON array: it must start with [ and hold one {…} object per event.');
        sawArray = true;
      }
    }
    if (!failure) parser.write(text);
    const batch = out;
    out = [];
    yield* batch;
    if (failure) break;
  }
  if (!failure && !parser.isEnded) {
    try {
      parser.end();
    } catch (e) {
      failure = e as Error;
    }
  }
  yield* out;
  if (failure)
    throw new UnreadableFile(
      `The file is not valid JSON after item ${items}: ${(failure as Error).message.replace(/\.+$/, '')}. Check the file, or export it again.`,
    );
  if (!sawArray) throw new UnreadableFile('The file is empty: it must be a JSON array of events.');
}
