/** Reads of incidents. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const incidentQueries = {
  all: () => ['incidents'] as const,
  list: (siteId: string) => queryOptions({ queryKey: [...incidentQueries.all(), 'list', siteId], queryFn: () => rpc('incidents.list', { siteId }) }),
  get: (id: string) => queryOptions({ queryKey: [...incidentQueries.all(), 'get', id], queryFn: () => rpc('incidents.get', { id }) }),
};
