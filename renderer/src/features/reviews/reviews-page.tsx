import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Switch, Table, Text, TextInput, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconCalendarDown, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Fragment, memo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Review } from '@core/contract/reviews';
import { daysBetween, effectiveDue, REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { notifyError } from '../../lib/errors';
import { downloadFile } from '../../lib/download';
import { rpc } from '../../lib/rpc';
import { useDebounced } from '../../lib/use-debounced';
import { PersonSelect } from '../people/person-select';
import { ReviewActions } from './review-actions';
import { StateBadge } from './review-state';
import { reviewQueries } from './queries';
import { settingsQueries } from '../settings/queries';
import { QueryError, QueryLoading } from '../../lib/query-state';
import { useRenderedMark } from '../../lib/rendered-mark';

const VIEWS = {
  attention: { label: 'Due & overdue', states: ['overdue', 'due'] as Review['state'][] },
  upcoming: { label: 'Upcoming', states: ['upcoming'] as Review['state'][] },
  done: { label: 'Done', states: ['done'] as Review['state'][] },
  skipped: { label: 'Skipped', states: ['skipped'] as Review['state'][] },
  all: { label: 'All', states: [] as Review['state'][] },
};
type View = keyof typeof VIEWS;
/** Reviews per page: the first paint renders this many rows (each with its actions), more on “Show more”. */
const PAGE = 50;

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "Today", "Tomorrow", "3 days overdue" … beside the date itself. */
function dayHeading(day: string, today: string): string {
  const d = daysBetween(today, day);
  const formatted = dayFormat.format(new Date(`${day}T00:00:00Z`));
  if (d === 0) return `Today · ${formatted}`;
  if (d === 1) return `Tomorrow · ${formatted}`;
  if (d < 0) return `${formatted} · ${-d} day${d === -1 ? '' : 's'} overdue`;
  return `${formatted} · in ${d} days`;
}

function groupKey(r: Review, groupBy: 'date' | 'owner'): string {
  if (groupBy === 'owner') return r.ownerName ? `${r.ownerName} <${r.ownerEmail}>` : 'No owner';
  if (r.state === 'done') return `Done ${r.doneAt?.slice(0, 10)}`;
  if (r.state === 'skipped') return `Skipped ${r.skippedAt?.slice(0, 10)}`;
  return effectiveDue(r);
}

/** One review's row; rows already shown stay as they are while the page around them changes (a key typed in the search). */
const ReviewRow = memo(function ReviewRow({ review: r, today }: { review: Review; today: string }) {
  return (
    <Table.Tr data-testid={`review-${r.id}`}>
      <Table.Td>
        <Text size="sm">{r.dueOn}</Text>
        {r.snoozedUntil && r.snoozedUntil > r.dueOn && r.state !== 'done' && r.state !== 'skipped' ? (
          <Text size="xs" c="dimmed">
            snoozed to {r.snoozedUntil}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/sites/${r.siteId}/reviews`} size="sm">
          {r.siteName}
        </Anchor>
        <Text size="xs" c="dimmed">
          {r.clientName}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{REVIEW_KIND_LABEL[r.kind]}</Text>
      </Table.Td>
      <Table.Td maw={360}>
        <Text size="sm" lineClamp={2}>
          {r.reason}
        </Text>
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
        {r.ownerName && r.ownerFollowsMatrix ? (
          <Text size="xs" c="dimmed">
            from owner matrix
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <StateBadge review={r} />
      </Table.Td>
      <Table.Td>
        <ReviewActions review={r} today={today} />
      </Table.Td>
    </Table.Tr>
  );
});

export function ReviewsPage() {
  const [params, setParams] = useSearchParams();
  const view = (params.get('state') as View | null) ?? 'attention';
  const groupBy = params.get('group') === 'owner' ? 'owner' : 'date';
  const mine = params.get('mine') === '1';
  const ownerParam = params.get('owner');
  const [search, setSearch] = useState(params.get('q') ?? '');
  const debounced = useDebounced(search, 250);
  const settings = useQuery(settingsQueries.get());
  const me = settings.data?.mePersonId ?? null;
  const ownerId = mine ? (me ?? undefined) : (ownerParam ?? undefined);
  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const input = { states: VIEWS[view]?.states ?? VIEWS.attention.states, ownerId, groupBy, search: debounced || undefined, limit: PAGE } as const;
  const list = useInfiniteQuery(reviewQueries.list(input));
  const first = list.data?.pages[0];
  useRenderedMark('reviews', list.isSuccess, input);
  const rows = list.data?.pages.flatMap((p) => p.rows) ?? [];
  const today = first?.today ?? '';
  const exportCalendar = async () => {
    try {
      const cal = await rpc('reviews.calendar', { ownerId });
      downloadFile(cal.fileName, 'text/calendar', cal.content);
    } catch (e) {
      notifyError(e, 'Calendar not exported');
    }
  };

  const groups: { key: string; rows: Review[] }[] = [];
  for (const r of rows) {
    const key = groupKey(r, groupBy);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.rows.push(r);
    else groups.push({ key, rows: [r] });
  }
  const heading = (key: string) => (groupBy === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(key) ? dayHeading(key, today) : key);

  return (
    <Stack maw={1400}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>Reviews</Title>
          <Text c="dimmed" size="sm">
            Every site's cadence: initial setup, first week, after hosting changes, before new users, and periodic reviews.
            {first ? ` Days are counted in ${first.timeZone}; today is ${first.today}.` : ''}
          </Text>
        </div>
        <Tooltip label="One event per open review; importing it again updates the events instead of adding copies.">
          <Button variant="default" leftSection={<IconCalendarDown size={16} />} onClick={() => void exportCalendar()}>
            Export calendar (.ics)
          </Button>
        </Tooltip>
      </Group>

      {first ? (
        <Group gap="sm" data-testid="review-counts">
          <Badge size="lg" color="red" variant={first.counts.overdue ? 'filled' : 'light'} tt="none">
            {first.counts.overdue} overdue
          </Badge>
          <Badge size="lg" color="orange" variant={first.counts.due ? 'filled' : 'light'} tt="none">
            {first.counts.due} due today
          </Badge>
          <Badge size="lg" color="blue" variant="light" tt="none">
            {first.counts.upcoming} in the next 7 days
          </Badge>
        </Group>
      ) : null}

      <Paper withBorder p="sm">
        <Group align="flex-end" gap="md" wrap="wrap">
          <SegmentedControl
            aria-label="Which reviews"
            data={Object.entries(VIEWS).map(([value, v]) => ({ value, label: v.label }))}
            value={view}
            onChange={(v) => update({ state: v === 'attention' ? null : v })}
          />
          <TextInput
            label="Search"
            placeholder="Site, client, owner or reason"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              update({ q: e.currentTarget.value });
            }}
            w={260}
          />
          <PersonSelect
            label="Owner"
            placeholder="Anyone"
            value={mine ? null : ownerParam}
            onChange={(id) => update({ owner: id, mine: null })}
            disabled={mine}
            clearable
            w={240}
          />
          <Tooltip label={me ? 'Only the reviews you own (Settings → You are)' : 'Set who you are in Settings to use this filter'}>
            <div>
              <Switch label="Mine" checked={mine} disabled={!me} onChange={(e) => update({ mine: e.currentTarget.checked ? '1' : null, owner: null })} />
            </div>
          </Tooltip>
          <SegmentedControl
            aria-label="Group by"
            data={[
              { value: 'date', label: 'By date' },
              { value: 'owner', label: 'By owner' },
            ]}
            value={groupBy}
            onChange={(v) => update({ group: v === 'date' ? null : v })}
          />
        </Group>
      </Paper>

      {list.isError ? <QueryError error={list.error} /> : null}
      {list.isPending ? (
        <QueryLoading p="xl" size="md" />
      ) : rows.length === 0 ? (
        <Paper withBorder p="xl" data-testid="reviews-empty">
          <Text ta="center" fw={500}>
            {view === 'attention' ? 'Nothing is due or overdue.' : 'No reviews match.'}
          </Text>
          <Text ta="center" c="dimmed" size="sm">
            {view === 'attention'
              ? 'Upcoming reviews are under “Upcoming”; each site’s cadence is on its Reviews tab.'
              : 'Clear the search or the owner filter to see more.'}
          </Text>
        </Paper>
      ) : (
        <Table striped highlightOnHover stickyHeader data-testid="reviews-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>Due</Table.Th>
              <Table.Th>Site</Table.Th>
              <Table.Th>Review</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {groups.map((g) => (
              <Fragment key={g.key}>
                <Table.Tr>
                  <Table.Th colSpan={7} scope="colgroup" bg="var(--mantine-color-default-hover)">
                    <Text fw={600} size="sm" component="h3" m={0}>
                      {heading(g.key)}{' '}
                      <Text span c="dimmed" size="sm">
                        ({g.rows.length})
                      </Text>
                    </Text>
                  </Table.Th>
                </Table.Tr>
                {g.rows.map((r) => (
                  <ReviewRow key={r.id} review={r} today={today} />
                ))}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list.hasNextPage ? (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            Show more ({rows.length} of {first?.total})
          </Button>
        </Group>
      ) : rows.length > 0 ? (
        <Text size="sm" c="dimmed" ta="center">
          {rows.length} review{rows.length === 1 ? '' : 's'}
        </Text>
      ) : null}
    </Stack>
  );
}
