/** Reads of the playbook and its SOPs. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { rpc } from '../../lib/rpc';

type ItemRef = InputOf<'playbook.itemHistory'>;
type CadenceKind = InputOf<'playbook.cadenceHistory'>['kind'];
type SopRef = Omit<InputOf<'sops.get'>, 'version'>;

export const playbookQueries = {
  all: () => ['playbook'] as const,
  matrix: () => queryOptions({ queryKey: [...playbookQueries.all(), 'matrix'], queryFn: () => rpc('playbook.matrix', {}) }),
  items: () => queryOptions({ queryKey: [...playbookQueries.all(), 'items'], queryFn: () => rpc('playbook.items', {}) }),
  itemHistory: (item: ItemRef) =>
    queryOptions({ queryKey: [...playbookQueries.all(), 'itemHistory', item.kind, item.itemId], queryFn: () => rpc('playbook.itemHistory', item) }),
  cadenceHistory: (kind: CadenceKind) =>
    queryOptions({ queryKey: [...playbookQueries.all(), 'cadenceHistory', kind], queryFn: () => rpc('playbook.cadenceHistory', { kind }) }),
};

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
