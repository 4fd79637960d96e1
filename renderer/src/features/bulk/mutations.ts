/** The bulk change itself. What it refreshes: lib/queries.ts. */
import type { InputOf } from '@core/contract/index';
import { useWrite, type ChannelWriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { operatorQueries } from '../operators/queries';
import { ownerQueries } from '../owners/queries';
import { peopleQueries } from '../people/queries';
import { siteQueries } from '../sites/queries';

/**
 * Makes the previewed change on the sites the preview listed. The lists it can change (sites, their
 * owners and operators, each person's responsibilities) are refreshed before the results show.
 */
export const useApplyBulk = (o?: ChannelWriteOptions<'bulk.apply'>) =>
  useWrite((input: InputOf<'bulk.apply'>) => rpc('bulk.apply', input), [siteQueries.all(), ownerQueries.all(), operatorQueries.all(), peopleQueries.all()], o);
