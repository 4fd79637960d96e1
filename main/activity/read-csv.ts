/**
 * The CSV reader (csv-parse, any of , ; tab |, quoting, CRLF, embedded newlines): CSV is where exports
 * go wrong most (a quote never closed, a spreadsheet's delimiter), so its recovery rules live apart.
 *
 * A CSV record that grows past `readLimits.maxRecordChars` is almost always a quote never closed,
 * reported as a bad row at the line where it starts, and the file is read no further (csv-parse cannot
 * resume after it). A quote still open at the end of the file is reported the same way. CSV needs a
 * header row; an empty header name becomes "Column N" and a repeated one gets " (2)", " (3)"… so every
 * column can still be mapped.
 */
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { ReadAborted, UnreadableFile, head, readLimits, sizeText, textChunks, type ReadOptions, type ReadRecord } from './text';

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

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

/** Line where a record starts: the line csv-parse is at, less the line breaks inside the record's raw text. */
function startLine(lines: number, raw: string): number {
  const body = raw.replace(/^\n+/, '');
  const inner = (body.match(/\n/g)?.length ?? 0) - (body.endsWith('\n') ? 1 : 0);
  return lines - inner;
}

/** A CSV record as cells with the line it starts on, or a row that could not be read with why. */
export type CsvRecord = { line: number; cells: string[] } | { line: number; problem: string };

/**
 * Every record of the CSV text, in file order, empty lines skipped (their lines still counted): the
 * recovery rules of the file comment, without any header rule. `rowNoun` names what a row holds. Throws ReadAborted on abort and
 * UnreadableFile when csv-parse gives up on the file.
 */
export async function* csvRecords(chunks: AsyncIterable<string>, delimiter: string, signal?: AbortSignal, rowNoun = 'event'): AsyncGenerator<CsvRecord> {
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
  const skipped: { before: number; rec: CsvRecord }[] = [];
  const source = Readable.from(chunks);
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
        : `This row is longer than ${sizeText(maxChars)}, so the rest of the file was not read: check that the file is a CSV export with one ${rowNoun} per line.`;
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
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number; records: number }; raw: string }>) {
      if (signal?.aborted) throw new ReadAborted();
      // csv-parse reports a skip as it parses, ahead of the records before it that are still buffered.
      while (skipped.length && skipped[0]!.before < rec.info.records) yield skipped.shift()!.rec;
      yield { line: startLine(rec.info.lines, rec.raw), cells: rec.record };
    }
    if (signal?.aborted) throw new ReadAborted();
    while (skipped.length) yield skipped.shift()!.rec;
  } catch (e) {
    if (e instanceof ReadAborted || signal?.aborted) throw new ReadAborted();
    throw e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('CSV_')
      ? new UnreadableFile(`The file cannot be read as CSV: ${e.message}. Check that it is a CSV export.`)
      : e;
  } finally {
    source.destroy();
    parser.destroy();
  }
}

export async function* readCsv(file: string, opts: ReadOptions, onColumns?: (columns: string[]) => void): AsyncGenerator<ReadRecord> {
  const delimiter = opts.delimiter ?? detectDelimiter(await head(file));
  let header: string[] | null = null;
  for await (const rec of csvRecords(textChunks(file, opts), delimiter, opts.signal)) {
    if ('problem' in rec) {
      yield rec;
      continue;
    }
    if (!header) {
      header = headerNames(rec.cells);
      onColumns?.(header);
      continue;
    }
    if (rec.cells.length !== header.length) {
      yield { line: rec.line, problem: `This row has ${rec.cells.length} cells but the header has ${header.length}: check its delimiters and quotes.` };
      continue;
    }
    const row: Record<string, string | null> = {};
    for (let i = 0; i < header.length; i++) row[header[i]!] = rec.cells[i] === '' ? null : rec.cells[i]!;
    yield { line: rec.line, row };
  }
  if (!header) throw new UnreadableFile('The file is empty: it needs a header row naming the columns, then one row per event.');
}
