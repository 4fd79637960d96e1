/**
 * Markdown rendering of a document model. Every user-supplied string is escaped so it renders
 * literally: Markdown punctuation gets a backslash, and <, > and & become entities (Markdown passes
 * raw HTML through otherwise).
 */
import type { Block, DocumentModel } from '../../core/documents/model';
import { generatedLine } from './common';

export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

const cell = (text: string) => escapeMarkdown(text).replace(/\r?\n/g, ' ');
const line = (text: string) => escapeMarkdown(text).replace(/\r?\n/g, '  \n');

function block(b: Block): string {
  switch (b.type) {
    case 'paragraph':
      return line(b.text);
    case 'note':
      return `> **${b.tone === 'warning' ? 'Warning' : 'Note'}:** ${line(b.text)}`;
    case 'list':
      return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${cell(item)}`).join('\n');
    case 'fields':
      return ['| | |', '| --- | --- |', ...b.rows.map(([k, v]) => `| **${cell(k)}** | ${cell(v)} |`)].join('\n');
    case 'table':
      return [`| ${b.columns.map(cell).join(' | ')} |`, `| ${b.columns.map(() => '---').join(' | ')} |`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
  }
}

export function renderMarkdown(doc: DocumentModel): string {
  const out: string[] = [];
  if (doc.draft) out.push('> **DRAFT** — not yet complete; do not hand over.', '');
  out.push(`# ${escapeMarkdown(doc.title)}`, '');
  out.push(`${escapeMarkdown(doc.agencyName)} for ${escapeMarkdown(doc.clientName)}  `, generatedLine(doc), '');
  if (doc.missing.length) {
    out.push('## Missing from this document', '');
    for (const m of doc.missing) out.push(`- ${cell(m.part)} — ${cell(m.fix)}`);
    out.push('');
  }
  for (const section of doc.sections) {
    out.push(`## ${escapeMarkdown(section.title)}`, '');
    for (const b of section.blocks) out.push(block(b), '');
  }
  if (doc.footer) out.push('---', '', line(doc.footer), '');
  if (doc.draft) out.push('> **DRAFT**', '');
  return out.join('\n');
}
