/** Reads of the SOPs. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { rpc } from '../../lib/rpc';

type SopRef = Omit<InputOf<'sops.get'>, 'version'>;

export const sopQueries = {
  all: () => ['sops'] as const,
  get: (sop: SopRef, version: number | undefined) =>
    queryOptions({ queryKey: [...sopQueries.all(), 'get', sop.workflow, sop.role, version], queryFn: () => rpc('sops.get', { ...sop, version }) }),
  diff: (sop: SopRef, from: number | null, to: number | undefined) =>
    queryOptions({
      queryKey: [...sopQueries.all(), 'diff', sop.workflow, sop.role, from, to],
      queryFn: () => rpc('sops.diff', { ...sop, from: from!, to: to! }),
      enabled: from !== null && to !== undefined,
    }),
};
