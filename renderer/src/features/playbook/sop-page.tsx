import { Anchor, Badge, Breadcrumbs, Button, Code, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useLocation, useParams, useSearchParams } from 'react-router';
import type { SopProposal } from '@core/contract/findings';
import { useGo } from '../../lib/navigation';
import { ROLE_LABEL, WORKFLOW_LABEL, type OperatorRole, type Workflow } from '@core/playbook/schema';
import { formatDateTime } from '../../lib/format';
import { SopEditor } from './sop-editor';
import { sopQueries } from '../sops/queries';
import { SopView } from './sop-view';
import { QueryError } from '../../lib/query-state';

export function SopPage() {
  const { workflow, role } = useParams() as { workflow: Workflow; role: OperatorRole };
  const [params, setParams] = useSearchParams();
  const version = params.get('v') ? Number(params.get('v')) : undefined;
  // A draft proposed from first-week findings arrives in the route's state (the First week tab's "Propose SOP update").
  const state = useLocation().state as { proposal?: SopProposal; from?: string } | null;
  const proposal = state?.proposal && state.proposal.workflow === workflow && state.proposal.role === role ? state.proposal : undefined;
  const go = useGo();
  const [editing, setEditing] = useState(Boolean(proposal));
  const [usedProposal, setUsedProposal] = useState(Boolean(proposal));
  const [returnTo, setReturnTo] = useState<string | null>(null);
  useEffect(() => {
    if (returnTo && !editing) go(returnTo);
  }, [returnTo, editing, go]);
  const detail = useQuery(sopQueries.get({ workflow, role }, version));
  const d = detail.data;
  const prev = d && d.sop.version > 1 ? d.sop.version - 1 : null;
  const diff = useQuery(sopQueries.diff({ workflow, role }, prev, d?.sop.version));
  if (detail.isError) return <QueryError error={detail.error} />;
  if (!d) return null;
  const latest = d.versions[0]!.version;
  return (
    <Stack maw={1100}>
      <Breadcrumbs>
        <Anchor href="#/playbook">Playbook</Anchor>
        <span>{WORKFLOW_LABEL[workflow]}</span>
        <span>{ROLE_LABEL[role]}</span>
      </Breadcrumbs>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>
            {WORKFLOW_LABEL[workflow]} · {ROLE_LABEL[role]}
          </Title>
          <Badge variant="light" tt="none">
            version {d.sop.version}
            {d.sop.version === latest ? ' (current)' : ''}
          </Badge>
        </Group>
        {!editing && d.sop.version === latest ? <Button onClick={() => setEditing(true)}>Edit SOP</Button> : null}
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Paper withBorder p="md" style={{ gridColumn: 'span 2' }}>
          {editing ? (
            <SopEditor
              detail={d}
              proposal={usedProposal ? proposal : undefined}
              onDone={(published) => {
                setEditing(false);
                setUsedProposal(false);
                // Back to the review once the editor (and its unsaved-changes guard) is gone.
                if (published && usedProposal && state?.from) setReturnTo(state.from);
              }}
            />
          ) : (
            <SopView sop={d.sop} />
          )}
        </Paper>
        <Stack>
          <Paper withBorder p="md">
            <Title order={3} size="h5" mb="xs">
              Versions
            </Title>
            <Table aria-label="SOP versions">
              <Table.Tbody>
                {d.versions.map((ver) => (
                  <Table.Tr key={ver.id}>
                    <Table.Td>
                      <Anchor
                        size="sm"
                        onClick={() => setParams(ver.version === latest ? {} : { v: String(ver.version) })}
                        fw={ver.version === d.sop.version ? 700 : 400}
                      >
                        v{ver.version}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{ver.changeSummary}</Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(ver.publishedAt)} · {ver.publishedBy}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {prev !== null ? (
            <Paper withBorder p="md" data-testid="sop-diff">
              <Title order={3} size="h5" mb="xs">
                Changes from v{prev}
              </Title>
              {(diff.data ?? []).map((c) => (
                <div key={c.field}>
                  <Code>{c.field}</Code>
                  {c.kind === 'text' ? (
                    <Text size="xs">
                      <s>{c.before}</s> → {c.after}
                    </Text>
                  ) : (
                    <List size="xs">
                      {c.added.map((a) => (
                        <List.Item key={`+${a}`} c="teal.9">
                          + {a}
                        </List.Item>
                      ))}
                      {c.removed.map((r) => (
                        <List.Item key={`-${r}`} c="red.9">
                          − {r}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </div>
              ))}
              {diff.data?.length === 0 ? (
                <Text size="xs" c="dimmed">
                  No differences.
                </Text>
              ) : null}
            </Paper>
          ) : null}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
