/** Writes of the workspace settings. What each refreshes: lib/queries.ts. */
import { useQueryClient } from '@tanstack/react-query';
import { refreshEverything, useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { reviewQueries } from '../reviews/queries';
import { settingsQueries } from './queries';

/**
 * The settings decide the reviews' day and reminders: the reviews refresh with them. "You are" is this
 * device's identity, so changing it refreshes everything, as choosing who you are does (lib/queries.ts).
 */
export function useUpdateSettings(o?: ChannelWriteOptions<'settings.update'>) {
  const qc = useQueryClient();
  return useChannelWrite('settings.update', [settingsQueries.all(), reviewQueries.all()], {
    ...o,
    onSuccess: async (data, input, ...rest) => {
      if (input.mePersonId !== undefined) await refreshEverything(qc);
      await o?.onSuccess?.(data, input, ...rest);
    },
  });
}
