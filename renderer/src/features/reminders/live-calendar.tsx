/**
 * Settings → Live calendar: an .ics file on this device rewritten after every change that moves a
 * review, for a calendar application subscribed to it. The desktop app chooses the file in a save
 * dialog; the web harness takes a typed absolute path. Errors show beside the field.
 */
import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { firstIssueMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useSetLiveCalendar } from './mutations';
import { useReminderState } from './queries';

const RED = { color: 'var(--rw-tone-red)' } as const;

export function LiveCalendarSection() {
  const { data: state } = useReminderState();
  const [typed, setTyped] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = useSetLiveCalendar({ onSuccess: () => setTyped(null), onError: (e) => setError(firstIssueMessage(e)) });
  if (!state) return null;
  const cal = state.liveCalendar;
  const run = (input: Parameters<typeof set.mutate>[0]) => {
    if (set.isPending) return;
    setError(null);
    set.mutate(input);
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="reminders-calendar-title" data-testid="reminders-calendar">
      <Title order={3} size="h5" id="reminders-calendar-title">
        Live calendar
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        A calendar file on this computer, rewritten after every change that moves a review. Subscribe to it in your calendar application to see today’s reviews
        there; overdue ones show on today with “overdue since”.
      </Text>
      <Stack gap="xs">
        <Text size="sm" data-testid="live-calendar-path" style={{ wordBreak: 'break-all' }}>
          File: {cal.path ?? 'None'}
        </Text>
        {cal.path ? <Text size="sm">Last written: {cal.lastWrittenAt ? formatDateTime(cal.lastWrittenAt) : 'not yet'}</Text> : null}
        {cal.error ? (
          <Text size="sm" style={RED} role="alert">
            The calendar could not be written: {cal.error}
          </Text>
        ) : null}
        {cal.canChoose ? (
          <Stack gap={4}>
            <Group gap="xs">
              <Button variant="default" onClick={() => run({ choose: true })} loading={set.isPending && 'choose' in set.variables}>
                Choose file…
              </Button>
            </Group>
            {error ? (
              <Text size="sm" style={RED} role="alert">
                {error}
              </Text>
            ) : null}
          </Stack>
        ) : (
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              label="Calendar file"
              description="The full path of an .ics file on this computer, e.g. /home/you/reviews.ics."
              value={typed ?? cal.path ?? ''}
              onChange={(e) => {
                setError(null);
                setTyped(e.currentTarget.value);
              }}
              error={error ?? undefined}
              style={{ flex: 1 }}
            />
            <Button variant="default" mt={46} onClick={() => run({ path: (typed ?? cal.path ?? '').trim() || null })} loading={set.isPending}>
              Save
            </Button>
          </Group>
        )}
        {cal.path ? (
          <Group>
            <Button variant="subtle" color="red" onClick={() => run({ path: null })}>
              Stop keeping a live calendar
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
