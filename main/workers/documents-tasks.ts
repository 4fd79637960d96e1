/**
 * The documents' tasks for the worker (worker.ts): a site's documents rendered from the worker's own
 * read-only connection, so the main thread keeps answering while thousands of documents are built.
 * Writing stays in the main thread: main/documents/bulk.ts stages and records what comes back.
 */
import type { DocumentFormat, DocumentKind } from '@core/documents/model';
import { renderSiteDocuments, type SiteDocument } from '../services/documents';
import { readConsistently, type TaskContextInput } from './context';

export interface RenderSiteInput extends TaskContextInput {
  siteId: string;
  kinds: DocumentKind[];
  formats: DocumentFormat[];
  final: boolean;
}

export function renderSite(input: RenderSiteInput): Promise<SiteDocument[]> {
  return readConsistently(input, (ctx) => renderSiteDocuments(ctx, input));
}
