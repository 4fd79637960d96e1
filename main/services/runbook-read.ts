/**
 * Reading the runbook (core/runbook/registry.ts): the live rows of a site, its client and the agency
 * template, in one query per table, grouped into the levels core/runbook/resolve.ts picks from. A
 * scope's revisions are digests of its own live rows, so an edit made from an older read is refused.
 * See docs/ARCHITECTURE.md, "Runbook facts".
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  RUNBOOK_LISTS,
  STEP_LISTS,
  type RunbookFieldKey,
  type RunbookLevel,
  type RunbookList,
  type RunbookListItems,
  type RunbookScopeKind,
  type StepList,
} from '@core/runbook/registry';
import { resolveRunbook, type ResolvedRunbook } from '@core/runbook/resolve';
import { runbookEscalations, runbookSeverities, runbookSteps, runbookTriage, runbookValues, runbookVendors } from '@db/schema/index';
import type { HandlerContext } from '../rpc/context';
import { requireSite } from './records';

/** The tables of the lists that are not steps (the five step lists share runbook_steps). */
export const LIST_TABLES = {
  severities: runbookSeverities,
  triage: runbookTriage,
  escalations: runbookEscalations,
  vendors: runbookVendors,
} as const;
export type TableList = keyof typeof LIST_TABLES;

const STEP_KEYS = ['text', 'applies'] as const;
/** The fields of an item of each list, in order: also the drizzle column names of its table. */
export const ITEM_KEYS: { [L in RunbookList]: readonly (keyof RunbookListItems[L])[] } = {
  severities: ['name', 'meaning', 'responseMinutes', 'updateMinutes'],
  triage: ['symptom', 'firstCheck', 'responsibility'],
  escalations: ['afterMinutes', 'action', 'responsibility'],
  vendors: ['kind', 'name', 'email', 'phone', 'url', 'statusUrl', 'hours', 'licenceLocation', 'supportExpiresOn', 'accountRef', 'notes'],
  triggers: STEP_KEYS,
  reversals: STEP_KEYS,
  restore: STEP_KEYS,
  checks: STEP_KEYS,
  afterwards: STEP_KEYS,
};

export const isStepList = (list: RunbookList): list is StepList => (STEP_LISTS as readonly string[]).includes(list);

/** An item with exactly its list's fields, in order, absent ones as null: how items are stored and compared. */
export function itemOf<L extends RunbookList>(list: L, source: Record<string, unknown>): RunbookListItems[L] {
  return Object.fromEntries(ITEM_KEYS[list].map((k) => [k, source[k as string] ?? null])) as unknown as RunbookListItems[L];
}

export interface RowRef {
  id: string;
  version: number;
}
export interface ValueRow extends RowRef {
  key: RunbookFieldKey;
  value: string;
}

/** One level as read: what it sets, and the rows that set it (for revisions and writes). */
export interface LevelRows {
  level: RunbookLevel;
  values: ValueRow[];
  lists: Record<RunbookList, RowRef[]>;
}

/** The levels a scope reads, from the most specific: the site, its client, the agency template. */
export interface RunbookLevels {
  site?: LevelRows;
  client?: LevelRows;
  workspace: LevelRows;
}

const emptyLevel = (): LevelRows => ({
  level: { values: {}, lists: {} },
  values: [],
  lists: Object.fromEntries(RUNBOOK_LISTS.map((l) => [l, []])) as unknown as Record<RunbookList, RowRef[]>,
});

/** Live rows of the template, of `clientId` (no site) and of `siteId`: the ones a site, a client or the template reads. */
function scopeWhere(t: { siteId: SQLiteColumn; clientId: SQLiteColumn; archivedAt: SQLiteColumn }, siteId: string | null, clientId: string | null): SQL {
  const levels: SQL[] = [and(isNull(t.siteId), isNull(t.clientId))!];
  if (clientId) levels.push(and(isNull(t.siteId), eq(t.clientId, clientId))!);
  if (siteId) levels.push(eq(t.siteId, siteId));
  return and(isNull(t.archivedAt), or(...levels))!;
}

