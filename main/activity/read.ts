/**
 * Reading a staged activity export as a stream, never whole: CSV (csv-parse, any of , ; tab |, quoting,
 * CRLF, embedded newlines), a JSON array (@streamparser/json, one item at a time; also the one list of
 * an object that wraps it, `{"events": […]}`) or JSON Lines (one line at a time). Bytes are decoded as
 * UTF-8 with a leading BOM dropped; bytes that are not UTF-8 become U+FFFD (the decoder is not fatal: an
 * export with a stray Latin-1 byte still reads, and the replaced character shows in the preview). A
 * UTF-16 file or a binary one (NUL bytes at its start) is refused with how to save it as UTF-8.
 *
 * A record (a CSV row, a JSON Lines line) is at most `readLimits.maxRecordChars` long: a longer JSON
 * Lines line is a bad row and the next line reads on; a CSV record that grows past it is almost always a
 * quote never closed, reported as a bad row at the line where it starts, and the file is read no
 * further (csv-parse cannot resume after it). A quote still open at the end of the file is reported the
 * same way. Neither ever holds more than the limit in memory.
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

/** Longest CSV record or JSON Lines line read (characters); see the file comment. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;
/** The record limit in force; tests lower it to check the bad row without writing megabytes. */
export const readLimits = { maxRecordChars: MAX_RECORD_CHARS };

const sizeText = (chars: number) => (chars >= 1024 * 1024 ? `${Math.round((chars / 1024 / 1024) * 10) / 10} MB` : `${Math.round(chars / 1024)} KB`);

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

/** Text chunks of the file: UTF-8 decoded, BOM dropped, CRLF and lone CR turned into LF. */
async function* textChunks(file: string, opts: Pick<ReadOptions, 'signal' | 'onProgress'>, maxBytes = Infinity): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  let bytes = 0;
  let pendingCr = false;
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES, end: Number.isFinite(maxBytes) ? maxBytes - 1 : undefined });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new ReadAborted();
      if (bytes === 0) checkTextStart(chunk);
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

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const parsesAsObject = (line: string): Record<string, unknown> | null => {
  try {
    const v: unknown = JSON.parse(line);
    return isObject(v) ? v : null;
  } catch {
    return null;
  }
};

/** Whether `obj` holds exactly one list and that list holds objects: an export wrapped in an object. */
const wrapsOneList = (obj: Record<string, unknown>) => {
  const lists = Object.values(obj).filter(Array.isArray);
  return lists.length === 1 && lists[0]!.length > 0 && lists[0]!.every(isObject);
};

/**
 * The format from the start of the file: `[` JSON; `{` JSON Lines when its first line is a whole JSON
 * object (or, that line broken, the next one is), else JSON (an object wrapping the list of events,
 * `{"events": […]}`, written over several lines or on one line alone); anything else CSV.
 */
export function formatOf(text: string): ActivityFormat {
  const first = /\S/.exec(text)?.[0];
  if (first === '[') return 'json';
  if (first !== '{') return 'csv';
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const head = parsesAsObject(lines[0]!);
  // `text` is the file's first 64 KB: a last line may be cut short, so only whole lines count.
  const whole = text.endsWith('\n') ? lines.length : lines.length - 1;
  if (head) return lines.length === 1 && wrapsOneList(head) ? 'json' : 'jsonl';
  if (whole >= 2 && parsesAsObject(lines[1]!)) return 'jsonl';
  return 'json';
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

/**
 * Every record of the file, in order. `onColumns` hears the CSV header once (JSON keys come per row).
 * Throws ReadAborted on abort and UnreadableFile when the file cannot be read as the format says.
 */
export async function* readRecords(file: string, opts: ReadOptions, onColumns?: (columns: string[]) => void): AsyncGenerator<ReadRecord> {
  if (opts.format === 'csv') yield* readCsv(file, opts, onColumns);
  else if (opts.format === 'jsonl') yield* readJsonLines(file, opts);
  else yield* readJsonArray(file, opts);
}

/** Line where a record starts: the line csv-parse is at, less the line breaks inside the record's raw text. */
function startLine(lines: number, raw: string): number {
  const body = raw.replace(/^\n+/, '');
  const inner = (body.match(/\n/g)?.length ?? 0) - (body.endsWith('\n') ? 1 : 0);
  return lines - inner;
}

async function* readCsv(file: string, opts: ReadOptions, onColumns?: (columns: string[]) => void): AsyncGenerator<ReadRecord> {
  const delimiter = opts.delimiter ?? detectDelimiter(await head(file));
  const maxChars = readLimits.maxRecordChars;
  const parser = parseCsv({
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: maxChars,
    info: true,
    raw: true,
  });
  /** Rows csv-parse skipped, each with the number of records it had read before (they come in file order). */
  const skipped: { before: number; rec: ReadRecord }[] = [];
  const source = Readable.from(textChunks(file, opts));
  /** Set when a record never ends (a quote never closed): the file is read no further. */
  let stopped = false;
  parser.on('skip', (err: Error & { code?: string; lines?: number; raw?: string; records?: number }) => {
    if (stopped) return;
    const lines = err.lines ?? 0;
    const before = err.records ?? 0;
    if (err.code === 'CSV_MAX_RECORD_SIZE' || err.code === 'CSV_QUOTE_NOT_CLOSED') {
      const raw = err.raw ?? '';
      const line = startLine(lines, raw);
      const problem = raw.includes('"')
        ? `The quote opened on line ${line} is never closed, so the rest of the file reads as one cell and was not read: close that quote (a quote inside a cell is written twice, "") and import the file again.`
        : `This row is longer than ${sizeText(maxChars)}, so the rest of the file was not read: check that the file is a CSV export with one event per line.`;
      skipped.push({ before, rec: { line, problem } });
      // csv-parse reads nothing after such a record: stop feeding it rather than read the rest for nothing.
      stopped = true;
      source.unpipe(parser);
      source.destroy();
      parser.end();
      return;
    }
    skipped.push({
      before,
      rec: { line: lines, problem: `This row cannot be read as CSV (${err.message.replace(/^[^:]*:\s*/, '')}): check its quotes.` },
    });
  });
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  let header: string[] | null = null;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number; records: number }; raw: string }>) {
      if (opts.signal?.aborted) throw new ReadAborted();
      // csv-parse reports a skip as it parses, ahead of the records before it that are still buffered.
      while (skipped.length && skipped[0]!.before < rec.info.records) yield skipped.shift()!.rec;
      const line = startLine(rec.info.lines, rec.raw);
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
    if (opts.signal?.aborted) throw new ReadAborted();
    while (skipped.length) yield skipped.shift()!.rec;
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
  const maxChars = readLimits.maxRecordChars;
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
  const tooLong = (): ReadRecord => {
    lineNo++;
    return {
      line: lineNo,
      problem: `This line is longer than ${sizeText(maxChars)}: each line must be one {…} event; check that the file is a JSON Lines export.`,
    };
  };
  // The line being read, in pieces (joined once it ends: a long line is not copied at every chunk).
  let pieces: string[] = [];
  let length = 0;
  /** The line passed the limit: its text is dropped until it ends. */
  let over = false;
  const add = (piece: string) => {
    if (over || piece === '') return;
    if (length + piece.length > maxChars) {
      over = true;
      pieces = [];
      length = 0;
      return;
    }
    pieces.push(piece);
    length += piece.length;
  };
  const end = (): ReadRecord | null => {
    const r = over ? tooLong() : one(pieces.length === 1 ? pieces[0]! : pieces.join(''));
    pieces = [];
    length = 0;
    over = false;
    return r;
  };
  for await (const text of textChunks(file, opts)) {
    let at = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
      add(text.slice(at, nl));
      at = nl + 1;
      const r = end();
      if (r) yield r;
    }
    add(text.slice(at));
  }
  if (length > 0 || over) {
    const r = end();
    if (r) yield r;
  }
}

