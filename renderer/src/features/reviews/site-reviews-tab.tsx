import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Review } from '@core/contract/reviews';
import type { Site } from '@core/contract/sites';
import { describeRrule, REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { ReviewActions } from './review-actions';
import { StateBadge } from './review-state';
import { reviewQueries } from './queries';
import { useSetSchedule } from './mutations';
import { QueryError } from '../../lib/query-state';

const capitalised = (text: string) => text.replace(/^./, (c) => c.toUpperCase());
const PRESETS = [
  ...['FREQ=MONTHLY', 'FREQ=MONTHLY;INTERVAL=2', 'FREQ=MONTHLY;INTERVAL=3', 'FREQ=MONTHLY;INTERVAL=6', 'FREQ=YEARLY'].map((value) => ({
    value,
    label: capitalised(describeRrule(value)),
  })),
  { value: 'custom', label: 'Custom rule (RFC 5545)…' },
];

function ScheduleDialog({ site, rrule, defaultRrule, onClose }: { site: Site; rrule: string; defaultRrule: string; onClose: () => void }) {
  const preset = PRESETS.some((p) => p.value === rrule) ? rrule : 'custom';
  const [choice, setChoice] = useState<string>(preset);
  const [custom, setCustom] = useState(preset === 'custom' ? rrule : '');
  const [error, setError] = useState<string | null>(null);
  const save = useSetSchedule({
    onSuccess: (s) => {
      notifySaved(`Periodic reviews planned; the next is due ${s.next[0]}.`);
      onClose();
    },
    onError: (e) => setError(issuesByPath(e).rrule ?? errorMessage(e)),
  });
  return (
    <Modal opened onClose={onClose} title={`Periodic reviews of “${site.name}”`}>
      <Stack>
        <Text size="sm" c="dimmed">
          The playbook's default is {describeRrule(defaultRrule)}. Changing the cadence moves the open periodic review to the new cadence's first date, counted
          from today.
        </Text>
        <Select label="Cadence" data={PRESETS} value={choice} onChange={(v) => setChoice(v ?? defaultRrule)} allowDeselect={false} />
        {choice === 'custom' ? (
          <TextInput
            label="Recurrence rule"
            description="For example FREQ=WEEKLY;INTERVAL=2;BYDAY=MO (every other Monday)."
            value={custom}
            onChange={(e) => setCustom(e.currentTarget.value)}
            error={error}
          />
        ) : error ? (
          <Alert color="red">{error}</Alert>
        ) : null}
        <Group justify="space-between">
          <Button variant="subtle" onClick={() => save.mutate({ siteId: site.id, rrule: null })}>
            Use the playbook default
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={() => save.mutate({ siteId: site.id, rrule: choice === 'custom' ? custom : choice })} loading={save.isPending}>
              Save cadence
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

export function SiteReviewsTab({ site }: { site: Site }) {
  const data = useQuery(reviewQueries.forSite(site.id));
  const summary = useQuery(reviewQueries.summary());
  const [editing, setEditing] = useState(false);
  if (data.isError) return <QueryError error={data.error} />;
  if (!data.data) return null;
  const { reviews, schedule } = data.data;
  const today = summary.data?.today ?? '';
  const open = reviews.filter((r) => r.state !== 'done' && r.state !== 'skipped');
  const finished = reviews.filter((r) => r.state === 'done' || r.state === 'skipped');
  const row = (r: Review) => (
    <Table.Tr key={r.id} data-testid={`site-review-${r.kind}`}>
      <Table.Td>{REVIEW_KIND_LABEL[r.kind]}</Table.Td>
      <Table.Td>
        {r.dueOn}
        {r.snoozedUntil && r.snoozedUntil > r.dueOn && !r.doneAt && !r.skippedAt ? (
          <Text size="xs" c="dimmed">
            snoozed to {r.snoozedUntil}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td maw={380}>
        <Text size="sm">{r.reason}</Text>
        {r.waitingOperators.length ? (
          <Text size="xs" c="blue.9">
            Access waits: {r.waitingOperators.map((o) => o.name).join(', ')}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={r.ownerName ? undefined : 'red.9'}>
          {r.ownerName ?? 'No owner'}
        </Text>
      </Table.Td>
      <Table.Td>
        <StateBadge review={r} />
      </Table.Td>
      <Table.Td>{today ? <ReviewActions review={r} today={today} /> : null}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack>
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} size="h5">
              Periodic cadence
            </Title>
            <Text size="sm">
              {capitalised(describeRrule(schedule.rrule))}{' '}
              {schedule.isDefault ? (
                <Badge variant="light" tt="none">
                  playbook default
                </Badge>
              ) : (
                <Badge variant="light" color="grape" tt="none">
                  set for this site
                </Badge>
              )}
            </Text>
            <Text size="sm" c="dimmed" data-testid="next-occurrences">
              Next dates: {schedule.next.join(', ')}
            </Text>
          </div>
          <Button variant="default" onClick={() => setEditing(true)} disabled={Boolean(site.archivedAt)}>
            Change cadence…
          </Button>
        </Group>
      </Paper>

      <Title order={3} size="h5">
        Open reviews
      </Title>
      {open.length ? (
        <Table data-testid="open-reviews">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Review</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{open.map(row)}</Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed" size="sm">
          {site.stage === 'retired' ? 'The site is retired: no reviews are planned.' : 'No review is open.'}
        </Text>
      )}

      <Title order={3} size="h5">
        Done and skipped
      </Title>
      {finished.length ? (
        <Table data-testid="finished-reviews">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Review</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {finished.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{REVIEW_KIND_LABEL[r.kind]}</Table.Td>
                <Table.Td>{r.dueOn}</Table.Td>
                <Table.Td maw={480}>
                  {r.state === 'done' ? (
                    <>
                      <Text size="sm">{r.notes}</Text>
                      {r.findings ? (
                        <Text size="sm" fw={600}>
                          Findings: {r.findings}
                        </Text>
                      ) : null}
                    </>
                  ) : (
                    <Text size="sm">Skipped: {r.skipReason}</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.doneBy ?? r.skippedBy}</Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(r.doneAt ?? r.skippedAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StateBadge review={r} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text c="dimmed" size="sm">
          No review has been done yet.
        </Text>
      )}
      {editing ? <ScheduleDialog site={site} rrule={schedule.rrule} defaultRrule={schedule.defaultRrule} onClose={() => setEditing(false)} /> : null}
    </Stack>
  );
}
