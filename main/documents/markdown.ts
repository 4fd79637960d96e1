/**
 * Markdown rendering of a document model. Every user-supplied string is escaped so it renders
 * literally: Markdown punctuation gets a backslash, and <, > and & become entities (Markdown passes
 * raw HTML through otherwise). Multi-line values keep their lines (hard breaks in text, <br> in
 * table cells); headings and the title line print on one line.
 */
import type { Block, DocumentModel } from '@core/documents/model';
import { generatedLine } from './common';
import { oneLine, textLines } from './text';

/**
 * One line of user text made literal: &, < and > become entities, every Markdown punctuation mark
 * that can start or end structure gets a backslash (in the middle of a line too, e.g. "#" that would
 * close a heading), and a line that would start a list, heading, quote or rule is escaped at its start.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1')
    .replace(/^(\s*)([+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** A value on one line (headings, the title line, column headings, field labels). */
const single = (text: string) => escapeMarkdown(oneLine(text));
/** A multi-line value in a table cell: its lines joined by <br>, which keeps the row on one source line. */
const cell = (text: string) => textLines(text).map(escapeMarkdown).join('<br>');
/** A multi-line value in running text: hard line breaks, each continuation line indented by `indent`. */
const lines = (text: string, indent = '') => textLines(text).map(escapeMarkdown).join(`  \n${indent}`);

function block(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return lines(b.text);
    case 'note':
      return `> **${b.tone === 'warning' ? 'Warning' : 'Note'}:** ${lines(b.text, '> ')}`;
    case 'list':
      return b.items
        .map((item, i) => {
          const marker = b.ordered ? `${i + 1}.` : '-';
          return `${marker} ${lines(item, ' '.repeat(marker.length + 1))}`;
        })
        .join('\n');
    case 'fields':
      return ['| | |', '| --- | --- |', ...b.rows.map(([k, v]) => `| **${single(k)}** | ${cell(v)} |`)].join('\n');
    case 'table':
      return [
        `| ${b.columns.map(single).join(' | ')} |`,
        `| ${b.columns.map(() => '---').join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
      ].join('\n');
  }
}

export function renderMarkdown(doc: DocumentModel): string {
  const out: string[] = [];
  if (doc.draft) out.push('> **DRAFT** — not yet complete; do not hand over.', '');
  out.push(`# ${single(doc.title)}`, '');
  out.push(`${single(doc.agencyName)} for ${single(doc.clientName)}  `, generatedLine(doc), '');
  if (doc.missing.length) {
    out.push('## Missing from this document', '');
    for (const m of doc.missing) out.push(`- ${single(m.part)} — ${single(m.fix)}`);
    out.push('');
  }
  for (const section of doc.sections) {
    out.push(`## ${single(section.title)}`, '');
    for (const b of section.blocks) out.push(block(b), '');
  }
  if (doc.footer) out.push('---', '', lines(doc.footer), '');
  if (doc.draft) out.push('> **DRAFT**', '');
  return out.join('\n');
}
