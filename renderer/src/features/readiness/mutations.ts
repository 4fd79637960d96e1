/** Writes of a site's readiness. What each refreshes: lib/queries.ts. */
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { siteScreen } from '../sites/queries';

export const useSetReadinessItem = (o?: ChannelWriteOptions<'readiness.setItem'>) => useChannelWrite('readiness.setItem', siteScreen(), o);
