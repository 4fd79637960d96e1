/** Writes of saved views. What each refreshes: lib/queries.ts. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InputOf, OutputOf } from '@core/contract/index';
import { type ChannelWriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { viewQueries } from './queries';

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
