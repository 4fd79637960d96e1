/** Reads of a site's SOP additions (overrides). Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const overrideQueries = {
  all: () => ['overrides'] as const,
  list: (siteId: string) => queryOptions({ queryKey: [...overrideQueries.all(), 'list', siteId], queryFn: () => rpc('overrides.list', { siteId }) }),
};
