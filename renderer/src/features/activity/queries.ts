/** Reads of imported activity. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const activityQueries = {
  all: () => ['activity'] as const,
  imports: (siteId: string) => queryOptions({ queryKey: [...activityQueries.all(), 'imports', siteId], queryFn: () => rpc('activity.imports', { siteId }) }),
  sources: () => queryOptions({ queryKey: [...activityQueries.all(), 'sources'], queryFn: () => rpc('activity.sources', {}) }),
  /** The rows behind one finding. */
  eventsOf: (siteId: string, findingId: string) =>
    queryOptions({
      queryKey: [...activityQueries.all(), 'events', siteId, findingId],
      queryFn: () => rpc('activity.events', { siteId, findingId, limit: 50, offset: 0 }),
    }),
};
