/** Writes of sites. What each refreshes: lib/queries.ts. */
import type { Site } from '@core/contract/sites';
import { useChannelWrite, useWrite, type ChannelWriteOptions, type WriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { siteQueries, siteScreen } from './queries';

export const useCreateSite = (o?: ChannelWriteOptions<'sites.create'>) => useChannelWrite('sites.create', [siteQueries.all()], o);
export const useUpdateSite = (o?: ChannelWriteOptions<'sites.update'>) => useChannelWrite('sites.update', siteScreen(), o);
export const useChangeStage = (o?: ChannelWriteOptions<'sites.changeStage'>) => useChannelWrite('sites.changeStage', siteScreen(), o);

/** Archives the site, or restores it when it is archived; answers the site as it is now. */
export const useArchiveSite = (o?: WriteOptions<Site, Site>) =>
  useWrite((s: Site) => rpc(s.archivedAt ? 'sites.restore' : 'sites.archive', { id: s.id, version: s.version }), siteScreen(), o);
