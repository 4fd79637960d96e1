import { Alert, Badge, Button, Group, List, Modal, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { IconCalculator, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Readiness } from '@core/contract/readiness';
import type { Site } from '@core/contract/sites';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useSetReadinessItem } from './mutations';
import { readinessQueries } from './queries';
import { QueryError } from '../../lib/query-state';

type Entry = Readiness['checklist'][number];
type Status = Entry['status'];
const STATUS_LABEL: Record<Status, string> = { open: 'Open', done: 'Done', not_applicable: 'Not applicable', blocked: 'Blocked' };
const STATUS_COLOR: Record<Status, string> = { open: 'gray', done: 'teal', not_applicable: 'blue', blocked: 'red' };

function RecordDialog({ site, kind, entry, onClose }: { site: Site; kind: 'checklist' | 'acceptance'; entry: Entry; onClose: () => void }) {
  const [status, setStatus] = useState<Status>(entry.status === 'open' ? 'done' : entry.status);
  const [evidence, setEvidence] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  // Only the field of the chosen status is sent: evidence belongs to Done, a reason to Not applicable or Blocked.
  const input = () => ({
    siteId: site.id,
    kind,
    itemId: entry.id,
    status,
    evidence: status === 'done' ? evidence : '',
    reason: status === 'not_applicable' || status === 'blocked' ? reason : '',
  });
  const save = useSetReadinessItem({
    onSuccess: () => {
      notifySaved(`“${entry.title}” recorded.`);
      onClose();
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      const placed = Object.keys(byPath).some((p) => p === 'evidence' || p === 'reason');
      setErrors(byPath);
      setFormError(placed ? null : errorMessage(e));
    },
  });
  return (
    <Modal opened onClose={onClose} title={entry.title} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {entry.description}
        </Text>
        {formError ? (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        ) : null}
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={(v) => {
            setStatus(v as Status);
            setErrors({});
          }}
          data={(['open', 'done', 'not_applicable', 'blocked'] as const).map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
        />
        {status === 'done' ? (
          <Textarea
            label="Evidence"
            required
            description="What shows it is done: a link, a screenshot name, who confirmed it and when."
            value={evidence}
            onChange={(e) => setEvidence(e.currentTarget.value)}
            error={errors.evidence}
            autosize
            minRows={2}
            data-autofocus
          />
        ) : null}
        {status === 'not_applicable' || status === 'blocked' ? (
          <Textarea label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} autosize minRows={2} />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => save.mutate(input())} loading={save.isPending}>
            Record
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Items({ site, kind, title, entries }: { site: Site; kind: 'checklist' | 'acceptance'; title: string; entries: Entry[] }) {
  const [editing, setEditing] = useState<Entry | null>(null);
  const done = entries.filter((e) => e.status === 'done' || e.status === 'not_applicable').length;
  return (
    <Paper withBorder>
      <Group justify="space-between" p="sm">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {done} of {entries.length} done
        </Text>
      </Group>
      <Table aria-label={title} verticalSpacing="xs">
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={e.id} data-testid={`${kind}-${e.id}`}>
              <Table.Td style={{ width: 130 }}>
                <Badge color={STATUS_COLOR[e.status]} variant="light" tt="none">
                  {STATUS_LABEL[e.status]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {e.title}
                  </Text>
                  {e.computed ? (
                    <Tooltip label="Decided by the app from the site's records">
                      <IconCalculator size={14} aria-label="computed" role="img" />
                    </Tooltip>
                  ) : null}
                </Group>
                <Text size="xs" c="dimmed">
                  {e.why}
                  {e.recordedBy ? ` · ${e.recordedBy}, ${formatDateTime(e.recordedAt)}` : ''}
                </Text>
              </Table.Td>
              <Table.Td style={{ width: 110 }}>
                {e.computed || site.archivedAt ? null : (
                  <Button size="xs" variant="default" onClick={() => setEditing(e)} aria-label={`Record ${e.title}`}>
                    Record
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editing ? <RecordDialog site={site} kind={kind} entry={editing} onClose={() => setEditing(null)} /> : null}
    </Paper>
  );
}

export function ReadinessTab({ site }: { site: Site }) {
  const r = useQuery(readinessQueries.get(site.id));
  if (r.isError) return <QueryError error={r.error} />;
  if (!r.data) return null;
  const d = r.data;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {d.gates.map((g) => (
          <Paper withBorder p="md" key={g.gate} data-testid={`gate-${g.gate}`}>
            <Group gap={6} mb={4}>
              {g.ok ? (
                <IconCircleCheck size={18} color="var(--mantine-color-teal-7)" aria-hidden />
              ) : (
                <IconCircleX size={18} color="var(--mantine-color-red-7)" aria-hidden />
              )}
              <Text fw={600} size="sm">
                {g.label}: {g.ok ? 'ready' : 'not ready'}
              </Text>
            </Group>
            {g.ok ? (
              <Text size="xs" c="dimmed">
                Every condition is met.
              </Text>
            ) : (
              <List size="xs">
                {g.reasons.map((x) => (
                  <List.Item key={x}>{x}</List.Item>
                ))}
              </List>
            )}
          </Paper>
        ))}
      </SimpleGrid>
      <Items site={site} kind="checklist" title="Production checklist" entries={d.checklist} />
      <Items site={site} kind="acceptance" title="Acceptance checks" entries={d.acceptance} />
      {d.overrides.length ? (
        <Paper withBorder>
          <Title order={3} size="h5" p="sm">
            Recorded overrides
          </Title>
          <Text size="xs" c="dimmed" px="sm" mb="xs">
            Stage moves, operator access and early first-week reviews that went ahead without meeting their gate.
          </Text>
          <Table aria-label="Recorded overrides" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Gate</Table.Th>
                <Table.Th>What went ahead</Table.Th>
                <Table.Th>Not met</Table.Th>
                <Table.Th>Reason given</Table.Th>
                <Table.Th>Who, when</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.overrides.map((o) => (
                <Table.Tr key={o.id} data-testid="override-row">
                  <Table.Td>
                    <Badge variant="light" color="red" tt="none">
                      {o.gate}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.action}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{o.reasons}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{o.overrideReason}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {o.actor}
                      <br />
                      {formatDateTime(o.at)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ) : null}
    </Stack>
  );
}
