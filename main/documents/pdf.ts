/**
 * PDF rendering of the same document model, with pdfkit. Text prints in DejaVu Sans with fallback
 * fonts for Chinese, Japanese, Korean, Arabic, Hebrew and emoji (pdf-fonts.ts), each embedded as a
 * subset. Multi-line values keep their lines; titles, headings, header and footer print on one line.
 * Deterministic: the creation date is the document's generation time and nothing else varies. A
 * draft has "DRAFT" in the header and a watermark on every page; every page has the footer and
 * "page N of M".
 */
import PDFDocument from 'pdfkit';
import type { Block, DocumentModel } from '@core/documents/model';
import { generatedLine } from './common';
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

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function table(pdf: Pdf, columns: string[], rows: string[][], widths?: number[]) {
  const { doc } = pdf;
  const width = doc.page.width - MARGIN * 2;
  const cols = columns.map(oneLine);
  const body = rows.map((r) => r.map(normaliseLineBreaks));
  // Columns share the width by how much they hold (header and cells), within limits.
  const weight = (i: number) => {
    const cells = [cols[i] ?? '', ...body.map((r) => r[i] ?? '')];
    const avg = cells.reduce((n, c) => n + c.length, 0) / cells.length;
    // Never narrower than the heading's longest word, so headings do not break mid-word.
    const longestWord = Math.max(...(cols[i] ?? '').split(/\s+/).map((w) => w.length));
    return Math.min(40, Math.max(11, longestWord + 1, avg));
  };
  const weights = cols.map((_c, i) => weight(i));
  const total = weights.reduce((a, b) => a + b, 0);
  const w = widths ?? weights.map((x) => (width * x) / total);
  const pad = 4;
  const rowHeight = (cells: string[], bold: boolean) =>
    Math.max(...cells.map((c, i) => measure(pdf, c || ' ', bold ? 'bold' : 'regular', 8.5, w[i]! - pad * 2))) + pad * 2;
  const drawRow = (cells: string[], header: boolean) => {
    const h = rowHeight(cells, header);
    ensureSpace(doc, h);
    const top = doc.y;
    if (header) doc.rect(MARGIN, top, width, h).fill('#edf2ff');
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor('#1a1b1e');
      write(pdf, c || ' ', header ? 'bold' : 'regular', 8.5, x + pad, top + pad, { width: w[i]! - pad * 2 });
      x += w[i]!;
    });
    doc
      .moveTo(MARGIN, top + h)
      .lineTo(MARGIN + width, top + h)
      .lineWidth(header ? 1 : 0.5)
      .strokeColor(header ? ACCENT : '#dee2e6')
      .stroke();
    doc.x = MARGIN;
    doc.y = top + h;
    return h;
  };
  if (cols.length) drawRow(cols, true);
  for (const r of body) {
    // A row that starts a new page repeats the column headings above it.
    const h = rowHeight(r, false);
    if (cols.length && doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawRow(cols, true);
    }
    drawRow(r, false);
  }
  doc.moveDown(0.6);
}

function block(pdf: Pdf, b: Block) {
  const { doc } = pdf;
  const width = doc.page.width - MARGIN * 2;
  doc.x = MARGIN;
  switch (b.type) {
    case 'paragraph':
      doc.fillColor('#1a1b1e');
      write(pdf, normaliseLineBreaks(b.text), 'regular', 10, undefined, undefined, { width });
      doc.moveDown(0.5);
      return;
    case 'note': {
      const text = `${b.tone === 'warning' ? 'Warning' : 'Note'}: ${normaliseLineBreaks(b.text)}`;
      const h = measure(pdf, text, 'regular', 9.5, width - 16) + 10;
      ensureSpace(doc, h);
      const top = doc.y;
      doc.rect(MARGIN, top, width, h).fill(b.tone === 'warning' ? '#fff9db' : '#f1f3f5');
      doc.rect(MARGIN, top, 3, h).fill(b.tone === 'warning' ? '#e67700' : ACCENT);
      doc.fillColor('#1a1b1e');
      write(pdf, text, 'regular', 9.5, MARGIN + 10, top + 5, { width: width - 16 });
      doc.x = MARGIN;
      doc.y = top + h;
      doc.moveDown(0.5);
      return;
    }
    case 'list':
      doc.fillColor('#1a1b1e');
      b.items.forEach((raw, i) => {
        const item = normaliseLineBreaks(raw);
        const marker = b.ordered ? `${i + 1}.` : '•';
        const h = measure(pdf, item, 'regular', 10, width - 18);
        ensureSpace(doc, h);
        const top = doc.y;
        write(pdf, marker, 'regular', 10, MARGIN, top, { width: 16 });
        write(pdf, item, 'regular', 10, MARGIN + 18, top, { width: width - 18 });
        doc.x = MARGIN;
        doc.moveDown(0.2);
      });
      doc.moveDown(0.4);
      return;
    case 'fields':
      table(
        pdf,
        [],
        b.rows.map(([k, v]) => [oneLine(k), v]),
        [width * 0.32, width * 0.68],
      );
      return;
    case 'table':
      table(pdf, b.columns, b.rows);
      return;
  }
}

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
  const pdf: Pdf = { doc, faces: new Set() };
  const width = doc.page.width - MARGIN * 2;

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
  doc.fillColor('#1a1b1e');
  write(pdf, title, 'bold', 18, undefined, undefined, { width });
  doc.fillColor(MUTED);
  write(pdf, generatedLine(model), 'regular', 9, undefined, undefined, { width });
  doc.moveDown(0.8);

  if (model.missing.length) {
    const lines = model.missing.map((m) => `• ${oneLine(m.part)} — ${oneLine(m.fix)}`);
    const h = lines.reduce((n, l) => n + measure(pdf, l, 'regular', 9.5, width - 20) + 2, 0) + 30;
    ensureSpace(doc, Math.min(h, 300));
    const top = doc.y;
    doc.rect(MARGIN, top, width, h).lineWidth(1.2).strokeColor('#c92a2a').fillAndStroke('#fff5f5', '#c92a2a');
    doc.fillColor('#c92a2a');
    write(pdf, 'Missing from this document', 'bold', 11, MARGIN + 10, top + 8, { width: width - 20 });
    doc.fillColor('#1a1b1e');
    for (const l of lines) write(pdf, l, 'regular', 9.5, MARGIN + 10, doc.y + 2, { width: width - 20 });
    doc.x = MARGIN;
    doc.y = Math.max(doc.y, top + h);
    doc.moveDown(0.8);
  }

  for (const section of model.sections) {
    ensureSpace(doc, 60);
    doc.x = MARGIN;
    doc.fillColor(ACCENT);
    write(pdf, oneLine(section.title), 'bold', 13, undefined, undefined, { width });
    doc.moveDown(0.3);
    for (const b of section.blocks) block(pdf, b);
    doc.moveDown(0.4);
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
