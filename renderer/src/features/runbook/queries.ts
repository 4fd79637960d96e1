/** Reads of the runbook (template, client or site) and a site's rehearsals. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import type { RunbookScope } from '@core/runbook/registry';
import { rpc } from '../../lib/rpc';

/** One key part per scope, so a site's, a client's and the template's runbooks never share a cache entry. */
export const scopeKey = (scope: RunbookScope): string =>
  'siteId' in scope ? `site:${scope.siteId}` : 'clientId' in scope ? `client:${scope.clientId}` : 'workspace';

export const runbookQueries = {
  all: () => ['runbook'] as const,
  get: (scope: RunbookScope) => queryOptions({ queryKey: [...runbookQueries.all(), 'get', scopeKey(scope)], queryFn: () => rpc('runbook.get', { scope }) }),
  rehearsals: (siteId: string) =>
    queryOptions({ queryKey: [...runbookQueries.all(), 'rehearsals', siteId], queryFn: () => rpc('runbook.rehearsals', { siteId }) }),
};
