import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { SITE_COLUMNS } from './site-columns';
import { workspaceQueries } from '../workspace/queries';

export interface ColumnPrefs {
  /** Widths the user set, in pixels, by column id. */
  sizes: Record<string, number>;
  /** Column ids shown or hidden by the user (unlisted columns follow their default). */
  shown: Record<string, boolean>;
}

const EMPTY: ColumnPrefs = { sizes: {}, shown: {} };
const MAX_WIDTH = 1200;

/** Reads stored preferences, keeping only known columns and sane numbers (the storage is editable). */
function parsePrefs(raw: string | null): ColumnPrefs {
  if (!raw) return EMPTY;
  try {
    const v = JSON.parse(raw) as Partial<ColumnPrefs>;
    const known = new Map(SITE_COLUMNS.map((c) => [c.id, c]));
    const sizes: Record<string, number> = {};
    for (const [id, w] of Object.entries(v.sizes ?? {})) {
      const col = known.get(id);
      if (col && typeof w === 'number' && Number.isFinite(w)) sizes[id] = Math.min(MAX_WIDTH, Math.max(col.minWidth, Math.round(w)));
    }
    const shown: Record<string, boolean> = {};
    for (const [id, on] of Object.entries(v.shown ?? {})) if (known.has(id) && !known.get(id)!.fixed && typeof on === 'boolean') shown[id] = on;
    return { sizes, shown };
  } catch {
    return EMPTY;
  }
}

/**
 * The Sites table's column widths and visibility, kept per workspace in this browser's storage (the
 * key names the workspace file, so each workspace keeps its own layout).
 */
export function useColumnPrefs() {
  const info = useQuery(workspaceQueries.info());
  const key = info.data ? `rollout-workbench.sites-columns:${info.data.path}` : null;
  const [prefs, setPrefs] = useState<ColumnPrefs>(EMPTY);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  useEffect(() => {
    if (!key) return;
    setPrefs(parsePrefs(window.localStorage.getItem(key)));
    setLoadedKey(key);
  }, [key]);
  const change = useCallback(
    (next: (p: ColumnPrefs) => ColumnPrefs) => {
      setPrefs((p) => {
        const value = next(p);
        if (key) window.localStorage.setItem(key, JSON.stringify(value));
        return value;
      });
    },
    [key],
  );
  const visible = useMemo(() => SITE_COLUMNS.filter((c) => c.fixed || (prefs.shown[c.id] ?? c.shownByDefault)), [prefs.shown]);
  return {
    prefs,
    ready: loadedKey !== null && loadedKey === key,
    visible,
    setSize: (id: string, width: number | null) =>
      change((p) => {
        const sizes = { ...p.sizes };
        if (width === null) delete sizes[id];
        else sizes[id] = Math.min(MAX_WIDTH, Math.round(width));
        return { ...p, sizes };
      }),
    isShown: (id: string) => visible.some((c) => c.id === id),
    setShown: (id: string, on: boolean) => change((p) => ({ ...p, shown: { ...p.shown, [id]: on } })),
    reset: () => change(() => EMPTY),
  };
}
