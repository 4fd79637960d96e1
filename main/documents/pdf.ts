/**
 * PDF rendering of the same document model, with pdfkit. Text prints in DejaVu Sans with fallback
 * fonts for Chinese, Japanese, Korean, Arabic, Hebrew and emoji (pdf-fonts.ts), each embedded as a
 * subset. Multi-line values keep their lines; titles, headings, header and footer print on one line.
 * Deterministic: the creation date is the document's generation time and nothing else varies. A
 * draft has "DRAFT" in the header and a watermark on every page; every page has the footer and
 * "page N of M".
 *
 * Layout: a long document (`cover`) opens with a cover page and a contents page listing each section
 * with its page number (and PDF bookmarks); the body opens with the document control block; the
 * client's sign-off block ends it, on one page. Tables size their columns so that each column's
 * longest word fits (measured in the font), give the rest of the width to the columns with long
 * text, and print a step smaller only when the words cannot fit otherwise; only a token wider than
 * its whole column (a URL, an e-mail address) breaks, after / . @ - where it can. A row never splits
 * across pages unless it is taller than a page (the column headings repeat on the next), a heading
 * never ends a page alone, and a table, fields block or note that fits on one page moves to the next
 * page whole rather than split. A block taller than a page starts on the current page when a
 * reasonable part of it fits there (else on a fresh one) and is split: a note's box is drawn per page,
 * a row's cells continue under the repeated headings. Nothing is drawn below the body (the footer's place).
 */
import PDFDocument from 'pdfkit';
import type { Block, DocumentModel, SignOff } from '@core/documents/model';
import { CONTENTS_TITLE, contentsEntries, controlRows, draftNotice, MISSING_TITLE, SIGN_OFF_TITLE } from './common';
import { fontRuns, primaryFont, useFace, type Weight } from './pdf-fonts';
import { normaliseLineBreaks, oneLine } from './text';

const ACCENT = '#364fc7';
const MUTED = '#495057';
const MARGIN = 56;

type Doc = InstanceType<typeof PDFDocument>;
type TextOptions = PDFKit.Mixins.TextOptions;

/** The document being written, the faces registered in it, and a scratch document for measuring. */
interface Pdf {
  doc: Doc;
  faces: Set<string>;
  /** Table layouts by block: a block's layout is worked out once (keep-with-next asks for it before it is drawn). */
  layouts: WeakMap<object, TableLayout>;
  scratch?: { doc: Doc; faces: Set<string> };
}

/**
 * Text in composed form (canonically the same text): a letter followed by a combining accent prints
 * the same either way, but the PDF's text layer reads the separate accent as a word break ("e ́cole").
 */
const composed = (text: string) => text.normalize('NFC');

/**
 * Writes text run by run, each in the font that has its glyphs; pdfkit's `continued` keeps the runs
 * of a line together and wraps them as one. Text in one font is a single call. Lines are written one
 * by one, as a line break at the end of a continued run would be lost.
 */
function writeIn(doc: Doc, faces: Set<string>, raw: string, weight: Weight, size: number, x: number | undefined, y: number | undefined, options: TextOptions) {
  const text = composed(raw);
  const runs = fontRuns(text, weight);
  if (runs.length === 1) {
    useFace(doc, runs[0]!.font, faces);
    doc.fontSize(size);
    const opts = runs[0]!.rtl ? { ...options, features: [] } : options;
    if (x === undefined) doc.text(text, opts);
    else doc.text(text, x, y, opts);
    return;
  }
  const left = x ?? doc.x;
  text.split('\n').forEach((line, n) => {
    // An empty line still takes a line's height.
    const lineRuns = fontRuns(line || ' ', weight);
    lineRuns.forEach((run, i) => {
      useFace(doc, run.font, faces);
      doc.fontSize(size);
      const continued = i < lineRuns.length - 1;
      const features = run.rtl ? { features: [] } : {};
      if (i === 0) doc.text(run.text, left, n === 0 && y !== undefined ? y : doc.y, { ...options, ...features, continued });
      else doc.text(run.text, { ...features, continued });
    });
  });
}

function write(pdf: Pdf, text: string, weight: Weight, size: number, x: number | undefined, y: number | undefined, options: TextOptions) {
  const { doc } = pdf;
  if (y !== undefined || fontRuns(text, weight).length === 1) {
    writeIn(doc, pdf.faces, text, weight, size, x, y, options);
    return;
  }
  // Flowing text in several fonts: each line starts on a page that holds all of it, or a run in a
  // font with taller lines would move to the next page on its own.
  const left = x ?? doc.x;
  const room = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
  for (const line of text.split('\n')) {
    ensureSpace(doc, Math.min(room, measure(pdf, line || ' ', weight, size, options.width ?? doc.page.width - left - doc.page.margins.right)));
    writeIn(doc, pdf.faces, line, weight, size, left, doc.y, options);
  }
}

