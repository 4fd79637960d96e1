/** Reads of the workspace settings. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const settingsQueries = {
  all: () => ['settings'] as const,
  get: () => queryOptions({ queryKey: [...settingsQueries.all(), 'get'], queryFn: () => rpc('settings.get', {}) }),
};
