/** Writes of incidents. What each refreshes: lib/queries.ts. */
import type { QueryKey } from '@tanstack/react-query';
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { siteScreen } from '../sites/queries';
import { incidentQueries } from './queries';

/** Open incidents show on the site's header and in the Sites list's filters as well as in the tab. */
const incidentWrite = (): QueryKey[] => [incidentQueries.all(), ...siteScreen()];

export const useOpenIncident = (o?: ChannelWriteOptions<'incidents.open'>) => useChannelWrite('incidents.open', incidentWrite(), o);
export const useAddIncidentNote = (o?: ChannelWriteOptions<'incidents.addNote'>) => useChannelWrite('incidents.addNote', incidentWrite(), o);
export const useResolveIncident = (o?: ChannelWriteOptions<'incidents.resolve'>) => useChannelWrite('incidents.resolve', incidentWrite(), o);