/** Height of text at a width, laid out exactly as write() will (in a scratch document when it mixes fonts). */
function measure(pdf: Pdf, raw: string, weight: Weight, size: number, width: number): number {
  const text = composed(raw);
  const runs = fontRuns(text, weight);
  if (runs.length === 1) {
    useFace(pdf.doc, runs[0]!.font, pdf.faces);
    return pdf.doc.fontSize(size).heightOfString(text, { width });
  }
  pdf.scratch ??= { doc: new PDFDocument({ size: [pdf.doc.page.width, 1_000_000], margin: 0 }), faces: new Set() };
  const { doc, faces } = pdf.scratch;
  writeIn(doc, faces, text, weight, size, 0, 0, { width });
  const height = doc.y;
  doc.x = 0;
  doc.y = 0;
  return height;
}

const INK = '#1a1b1e';
const CELL_SIZES = [8.5, 7.5];
const PAD = 4;

const bottomOf = (doc: Doc) => doc.page.height - doc.page.margins.bottom;
const roomOnPage = (doc: Doc) => doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
const atPageTop = (doc: Doc) => doc.y <= doc.page.margins.top + 1;

/**
 * Starts a new page unless `height` fits below the current position (or the page is still empty).
 * Never asks for more than a page's body: what is taller starts on a fresh page at most.
 */
function ensureSpace(doc: Doc, height: number) {
  if (doc.y + Math.min(height, roomOnPage(doc)) > bottomOf(doc) && !atPageTop(doc)) doc.addPage();
}

/** Lines of a block taller than a page that must fit where it starts: a reasonable part of it. */
const PART_LINES = 4;
/** Height of a block's start that keeps it on the current page: all of it if it fits on a page, else its first lines. */
const startOf = (doc: Doc, total: number, part: number) => (total <= roomOnPage(doc) ? total : Math.min(total, part));

/**
 * The longest start of `text` whose height at `width` is at most `room`, and the rest: cut between
 * lines where it can, else between the words of the first line that does not fit. The start is
 * empty when not even one line fits. Lines are cut whole, so the start wraps as the whole text did.
 */
function splitToFit(pdf: Pdf, text: string, weight: Weight, size: number, width: number, room: number): [string, string] {
  const fits = (t: string) => measure(pdf, t || ' ', weight, size, width) <= room;
  if (!text || fits(text)) return [text, ''];
  const lines = text.split('\n');
  // The most whole lines that fit (the whole text does not).
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(lines.slice(0, mid).join('\n'))) lo = mid;
    else hi = mid - 1;
  }
  const before = lines.slice(0, lo);
  // Then the most words of the next line.
  const words = lines[lo]!.split(/(?<=\s)(?=\S)/);
  let k = 0;
  let hiK = words.length - 1;
  while (k < hiK) {
    const mid = Math.ceil((k + hiK) / 2);
    if (fits([...before, words.slice(0, mid).join('').trimEnd()].join('\n'))) k = mid;
    else hiK = mid - 1;
  }
  const head = (k ? [...before, words.slice(0, k).join('').trimEnd()] : before).join('\n').replace(/\n+$/, '');
  const rest = [words.slice(k).join(''), ...lines.slice(lo + 1)].join('\n').replace(/^\s*\n/, '');
  if (!head.trim()) return ['', text];
  return [head, rest];
}

// ---------------------------------------------------------------------------------------------
// Words and tokens: what a column must hold without breaking.

