/** The command palette's search. Keys: lib/queries.ts. */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const searchQueries = {
  all: () => ['search'] as const,
  everything: (text: string) =>
    queryOptions({
      queryKey: [...searchQueries.all(), 'everything', text],
      queryFn: () => rpc('search.everything', { query: text, limit: 5 }),
      enabled: text.length > 0,
      placeholderData: keepPreviousData,
      staleTime: 2_000,
    }),
};
