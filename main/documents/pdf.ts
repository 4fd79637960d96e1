/**
 * PDF rendering of the same document model, with pdfkit and the DejaVu Sans font (embedded, so any
 * Latin, Greek, Cyrillic, Hebrew or symbol text prints as typed). Deterministic: the creation date
 * is the document's generation time and nothing else varies. A draft has "DRAFT" in the header and
 * a watermark on every page; every page has the footer and "page N of M".
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Block, DocumentModel } from '../../core/documents/model';
import { generatedLine } from './common';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const ACCENT = '#364fc7';
const MUTED = '#495057';
const MARGIN = 56;

type Doc = InstanceType<typeof PDFDocument>;

function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function table(doc: Doc, columns: string[], rows: string[][], widths?: number[]) {
  const width = doc.page.width - MARGIN * 2;
  // Columns share the width by how much they hold (header and cells), within limits.
  const weight = (i: number) => {
    const cells = [columns[i] ?? '', ...rows.map((r) => r[i] ?? '')];
    const avg = cells.reduce((n, c) => n + c.length, 0) / cells.length;
    // Never narrower than the heading's longest word, so headings do not break mid-word.
    const longestWord = Math.max(...(columns[i] ?? '').split(/\s+/).map((w) => w.length));
    return Math.min(40, Math.max(11, longestWord + 1, avg));
  };
  const weights = columns.map((_c, i) => weight(i));
  const total = weights.reduce((a, b) => a + b, 0);
  const w = widths ?? weights.map((x) => (width * x) / total);
  const pad = 4;
  const rowHeight = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Bold' : 'Regular').fontSize(8.5);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: w[i]! - pad * 2 }))) + pad * 2;
  };
  const drawRow = (cells: string[], header: boolean) => {
    const h = rowHeight(cells, header);
    ensureSpace(doc, h);
    const top = doc.y;
    if (header) doc.rect(MARGIN, top, width, h).fill('#edf2ff');
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor(header ? '#1a1b1e' : '#1a1b1e').font(header ? 'Bold' : 'Regular').fontSize(8.5).text(c || ' ', x + pad, top + pad, { width: w[i]! - pad * 2 });
      x += w[i]!;
    });
    doc.moveTo(MARGIN, top + h).lineTo(MARGIN + width, top + h).lineWidth(header ? 1 : 0.5).strokeColor(header ? ACCENT : '#dee2e6').stroke();
    doc.x = MARGIN;
    doc.y = top + h;
    return h;
  };
  if (columns.length) drawRow(columns, true);
  for (const r of rows) {
    // A row that starts a new page repeats the column headings above it.
    const h = rowHeight(r, false);
    if (columns.length && doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawRow(columns, true);
    }
    drawRow(r, false);
  }
  doc.moveDown(0.6);
}

function block(doc: Doc, b: Block) {
  const width = doc.page.width - MARGIN * 2;
  doc.x = MARGIN;
  switch (b.type) {
    case 'paragraph':
      doc.font('Regular').fontSize(10).fillColor('#1a1b1e').text(b.text, { width });
      doc.moveDown(0.5);
      return;
    case 'note': {
      doc.font('Regular').fontSize(9.5);
      const text = `${b.tone === 'warning' ? 'Warning' : 'Note'}: ${b.text}`;
      const h = doc.heightOfString(text, { width: width - 16 }) + 10;
      ensureSpace(doc, h);
      const top = doc.y;
      doc.rect(MARGIN, top, width, h).fill(b.tone === 'warning' ? '#fff9db' : '#f1f3f5');
      doc.rect(MARGIN, top, 3, h).fill(b.tone === 'warning' ? '#e67700' : ACCENT);
      doc.fillColor('#1a1b1e').text(text, MARGIN + 10, top + 5, { width: width - 16 });
      doc.x = MARGIN;
      doc.y = top + h;
      doc.moveDown(0.5);
      return;
    }
    case 'list':
      doc.font('Regular').fontSize(10).fillColor('#1a1b1e');
      b.items.forEach((item, i) => {
        const marker = b.ordered ? `${i + 1}.` : '•';
        const h = doc.heightOfString(item, { width: width - 18 });
        ensureSpace(doc, h);
        const top = doc.y;
        doc.text(marker, MARGIN, top, { width: 16 });
        doc.text(item, MARGIN + 18, top, { width: width - 18 });
        doc.x = MARGIN;
        doc.moveDown(0.2);
      });
      doc.moveDown(0.4);
      return;
    case 'fields':
      table(doc, [], b.rows, [width * 0.32, width * 0.68]);
      return;
    case 'table':
      table(doc, b.columns, b.rows);
      return;
  }
}

export function renderPdf(model: DocumentModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: model.title, Author: model.agencyName, Subject: `${model.siteName} (${model.clientName})`, Creator: 'Rollout Workbench', Producer: 'Rollout Workbench', CreationDate: new Date(model.generatedAt) },
    displayTitle: true,
    lang: 'en',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('Regular', FONT);
  doc.registerFont('Bold', FONT_BOLD);
  const width = doc.page.width - MARGIN * 2;

  // Title block.
  let textX = MARGIN;
  if (model.logo) {
    doc.image(Buffer.from(model.logo.base64, 'base64'), MARGIN, MARGIN - 8, { fit: [120, 40] });
    textX = MARGIN + 130;
  }
  doc.font('Bold').fontSize(11).fillColor(ACCENT).text(model.agencyName, textX, MARGIN - 4, { width: width - (textX - MARGIN) });
  doc.font('Regular').fontSize(9).fillColor(MUTED).text(`for ${model.clientName}`, textX, doc.y, { width: width - (textX - MARGIN) });
  doc.y = Math.max(doc.y, MARGIN + 36);
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(1.5).strokeColor(ACCENT).stroke();
  doc.moveDown(0.8);
  doc.x = MARGIN;
  doc.font('Bold').fontSize(18).fillColor('#1a1b1e').text(model.title, { width });
  doc.font('Regular').fontSize(9).fillColor(MUTED).text(generatedLine(model), { width });
  doc.moveDown(0.8);

  if (model.missing.length) {
    doc.font('Regular').fontSize(9.5);
    const lines = model.missing.map((m) => `• ${m.part} — ${m.fix}`);
    const h = lines.reduce((n, l) => n + doc.heightOfString(l, { width: width - 20 }) + 2, 0) + 30;
    ensureSpace(doc, Math.min(h, 300));
    const top = doc.y;
    doc.rect(MARGIN, top, width, h).lineWidth(1.2).strokeColor('#c92a2a').fillAndStroke('#fff5f5', '#c92a2a');
    doc.font('Bold').fontSize(11).fillColor('#c92a2a').text('Missing from this document', MARGIN + 10, top + 8, { width: width - 20 });
    doc.font('Regular').fontSize(9.5).fillColor('#1a1b1e');
    for (const l of lines) doc.text(l, MARGIN + 10, doc.y + 2, { width: width - 20 });
    doc.x = MARGIN;
    doc.y = Math.max(doc.y, top + h);
    doc.moveDown(0.8);
  }

  for (const section of model.sections) {
    ensureSpace(doc, 60);
    doc.x = MARGIN;
    doc.font('Bold').fontSize(13).fillColor(ACCENT).text(section.title, { width });
    doc.moveDown(0.3);
    for (const b of section.blocks) block(doc, b);
    doc.moveDown(0.4);
  }

  // Every page: footer, page number, and the draft marks.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.height - MARGIN + 14;
    // Writing inside the bottom margin must not add pages.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Regular').fontSize(8).fillColor(MUTED);
    doc.text(model.footer || model.agencyName, MARGIN, bottom, { width: width - 90, lineBreak: false, ellipsis: true });
    doc.text(`Page ${i + 1} of ${range.count}`, MARGIN + width - 90, bottom, { width: 90, align: 'right', lineBreak: false });
    if (model.draft) {
      doc.font('Bold').fontSize(9).fillColor('#c92a2a').text('DRAFT — not for handover', MARGIN, MARGIN - 36, { width, align: 'right', lineBreak: false });
      doc.save();
      doc.rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] });
      doc.font('Bold').fontSize(110).fillColor('#c92a2a').fillOpacity(0.07).text('DRAFT', 0, doc.page.height / 2 - 60, { width: doc.page.width, align: 'center', lineBreak: false });
      doc.restore();
    }
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  return done;
}
