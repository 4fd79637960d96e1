/**
 * What the three renderers share: the parts of a document every format prints the same way (the
 * draft notice, the document control rows, the sign-off lines, the contents entries), and the hash
 * of a document's content.
 */
import { createHash } from 'node:crypto';
import type { DocumentModel } from '@core/documents/model';

/** The generation time as the document control block prints it: the one value that differs between two renderings of the same data. */
export function generatedAt(doc: DocumentModel): string {
  return `${doc.generatedAt.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The draft notice at the top of a draft. A draft with nothing missing says only that it is a draft;
 * one with missing parts says so (the parts are listed below it).
 */
export function draftNotice(doc: DocumentModel): string | null {
  if (!doc.draft) return null;
  if (!doc.missing.length) return 'not yet given to the client.';
  const n = doc.missing.length;
  return `not yet complete: ${n === 1 ? 'one part is' : `${n} parts are`} missing (listed below). Do not give it to the client yet.`;
}

/** The document control rows, in print order: owner, version, last reviewed, next review, generated. */
export function controlRows(doc: DocumentModel): [label: string, value: string][] {
  const c = doc.control;
  return [
    ['Owner', c.owner || '—'],
    ['Version', c.versionLabel || (c.version === null ? 'Draft' : `Version ${c.version}`)],
    ['Last reviewed', c.lastReviewed ?? 'Not yet reviewed'],
    ['Next review', c.nextReview ?? 'Not scheduled'],
    ['Generated', generatedAt(doc)],
  ];
}

export const SIGN_OFF_TITLE = 'Sign-off';
export const CONTENTS_TITLE = 'Contents';
export const MISSING_TITLE = 'Missing from this document';

/** The headings a table of contents lists, in order: each section, then the sign-off when there is one. */
export function contentsEntries(doc: DocumentModel): { id: string; title: string }[] {
  const entries = doc.sections.map((s) => ({ id: s.id, title: s.title }));
  if (doc.signOff) entries.push({ id: 'sign-off', title: SIGN_OFF_TITLE });
  return entries;
}

/**
 * Hash of the document's content: the model without its generation time and document control (the
 * version number and review dates say which export it is, not what it says), so two finals of the
 * same content have the same hash.
 */
export function contentHash(doc: DocumentModel): string {
  const { generatedAt: _at, control: _control, ...content } = doc;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
