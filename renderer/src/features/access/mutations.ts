/** Writes of a site's access model. What each refreshes: lib/queries.ts. */
import type { InputOf } from '@core/contract/index';
import { AccessModelUpdate } from '@core/contract/access';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { useWrite, type ChannelWriteOptions } from '../../lib/queries';
import { rpc } from '../../lib/rpc';
import { operatorQueries } from '../operators/queries';
import { siteScreen } from '../sites/queries';
import { accessQueries } from './queries';

/**
 * Saves the access model. The input is checked by the contract's own schema first, so every field
 * issue shows before anything is sent. Operators' access is matched against the model: their
 * table and the site's readiness refresh with it.
 */
export const useUpdateAccess = (o?: ChannelWriteOptions<'access.update'>) =>
  useWrite(
    async (input: InputOf<'access.update'>) => {
      const parsed = AccessModelUpdate.safeParse(input);
      if (!parsed.success) {
        throw new WorkbenchError(ErrorCode.INVALID_INPUT, 'Some fields need attention.', {
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
      return rpc('access.update', input);
    },
    [accessQueries.all(), operatorQueries.all(), ...siteScreen()],
    o,
  );
