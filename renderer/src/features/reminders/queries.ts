/**
 * This device's reminder state (tray count, pause, start at login, live calendar, SMTP password kept,
 * the digest's deliveries). Keys and what a write refreshes: lib/queries.ts. Main pushes every change
 * as the 'reminders.state' event, so a delivery that fails or a calendar rewrite shows as it happens.
 */
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ReminderState } from '@core/contract/reminders';
import { onEvent, rpc } from '../../lib/rpc';

export const reminderQueries = {
  all: () => ['reminders'] as const,
  state: () => queryOptions({ queryKey: [...reminderQueries.all(), 'state'], queryFn: () => rpc('reminders.state', {}) }),
};

/** The reminder state, kept current by main's 'reminders.state' event. `enabled` false: not asked (a page that only listens). */
export function useReminderState() {
  const qc = useQueryClient();
  useEffect(() => onEvent('reminders.state', (state: ReminderState) => qc.setQueryData(reminderQueries.state().queryKey, state)), [qc]);
  return useQuery(reminderQueries.state());
}
