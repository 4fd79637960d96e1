/**
 * Self-contained printable HTML of a document model: inline CSS, the logo as a data URL, no script
 * (a CSP meta tag forbids any), every user string escaped. Multi-line values keep their lines (<br>);
 * the <title>, headings and header print on one line. A draft shows "DRAFT" on every printed
 * page (a fixed element repeats on each page when printed).
 */
import type { Block, DocumentModel } from '@core/documents/model';
import { generatedLine } from './common';
import { oneLine, textLines } from './text';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A multi-line value: escaped, its lines joined by <br>. */
const t = (s: string) => textLines(s).map(escapeHtml).join('<br>');
/** A value on one line (the <title>, headings, the header): escaped, line breaks as spaces. */
const one = (s: string) => escapeHtml(oneLine(s));

function block(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${t(b.text)}</p>`;
    case 'note':
      return `<p class="note ${b.tone}"><strong>${b.tone === 'warning' ? 'Warning' : 'Note'}:</strong> ${t(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${t(i)}</li>`).join('')}</${tag}>`;
    }
    case 'fields':
      return `<table class="fields"><tbody>${b.rows.map(([k, v]) => `<tr><th scope="row">${one(k)}</th><td>${t(v)}</td></tr>`).join('')}</tbody></table>`;
    case 'table':
      return `<table class="grid"><thead><tr>${b.columns.map((c) => `<th scope="col">${one(c)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${t(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
  }
}

const CSS = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", system-ui, sans-serif; color: #1a1b1e; font-size: 10.5pt; line-height: 1.45; margin: 0 auto; max-width: 180mm; padding: 12mm 0; }
header.doc { display: flex; gap: 12px; align-items: center; border-bottom: 2px solid #364fc7; padding-bottom: 8px; margin-bottom: 14px; }
header.doc img { max-height: 48px; max-width: 160px; }
.agency { font-weight: 700; color: #364fc7; }
h1 { font-size: 18pt; margin: 6px 0 2px; }
h2 { font-size: 13pt; margin: 20px 0 6px; color: #364fc7; break-after: avoid; }
.meta { color: #495057; font-size: 9pt; }
.missing { border: 1.5px solid #c92a2a; background: #fff5f5; padding: 8px 12px; margin: 12px 0; }
.missing h2 { color: #c92a2a; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 9.5pt; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #dee2e6; overflow-wrap: anywhere; }
.grid thead th { background: #edf2ff; border-bottom: 1.5px solid #364fc7; }
.fields th { width: 34%; color: #343a40; }
tr { break-inside: avoid; }
.note { padding: 6px 10px; border-left: 4px solid #364fc7; background: #f1f3f5; }
.note.warning { border-color: #e67700; background: #fff9db; }
footer.doc { margin-top: 24px; border-top: 1px solid #dee2e6; padding-top: 6px; color: #495057; font-size: 9pt; }
.draft-mark { position: fixed; top: 0; right: 0; background: #c92a2a; color: #fff; font-weight: 700; padding: 2px 10px; letter-spacing: 0.1em; }
.draft-watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; transform: rotate(-30deg); pointer-events: none; }
/* Decorative: drawn by CSS so it is not text (the red mark at the top says DRAFT in words). */
.draft-watermark::before { content: 'DRAFT'; font-size: 96pt; font-weight: 700; color: rgba(201, 42, 42, 0.08); }
`;

export function renderHtml(doc: DocumentModel): string {
  const logo = doc.logo ? `<img src="data:${doc.logo.mime};base64,${doc.logo.base64}" alt="${one(doc.agencyName)} logo">` : '';
  const missing = doc.missing.length
    ? `<section class="missing" aria-label="Missing from this document"><h2>Missing from this document</h2><ul>${doc.missing.map((m) => `<li><strong>${one(m.part)}</strong> — ${one(m.fix)}</li>`).join('')}</ul></section>`
    : '';
  const sections = doc.sections.map((s) => `<section id="${escapeHtml(s.id)}"><h2>${one(s.title)}</h2>${s.blocks.map(block).join('\n')}</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${one(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
${doc.draft ? '<div class="draft-mark">DRAFT</div><div class="draft-watermark" aria-hidden="true"></div>' : ''}
<header class="doc">${logo}<div><div class="agency">${one(doc.agencyName)}</div><div class="meta">for ${one(doc.clientName)}</div></div></header>
<h1>${one(doc.title)}</h1>
<p class="meta">${one(generatedLine(doc))}</p>
${missing}
${sections}
<footer class="doc">${doc.footer ? t(doc.footer) : ''}</footer>
</body>
</html>
`;
}
