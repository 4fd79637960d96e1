import { createHash } from 'node:crypto';
import type { DocumentModel } from '@core/documents/model';

/** The one line that differs between two renderings of the same data. */
export function generatedLine(doc: DocumentModel): string {
  return `Generated ${doc.generatedAt.slice(0, 16).replace('T', ' ')} UTC by Rollout Workbench${doc.draft ? ' (draft)' : ''}`;
}

/** Hash of the document's content: the model without its generation time. */
export function contentHash(doc: DocumentModel): string {
  const { generatedAt: _at, ...content } = doc;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
