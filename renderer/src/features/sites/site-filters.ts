import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { SiteListInput } from '../../../../core/contract/sites';
import { ROLLOUT_STAGES, type RolloutStage } from '../../../../core/domain/stages';

export type SiteSort = NonNullable<SiteListInput['sort']>;

/** The Sites list's filters live in the URL, so the Dashboard and the palette can link to a view. */
export function useSiteFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const stages = (params.get('stage') ?? '').split(',').filter((s): s is RolloutStage => (ROLLOUT_STAGES as readonly string[]).includes(s));
    return {
      search: params.get('q') ?? '',
      clientId: params.get('client'),
      clientName: params.get('clientName'),
      stages,
      sophmateVersion: params.get('smv'),
      wordpressVersion: params.get('wpv'),
      phpVersion: params.get('phpv'),
      incompleteOnly: params.get('incomplete') === '1',
      ownerGapsOnly: params.get('gaps') === '1',
      pausedOnly: params.get('paused') === '1',
      blockedOnly: params.get('blocked') === '1',
      openIncidentsOnly: params.get('incidents') === '1',
      archived: (params.get('archived') as 'active' | 'archived' | 'all' | null) ?? 'active',
      sort: (params.get('sort') as SiteSort | null) ?? 'name',
      direction: (params.get('dir') as 'asc' | 'desc' | null) ?? 'asc',
    };
  }, [params]);
  const update = useCallback(
    (patch: Record<string, string | null | undefined>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === undefined || v === '') next.delete(k);
            else next.set(k, v);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const listInput: SiteListInput = {
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
    archived: filters.archived,
    sort: filters.sort,
    direction: filters.direction,
  };
  const activeCount = [
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
    filters.archived !== 'active' || null,
  ].filter(Boolean).length;
  return { filters, update, listInput, activeCount };
}
