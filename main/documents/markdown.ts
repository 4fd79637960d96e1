/**
 * Markdown rendering of a document model, readable as plain text. User text stays literal and is
 * escaped only where Markdown would read it as structure, always with a backslash (never an HTML
 * entity, and never HTML: a line break inside a table cell splits the row instead of a <br>):
 * - inline: \ (before punctuation or at a line's end), ` * [ ] < ~ (GFM strikes through text between
 *   tildes: "~2 to ~4 hours"), _ outside a word, & only where it would start an entity ("&amp;"), and |
 *   inside table cells;
 * - at the start of a line, only what would start a block: a heading (# + space), a quote (>), a
 *   list marker (-, + or * + space; 1. or 1)), a fence (``` or ~~~, escaped inline already), a setext or table rule (a line of
 *   = or - only, or of | : -). Leading spaces are dropped (Markdown drops them too, and four would
 *   start a code block);
 * - in a heading, a closing run of # at its end.
 * So "2.4.1" prints as 2.4.1 and "Rollback & restore" as Rollback & restore, and a CommonMark reader
 * shows exactly the text the user typed.
 */
import type { Block, DocumentModel } from '@core/documents/model';
import { CONTENTS_TITLE, contentsEntries, controlRows, draftNotice, MISSING_TITLE, SIGN_OFF_TITLE } from './common';
import { oneLine, textLines } from './text';

