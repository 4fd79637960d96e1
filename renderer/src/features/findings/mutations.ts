/** Writes of the first-week findings. What each refreshes: lib/queries.ts. */
import type { QueryKey } from '@tanstack/react-query';
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { dashboardQueries } from '../dashboard/queries';
import { findingQueries } from './queries';

/** A decision or a new finding changes the counts, the flags and the review header of the same tab. */
const findingWrite = (): QueryKey[] => [findingQueries.all(), dashboardQueries.all()];

export const useRecordFinding = (o?: ChannelWriteOptions<'findings.record'>) => useChannelWrite('findings.record', findingWrite(), o);
export const useDecideFinding = (o?: ChannelWriteOptions<'findings.decide'>) => useChannelWrite('findings.decide', findingWrite(), o);
export const useUpdateFindingSettings = (o?: ChannelWriteOptions<'findings.updateSettings'>) => useChannelWrite('findings.updateSettings', findingWrite(), o);

/** Builds a draft SOP update from findings of one SOP (writes nothing). */
export const proposeSopUpdate = (findingIds: string[]) => rpc('findings.proposeSopUpdate', { findingIds });
