import { Badge, Button, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconCalculator, IconHistory, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { PlaybookCadenceVersion, PlaybookItemVersion } from '@core/contract/playbook';
import { REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { CadenceDialog, ItemDialog } from './playbook-item-dialogs';
import { cadenceTiming, HistoryDialog, PublishedBy, type HistoryTarget } from './playbook-history';
import { playbookQueries } from './queries';
import { QueryError } from '../../lib/query-state';

function ItemsTable({
  title,
  items,
  onEdit,
  onHistory,
}: {
  title: string;
  items: PlaybookItemVersion[];
  onEdit: (i: PlaybookItemVersion) => void;
  onHistory: (i: PlaybookItemVersion) => void;
}) {
  return (
    <Paper withBorder>
      <Title order={3} size="h5" p="sm">
        {title}
      </Title>
      <Table aria-label={title} verticalSpacing="xs">
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.itemId} data-testid={`playbook-${i.kind}-${i.itemId}`}>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {i.title}
                  </Text>
                  {i.computed ? (
                    <Tooltip label="Decided by the app from the site’s records">
                      <Badge variant="light" color="gray" tt="none" leftSection={<IconCalculator size={12} />}>
                        computed
                      </Badge>
                    </Tooltip>
                  ) : null}
                </Group>
                <Text size="xs">{i.description}</Text>
              </Table.Td>
              <Table.Td style={{ width: 280 }}>
                <Badge variant="light" tt="none">
                  v{i.version}
                </Badge>
                <PublishedBy v={i} />
              </Table.Td>
              <Table.Td style={{ width: 200 }}>
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="subtle"
                    leftSection={<IconHistory size={14} />}
                    onClick={() => onHistory(i)}
                    aria-label={`Versions of “${i.title}”`}
                  >
                    History
                  </Button>
                  <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={() => onEdit(i)} aria-label={`Edit “${i.title}”`}>
                    Edit
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** The playbook's checklist, acceptance checks and default review cadences, each versioned and editable like an SOP. */
export function PlaybookItemsSection() {
  const q = useQuery(playbookQueries.items());
  const [editing, setEditing] = useState<PlaybookItemVersion | null>(null);
  const [editingCadence, setEditingCadence] = useState<PlaybookCadenceVersion | null>(null);
  const [history, setHistory] = useState<HistoryTarget | null>(null);
  if (q.isError) return <QueryError error={q.error} />;
  if (!q.data) return null;
  const d = q.data;
  const itemHistory = (i: PlaybookItemVersion) => setHistory({ kind: i.kind, itemId: i.itemId, title: i.title });
  return (
    <Stack>
      <Text c="dimmed" size="sm">
        What every site’s readiness and review planning use. An edit publishes a new version with its change summary; importing a playbook file publishes what
        differs.
      </Text>
      <ItemsTable title="Production checklist" items={d.checklist} onEdit={setEditing} onHistory={itemHistory} />
      <ItemsTable title="Acceptance checks" items={d.acceptance} onEdit={setEditing} onHistory={itemHistory} />
      <Paper withBorder>
        <Title order={3} size="h5" p="sm">
          Review cadences
        </Title>
        <Table aria-label="Review cadences" verticalSpacing="xs">
          <Table.Tbody>
            {d.cadences.map((c) => (
              <Table.Tr key={c.kind} data-testid={`playbook-cadence-${c.kind}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {REVIEW_KIND_LABEL[c.kind]}
                  </Text>
                  <Text size="xs">
                    {cadenceTiming(c)}. {c.description}
                  </Text>
                </Table.Td>
                <Table.Td style={{ width: 280 }}>
                  <Badge variant="light" tt="none">
                    v{c.version}
                  </Badge>
                  <PublishedBy v={c} />
                </Table.Td>
                <Table.Td style={{ width: 200 }}>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="subtle"
                      leftSection={<IconHistory size={14} />}
                      onClick={() => setHistory({ kind: 'cadence', cadence: c.kind })}
                      aria-label={`Versions of the ${REVIEW_KIND_LABEL[c.kind].toLowerCase()} cadence`}
                    >
                      History
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconPencil size={14} />}
                      onClick={() => setEditingCadence(c)}
                      aria-label={`Edit the ${REVIEW_KIND_LABEL[c.kind].toLowerCase()} cadence`}
                    >
                      Edit
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      {editing ? <ItemDialog item={editing} onClose={() => setEditing(null)} /> : null}
      {editingCadence ? <CadenceDialog cadence={editingCadence} onClose={() => setEditingCadence(null)} /> : null}
      {history ? <HistoryDialog target={history} onClose={() => setHistory(null)} /> : null}
    </Stack>
  );
}
