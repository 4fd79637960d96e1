/**
 * The last step before any renderer sees a document: every string of the document model (titles,
 * names, paragraphs, list items, table cells, footer, the agency's texts) has each secret the scanner
 * finds replaced by a marker. Markdown, HTML and PDF all render the same redacted model, so no format
 * can print a secret whatever path the text took into the document.
 */
import { redactSecrets } from '../domain/secret-scanner';
import { looksSecret } from '../domain/secret-verdicts';
import type { DocumentModel } from './model';

export const DOCUMENT_SECRET_MARKER = '[secret removed]';

function redactValue<T>(value: T, count: { n: number }): T {
  if (typeof value === 'string') {
    if (!looksSecret(value)) return value;
    const r = redactSecrets(value, DOCUMENT_SECRET_MARKER);
    count.n += r.count;
    return r.text as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, count)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, count)])) as T;
  }
  return value;
}

/** The model with every secret replaced; the logo (image bytes, not text) is kept as it is. */
export function redactModel(doc: DocumentModel): DocumentModel {
  const count = { n: 0 };
  const { logo, ...text } = doc;
  const redacted = redactValue(text, count);
  return count.n ? { ...redacted, logo } : doc;
}
