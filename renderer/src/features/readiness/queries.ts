/** Reads of a site's readiness. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const readinessQueries = {
  all: () => ['readiness'] as const,
  get: (siteId: string) => queryOptions({ queryKey: [...readinessQueries.all(), 'get', siteId], queryFn: () => rpc('readiness.get', { siteId }) }),
};
