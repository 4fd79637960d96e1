/** Writes of a site's operators. What each refreshes: lib/queries.ts. */
import type { QueryKey } from '@tanstack/react-query';
import { useChannelWrite, type ChannelWriteOptions } from '../../lib/queries';
import { siteScreen } from '../sites/queries';
import { operatorQueries } from './queries';

/** An operator's progress shows on the site's header (readiness) as well as in its own table. */
const operatorWrite = (): QueryKey[] => [operatorQueries.all(), ...siteScreen()];

export const useAddOperator = (o?: ChannelWriteOptions<'operators.add'>) => useChannelWrite('operators.add', operatorWrite(), o);
export const useSignOff = (o?: ChannelWriteOptions<'operators.signOff'>) => useChannelWrite('operators.signOff', operatorWrite(), o);
export const useGrantAccess = (o?: ChannelWriteOptions<'operators.grantAccess'>) => useChannelWrite('operators.grantAccess', operatorWrite(), o);
export const useRevokeAccess = (o?: ChannelWriteOptions<'operators.revokeAccess'>) => useChannelWrite('operators.revokeAccess', operatorWrite(), o);
/** Drawing the situations writes an attempt nobody else shows: nothing to refresh. */
export const useStartScenarioCheck = (o?: ChannelWriteOptions<'operators.startScenarioCheck'>) => useChannelWrite('operators.startScenarioCheck', [], o);
export const useSubmitScenarioCheck = (siteId: string, o?: ChannelWriteOptions<'operators.submitScenarioCheck'>) =>
  useChannelWrite('operators.submitScenarioCheck', [operatorQueries.list(siteId).queryKey, ...siteScreen()], o);
