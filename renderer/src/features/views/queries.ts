/** Reads of saved views. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const viewQueries = {
  all: () => ['views'] as const,
  list: () => queryOptions({ queryKey: [...viewQueries.all(), 'list'], queryFn: () => rpc('views.list', {}) }),
};
