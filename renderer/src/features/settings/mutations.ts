/** Writes of the workspace settings, document branding and secrets. What each refreshes: lib/queries.ts. */
import { useQueryClient } from '@tanstack/react-query';
import { refreshEverything, useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { documentQueries } from '../documents/queries';
import { reviewQueries } from '../reviews/queries';
import { brandingQueries, settingsQueries } from './queries';

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
/** Branding is printed on every document: their previews refresh with it. */
export const useUpdateBranding = (o?: ChannelWriteOptions<'branding.update'>) =>
  useChannelWrite('branding.update', [brandingQueries.all(), documentQueries.all()], o);

/**
 * Redaction rewrites text in any record and in the history, so every read may change: like identity,
 * it refreshes everything (lib/queries.ts). The refresh is not waited for: the summary shows at once.
 */
export function useRedactSecrets(o?: ChannelWriteOptions<'workspace.redactSecrets'>) {
  const qc = useQueryClient();
  return useChannelWrite('workspace.redactSecrets', [], {
    ...o,
    onSuccess: async (...args) => {
      await o?.onSuccess?.(...args);
      // Fire-and-forget on purpose: the lists refetch behind the summary already on screen.
      void refreshEverything(qc);
    },
  });
}
