/**
 * This device's reminder writes: pause for today, start at login, the live calendar, the SMTP password
 * and a test message. Each answers the new state, which goes straight into the cache (main's
 * 'reminders.state' event says the same a moment later). What each refreshes: lib/queries.ts.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { ReminderState } from '@core/contract/reminders';
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import type { Channel, OutputOf } from '@core/contract/index';
import { reminderQueries } from './queries';

type StateWrite =
  'reminders.pauseToday' | 'reminders.setStartAtLogin' | 'reminders.setLiveCalendar' | 'reminders.setSmtpPassword' | 'reminders.clearSmtpPassword';

function stateOf<C extends Channel>(answer: OutputOf<C>): ReminderState {
  return (answer as { state?: ReminderState }).state ?? (answer as ReminderState);
}

function useStateWrite<C extends StateWrite | 'reminders.sendTest'>(channel: C, o?: ChannelWriteOptions<C>) {
  const qc = useQueryClient();
  return useChannelWrite(channel, [reminderQueries.all()], {
    ...o,
    onSuccess: async (data, ...rest) => {
      qc.setQueryData(reminderQueries.state().queryKey, stateOf<C>(data));
      await o?.onSuccess?.(data, ...rest);
    },
  });
}

/** "Pause reminders for today" (this device: desktop notifications and its digest). */
export const usePauseToday = (o?: ChannelWriteOptions<'reminders.pauseToday'>) => useStateWrite('reminders.pauseToday', o);
/** "Start at login, hidden in the tray" (the desktop app only). */
export const useSetStartAtLogin = (o?: ChannelWriteOptions<'reminders.setStartAtLogin'>) => useStateWrite('reminders.setStartAtLogin', o);
/** Sets, chooses (main's save dialog) or clears the live calendar file. */
export const useSetLiveCalendar = (o?: ChannelWriteOptions<'reminders.setLiveCalendar'>) => useStateWrite('reminders.setLiveCalendar', o);
/** Keeps the SMTP password in this device's credential store. */
export const useSetSmtpPassword = (o?: ChannelWriteOptions<'reminders.setSmtpPassword'>) => useStateWrite('reminders.setSmtpPassword', o);
export const useClearSmtpPassword = (o?: ChannelWriteOptions<'reminders.clearSmtpPassword'>) => useStateWrite('reminders.clearSmtpPassword', o);
/** "Send test message": answers what happened in words, and the state with the delivery recorded. */
export const useSendTestMessage = (o?: ChannelWriteOptions<'reminders.sendTest'>) => useStateWrite('reminders.sendTest', o);
