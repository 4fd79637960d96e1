/** Writes of the runbook. What each refreshes: lib/queries.ts. */
import type { QueryKey } from '@tanstack/react-query';
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { documentQueries } from '../documents/queries';
import { siteScreen } from '../sites/queries';
import { runbookQueries } from './queries';

/**
 * A runbook write changes every runbook that inherits from it, the documents' previews and missing
 * lists on the same tab, and (backups, rehearsals) the site's readiness in the header.
 */
const runbookWrite = (): QueryKey[] => [runbookQueries.all(), documentQueries.all(), ...siteScreen()];

export const useSetRunbookValues = (o?: ChannelWriteOptions<'runbook.setValues'>) => useChannelWrite('runbook.setValues', runbookWrite(), o);
export const useSetRunbookList = (o?: ChannelWriteOptions<'runbook.setList'>) => useChannelWrite('runbook.setList', runbookWrite(), o);
export const useRecordBackup = (o?: ChannelWriteOptions<'runbook.recordBackup'>) => useChannelWrite('runbook.recordBackup', runbookWrite(), o);
export const useRecordRehearsal = (o?: ChannelWriteOptions<'runbook.recordRehearsal'>) => useChannelWrite('runbook.recordRehearsal', runbookWrite(), o);
