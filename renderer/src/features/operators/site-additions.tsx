import { Badge, Button, Group, Paper, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Site } from '@core/contract/sites';
import { WorkbenchError } from '@core/errors';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOW_ROLES, WORKFLOWS, type OperatorRole, type Workflow } from '@core/playbook/schema';
import { errorMessage, notifyError } from '../../lib/errors';
import { useAddOverride, useRemoveOverride } from '../overrides/mutations';
import { overrideQueries } from '../overrides/queries';

/** The site's own additions to its SOP pack: refusal rules and escalation contacts for one workflow and role. */
export function SiteAdditions({ site }: { site: Site }) {
  const list = useQuery(overrideQueries.list(site.id));
  const [workflow, setWorkflow] = useState<Workflow>('support_drafts');
  const [role, setRole] = useState<OperatorRole>('support_agent');
  const [kind, setKind] = useState<'refusal_rule' | 'escalation_contact'>('refusal_rule');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = useAddOverride({
    onSuccess: () => {
      setText('');
      setError(null);
    },
    onError: (e) => setError(e instanceof WorkbenchError ? (e.issueFor('text') ?? e.message) : errorMessage(e)),
  });
  const remove = useRemoveOverride({
    onError: (e) => notifyError(e),
  });
  const roles = WORKFLOW_ROLES[workflow];
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5">
        Site additions to the SOPs
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Extra refusal rules or escalation contacts that apply to this site only; they appear in its SOP pack.
      </Text>
      {(list.data ?? []).length ? (
        <Table mb="sm" aria-label="Site SOP additions">
          <Table.Tbody>
            {list.data!.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>
                  <Text size="sm">
                    {WORKFLOW_LABEL[o.workflow]} · {ROLE_LABEL[o.role]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" tt="none" size="sm">
                    {o.kind === 'refusal_rule' ? 'Refusal rule' : 'Escalation contact'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{o.text}</Text>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate({ id: o.id })} aria-label={`Remove addition ${o.text}`}>
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {site.archivedAt ? null : (
        <Group align="flex-end" wrap="wrap">
          <Select
            label="Workflow"
            data={WORKFLOWS.map((w) => ({ value: w, label: WORKFLOW_LABEL[w] }))}
            value={workflow}
            allowDeselect={false}
            onChange={(w) => {
              const next = (w ?? workflow) as Workflow;
              setWorkflow(next);
              if (!WORKFLOW_ROLES[next].includes(role)) setRole(WORKFLOW_ROLES[next][0]!);
            }}
            w={230}
          />
          <Select
            label="Role"
            data={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
            value={role}
            allowDeselect={false}
            onChange={(r) => setRole((r ?? role) as OperatorRole)}
            w={170}
          />
          <Select
            label="Kind"
            data={[
              { value: 'refusal_rule', label: 'Refusal rule' },
              { value: 'escalation_contact', label: 'Escalation contact' },
            ]}
            value={kind}
            allowDeselect={false}
            onChange={(k) => setKind((k ?? kind) as typeof kind)}
            w={170}
          />
          <TextInput label="Addition text" value={text} onChange={(e) => setText(e.currentTarget.value)} error={error} style={{ flex: 1, minWidth: 240 }} />
          <Button onClick={() => add.mutate({ siteId: site.id, workflow, role, kind, text })} loading={add.isPending} disabled={!text.trim()}>
            Add
          </Button>
        </Group>
      )}
    </Paper>
  );
}
