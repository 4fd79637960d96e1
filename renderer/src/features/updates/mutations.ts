/**
 * Checking now, turning automatic updates on or off, and restarting into a downloaded version. What
 * each refreshes: lib/queries.ts. The state is read again after the answer rather than taken from it:
 * main's events travel apart from the answers, so a download that ends quickly can report 'ready'
 * before the check's own answer ('downloading') arrives, and the older answer must not win.
 */
import { useMutationState, useQueryClient, type Mutation } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { OutputOf } from '@core/contract/index';
import { refresh, useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { updateQueries } from './queries';

/** "Check now": answers once the check has an answer; a download found goes on in the background. */
export const useCheckForUpdates = (o?: ChannelWriteOptions<'updates.check'>) => useChannelWrite('updates.check', [updateQueries.all()], o);

/** The "Automatic updates" switch (this device only). */
export const useSetAutomaticUpdates = (o?: ChannelWriteOptions<'updates.setAutomatic'>) => useChannelWrite('updates.setAutomatic', [updateQueries.all()], o);

/** One key for every "Restart to update" on screen (banner and Settings), so all show the same restart. */
const INSTALL_KEY = [...updateQueries.all(), 'install'] as const;

type InstallState = { status: 'idle' | 'pending' | 'success' | 'error'; data: OutputOf<'updates.install'> | undefined; error: Error | null };

/**
 * "Restart to update": refused (BUSY, naming what runs) while an export or an import runs. The state is
 * read again after a refusal too (what runs has changed since it was drawn). `latest` is the last
 * restart asked from any control; `clear` forgets it (a refusal whose cause has ended).
 */
export function useInstallUpdate() {
  const qc = useQueryClient();
  const install = useChannelWrite('updates.install', [updateQueries.all()], {
    mutationKey: INSTALL_KEY,
    onError: () => refresh(qc, updateQueries.all()),
  });
  const all = useMutationState({ filters: { mutationKey: INSTALL_KEY }, select: (m) => m.state as InstallState });
  const latest: InstallState = all.at(-1) ?? { status: 'idle', data: undefined, error: null };
  const clear = useCallback(() => {
    const cache = qc.getMutationCache();
    for (const m of cache.findAll({ mutationKey: INSTALL_KEY })) if (m.state.status !== 'pending') cache.remove(m as Mutation<unknown, unknown, unknown>);
  }, [qc]);
  return { start: () => install.mutate({}), latest, clear };
}
