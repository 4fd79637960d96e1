/** Reads of clients. Keys and what a write refreshes: lib/queries.ts. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { nextOffset } from '../../lib/paging';
import { rpc } from '../../lib/rpc';
import type { SearchOption } from '../../lib/server-search-select';

type PageFilter = Pick<InputOf<'clients.list'>, 'search' | 'archived'>;

export const clientQueries = {
  all: () => ['clients'] as const,
  get: (id: string | null | undefined) =>
    queryOptions({ queryKey: [...clientQueries.all(), 'get', id], queryFn: () => rpc('clients.get', { id: id! }), enabled: Boolean(id) }),
  /** The Clients page: 200 rows a page. */
  page: (filter: PageFilter) =>
    infiniteQueryOptions({
      queryKey: [...clientQueries.all(), 'page', filter],
      queryFn: ({ pageParam }) => rpc('clients.list', { ...filter, offset: pageParam, limit: 200 }),
      initialPageParam: 0,
      getNextPageParam: nextOffset,
    }),
  /** The client picker's options for the typed text. */
  picker: (text: string) =>
    queryOptions({
      queryKey: [...clientQueries.all(), 'picker', text],
      queryFn: async (): Promise<SearchOption[]> =>
        (await rpc('clients.list', { search: text || undefined, limit: 50 })).rows.map((c) => ({ value: c.id, label: c.name })),
    }),
};
