/** Reads of the saved import mappings. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const portfolioQueries = {
  all: () => ['portfolio'] as const,
  mappings: () => queryOptions({ queryKey: [...portfolioQueries.all(), 'mappings'], queryFn: () => rpc('portfolio.mappings', {}) }),
};
