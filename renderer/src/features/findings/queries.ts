/** Reads of the first-week findings. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { rpc } from '../../lib/rpc';

export const findingQueries = {
  all: () => ['findings'] as const,
  list: (filter: InputOf<'findings.list'>) =>
    queryOptions({ queryKey: [...findingQueries.all(), 'list', filter], queryFn: () => rpc('findings.list', filter) }),
  firstWeek: (siteId: string) =>
    queryOptions({ queryKey: [...findingQueries.all(), 'firstWeek', siteId], queryFn: () => rpc('findings.firstWeek', { siteId }) }),
  /** Repeat flags of the whole portfolio (no site) or of one site. */
  flags: (siteId?: string) =>
    queryOptions({ queryKey: [...findingQueries.all(), 'flags', siteId ?? null], queryFn: () => rpc('findings.flags', siteId ? { siteId } : {}) }),
  settings: () => queryOptions({ queryKey: [...findingQueries.all(), 'settings'], queryFn: () => rpc('findings.settings', {}) }),
};
