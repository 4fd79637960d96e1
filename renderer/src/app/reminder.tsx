/**
 * The in-window review reminder: shown once a day per workspace (the day it was shown is kept in
 * localStorage), not at every page load, and again when main's scheduler reports something new.
 * It sits at the foot of the sidebar, where it covers nothing; the Reviews badge in the sidebar
 * says the same at any time.
 */
import { Anchor, CloseButton, Group, Paper, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { onEvent } from '../lib/rpc';

export interface Reminder {
  title: string;
  overdue: boolean;
}

const storageKey = (workspace: string) => `rollout-workbench.reminder-shown:${workspace}`;

/** Today as the user's calendar shows it (YYYY-MM-DD). */
function localDay(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function shownToday(workspace: string): boolean {
  try {
    return localStorage.getItem(storageKey(workspace)) === localDay();
  } catch {
    return false;
  }
}

function markShown(workspace: string) {
  try {
    localStorage.setItem(storageKey(workspace), localDay());
  } catch {
    // Storage refused (private mode, full): the reminder shows again next time, which is harmless.
  }
}

/**
 * `summary` is today's count as the app knows it (null until loaded); `workspace` names the
 * workspace the day is remembered for.
 */
export function useDailyReminder(workspace: string | undefined, summary: Reminder | null) {
  const [reminder, setReminder] = useState<Reminder | null>(null);
  useEffect(() => {
    if (!workspace || !summary || shownToday(workspace)) return;
    markShown(workspace);
    setReminder(summary);
    // Once per load at most: later changes of the count go to the badge, not to a new reminder.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workspace, summary === null]);
  useEffect(
    () =>
      onEvent('reminders.due', (n) => {
        if (workspace) markShown(workspace);
        setReminder({ title: n.title, overdue: n.overdue > 0 });
      }),
    [workspace],
  );
  return { reminder, dismiss: () => setReminder(null) };
}

export function ReminderCard({ reminder, onDismiss }: { reminder: Reminder; onDismiss: () => void }) {
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      role="status"
      data-testid="reviews-reminder"
      style={{ borderLeft: `4px solid var(--mantine-color-${reminder.overdue ? 'red' : 'orange'}-7)` }}
    >
      <Group gap={6} wrap="nowrap" align="flex-start" justify="space-between">
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconBell size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <div>
            <Text size="sm" fw={600}>
              {reminder.title}
            </Text>
            <Anchor href="#/reviews" size="sm" onClick={onDismiss}>
              Open Reviews
            </Anchor>
          </div>
        </Group>
        <CloseButton size="sm" aria-label="Dismiss reminder" onClick={onDismiss} />
      </Group>
    </Paper>
  );
}
