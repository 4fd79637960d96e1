/** Writes of sites and saved views. What each refreshes: lib/queries.ts. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InputOf, OutputOf } from '@core/contract/index';
import type { Site } from '@core/contract/sites';
import { useChannelWrite, useWrite, type ChannelWriteOptions, type WriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { siteQueries, siteScreen, viewQueries } from './queries';

export const useCreateSite = (o?: ChannelWriteOptions<'sites.create'>) => useChannelWrite('sites.create', [siteQueries.all()], o);
export const useUpdateSite = (o?: ChannelWriteOptions<'sites.update'>) => useChannelWrite('sites.update', siteScreen(), o);

/** Archives the site, or restores it when it is archived; answers the site as it is now. */
export const useArchiveSite = (o?: WriteOptions<Site, Site>) =>
  useWrite((s: Site) => rpc(s.archivedAt ? 'sites.restore' : 'sites.archive', { id: s.id, version: s.version }), siteScreen(), o);

/** Saving or updating a view answers the whole list, which replaces the cached one (no refetch needed). */
function useViewWrite<C extends 'views.save' | 'views.update'>(channel: C, o?: ChannelWriteOptions<C>) {
  const qc = useQueryClient();
  return useMutation<OutputOf<C>, Error, InputOf<C>>({
    ...o,
    mutationFn: (input) => rpc(channel, input),
    onSuccess: async (...args) => {
      qc.setQueryData(viewQueries.list().queryKey, args[0]);
      await o?.onSuccess?.(...args);
    },
  });
}
export const useSaveView = (o?: ChannelWriteOptions<'views.save'>) => useViewWrite('views.save', o);
export const useUpdateView = (o?: ChannelWriteOptions<'views.update'>) => useViewWrite('views.update', o);
