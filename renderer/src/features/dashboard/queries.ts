/** Reads of the portfolio dashboard. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const dashboardQueries = {
  all: () => ['dashboard'] as const,
  portfolio: () => queryOptions({ queryKey: [...dashboardQueries.all(), 'portfolio'], queryFn: () => rpc('dashboard.portfolio', {}) }),
};
