/** Reads of a site's change history. Keys and what a write refreshes: lib/queries.ts. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { nextOffset } from '../../lib/paging';
import { rpc } from '../../lib/rpc';

export const historyQueries = {
  all: () => ['history'] as const,
  list: (siteId: string) =>
    infiniteQueryOptions({
      queryKey: [...historyQueries.all(), 'list', siteId],
      queryFn: ({ pageParam }) => rpc('history.list', { siteId, offset: pageParam, limit: 50 }),
      initialPageParam: 0,
      getNextPageParam: nextOffset,
    }),
  /** Whether one change can be undone now, and what an undo would put back; read afresh each time the dialog opens. */
  undoPreview: (changeId: string) =>
    queryOptions({
      queryKey: [...historyQueries.all(), 'undoPreview', changeId],
      queryFn: () => rpc('history.undoPreview', { changeId }),
      staleTime: 0,
      gcTime: 0,
    }),
};
