/**
 * Self-contained printable HTML of a document model: inline CSS, the logo as a data URL, no script
 * (a CSP meta tag forbids any), every user string escaped. Multi-line values keep their lines (<br>);
 * the <title>, headings and header print on one line. A draft shows "DRAFT" on every printed
 * page (a fixed element repeats on each page when printed). Every document opens with its document
 * control block; a long one (`cover`) with a cover and a contents list linking to its sections; a
 * handed-over one ends with the client's sign-off block, kept on one printed page. The footer prints
 * at the end and, when printed, at the bottom of every page.
 */
import type { Block, DocumentModel } from '@core/documents/model';
import { CONTENTS_TITLE, contentsEntries, controlRows, draftNotice, MISSING_TITLE, SIGN_OFF_TITLE } from './common';
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
.draft-notice { color: #c92a2a; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 9.5pt; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid #dee2e6; overflow-wrap: anywhere; }
.grid thead th { background: #edf2ff; border-bottom: 1.5px solid #364fc7; }
.fields th { width: 34%; color: #343a40; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
table.control { font-size: 9pt; margin: 4px 0 14px; }
table.control th { background: #f1f3f5; width: 20%; }
.cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; gap: 10px; break-after: page; border-bottom: 2px solid #364fc7; margin-bottom: 16px; }
.cover img { max-height: 72px; max-width: 240px; align-self: flex-start; }
.cover .title { font-size: 24pt; font-weight: 700; margin: 10px 0; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
.cover dt { color: #495057; }
.cover dd { margin: 0; }
.cover .draft { color: #c92a2a; font-weight: 700; letter-spacing: 0.1em; }
nav.contents { break-after: page; }
nav.contents ol { padding-left: 20px; }
nav.contents a { color: #1a1b1e; }
.sign-off { break-inside: avoid; }
.party { break-inside: avoid; border-top: 1px solid #dee2e6; padding-top: 6px; margin-top: 10px; }
.party .role { font-weight: 700; margin: 0 0 4px; }
.line { display: flex; gap: 8px; margin: 14px 0 0; }
.line span:last-child { flex: 1; border-bottom: 1px solid #1a1b1e; min-height: 1.2em; }
.note { padding: 6px 10px; border-left: 4px solid #364fc7; background: #f1f3f5; }
.note.warning { border-color: #e67700; background: #fff9db; }
footer.doc { margin-top: 24px; border-top: 1px solid #dee2e6; padding-top: 6px; color: #495057; font-size: 9pt; }
.draft-mark { position: fixed; top: 0; right: 0; background: #c92a2a; color: #fff; font-weight: 700; padding: 2px 10px; letter-spacing: 0.1em; }
.draft-watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; transform: rotate(-30deg); pointer-events: none; }
/* Decorative: drawn by CSS so it is not text (the red mark at the top says DRAFT in words). */
.draft-watermark::before { content: 'DRAFT'; font-size: 96pt; font-weight: 700; color: rgba(201, 42, 42, 0.08); }
`;

/** Text for a CSS string (the printed footer): backslash escapes only, and "<" escaped so no tag can end the style element. */
function cssString(text: string): string {
  return `"${oneLine(text).replace(/[\\"<>\u007f]|[^ -\uffff]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

/** Each section's anchor, by position: its id, made unique within the document (a repeated id gets -2, -3). */
function anchorsOf(doc: DocumentModel): string[] {
  const used = new Set<string>(['sign-off', 'contents']);
  return doc.sections.map((s) => {
    let id = s.id || 'section';
    for (let n = 2; used.has(id); n++) id = `${s.id || 'section'}-${n}`;
    used.add(id);
    return id;
  });
}

function signOff(doc: DocumentModel): string {
  if (!doc.signOff) return '';
  const parties = doc.signOff.parties
    .map(
      (p) =>
        `<div class="party"><p class="role">${one(p.role)}</p>` +
        `<p class="line"><span>Name:</span><span>${p.name && oneLine(p.name) ? one(p.name) : ''}</span></p>` +
        '<p class="line"><span>Signature:</span><span></span></p><p class="line"><span>Date:</span><span></span></p></div>',
    )
    .join('');
  return `<section class="sign-off" id="sign-off"><h2>${SIGN_OFF_TITLE}</h2>${doc.signOff.statement.trim() ? `<p>${t(doc.signOff.statement)}</p>` : ''}${parties}</section>`;
}

function cover(doc: DocumentModel, logo: string): string {
  if (!doc.cover) return '';
  const rows: [string, string][] = [
    ['Site', doc.siteName],
    ['Client', doc.clientName],
    ['Version', controlRows(doc)[1]![1]],
    ['Date', doc.generatedAt.slice(0, 10)],
  ];
  return `<section class="cover" aria-label="Cover">${logo}<div class="agency">${one(doc.agencyName)}</div><div class="title">${one(doc.title)}</div><dl>${rows
    .map(([k, v]) => `<dt>${k}</dt><dd>${one(v)}</dd>`)
    .join('')}</dl>${doc.draft ? '<div class="draft">DRAFT</div>' : ''}</section>`;
}

export function renderHtml(doc: DocumentModel): string {
  const logo = doc.logo ? `<img src="data:${doc.logo.mime};base64,${doc.logo.base64}" alt="${one(doc.agencyName)} logo">` : '';
  const anchors = anchorsOf(doc);
  const notice = draftNotice(doc);
  const missing = doc.missing.length
    ? `<section class="missing" aria-label="${MISSING_TITLE}"><h2>${MISSING_TITLE}</h2><ul>${doc.missing.map((m) => `<li><strong>${one(m.part)}</strong>: ${one(m.fix)}</li>`).join('')}</ul></section>`
    : '';
  const control = `<table class="control" aria-label="Document control"><tbody>${controlRows(doc)
    .map(([k, v]) => `<tr><th scope="row">${k}</th><td>${one(v)}</td></tr>`)
    .join('')}</tbody></table>`;
  const contents = doc.cover
    ? `<nav class="contents" id="contents" aria-label="${CONTENTS_TITLE}"><h2>${CONTENTS_TITLE}</h2><ol>${contentsEntries(doc)
        .map((e, i) => `<li><a href="#${escapeHtml(anchors[i] ?? e.id)}">${one(e.title)}</a></li>`)
        .join('')}</ol></nav>`
    : '';
  const sections = doc.sections
    .map((s, i) => `<section id="${escapeHtml(anchors[i]!)}"><h2>${one(s.title)}</h2>${s.blocks.map(block).join('\n')}</section>`)
    .join('\n');
  const footer = oneLine(doc.footer);
  const printedFooter = footer
    ? `\n@page { @bottom-left { content: ${cssString(footer)}; font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 8pt; color: #495057; } }`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${one(doc.title)}</title>
<style>${CSS}${printedFooter}</style>
</head>
<body>
${doc.draft ? '<div class="draft-mark">DRAFT</div><div class="draft-watermark" aria-hidden="true"></div>' : ''}
${cover(doc, logo)}
${contents}
<header class="doc">${logo}<div><div class="agency">${one(doc.agencyName)}</div><div class="meta">for ${one(doc.clientName)}</div></div></header>
<h1>${one(doc.title)}</h1>
${notice ? `<p class="draft-notice"><strong>DRAFT</strong>: ${escapeHtml(notice)}</p>` : ''}
${control}
${missing}
${sections}
${signOff(doc)}
<footer class="doc">${doc.footer ? t(doc.footer) : ''}</footer>
</body>
</html>
`;
}
