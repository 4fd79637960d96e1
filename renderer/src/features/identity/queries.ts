/** Reads of who is acting on this device. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import type { OutputOf } from '@core/contract/index';
import { rpc } from '../../lib/rpc';

export type Identity = OutputOf<'identity.get'>;

export const identityQueries = {
  all: () => ['identity'] as const,
  get: () => queryOptions({ queryKey: [...identityQueries.all(), 'get'], queryFn: () => rpc('identity.get', {}) }),
};