const levelOf = (row: { siteId: string | null; clientId: string | null }): RunbookScopeKind => (row.siteId ? 'site' : row.clientId ? 'client' : 'workspace');

/**
 * The levels a site (with its client) or a client reads, or the template alone: six queries
 * whatever the scope.
 */
export function readLevels(ctx: Pick<HandlerContext, 'db'>, siteId: string | null, clientId: string | null): RunbookLevels {
  const levels: RunbookLevels = { workspace: emptyLevel() };
  if (clientId) levels.client = emptyLevel();
  if (siteId) levels.site = emptyLevel();
  const at = (row: { siteId: string | null; clientId: string | null }) => levels[levelOf(row)]!;

  const values = ctx.db
    .select()
    .from(runbookValues)
    .where(scopeWhere(runbookValues, siteId, clientId))
    .orderBy(asc(runbookValues.id))
    .all();
  for (const r of values) {
    const l = at(r);
    const key = r.key as RunbookFieldKey;
    l.values.push({ id: r.id, version: r.version, key, value: r.value });
    l.level.values[key] = r.value;
  }

  const push = (l: LevelRows, list: RunbookList, row: Record<string, unknown> & RowRef) => {
    l.lists[list].push({ id: row.id, version: row.version });
    ((l.level.lists[list] ??= []) as unknown[]).push(itemOf(list, row));
  };
  const steps = ctx.db
    .select()
    .from(runbookSteps)
    .where(scopeWhere(runbookSteps, siteId, clientId))
    .orderBy(asc(runbookSteps.list), asc(runbookSteps.position), asc(runbookSteps.id))
    .all();
  for (const r of steps) push(at(r), r.list, r);
  for (const list of Object.keys(LIST_TABLES) as TableList[]) {
    const t = LIST_TABLES[list];
    const rows = ctx.db
      .select()
      .from(t)
      .where(scopeWhere(t, siteId, clientId))
      .orderBy(asc(t.position), asc(t.id))
      .all();
    for (const r of rows) push(at(r), list, r as unknown as Record<string, unknown> & RowRef);
  }
  return levels;
}

/** The levels in resolve order, optionally without the most specific one (what the scope inherits). */
export function chainOf(levels: RunbookLevels, withoutOwn = false): { kind: RunbookScopeKind; level: RunbookLevel }[] {
  const chain = (['site', 'client', 'workspace'] as const).flatMap((kind) => (levels[kind] ? [{ kind, level: levels[kind].level }] : []));
  return withoutOwn ? chain.slice(1) : chain;
}

/** A digest of rows as read: any row added, archived or edited since gives another. */
export function revisionOf(rows: readonly RowRef[]): string {
  const text = rows
    .map((r) => `${r.id}:${r.version}`)
    .sort()
    .join(',');
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/** What a site's documents print: each fact and list as the site reads it. */
export interface SiteRunbook {
  values: Record<RunbookFieldKey, string | null>;
  lists: { [L in RunbookList]: RunbookListItems[L][] };
  resolved: ResolvedRunbook;
}

/** The site's resolved runbook (its own, its client's, the template's or the built-in default), for the snapshot. */
export function siteRunbook(ctx: Pick<HandlerContext, 'db'>, siteId: string, clientId?: string): SiteRunbook {
  const client = clientId ?? requireSite(ctx, siteId).clientId;
  const resolved = resolveRunbook(chainOf(readLevels(ctx, siteId, client)));
  return {
    values: Object.fromEntries(Object.entries(resolved.values).map(([k, v]) => [k, v.value])) as SiteRunbook['values'],
    lists: Object.fromEntries(Object.entries(resolved.lists).map(([k, v]) => [k, v.items])) as unknown as SiteRunbook['lists'],
    resolved,
  };
}
