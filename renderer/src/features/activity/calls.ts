/**
 * Calls of the import wizard that are steps of one job rather than reads or writes of a screen: the
 * preview and the dry run write nothing; the import is a write, and refreshes what it changed.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { refresh } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { findingQueries } from '../findings/queries';
import { activityQueries } from './queries';

export const previewActivity = (input: InputOf<'activity.preview'>) => rpc('activity.preview', input);
export const dryRunActivity = (input: InputOf<'activity.dryRun'>) => rpc('activity.dryRun', input);

/** The import, then the site's activity and findings refreshed (awaited) so the tab shows the new rows. */
export function useImportActivity() {
  const qc = useQueryClient();
  return async (input: InputOf<'activity.import'>) => {
    const out = await rpc('activity.import', input);
    await refresh(qc, activityQueries.all(), findingQueries.all());
    return out;
  };
}
