/** Writes of a site's SOP additions (overrides). What each refreshes: lib/queries.ts. */
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { overrideQueries } from './queries';

export const useAddOverride = (o?: ChannelWriteOptions<'overrides.add'>) => useChannelWrite('overrides.add', [overrideQueries.all()], o);
export const useRemoveOverride = (o?: ChannelWriteOptions<'overrides.remove'>) => useChannelWrite('overrides.remove', [overrideQueries.all()], o);
