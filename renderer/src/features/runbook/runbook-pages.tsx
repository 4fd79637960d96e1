/** The runbook pages outside a site: one client's runbook, and the agency template (Settings → Runbook template). */
import { Anchor, Breadcrumbs, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { QueryError } from '../../lib/query-state';
import { runbookQueries } from './queries';
import { RunbookEditor } from './runbook-editor';

export function ClientRunbookPage() {
  const { id = '' } = useParams();
  const view = useQuery(runbookQueries.get({ clientId: id }));
  const name = view.data?.scopeName ?? '…';
  return (
    <Stack maw={1200}>
      <Breadcrumbs>
        <Anchor href="#/clients">Clients</Anchor>
        <Text size="sm">{name}</Text>
      </Breadcrumbs>
      <div>
        <Title order={2}>Runbook of {name}</Title>
        <Text size="sm" c="dimmed">
          What the rollback plans and support paths of this client’s sites say, unless a site sets its own. What is not set here comes from the agency template.
        </Text>
      </div>
      {view.isError ? <QueryError error={view.error} /> : null}
      {view.data ? <RunbookEditor scope={{ clientId: id }} heading={false} /> : null}
    </Stack>
  );
}

export function RunbookTemplatePage() {
  return (
    <Stack maw={1200}>
      <Breadcrumbs>
        <Anchor href="#/settings">Settings</Anchor>
        <Text size="sm">Runbook template</Text>
      </Breadcrumbs>
      <div>
        <Title order={2}>Runbook template</Title>
        <Text size="sm" c="dimmed">
          The agency’s defaults for every site’s rollback plan and support path: severities and response times, message templates, triage, escalation, vendor
          contacts and rollback steps. A client or a site may set its own; what nobody sets uses the built-in default.
        </Text>
      </div>
      <RunbookEditor scope={{ workspace: true }} heading={false} />
    </Stack>
  );
}
