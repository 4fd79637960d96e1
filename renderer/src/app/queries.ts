/** The shell's own reads: the workspace, who is acting, and the palette's search. Keys: see lib/queries.ts. */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { rpc } from '../lib/rpc';

export const workspaceQueries = {
  all: () => ['workspace'] as const,
  info: () => queryOptions({ queryKey: [...workspaceQueries.all(), 'info'], queryFn: () => rpc('workspace.info', {}) }),
};

export const identityQueries = {
  all: () => ['identity'] as const,
  get: () => queryOptions({ queryKey: [...identityQueries.all(), 'get'], queryFn: () => rpc('identity.get', {}) }),
};

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
