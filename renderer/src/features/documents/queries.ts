/** Reads of a site's documents. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { rpc } from '../../lib/rpc';

type Kind = InputOf<'documents.preview'>['kind'];

export const documentQueries = {
  all: () => ['documents'] as const,
  facts: (siteId: string) => queryOptions({ queryKey: [...documentQueries.all(), 'facts', siteId], queryFn: () => rpc('documents.facts', { siteId }) }),
  preview: (siteId: string, kind: Kind) =>
    queryOptions({ queryKey: [...documentQueries.all(), 'preview', siteId, kind], queryFn: () => rpc('documents.preview', { siteId, kind }) }),
  /** Every preview of one site, whatever its kind. */
  previews: (siteId: string) => [...documentQueries.all(), 'preview', siteId] as const,
  history: (siteId: string) => queryOptions({ queryKey: [...documentQueries.all(), 'history', siteId], queryFn: () => rpc('documents.history', { siteId }) }),
};