/** Scripts written without spaces between words: a line may break between any two of their characters. */
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** A token that is an address rather than a word: it may break (after / . @ -) when wider than its column. */
const ADDRESS = /[/@]|\.[^\s.,;:!?)]/;
/** Where an address breaks, preferably: after these characters. */
const BREAK_AFTER = /[/.@\-_?&=#:]/;

/** Widths already measured (they depend only on the text, weight and size); cleared when full. */
const widths = new Map<string, number>();
const MAX_WIDTHS = 50_000;

/** Width of a piece of text at a size, in the fonts write() prints it with. */
function widthOf(pdf: Pdf, text: string, weight: Weight, size: number): number {
  const key = `${weight}:${size}:${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    w = 0;
    for (const run of fontRuns(composed(text), weight)) {
      useFace(pdf.doc, run.font, pdf.faces);
      w += pdf.doc.fontSize(size).widthOfString(run.text);
    }
    if (widths.size >= MAX_WIDTHS) widths.clear();
    widths.set(key, w);
  }
  return w;
}

const tokensOf = (text: string) => text.split(/\s+/).filter(Boolean);

/**
 * The width a token needs on one line: a word whole; text without spaces between words one
 * character; an address (which may break after / . @ -) its longest piece between those.
 */
function tokenNeed(pdf: Pdf, token: string, weight: Weight, size: number): number {
  if (NO_SPACES.test(token)) return size * 1.1;
  if (!ADDRESS.test(token)) return widthOf(pdf, token, weight, size);
  return Math.max(...token.split(/(?<=[/.@\-_?&=#:])/).map((piece) => widthOf(pdf, piece, weight, size)));
}

/**
 * The text with every token wider than `width` cut into pieces that fit, one per line, each cut
 * after / . @ - and the like where one is close enough, else between two characters. Words narrower
 * than the column are left whole (pdfkit moves them to the next line).
 */
function breakWideTokens(pdf: Pdf, text: string, weight: Weight, size: number, width: number): string {
  // A token of n characters is at least n × 0.25 em wide: shorter ones cannot overflow.
  const fits = (t: string) => t.length * size * 0.25 <= width && widthOf(pdf, t, weight, size) <= width - 0.5;
  return text
    .split('\n')
    .map((line) =>
      line.replace(/\S+/g, (token, at: number) => {
        if (NO_SPACES.test(token) || fits(token)) return token;
        const pieces: string[] = [];
        let rest = token;
        while (rest && !fits(rest)) {
          const chars = [...rest];
          let end = 1;
          while (end < chars.length && fits(chars.slice(0, end + 1).join(''))) end++;
          // Prefer a cut just after a separator in the second half of the piece.
          let cut = end;
          for (let i = end; i > Math.max(1, Math.floor(end / 2)); i--) {
            if (BREAK_AFTER.test(chars[i - 1]!)) {
              cut = i;
              break;
            }
          }
          pieces.push(chars.slice(0, cut).join(''));
          rest = chars.slice(cut).join('');
        }
        if (rest) pieces.push(rest);
        // The token starts a line of its own, so its first piece is not wrapped again after the words before it.
        return `${at > 0 ? '\n' : ''}${pieces.join('\n')}`;
      }),
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Tables and fields.

interface TableLayout {
  widths: number[];
  size: number;
  header: string[];
  rows: string[][];
  rowHeights: number[];
  headerHeight: number;
}

/**
 * Column widths and the font size of a table: each column at least as wide as its longest word at
 * the size (a step smaller if the words cannot fit otherwise), the remaining width shared by how
 * much more each column would like (its longest line), then the cells with their too-wide tokens cut.
 */
function layoutTable(pdf: Pdf, columns: string[], rows: string[][], width: number, opts: { labels?: boolean } = {}): TableLayout {
  const header = columns.map(oneLine);
  const body = rows.map((r) => r.map(normaliseLineBreaks));
  const count = Math.max(header.length, ...body.map((r) => r.length));
  const weightOf = (row: number, col: number): Weight => (row < 0 || (opts.labels && col === 0) ? 'bold' : 'regular');
  const cellsOf = (col: number) => [...(header.length ? [{ text: header[col] ?? '', row: -1 }] : []), ...body.map((r, row) => ({ text: r[col] ?? '', row }))];
  let size = CELL_SIZES[0]!;
  let least: number[] = [];
  let liked: number[] = [];
  for (const candidate of CELL_SIZES) {
    size = candidate;
    least = [];
    liked = [];
    for (let col = 0; col < count; col++) {
      let need = 0;
      let line = 0;
      for (const { text, row } of cellsOf(col)) {
        const weight = weightOf(row, col);
        for (const t of tokensOf(text)) need = Math.max(need, tokenNeed(pdf, t, weight, size));
        for (const l of text.split('\n')) if (l.trim()) line = Math.max(line, Math.min(widthOf(pdf, l, weight, size), width));
      }
      least.push(need + PAD * 2 + 1);
      liked.push(Math.max(need, line) + PAD * 2 + 1);
    }
    if (least.reduce((a, b) => a + b, 0) <= width) break;
  }
  let widths: number[];
  const leastTotal = least.reduce((a, b) => a + b, 0);
  if (leastTotal > width) {
    // Even a step smaller the words do not fit: each column gets its share, and long words break.
    widths = least.map((w) => (w * width) / leastTotal);
  } else {
    const extra = width - leastTotal;
    const wants = liked.map((l, i) => l - least[i]!);
    const wanted = wants.reduce((a, b) => a + b, 0);
    if (wanted <= extra) {
      // Everything fits on one line: the leftover goes to the columns by their length.
      const likedTotal = liked.reduce((a, b) => a + b, 0);
      widths = liked.map((l) => l + ((width - likedTotal) * l) / likedTotal);
    } else {
      widths = least.map((l, i) => l + (extra * wants[i]!) / wanted);
    }
    if (opts.labels && count === 2) {
      // Fields: the labels' column between a quarter and 40 % of the width, never narrower than its longest word.
      const label = Math.max(least[0]!, Math.min(Math.max(liked[0]!, width * 0.25), width * 0.4));
      widths = [label, width - label];
    }
  }
  const fit = (text: string, row: number, col: number) => breakWideTokens(pdf, text, weightOf(row, col), size, widths[col]! - PAD * 2);
  const cutHeader = header.map((h, col) => fit(h, -1, col));
  const cutRows = body.map((r, row) => Array.from({ length: count }, (_x, col) => fit(r[col] ?? '', row, col)));
  const heightOf = (cells: string[], row: number) =>
    Math.max(...cells.map((c, col) => measure(pdf, c || ' ', weightOf(row, col), size, widths[col]! - PAD * 2))) + PAD * 2;
  return {
    widths,
    size,
    header: cutHeader,
    rows: cutRows,
    rowHeights: cutRows.map((r, row) => heightOf(r, row)),
    headerHeight: cutHeader.length ? heightOf(cutHeader, -1) : 0,
  };
}

const tableHeight = (t: TableLayout) => t.headerHeight + t.rowHeights.reduce((a, b) => a + b, 0);

function drawRow(pdf: Pdf, t: TableLayout, cells: string[], height: number, kind: 'header' | 'row', labels: boolean) {
  const { doc } = pdf;
  const width = t.widths.reduce((a, b) => a + b, 0);
  const top = doc.y;
  if (kind === 'header') doc.rect(MARGIN, top, width, height).fill('#edf2ff');
  let x = MARGIN;
  cells.forEach((c, i) => {
    doc.fillColor(INK);
    const weight: Weight = kind === 'header' || (labels && i === 0) ? 'bold' : 'regular';
    write(pdf, c || ' ', weight, t.size, x + PAD, top + PAD, { width: t.widths[i]! - PAD * 2 });
    x += t.widths[i]!;
  });
  doc
    .moveTo(MARGIN, top + height)
    .lineTo(MARGIN + width, top + height)
    .lineWidth(kind === 'header' ? 1 : 0.5)
    .strokeColor(kind === 'header' ? ACCENT : '#dee2e6')
    .stroke();
  doc.x = MARGIN;
  doc.y = top + height;
}

/** The first lines of a row taller than a page that must fit where it starts. */
const rowPart = (t: TableLayout) => PAD * 2 + PART_LINES * t.size * 1.2;
/** Room for rows on a page under the column headings. */
const rowRoom = (doc: Doc, t: TableLayout) => roomOnPage(doc) - t.headerHeight;

/**
 * What a table keeps together at the start of a page: its headings and two rows, or one row when
 * two do not fit on a page, or the first lines of a row taller than a page.
 */
function leadHeight(doc: Doc, t: TableLayout): number {
  const [a = 0, b = 0] = t.rowHeights;
  if (a + b <= rowRoom(doc, t)) return t.headerHeight + a + b;
  return t.headerHeight + (a <= rowRoom(doc, t) ? a : Math.min(a, rowPart(t)));
}

function newTablePage(pdf: Pdf, t: TableLayout, labels: boolean) {
  pdf.doc.addPage();
  if (t.header.length) drawRow(pdf, t, t.header, t.headerHeight, 'header', labels);
}

/** A row taller than a page: its cells cut where the page ends and continued on the next, under the headings. */
function drawTallRow(pdf: Pdf, t: TableLayout, cells: string[], labels: boolean) {
  const { doc } = pdf;
  const weightOf = (col: number): Weight => (labels && col === 0 ? 'bold' : 'regular');
  if (bottomOf(doc) - doc.y < rowPart(t)) newTablePage(pdf, t, labels);
  let rest = cells;
  for (;;) {
    const room = bottomOf(doc) - doc.y - PAD * 2 - 1;
    let parts = rest.map((c, col) => splitToFit(pdf, c, weightOf(col), t.size, t.widths[col]! - PAD * 2, room));
    // Not even a line fits under the headings of a new page (cannot happen with the tokens cut to the width): print it all.
    if (!parts.some(([head]) => head.trim()) && room >= rowRoom(doc, t) - PAD * 2 - 2) parts = rest.map((c) => [c, '']);
    const heads = parts.map(([head]) => head);
    if (heads.some((h) => h.trim())) {
      const height = Math.max(...heads.map((c, col) => measure(pdf, c || ' ', weightOf(col), t.size, t.widths[col]! - PAD * 2))) + PAD * 2;
      drawRow(pdf, t, heads, height, 'row', labels);
    }
    rest = parts.map(([, tail]) => tail);
    if (!rest.some((r) => r.trim())) return;
    newTablePage(pdf, t, labels);
  }
}

function drawTable(pdf: Pdf, t: TableLayout, labels = false) {
  const { doc } = pdf;
  // A block that fits on one page is never split: it moves to the next page whole. A longer one
  // starts where its headings and first rows fit.
  ensureSpace(doc, startOf(doc, tableHeight(t), leadHeight(doc, t)));
  if (t.header.length) drawRow(pdf, t, t.header, t.headerHeight, 'header', labels);
  t.rows.forEach((r, i) => {
    const h = t.rowHeights[i]!;
    if (h > rowRoom(doc, t)) {
      drawTallRow(pdf, t, r, labels);
      return;
    }
    // A row that fits on a page never splits: it starts the next page, under the repeated column headings.
    if (doc.y + h > bottomOf(doc) && !atPageTop(doc)) newTablePage(pdf, t, labels);
    drawRow(pdf, t, r, h, 'row', labels);
  });
  doc.moveDown(0.6);
}

// ---------------------------------------------------------------------------------------------
// Blocks.

const blockWidth = (doc: Doc) => doc.page.width - MARGIN * 2;
/** The first lines of a note taller than a page that must fit where it starts. */
const NOTE_PART = 10 + PART_LINES * 9.5 * 1.2;

function noteText(b: Extract<Block, { type: 'note' }>): string {
  return `${b.tone === 'warning' ? 'Warning' : 'Note'}: ${normaliseLineBreaks(b.text)}`;
}

/** Wide tokens of flowing text cut to the width (see breakWideTokens). */
const flowing = (pdf: Pdf, text: string, size: number, width: number) => breakWideTokens(pdf, normaliseLineBreaks(text), 'regular', size, width);

/** How much of a block must follow its heading on the same page (keep-with-next). */
function leadOf(pdf: Pdf, b: Block | undefined): number {
  const { doc } = pdf;
  const width = blockWidth(doc);
  if (!b) return 0;
  switch (b.type) {
    case 'paragraph': {
      const h = measure(pdf, flowing(pdf, b.text, 10, width), 'regular', 10, width);
      return Math.min(h, 3 * 10 * 1.2);
    }
    case 'note':
      return startOf(doc, measure(pdf, noteText(b), 'regular', 9.5, width - 16) + 10, NOTE_PART);
    case 'list':
      return b.items.length ? measure(pdf, flowing(pdf, b.items[0]!, 10, width - 18), 'regular', 10, width - 18) : 0;
    case 'fields':
    case 'table': {
      const t = tableOf(pdf, b);
      return startOf(doc, tableHeight(t), leadHeight(doc, t));
    }
  }
}

/** The layout of a table or fields block (fields: bold labels, no column headings). */
function tableOf(pdf: Pdf, b: Extract<Block, { type: 'fields' | 'table' }>): TableLayout {
  let t = pdf.layouts.get(b);
  if (!t) {
    const width = blockWidth(pdf.doc);
    t =
      b.type === 'fields'
        ? layoutTable(
            pdf,
            [],
            b.rows.map(([k, v]) => [oneLine(k), v]),
            width,
            { labels: true },
          )
        : layoutTable(pdf, b.columns, b.rows, width);
    pdf.layouts.set(b, t);
  }
  return t;
}

function block(pdf: Pdf, b: Block) {
  const { doc } = pdf;
  const width = blockWidth(doc);
  doc.x = MARGIN;
  switch (b.type) {
    case 'paragraph':
      doc.fillColor(INK);
      write(pdf, flowing(pdf, b.text, 10, width), 'regular', 10, undefined, undefined, { width });
      doc.moveDown(0.5);
      return;
    case 'note': {
      const text = breakWideTokens(pdf, noteText(b), 'regular', 9.5, width - 16);
      ensureSpace(doc, startOf(doc, measure(pdf, text, 'regular', 9.5, width - 16) + 10, NOTE_PART));
      // A note taller than the room left is cut where the page ends; each page's part has its own box.
      let rest = text;
      for (;;) {
        const fresh = atPageTop(doc);
        let [part, tail] = splitToFit(pdf, rest, 'regular', 9.5, width - 16, bottomOf(doc) - doc.y - 11);
        // Not even a line fits on an empty page (cannot happen with the tokens cut to the width): print it all.
        if (!part && fresh) [part, tail] = [rest, ''];
        if (part) {
          const top = doc.y;
          const h = measure(pdf, part, 'regular', 9.5, width - 16) + 10;
          doc.rect(MARGIN, top, width, h).fill(b.tone === 'warning' ? '#fff9db' : '#f1f3f5');
          doc.rect(MARGIN, top, 3, h).fill(b.tone === 'warning' ? '#e67700' : ACCENT);
          doc.fillColor(INK);
          write(pdf, part, 'regular', 9.5, MARGIN + 10, top + 5, { width: width - 16 });
          doc.x = MARGIN;
          doc.y = top + h;
        }
        rest = tail;
        if (!rest.trim()) break;
        doc.addPage();
      }
      doc.moveDown(0.5);
      return;
    }
    case 'list':
      doc.fillColor(INK);
      b.items.forEach((raw, i) => {
        const item = flowing(pdf, raw, 10, width - 18);
        const marker = b.ordered ? `${i + 1}.` : '•';
        const h = measure(pdf, item, 'regular', 10, width - 18);
        ensureSpace(doc, Math.min(h, roomOnPage(doc)));
        const top = doc.y;
        write(pdf, marker, 'regular', 10, MARGIN, top, { width: 16 });
        write(pdf, item, 'regular', 10, MARGIN + 18, top, { width: width - 18 });
        doc.x = MARGIN;
        doc.moveDown(0.2);
      });
      doc.moveDown(0.4);
      return;
    case 'fields':
      drawTable(pdf, tableOf(pdf, b), true);
      return;
    case 'table':
      drawTable(pdf, tableOf(pdf, b));
      return;
  }
}

const HEADING_SIZE = 13;

/** A section heading, kept on one page with the start of what follows it, with its bookmark and link target. */
function sectionHeading(pdf: Pdf, title: string, next: Block | undefined, destination: string): void {
  const { doc } = pdf;
  const width = blockWidth(doc);
  const text = oneLine(title);
  const h = measure(pdf, text, 'bold', HEADING_SIZE, width) + HEADING_SIZE * 0.3 * 1.2;
  ensureSpace(doc, Math.min(h + leadOf(pdf, next), roomOnPage(doc)));
  doc.x = MARGIN;
  doc.addNamedDestination(destination, 'XYZ', null, doc.y, null);
  doc.outline.addItem(text);
  doc.fillColor(ACCENT);
  write(pdf, text, 'bold', HEADING_SIZE, undefined, undefined, { width });
  doc.moveDown(0.3);
}

/** The page the document is being written on (0-based, counting every page so far). */
function currentPage(doc: Doc): number {
  const range = doc.bufferedPageRange();
  return range.start + range.count - 1;
}

// ---------------------------------------------------------------------------------------------
// Sign-off.

const SIGN_LINE = 200;

function partyHeight(pdf: Pdf, party: SignOff['parties'][number], width: number): number {
  return measure(pdf, oneLine(party.role) || ' ', 'bold', 10, width) + 3 * 26 + 12;
}

function signOffBlock(pdf: Pdf, signOff: SignOff) {
  const { doc } = pdf;
  const width = blockWidth(doc);
  const statement = flowing(pdf, signOff.statement, 10, width);
  const statementHeight = statement.trim() ? measure(pdf, statement, 'regular', 10, width) + 10 : 0;
  const headingHeight = measure(pdf, SIGN_OFF_TITLE, 'bold', HEADING_SIZE, width) + HEADING_SIZE * 0.3 * 1.2;
  const total = headingHeight + statementHeight + signOff.parties.reduce((n, p) => n + partyHeight(pdf, p, width), 0);
  // The whole block on one page: the client signs one sheet.
  ensureSpace(doc, Math.min(total, roomOnPage(doc)));
  doc.x = MARGIN;
  doc.addNamedDestination('sign-off', 'XYZ', null, doc.y, null);
  doc.outline.addItem(SIGN_OFF_TITLE);
  doc.fillColor(ACCENT);
  write(pdf, SIGN_OFF_TITLE, 'bold', HEADING_SIZE, undefined, undefined, { width });
  doc.moveDown(0.3);
  if (statement.trim()) {
    doc.fillColor(INK);
    write(pdf, statement, 'regular', 10, MARGIN, doc.y, { width });
    doc.moveDown(0.6);
  }
  for (const party of signOff.parties) {
    doc.x = MARGIN;
    ensureSpace(doc, partyHeight(pdf, party, width));
    doc.fillColor(INK);
    write(pdf, oneLine(party.role) || ' ', 'bold', 10, MARGIN, doc.y + 6, { width });
    const name = party.name ? oneLine(party.name) : '';
    for (const [label, value] of [
      ['Name', name],
      ['Signature', ''],
      ['Date', ''],
    ] as const) {
      const base = doc.y + 20;
      doc.fillColor(MUTED);
      write(pdf, `${label}:`, 'regular', 9, MARGIN, base - 11, { width: 70 });
      if (value) {
        doc.fillColor(INK);
        write(pdf, value, 'regular', 10, MARGIN + 72, base - 12, { width: SIGN_LINE, lineBreak: false, ellipsis: true });
      }
      doc
        .moveTo(MARGIN + 70, base)
        .lineTo(MARGIN + 70 + SIGN_LINE + 40, base)
        .lineWidth(0.7)
        .strokeColor(INK)
        .stroke();
      doc.x = MARGIN;
      doc.y = base + 6;
    }
    doc.moveDown(0.6);
  }
}

// ---------------------------------------------------------------------------------------------
// Cover and contents.

/** The cover, drawn on the first page once the body is written (`missingAt`: the page of the missing parts, 1-based). */
function coverPage(pdf: Pdf, model: DocumentModel, missingAt: number | null) {
  const { doc } = pdf;
  const width = blockWidth(doc);
  if (model.logo) doc.image(Buffer.from(model.logo.base64, 'base64'), MARGIN, MARGIN, { fit: [200, 80] });
  doc.fillColor(ACCENT);
  write(pdf, oneLine(model.agencyName), 'bold', 14, MARGIN, MARGIN + (model.logo ? 92 : 0), { width });
  doc.y = doc.page.height * 0.3;
  doc.x = MARGIN;
  doc.fillColor(INK);
  write(pdf, oneLine(model.title), 'bold', 24, MARGIN, doc.y, { width });
  doc.moveDown(0.6);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .lineWidth(2)
    .strokeColor(ACCENT)
    .stroke();
  doc.moveDown(1);
  const rows: [string, string][] = [
    ['Site', model.siteName],
    ['Client', model.clientName],
    ['Version', controlRows(model)[1]![1]],
    ['Date', model.generatedAt.slice(0, 10)],
  ];
  for (const [label, value] of rows) {
    const top = doc.y;
    doc.fillColor(MUTED);
    write(pdf, label, 'regular', 11, MARGIN, top, { width: 90 });
    doc.fillColor(INK);
    write(pdf, oneLine(value), 'bold', 11, MARGIN + 90, top, { width: width - 90 });
    doc.x = MARGIN;
    doc.moveDown(0.5);
  }
  if (model.draft) {
    const n = model.missing.length;
    const notice =
      n && missingAt
        ? `not yet complete: ${n === 1 ? 'one part is' : `${n} parts are`} missing, listed under “${MISSING_TITLE}” on page ${missingAt}. Do not give it to the client yet.`
        : draftNotice(model)!;
    doc.moveDown(1.5);
    doc.fillColor('#c92a2a');
    write(pdf, 'DRAFT', 'bold', 28, MARGIN, doc.y, { width });
    write(pdf, notice, 'regular', 11, MARGIN, doc.y, { width });
  }
}

const CONTENTS_LINE = 18;

/** How many pages the contents list takes. */
function contentsPages(doc: Doc, entries: number): number {
  const first = Math.floor((roomOnPage(doc) - 40) / CONTENTS_LINE);
  const next = Math.floor(roomOnPage(doc) / CONTENTS_LINE);
  return entries <= first ? 1 : 1 + Math.ceil((entries - first) / next);
}

/** Writes the contents list on the pages reserved for it, each entry linked to its section. */
function drawContents(pdf: Pdf, firstPage: number, entries: { title: string; page: number; destination: string }[]) {
  const { doc } = pdf;
  const width = blockWidth(doc);
  let page = firstPage;
  doc.switchToPage(page);
  doc.x = MARGIN;
  doc.y = doc.page.margins.top;
  doc.fillColor(ACCENT);
  write(pdf, CONTENTS_TITLE, 'bold', 16, MARGIN, doc.y, { width });
  doc.y += 16;
  for (const e of entries) {
    if (doc.y + CONTENTS_LINE > bottomOf(doc)) {
      doc.switchToPage(++page);
      doc.y = doc.page.margins.top;
    }
    const top = doc.y;
    const number = String(e.page);
    doc.fillColor(INK);
    write(pdf, oneLine(e.title), 'regular', 10.5, MARGIN, top, { width: width - 50, lineBreak: false, ellipsis: true, goTo: e.destination });
    const used = Math.min(widthOf(pdf, oneLine(e.title), 'regular', 10.5), width - 50);
    doc
      .moveTo(MARGIN + used + 6, top + 10)
      .lineTo(MARGIN + width - 30, top + 10)
      .dash(1, { space: 2.5 })
      .lineWidth(0.6)
      .strokeColor('#adb5bd')
      .stroke()
      .undash();
    useFace(doc, primaryFont('regular'), pdf.faces);
    doc.fontSize(10.5).text(number, MARGIN + width - 28, top, { width: 28, align: 'right', lineBreak: false, goTo: e.destination });
    doc.y = top + CONTENTS_LINE;
  }
}

// ---------------------------------------------------------------------------------------------

export function renderPdf(model: DocumentModel): Promise<Buffer> {
  const title = oneLine(model.title);
  const agency = oneLine(model.agencyName);
  const client = oneLine(model.clientName);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: title,
      Author: agency,
      Subject: `${oneLine(model.siteName)} (${client})`,
      Creator: 'Rollout Workbench',
      Producer: 'Rollout Workbench',
      CreationDate: new Date(model.generatedAt),
    },
    displayTitle: true,
    lang: 'en',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pdf: Pdf = { doc, faces: new Set(), layouts: new WeakMap() };
  const width = doc.page.width - MARGIN * 2;

  // Cover and the pages kept for the contents, filled in once the sections' pages are known.
  const entries = contentsEntries(model);
  let contentsAt = -1;
  if (model.cover) {
    doc.outline.addItem(title);
    const pages = contentsPages(doc, entries.length);
    doc.addPage();
    contentsAt = currentPage(doc);
    doc.outline.addItem(CONTENTS_TITLE);
    for (let i = 1; i < pages; i++) doc.addPage();
    doc.addPage();
  }

  // Title block.
  let textX = MARGIN;
  if (model.logo) {
    doc.image(Buffer.from(model.logo.base64, 'base64'), MARGIN, MARGIN - 8, { fit: [120, 40] });
    textX = MARGIN + 130;
  }
  doc.fillColor(ACCENT);
  write(pdf, agency, 'bold', 11, textX, MARGIN - 4, { width: width - (textX - MARGIN) });
  doc.fillColor(MUTED);
  write(pdf, `for ${client}`, 'regular', 9, textX, doc.y, { width: width - (textX - MARGIN) });
  doc.y = Math.max(doc.y, MARGIN + 36);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .lineWidth(1.5)
    .strokeColor(ACCENT)
    .stroke();
  doc.moveDown(0.8);
  doc.x = MARGIN;
  doc.fillColor(INK);
  write(pdf, title, 'bold', 18, undefined, undefined, { width });
  if (!model.cover) doc.outline.addItem(title);
  const notice = draftNotice(model);
  if (notice) {
    doc.fillColor('#c92a2a');
    write(pdf, `DRAFT: ${notice}`, 'bold', 9.5, MARGIN, doc.y + 2, { width });
  }
  doc.moveDown(0.6);

  // Document control: one row of five facts under their labels.
  const control = controlRows(model);
  drawTable(
    pdf,
    layoutTable(
      pdf,
      control.map(([k]) => k),
      [control.map(([, v]) => v)],
      width,
    ),
  );

  let missingAt: number | null = null;
  if (model.missing.length) {
    const lines = model.missing.map((m) => `• ${oneLine(m.part)}: ${oneLine(m.fix)}`);
    const heights = lines.map((l) => measure(pdf, l, 'regular', 9.5, width - 20) + 2);
    const titleHeight = measure(pdf, MISSING_TITLE, 'bold', 11, width - 20);
    const h = heights.reduce((n, l) => n + l, 0) + titleHeight + 16;
    ensureSpace(doc, startOf(doc, h, titleHeight + 16 + heights.slice(0, PART_LINES).reduce((n, l) => n + l, 0)));
    missingAt = currentPage(doc) + 1;
    // A list taller than the room left continues on the next page, in a box of its own there.
    let next = 0;
    for (let first = true; first || next < lines.length; first = false) {
      if (!first) doc.addPage();
      const top = doc.y;
      let end = next;
      let boxHeight = (first ? titleHeight : 0) + 16;
      while (end < lines.length && (end === next || top + boxHeight + heights[end]! <= bottomOf(doc))) boxHeight += heights[end++]!;
      doc.rect(MARGIN, top, width, boxHeight).lineWidth(1.2).strokeColor('#c92a2a').fillAndStroke('#fff5f5', '#c92a2a');
      doc.y = top + 8;
      if (first) {
        doc.fillColor('#c92a2a');
        write(pdf, MISSING_TITLE, 'bold', 11, MARGIN + 10, top + 8, { width: width - 20 });
      }
      doc.fillColor(INK);
      for (; next < end; next++) write(pdf, lines[next]!, 'regular', 9.5, MARGIN + 10, doc.y + 2, { width: width - 20 });
      doc.x = MARGIN;
      doc.y = Math.max(doc.y, top + boxHeight);
    }
    doc.moveDown(0.8);
  }

  const pageOf = new Map<string, number>();
  model.sections.forEach((section, i) => {
    const destination = `section-${i + 1}`;
    sectionHeading(pdf, section.title, section.blocks[0], destination);
    pageOf.set(destination, currentPage(doc));
    section.blocks.forEach((b, j) => {
      const next = section.blocks[j + 1];
      if (b.type === 'paragraph' && next && next.type !== 'paragraph') {
        // A short lead-in ("Host support: Kinsta support") stays with the block it introduces.
        const h = measure(pdf, flowing(pdf, b.text, 10, width), 'regular', 10, width);
        if (h <= 3 * 10 * 1.2) ensureSpace(doc, Math.min(h + leadOf(pdf, next), roomOnPage(doc)));
      }
      block(pdf, b);
    });
    doc.moveDown(0.4);
  });
  if (model.signOff) {
    signOffBlock(pdf, model.signOff);
    pageOf.set('sign-off', currentPage(doc));
  }

  if (model.cover) {
    doc.switchToPage(0);
    coverPage(pdf, model, missingAt);
  }
  if (contentsAt >= 0) {
    const destinations = [...model.sections.map((_s, i) => `section-${i + 1}`), ...(model.signOff ? ['sign-off'] : [])];
    drawContents(
      pdf,
      contentsAt,
      entries.map((e, i) => ({ title: e.title, destination: destinations[i]!, page: pageOf.get(destinations[i]!)! + 1 })),
    );
  }

  // Every page: footer, page number, and the draft marks.
  const footer = oneLine(model.footer) || agency;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.height - MARGIN + 14;
    // Writing inside the bottom margin must not add pages.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fillColor(MUTED);
    write(pdf, footer, 'regular', 8, MARGIN, bottom, { width: width - 90, lineBreak: false, ellipsis: true });
    useFace(doc, primaryFont('regular'), pdf.faces);
    doc.fontSize(8).text(`Page ${i + 1} of ${range.count}`, MARGIN + width - 90, bottom, { width: 90, align: 'right', lineBreak: false });
    if (model.draft) {
      useFace(doc, primaryFont('bold'), pdf.faces);
      doc
        .fontSize(9)
        .fillColor('#c92a2a')
        .text('DRAFT — not for handover', MARGIN, MARGIN - 36, { width, align: 'right', lineBreak: false });
      doc.save();
      doc.rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] });
      doc
        .fontSize(110)
        .fillColor('#c92a2a')
        .fillOpacity(0.07)
        .text('DRAFT', 0, doc.page.height / 2 - 60, { width: doc.page.width, align: 'center', lineBreak: false });
      doc.restore();
    }
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return done;
}
