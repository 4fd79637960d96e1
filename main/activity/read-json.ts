/**
 * The JSON readers: a JSON array (@streamparser/json, one item at a time; also the one list of an object
 * that wraps it, `{"events": […]}`) and JSON Lines (one line at a time). Both turn objects into rows the
 * same way, so they live together.
 *
 * A JSON Lines line longer than `readLimits.maxRecordChars` is a bad row and the next line reads on.
 * JSON objects are flattened one level ("user": {"email": …} -> "user.email"); numbers and booleans
 * become text, null stays null, deeper values are kept as JSON text.
 */
import JSONParser from '@streamparser/json/jsonparser.js';
import { UnreadableFile, isObject, readLimits, sizeText, textChunks, type ReadOptions, type ReadRecord } from './text';

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

export async function* readJsonLines(file: string, opts: ReadOptions): AsyncGenerator<ReadRecord> {
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
export async function* readJsonArray(file: string, opts: ReadOptions): AsyncGenerator<ReadRecord> {
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