/**
 * A JSON array of events, item by item; or an object wrapping one (`{"exported": …, "events": […]}`):
 * the items of its one list (`$.*.*`), other values of the object ignored. An object holding two lists
 * of items, or none, is refused with what to export instead.
 */
async function* readJsonArray(file: string, opts: ReadOptions): AsyncGenerator<ReadRecord> {
  let parser: JSONParser | null = null;
  let out: ReadRecord[] = [];
  let failure: Error | null = null;
  let refusal: UnreadableFile | null = null;
  let items = 0;
  /** The wrapping object's property whose items are read (wrapped files only). */
  let list: string | null = null;
  const item = (value: unknown, key: unknown) => {
    const line = typeof key === 'number' ? key + 1 : ++items;
    items = line;
    out.push(isObject(value) ? { line, row: flattenObject(value) } : { line, problem: `Item ${line} is not a JSON object: each item must be one {…} event.` });
  };
  const start = (wrapped: boolean): JSONParser => {
    const p = new JSONParser({ paths: [wrapped ? '$.*.*' : '$.*'], keepStack: false });
    p.onValue = ({ value, key, parent, stack }) => {
      if (!wrapped) return item(value, key);
      // A value of an object inside the wrapper ("meta": {"count": 3}) is not an event.
      if (!Array.isArray(parent) || refusal) return;
      const name = String(stack[1]?.key ?? '');
      if (list === null) list = name;
      else if (name !== list) {
        refusal = new UnreadableFile(
          `The file holds more than one list ("${list}" and "${name}"): export only the activity, as a JSON array of events or as JSON Lines.`,
        );
        return;
      }
      item(value, key);
    };
    p.onError = (e) => {
      failure ??= e;
    };
    return p;
  };
  let sawStart = false;
  let wrapped = false;
  for await (const text of textChunks(file, opts)) {
    if (!sawStart) {
      const first = /\S/.exec(text)?.[0];
      if (first !== undefined) {
        if (first !== '[' && first !== '{') throw new UnreadableFile('The file is not a JSON array: it must start with [ and hold one {…} object per event.');
        sawStart = true;
        wrapped = first === '{';
        parser = start(wrapped);
      }
    }
    if (parser && !failure && !refusal) parser.write(text);
    const batch = out;
    out = [];
    yield* batch;
    if (refusal) throw refusal;
    if (failure) break;
  }
  if (parser && !failure && !parser.isEnded) {
    try {
      parser.end();
    } catch (e) {
      failure = e as Error;
    }
  }
  yield* out;
  if (refusal) throw refusal;
  if (failure)
    throw new UnreadableFile(
      `The file is not valid JSON after item ${items}: ${(failure as Error).message.replace(/\.+$/, '')}. Check the file, or export it again.`,
    );
  if (!sawStart) throw new UnreadableFile('The file is empty: it must be a JSON array of events.');
  if (wrapped && list === null)
    throw new UnreadableFile(
      'The file is one JSON object without a list of events: export the activity as a JSON array ([{…}, {…}]), as JSON Lines (one {…} per line), or as an object with one list of events ({"events": [{…}]}).',
    );
}
