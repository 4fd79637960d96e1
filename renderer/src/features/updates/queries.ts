/**
 * The app's update state (auto-update of the desktop app). Keys and what a write refreshes:
 * lib/queries.ts. Main pushes every change of the state as the 'updates.state' event, so the state
 * on screen follows a background download as it happens.
 */
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { UpdateState, UpdateStatus } from '@core/contract/updates';
import { onEvent, rpc } from '../../lib/rpc';

const WORKING = new Set<UpdateStatus>(['checking', 'downloading']);
const WORKING_REFETCH_MS = 3_000;

export const updateQueries = {
  all: () => ['updates'] as const,
  state: () =>
    queryOptions({
      queryKey: [...updateQueries.all(), 'state'],
      queryFn: () => rpc('updates.state', {}),
      // While a check or a download runs, read again now and then too: an event that arrived before an
      // older answer (or while the page was reconnecting) is made good within seconds.
      refetchInterval: (query) => (query.state.data && WORKING.has(query.state.data.status) ? WORKING_REFETCH_MS : false),
    }),
};

/** The update state, kept current by main's 'updates.state' event. */
export function useUpdateState() {
  const qc = useQueryClient();
  useEffect(() => onEvent('updates.state', (state: UpdateState) => qc.setQueryData(updateQueries.state().queryKey, state)), [qc]);
  return useQuery(updateQueries.state());
}
