/** Reads of the workspace itself. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import { rpc } from '../../lib/rpc';

export const workspaceQueries = {
  all: () => ['workspace'] as const,
  info: () => queryOptions({ queryKey: [...workspaceQueries.all(), 'info'], queryFn: () => rpc('workspace.info', {}) }),
};

/** Which workspace is open (or the recovery screen's), and the recent list: `workspace.state`. */
export const workspaceStateQuery = () =>
  queryOptions({ queryKey: [...workspaceQueries.all(), 'state'], queryFn: () => rpc('workspace.state', {}), staleTime: 30_000 });
