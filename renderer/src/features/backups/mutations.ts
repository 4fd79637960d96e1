/**
 * Backing up and restoring. What each refreshes: lib/queries.ts. A restore replaces the whole
 * workspace, so, like choosing who you are, it refreshes everything (the host also tells every window).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InputOf, OutputOf } from '@core/contract/index';
import { refreshEverything, useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { backupQueries } from './queries';

/** "Back up now": the list shows the new backup when the call answers. */
export const useCreateBackup = (o?: ChannelWriteOptions<'backups.create'>) => useChannelWrite('backups.create', [backupQueries.all()], o);

/** Checks a backup and prepares its restore; reads only, so nothing to refresh. */
export const useInspectBackup = () =>
  useMutation<OutputOf<'backups.inspect'>, Error, InputOf<'backups.inspect'>>({ mutationFn: (input) => rpc('backups.inspect', input) });

/** Forgets a prepared restore (its checked copy is removed); a failure only leaves a temporary copy the app removes at exit. */
export const discardRestore = (token: string) => rpc('backups.discard', { token }).catch(() => undefined);

export function useRestoreBackup(o?: ChannelWriteOptions<'backups.restore'>) {
  const qc = useQueryClient();
  return useChannelWrite('backups.restore', [], {
    ...o,
    onSuccess: async (...args) => {
      await o?.onSuccess?.(...args);
      void refreshEverything(qc);
    },
  });
}
