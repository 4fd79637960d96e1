/** Reads of a site's access model. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const accessQueries = {
  all: () => ['access'] as const,
  get: (siteId: string) => queryOptions({ queryKey: [...accessQueries.all(), 'get', siteId], queryFn: () => rpc('access.get', { siteId }) }),
};
