/** Reads of the playbook. Keys and what a write refreshes: lib/queries.ts. */
import { queryOptions } from '@tanstack/react-query';
import type { InputOf } from '@core/contract/index';
import { rpc } from '../../lib/rpc';

type ItemRef = InputOf<'playbook.itemHistory'>;
type CadenceKind = InputOf<'playbook.cadenceHistory'>['kind'];

export const playbookQueries = {
  all: () => ['playbook'] as const,
  matrix: () => queryOptions({ queryKey: [...playbookQueries.all(), 'matrix'], queryFn: () => rpc('playbook.matrix', {}) }),
  items: () => queryOptions({ queryKey: [...playbookQueries.all(), 'items'], queryFn: () => rpc('playbook.items', {}) }),
  itemHistory: (item: ItemRef) =>
    queryOptions({ queryKey: [...playbookQueries.all(), 'itemHistory', item.kind, item.itemId], queryFn: () => rpc('playbook.itemHistory', item) }),
  cadenceHistory: (kind: CadenceKind) =>
    queryOptions({ queryKey: [...playbookQueries.all(), 'cadenceHistory', kind], queryFn: () => rpc('playbook.cadenceHistory', { kind }) }),
};
