/** Writes of a history: undoing one change. What each refreshes: lib/queries.ts. */
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { clientQueries } from '../clients/queries';
import { ownerQueries } from '../owners/queries';
import { peopleQueries } from '../people/queries';
import { runbookQueries } from '../runbook/queries';
import { siteScreen } from '../sites/queries';
import { historyQueries } from './queries';

/**
 * Undoes one change. The record it puts back shows on the site page (its setup record, owners or
 * runbook) or on the Clients and People pages, so those families refresh with the history itself.
 */
export function useUndoChange(o?: ChannelWriteOptions<'history.undo'>) {
  return useChannelWrite(
    'history.undo',
    [historyQueries.all(), ...siteScreen(), ownerQueries.all(), runbookQueries.all(), clientQueries.all(), peopleQueries.all()],
    o,
  );
}
