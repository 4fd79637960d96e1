/** Reads of reviews. Keys and what a write refreshes: lib/queries.ts. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { rpc } from '../../lib/rpc';

type ListFilter = Omit<InputOf<'reviews.list'>, 'offset'>;

export const reviewQueries = {
  all: () => ['reviews'] as const,
  list: (filter: ListFilter) =>
    infiniteQueryOptions({
      queryKey: [...reviewQueries.all(), 'list', filter],
      queryFn: ({ pageParam }) => rpc('reviews.list', { ...filter, offset: pageParam }),
      initialPageParam: 0,
      getNextPageParam: (last, pages) => {
        const loaded = pages.reduce((n, p) => n + p.rows.length, 0);
        return loaded < last.total ? loaded : undefined;
      },
    }),
  /** How many reviews of one site are due or overdue (the site page's tab badge). */
  dueForSite: (siteId: string) =>
    queryOptions({
      queryKey: [...reviewQueries.all(), 'dueForSite', siteId],
      queryFn: () => rpc('reviews.list', { siteId, states: ['overdue', 'due'], limit: 1 }),
    }),
  forSite: (siteId: string) => queryOptions({ queryKey: [...reviewQueries.all(), 'forSite', siteId], queryFn: () => rpc('reviews.forSite', { siteId }) }),
  summary: () => queryOptions({ queryKey: [...reviewQueries.all(), 'summary'], queryFn: () => rpc('reviews.summary', {}) }),
};
