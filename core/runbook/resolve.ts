/**
 * Which level a site's runbook fact or list comes from: the site's own, else its client's, else the
 * agency template's, else the built-in default. Pure: main reads the levels, this picks.
 */
import { DEFAULT_RUNBOOK } from './defaults';
import {
  RUNBOOK_FIELD_KEYS,
  RUNBOOK_LISTS,
  type RunbookFieldKey,
  type RunbookLevel,
  type RunbookList,
  type RunbookListItems,
  type RunbookScopeKind,
} from './registry';

export type RunbookSource = RunbookScopeKind | 'default';

export interface ResolvedRunbook {
  values: Record<RunbookFieldKey, { value: string | null; source: RunbookSource | null }>;
  lists: { [L in RunbookList]: { items: RunbookListItems[L][]; source: RunbookSource | null } };
}

/**
 * Levels from the most specific (a site) to the least (the template); a level that a scope does not
 * have (the template has no client) is simply left out. The built-in default comes last.
 */
export function resolveRunbook(levels: { kind: RunbookScopeKind; level: RunbookLevel }[]): ResolvedRunbook {
  const chain: { source: RunbookSource; level: RunbookLevel }[] = [
    ...levels.map((l) => ({ source: l.kind as RunbookSource, level: l.level })),
    { source: 'default', level: DEFAULT_RUNBOOK },
  ];
  const values = Object.fromEntries(
    RUNBOOK_FIELD_KEYS.map((key) => {
      const hit = chain.find((c) => {
        const v = c.level.values[key];
        return v !== undefined && v !== null && v !== '';
      });
      return [key, { value: hit?.level.values[key] ?? null, source: hit?.source ?? null }];
    }),
  ) as ResolvedRunbook['values'];
  const lists = Object.fromEntries(
    RUNBOOK_LISTS.map((list) => {
      const hit = chain.find((c) => (c.level.lists[list]?.length ?? 0) > 0);
      return [list, { items: (hit?.level.lists[list] ?? []) as unknown[], source: hit?.source ?? null }];
    }),
  ) as unknown as ResolvedRunbook['lists'];
  return { values, lists };
}
