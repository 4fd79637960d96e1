/** Writes of a site's owner matrix. What each refreshes: lib/queries.ts. */
import type { QueryKey } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { useChannelWrite, useWrite, type ChannelWriteOptions, type WriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { peopleQueries } from '../people/queries';
import { siteScreen } from '../sites/queries';
import { ownerQueries } from './queries';

/** Owners show on the site's header (readiness) and in each person's count of responsibilities. */
const ownerWrite = (): QueryKey[] => [ownerQueries.all(), peopleQueries.all(), ...siteScreen()];

export type OwnerChange = { kind: 'assign'; input: InputOf<'owners.assign'> } | { kind: 'verify'; input: InputOf<'owners.verify'> };

/** Assigns a responsibility's owner and backup, or records that its owner was verified. */
export const useChangeOwner = (o?: WriteOptions<unknown, OwnerChange>) =>
  useWrite((c: OwnerChange) => (c.kind === 'assign' ? rpc('owners.assign', c.input) : rpc('owners.verify', c.input)), ownerWrite(), o);
export const useUnassignOwner = (o?: ChannelWriteOptions<'owners.unassign'>) => useChannelWrite('owners.unassign', ownerWrite(), o);
