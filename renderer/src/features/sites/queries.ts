/** Reads of sites. Keys and what a write refreshes: lib/queries.ts. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { nextOffset } from '../../lib/paging';
import { rpc } from '../../lib/rpc';
import { readinessQueries } from '../readiness/queries';
import { reviewQueries } from '../reviews/queries';

/** Rows per page of the Sites table. */
const PAGE = 100;
type ListFilter = Omit<InputOf<'sites.list'>, 'offset' | 'limit'>;

export const siteQueries = {
  all: () => ['sites'] as const,
  get: (id: string) => queryOptions({ queryKey: [...siteQueries.all(), 'get', id], queryFn: () => rpc('sites.get', { id }) }),
  facets: () => queryOptions({ queryKey: [...siteQueries.all(), 'facets'], queryFn: () => rpc('sites.facets', {}) }),
  table: (filter: ListFilter) =>
    infiniteQueryOptions({
      queryKey: [...siteQueries.all(), 'table', filter],
      queryFn: ({ pageParam }) => rpc('sites.list', { ...filter, offset: pageParam, limit: PAGE }),
      initialPageParam: 0,
      getNextPageParam: nextOffset,
    }),
};

/**
 * What the site page's header shows around every tab (the site, its readiness, its due-review
 * badge): a write made from one of its tabs refreshes these with its own family.
 */
export function siteScreen() {
  return [siteQueries.all(), readinessQueries.all(), reviewQueries.all()];
}
