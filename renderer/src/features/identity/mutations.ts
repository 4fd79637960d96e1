/** Writes of who is acting on this device. What each refreshes: lib/queries.ts (rule 3: everything). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Channel, InputOf, OutputOf } from '@core/contract/index';
import { refreshEverything, type ChannelWriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';

type IdentityChannel = Extract<Channel, 'identity.choose' | 'identity.createSelf' | 'identity.later'>;

/** Every "by" and "Mine" in the app may now read differently: every query refreshes. */
function useIdentityWrite<C extends IdentityChannel>(channel: C, o?: ChannelWriteOptions<C>) {
  const qc = useQueryClient();
  return useMutation<OutputOf<C>, Error, InputOf<C>>({
    ...o,
    mutationFn: (input) => rpc(channel, input),
    onSuccess: async (...args) => {
      await refreshEverything(qc);
      await o?.onSuccess?.(...args);
    },
  });
}

export const useChooseIdentity = (o?: ChannelWriteOptions<'identity.choose'>) => useIdentityWrite('identity.choose', o);
export const useCreateSelf = (o?: ChannelWriteOptions<'identity.createSelf'>) => useIdentityWrite('identity.createSelf', o);
export const useDeferIdentity = (o?: ChannelWriteOptions<'identity.later'>) => useIdentityWrite('identity.later', o);
