/** Reads of people. Keys and what a write refreshes: lib/queries.ts. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { nextOffset } from '../../lib/paging';
import { rpc } from '../../lib/rpc';
import type { SearchOption } from '../../lib/server-search-select';

type PageFilter = Pick<InputOf<'people.list'>, 'search' | 'organisation' | 'archived'>;

export const peopleQueries = {
  all: () => ['people'] as const,
  get: (id: string | null | undefined) =>
    queryOptions({ queryKey: [...peopleQueries.all(), 'get', id], queryFn: () => rpc('people.get', { id: id! }), enabled: Boolean(id) }),
  /** The People page: 200 rows a page. */
  page: (filter: PageFilter) =>
    infiniteQueryOptions({
      queryKey: [...peopleQueries.all(), 'page', filter],
      queryFn: ({ pageParam }) => rpc('people.list', { ...filter, offset: pageParam, limit: 200 }),
      initialPageParam: 0,
      getNextPageParam: nextOffset,
    }),
  /** Whether anyone active exists at all (the identity dialog offers "add yourself" when not). */
  activeCount: () => queryOptions({ queryKey: [...peopleQueries.all(), 'activeCount'], queryFn: () => rpc('people.list', { activeOnly: true, limit: 1 }) }),
  /** The person picker's options for the typed text: active people, but not `excludeId`. */
  picker: (text: string, excludeId: string | null) =>
    queryOptions({
      queryKey: [...peopleQueries.all(), 'picker', excludeId, text],
      queryFn: async (): Promise<SearchOption[]> => {
        const list = await rpc('people.list', { search: text || undefined, activeOnly: true, limit: 50 });
        return list.rows
          .filter((p) => p.id !== excludeId)
          .map((p) => ({ value: p.id, label: `${p.name} (${p.organisation === 'agency' ? 'agency' : (p.clientName ?? 'client')})` }));
      },
    }),
};
