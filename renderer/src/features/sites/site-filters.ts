import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { SITE_SORTS, type SiteListInput } from '@core/contract/sites';
import { RESPONSIBILITIES, type Responsibility } from '@core/domain/responsibilities';
import { ROLLOUT_STAGES, type RolloutStage } from '@core/domain/stages';

export type SiteSort = NonNullable<SiteListInput['sort']>;

/**
 * The URL parameters that decide which sites the list shows and in what order. The URL is the only
 * place they live: the search box, the filter controls, the chips and the saved-view picker all read
 * them from it, and a link or a saved view replaces all of them at once.
 */
export const LIST_PARAMS = [
  'q',
  'client',
  'stage',
  'smv',
  'wpv',
  'phpv',
  'incomplete',
  'gaps',
  'paused',
  'blocked',
  'incidents',
  'reason',
  'owner',
  'ownerRole',
  'host',
  'provider',
  'archived',
  'sort',
  'dir',
] as const;
export type ListParam = (typeof LIST_PARAMS)[number];

/** Values that are the same as leaving the parameter out. */
const DEFAULTS: Partial<Record<ListParam, string>> = { archived: 'active', sort: 'name', dir: 'asc' };

/** Parameters that only help display (the chosen client's name, the view the list started from). */
export const VIEW_PARAM = 'view';

/** Marks a navigation made by a filter control, so the search box keeps what is being typed. */
export const FILTER_PATCH_STATE = { sitesFilterPatch: true } as const;

/**
 * The list parameters of a query in one order, without defaults or display-only parameters: two
 * queries that list the same sites in the same order have the same canonical form.
 */
export function canonicalQuery(query: string | URLSearchParams): string {
  const params = typeof query === 'string' ? new URLSearchParams(query.replace(/^\?/, '')) : query;
  const out = new URLSearchParams();
  for (const key of LIST_PARAMS) {
    let value = (params.get(key) ?? '').trim();
    if (key === 'stage') value = value.split(',').filter(Boolean).sort().join(',');
    if (['incomplete', 'gaps', 'paused', 'blocked', 'incidents'].includes(key) && value !== '1') value = '';
    if (value && value !== DEFAULTS[key]) out.set(key, value);
  }
  return out.toString();
}

/** What a saved view stores: the list parameters and the client's display name, nothing else. */
export function viewQueryOf(params: URLSearchParams): string {
  const out = new URLSearchParams(canonicalQuery(params));
  const clientName = params.get('clientName');
  if (out.has('client') && clientName) out.set('clientName', clientName);
  return out.toString();
}

const flag = (params: URLSearchParams, key: string) => params.get(key) === '1';

export function parseSiteFilters(params: URLSearchParams) {
  const stages = (params.get('stage') ?? '').split(',').filter((s): s is RolloutStage => (ROLLOUT_STAGES as readonly string[]).includes(s));
  const archived = params.get('archived');
  const sort = params.get('sort');
  const ownerRole = params.get('ownerRole');
  const text = (key: string) => params.get(key)?.trim() || null;
  return {
    search: params.get('q') ?? '',
    clientId: text('client'),
    clientName: params.get('clientName'),
    stages,
    sophmateVersion: text('smv'),
    wordpressVersion: text('wpv'),
    phpVersion: text('phpv'),
    incompleteOnly: flag(params, 'incomplete'),
    ownerGapsOnly: flag(params, 'gaps'),
    pausedOnly: flag(params, 'paused'),
    blockedOnly: flag(params, 'blocked'),
    openIncidentsOnly: flag(params, 'incidents'),
    reason: text('reason'),
    ownerId: text('owner'),
    ownerRole: (RESPONSIBILITIES as readonly string[]).includes(ownerRole ?? '') ? (ownerRole as Responsibility) : null,
    host: text('host'),
    provider: text('provider'),
    archived: (archived === 'archived' || archived === 'all' ? archived : 'active') as 'active' | 'archived' | 'all',
    sort: (SITE_SORTS as readonly string[]).includes(sort ?? '') ? (sort as SiteSort) : ('name' as const),
    direction: params.get('dir') === 'desc' ? ('desc' as const) : ('asc' as const),
  };
}
export type SiteFilters = ReturnType<typeof parseSiteFilters>;

export function listInputOf(filters: SiteFilters): SiteListInput {
  return {
    search: filters.search.trim() || undefined,
    clientId: filters.clientId ?? undefined,
    stages: filters.stages.length ? filters.stages : undefined,
    sophmateVersion: filters.sophmateVersion ?? undefined,
    wordpressVersion: filters.wordpressVersion ?? undefined,
    phpVersion: filters.phpVersion ?? undefined,
    incompleteOnly: filters.incompleteOnly,
    ownerGapsOnly: filters.ownerGapsOnly,
    pausedOnly: filters.pausedOnly,
    blockedOnly: filters.blockedOnly,
    openIncidentsOnly: filters.openIncidentsOnly,
    reason: filters.reason ?? undefined,
    ownerId: filters.ownerId ?? undefined,
    // A role alone means nothing (the server refuses it); it narrows an owner filter only.
    ownerRole: filters.ownerId ? (filters.ownerRole ?? undefined) : undefined,
    host: filters.host ?? undefined,
    provider: filters.provider ?? undefined,
    archived: filters.archived,
    sort: filters.sort,
    direction: filters.direction,
  };
}

/** How many filters narrow the list (the search and the sort not counted). */
export function activeFilterCount(filters: SiteFilters): number {
  return [
    filters.clientId,
    filters.stages.length ? 1 : null,
    filters.sophmateVersion,
    filters.wordpressVersion,
    filters.phpVersion,
    filters.incompleteOnly || null,
    filters.ownerGapsOnly || null,
    filters.pausedOnly || null,
    filters.blockedOnly || null,
    filters.openIncidentsOnly || null,
    filters.reason,
    filters.ownerId,
    filters.host,
    filters.provider,
    filters.archived !== 'active' || null,
  ].filter(Boolean).length;
}

/** The Sites list's filters, read from and written to the URL. */
export function useSiteFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseSiteFilters(params), [params]);
  // A change is applied to the parameters as they are when it lands, not as they were when the
  // control rendered, so a search committed late never undoes a filter chosen meanwhile.
  const setParamsRef = useRef(setParams);
  setParamsRef.current = setParams;
  const update = useCallback((patch: Record<string, string | null | undefined>) => {
    setParamsRef.current(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null || v === undefined || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true, state: FILTER_PATCH_STATE },
    );
  }, []);
  /** Removes every list parameter (and the view the list came from), keeping nothing typed. */
  const clearAll = useCallback(() => {
    setParamsRef.current(new URLSearchParams(), { replace: false });
  }, []);
  const listInput = useMemo(() => listInputOf(filters), [filters]);
  return { params, filters, update, clearAll, listInput, activeCount: activeFilterCount(filters) };
}