/** "&" that a Markdown reader would take for the start of an entity reference. */
const ENTITY_AFTER = /^(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Inline escapes of one line of user text (no block-start escapes). In a table cell `|` is escaped too. */
export function escapeInline(text: string, opts: { cell?: boolean } = {}): string {
  return text.replace(/[\\`*_[\]<~|&]/g, (c, at: number) => {
    switch (c) {
      case '\\':
        // A backslash is literal unless punctuation follows it (or it ends the line: a hard break).
        return at + 1 >= text.length || ASCII_PUNCTUATION.test(text.slice(at + 1)) ? '\\\\' : '\\';
      case '_':
        // Inside a word (snake_case, a_b in a URL) an underscore can neither open nor close emphasis.
        return WORD_CHAR.test(text.charAt(at - 1)) && WORD_CHAR.test(text.charAt(at + 1)) ? '_' : '\\_';
      case '|':
        return opts.cell ? '\\|' : '|';
      case '&':
        return ENTITY_AFTER.test(text.slice(at + 1)) ? '\\&' : '&';
      default:
        return `\\${c}`;
    }
  });
}

/** A line of running text that must not start a block: inline escapes, then the line's start. */
export function escapeLine(text: string): string {
  const line = escapeInline(text.replace(/^[ \t]+/, ''));
  return (
    line
      // ATX heading, block quote, bullet list marker (* is escaped inline already).
      .replace(/^(?=#{1,6}(?:[ \t]|$)|>|[-+](?:[ \t]|$))/, '\\')
      // Ordered list marker: "1." or "1)" followed by a space or the end ("2.4.1" is not one).
      .replace(/^(\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2')
      // Setext underline or thematic break (a line of = or - only), or a table's delimiter row.
      .replace(/^(?=[-=][-= \t]*$)/, '\\')
      .replace(/^(?=[|:-][|: \t-]*$)(?=.*-)(?=.*\|)/, '\\')
  );
}

/** One-line text in a heading: inline escapes, and a closing run of # escaped so it stays text. */
function heading(text: string): string {
  return escapeInline(oneLine(text)).replace(/(^|[ \t])#(#*[ \t]*)$/, '$1\\#$2');
}

/** A value on one line in running text (the line under the title, the missing list). */
const single = (text: string) => escapeLine(oneLine(text));
/** A one-line value in a table cell (column headings, field labels). */
const cellOne = (text: string) => escapeInline(oneLine(text), { cell: true });
/** The lines of a multi-line value in a table cell, without empty lines (each becomes a row of its own). */
const cellLines = (text: string) =>
  textLines(text)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => escapeInline(l, { cell: true }));
/** A multi-line value in running text: hard line breaks, each continuation line indented by `indent`. */
const lines = (text: string, indent = '') => textLines(text).map(escapeLine).join(`  \n${indent}`);

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

/**
 * Table rows for cells that may hold several lines: one row per line, the other cells empty on the
 * rows after the first (a line break inside a cell would need HTML).
 */
function splitRows(cells: string[][]): string[] {
  const height = Math.max(1, ...cells.map((c) => c.length));
  return Array.from({ length: height }, (_n, i) => row(cells.map((c) => c[i] ?? '')));
}

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
      return ['| | |', '| --- | --- |', ...b.rows.flatMap(([k, v]) => splitRows([[oneLine(k) ? `**${cellOne(k)}**` : ''], cellLines(v)]))].join('\n');
    case 'table':
      return [row(b.columns.map(cellOne)), row(b.columns.map(() => '---')), ...b.rows.flatMap((r) => splitRows(r.map(cellLines)))].join('\n');
  }
}

/**
 * Heading anchors as GitHub and most Markdown viewers make them: lower case, punctuation dropped,
 * spaces as hyphens, a repeated heading numbered (-1, -2).
 */
function anchors() {
  const seen = new Map<string, number>();
  return (title: string) => {
    const base = oneLine(title)
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base);
    seen.set(base, (n ?? -1) + 1);
    return n === undefined ? base : `${base}-${n + 1}`;
  };
}

export function renderMarkdown(doc: DocumentModel): string {
  const out: string[] = [];
  const anchor = anchors();
  const notice = draftNotice(doc);
  if (notice) out.push(`> **DRAFT**: ${notice}`, '');
  anchor(doc.title);
  out.push(`# ${heading(doc.title)}`, '');
  out.push(single(`${oneLine(doc.agencyName)} for ${oneLine(doc.clientName)}`), '');
  out.push(['| Document control | |', '| --- | --- |', ...controlRows(doc).map(([k, v]) => row([cellOne(k), cellOne(v)]))].join('\n'), '');
  if (doc.missing.length) {
    anchor(MISSING_TITLE);
    out.push(`## ${MISSING_TITLE}`, '');
    for (const m of doc.missing) out.push(`- ${single(m.part)}: ${escapeInline(oneLine(m.fix))}`);
    out.push('');
  }
  // Anchors follow the order of the headings, so the contents list is written after they are known.
  let contentsAt = -1;
  if (doc.cover) {
    anchor(CONTENTS_TITLE);
    out.push(`## ${CONTENTS_TITLE}`, '');
    contentsAt = out.length;
    out.push('');
  }
  const targets = new Map<string, string>();
  for (const section of doc.sections) {
    targets.set(section.id, anchor(section.title));
    out.push(`## ${heading(section.title)}`, '');
    for (const b of section.blocks) out.push(block(b), '');
  }
  if (doc.signOff) {
    targets.set('sign-off', anchor(SIGN_OFF_TITLE));
    out.push(`## ${SIGN_OFF_TITLE}`, '');
    if (doc.signOff.statement.trim()) out.push(lines(doc.signOff.statement), '');
    const blank = '______________________';
    for (const party of doc.signOff.parties) {
      const name = party.name && oneLine(party.name) ? escapeInline(oneLine(party.name)) : blank;
      out.push([`**${escapeInline(oneLine(party.role))}**`, `Name: ${name}`, `Signature: ${blank}`, `Date: ${blank}`].join('  \n'), '');
    }
  }
  if (contentsAt >= 0) {
    const entries = contentsEntries(doc).map((e, i) => `${i + 1}. [${escapeInline(oneLine(e.title))}](#${targets.get(e.id) ?? ''})`);
    out.splice(contentsAt, 0, entries.join('\n'));
  }
  if (doc.footer.trim()) out.push('---', '', lines(doc.footer), '');
  if (doc.draft) out.push('> **DRAFT**', '');
  return out.join('\n');
}
