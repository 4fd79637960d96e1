/** Writes of the SOPs. What each refreshes: lib/queries.ts. */
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { playbookWrite } from '../playbook/mutations';

export const usePublishSop = (o?: ChannelWriteOptions<'sops.publish'>) => useChannelWrite('sops.publish', playbookWrite(), o);
