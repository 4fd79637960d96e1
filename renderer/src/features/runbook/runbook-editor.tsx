/**
 * The runbook at one scope (a site, a client or the agency template): its facts, then its lists.
 * The same editor serves the site's Documents tab, a client's runbook page and Settings → Runbook
 * template; what a scope does not set, it inherits (core/runbook/resolve.ts).
 */
import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { RunbookScope } from '@core/runbook/registry';
import { RUNBOOK_WHERE } from '@core/runbook/where';
import { QueryError, QueryLoading } from '../../lib/query-state';
import { runbookQueries, scopeKey } from './queries';
import { RunbookFacts } from './runbook-facts';
import { RunbookLists } from './runbook-lists';

export function RunbookEditor({ scope, disabled, heading = true }: { scope: RunbookScope; disabled?: boolean; heading?: boolean }) {
  const q = useQuery(runbookQueries.get(scope));
  const reload = () => void q.refetch();
  return (
    <Stack data-testid="runbook-editor">
      {heading ? (
        <div>
          <Title order={3} size="h4">
            {RUNBOOK_WHERE.runbook}
          </Title>
          <Text size="sm" c="dimmed">
            What the rollback plan and the support path tell the client’s team: when and how to roll back, who tells whom, severities, triage, escalation and
            vendors.
          </Text>
        </div>
      ) : null}
      {q.isError ? <QueryError error={q.error} /> : null}
      {q.isPending ? <QueryLoading /> : null}
      {q.data ? (
        <>
          <RunbookFacts key={scopeKey(scope)} view={q.data} scope={scope} disabled={disabled} onReload={reload} />
          <RunbookLists key={`lists-${scopeKey(scope)}`} view={q.data} scope={scope} disabled={disabled} onReload={reload} />
        </>
      ) : null}
    </Stack>
  );
}
