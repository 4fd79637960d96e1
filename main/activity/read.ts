/**
 * Reading a staged activity export as a stream, never whole: what every format shares. The format is
 * told from the file's start (CSV, a JSON array or JSON Lines) and each reader (read-csv.ts,
 * read-json.ts) reads text chunks from text.ts. Bytes are decoded as UTF-8 with a leading BOM dropped;
 * bytes that are not UTF-8 become U+FFFD (the decoder is not fatal: an export with a stray Latin-1 byte
 * still reads, and the replaced character shows in the preview). A UTF-16 file or a binary one (NUL
 * bytes at its start) is refused with how to save it as UTF-8.
 *
 * A record (a CSV row, a JSON Lines line) is at most `readLimits.maxRecordChars` long; neither reader
 * ever holds more than the limit in memory.
 *
 * A record is either a raw row (column -> cell, empty cells null) or a problem with its line: a CSV
 * row with the wrong number of cells, a JSON Lines line that is not JSON, an item that is not an
 * object. Lines are the file line where the record starts (CSV, JSON Lines) or the item number (JSON
 * array), from 1.
 */
import type { ActivityFormat } from '@core/activity/vocabulary';
import { detectDelimiter, readCsv } from './read-csv';
import { head, isObject, type ReadOptions, type ReadRecord } from './text';
import { readJsonArray, readJsonLines } from './read-json';

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

/** The format and (CSV) delimiter of a staged file, from its first 64 KB. */
export async function detectFile(file: string): Promise<{ format: ActivityFormat; delimiter: string | null }> {
  const text = await head(file);
  const format = formatOf(text);
  return { format, delimiter: format === 'csv' ? detectDelimiter(text) : null };
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
