/** Reads of the workspace's backups. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const backupQueries = {
  all: () => ['backups'] as const,
  list: () => queryOptions({ queryKey: [...backupQueries.all(), 'list'], queryFn: () => rpc('backups.list', {}) }),
};
