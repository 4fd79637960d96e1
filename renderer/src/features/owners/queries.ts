/** Reads of a site's owner matrix. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const ownerQueries = {
  all: () => ['owners'] as const,
  matrix: (siteId: string) => queryOptions({ queryKey: [...ownerQueries.all(), 'matrix', siteId], queryFn: () => rpc('owners.matrix', { siteId }) }),
};
