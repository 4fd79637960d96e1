/** Reads of a site's operators. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const operatorQueries = {
  all: () => ['operators'] as const,
  list: (siteId: string) => queryOptions({ queryKey: [...operatorQueries.all(), 'list', siteId], queryFn: () => rpc('operators.list', { siteId }) }),
  needingRetraining: (limit: number) =>
    queryOptions({ queryKey: [...operatorQueries.all(), 'needingRetraining', limit], queryFn: () => rpc('operators.needingRetraining', { limit }) }),
};
