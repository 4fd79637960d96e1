/** Reads of the document branding. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const brandingQueries = {
  all: () => ['branding'] as const,
  get: () => queryOptions({ queryKey: [...brandingQueries.all(), 'get'], queryFn: () => rpc('branding.get', {}) }),
};
