/** Reads of the workspace itself. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const workspaceQueries = {
  all: () => ['workspace'] as const,
  info: () => queryOptions({ queryKey: [...workspaceQueries.all(), 'info'], queryFn: () => rpc('workspace.info', {}) }),
};
