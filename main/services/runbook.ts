/**
 * `runbook.get`, `runbook.setValues`, `runbook.setList`: the runbook facts and lists of the agency
 * template, a client or a site (core/runbook/registry.ts). A scope shows what it sets itself and
 * what it would read without it; an edit carries the revision it was made from, and a scope changed
 * since is refused. Replaced rows are archived, never deleted. Backups and rehearsals are in
 * runbook-rehearsals.ts; reading in runbook-read.ts. See docs/ARCHITECTURE.md, "Runbook facts".
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { ParsedInputOf } from '@core/contract/index';
import type { RunbookView } from '@core/contract/runbook';
import { ErrorCode, WorkbenchError } from '@core/errors';
import {
  RUNBOOK_FIELD_KEYS,
  RUNBOOK_FIELDS,
  RUNBOOK_LIST_LABEL,
  RUNBOOK_LISTS,
  RUNBOOK_SCOPE_LABEL,
  type RunbookList,
  type RunbookScope,
} from '@core/runbook/registry';
import { resolveRunbook } from '@core/runbook/resolve';
import type { WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { runbookSteps, runbookValues } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange, type Entity } from './change-log';
import { notFound, refused } from './errors';
import { requireSite, requireSiteForWrite } from './records';
import { chainOf, isStepList, itemOf, LIST_TABLES, readLevels, revisionOf, type TableList } from './runbook-read';
import { runbookCurrency } from './runbook-currency';

/** What a site's documents print (the snapshot reads it): see runbook-read.ts. */
export { siteRunbook } from './runbook-read';

/** The template's history rows and events: a workspace-wide record, as settings and branding are. */
export const RUNBOOK_TEMPLATE_ENTITY_ID = 'runbook';

/** A scope as read: whose rows are its own, which levels it reads, and how its changes are recorded. */
export interface ScopeInfo {
  kind: 'workspace' | 'client' | 'site';
  /** The site's or client's name, or "Agency template". */
  name: string;
  /** What a message calls it: the runbook of “Acme shop”, the agency runbook template. */
  title: string;
  /** The levels it reads: the site (if any) and the client (a site's own, or the scope's). */
  siteId: string | null;
  clientId: string | null;
  entity: Entity;
  entityId: string;
}

function clientRef(ctx: Pick<HandlerContext, 'db'>, id: string) {
  const c = ctx.db.get<{ id: string; name: string; archivedAt: string | null }>(sql`SELECT id, name, archived_at AS archivedAt FROM clients WHERE id = ${id}`);
  if (!c) throw notFound('Client', id);
  return c;
}

/** The scope, or NOT_FOUND; `doing` also refuses an archived site or client ("restore it before …"). */
export function scopeInfo(ctx: Pick<HandlerContext, 'db'>, scope: RunbookScope, doing?: string): ScopeInfo {
  if ('siteId' in scope) {
    const site = doing ? requireSiteForWrite(ctx, scope.siteId, doing) : requireSite(ctx, scope.siteId);
    return {
      kind: 'site',
      name: site.name,
      title: `the runbook of “${site.name}”`,
      siteId: site.id,
      clientId: site.clientId,
      entity: 'site',
      entityId: site.id,
    };
  }
  if ('clientId' in scope) {
    const client = clientRef(ctx, scope.clientId);
    if (doing && client.archivedAt) throw refused(`The client “${client.name}” is archived: restore it before ${doing}.`);
    return {
      kind: 'client',
      name: client.name,
      title: `the runbook of the client “${client.name}”`,
      siteId: null,
      clientId: client.id,
      entity: 'client',
      entityId: client.id,
    };
  }
  return {
    kind: 'workspace',
    name: RUNBOOK_SCOPE_LABEL.workspace,
    title: 'the agency runbook template',
    siteId: null,
    clientId: null,
    entity: 'settings',
    entityId: RUNBOOK_TEMPLATE_ENTITY_ID,
  };
}

const scopeOf = (info: ScopeInfo): RunbookScope =>
  info.kind === 'site' ? { siteId: info.siteId! } : info.kind === 'client' ? { clientId: info.clientId! } : { workspace: true };

function viewOf(ctx: HandlerContext, info: ScopeInfo): RunbookView {
  const levels = readLevels(ctx, info.siteId, info.clientId);
  const own = levels[info.kind]!;
  const resolved = resolveRunbook(chainOf(levels));
  const inherited = resolveRunbook(chainOf(levels, true));
  return {
    scope: scopeOf(info),
    scopeName: info.name,
    fields: RUNBOOK_FIELD_KEYS.map((key) => ({
      key,
      own: own.level.values[key] ?? null,
      value: resolved.values[key].value,
      source: resolved.values[key].source,
      inherited: inherited.values[key].value,
      inheritedSource: inherited.values[key].source,
    })),
    lists: RUNBOOK_LISTS.map((list) => ({
      list,
      own: (own.level.lists[list] ?? []) as unknown as Record<string, unknown>[],
      items: resolved.lists[list].items as unknown as Record<string, unknown>[],
      source: resolved.lists[list].source,
      inheritedSource: inherited.lists[list].source,
      revision: revisionOf(own.lists[list]),
    })),
    revision: revisionOf(own.values),
    currency: info.kind === 'site' ? runbookCurrency(ctx, info.siteId!) : null,
  };
}

export function getRunbook(ctx: HandlerContext, scope: RunbookScope): RunbookView {
  return viewOf(ctx, scopeInfo(ctx, scope));
}

function stale(info: ScopeInfo, what = ''): WorkbenchError {
  const title = info.title.charAt(0).toUpperCase() + info.title.slice(1);
  return new WorkbenchError(
    ErrorCode.STALE_VERSION,
    `${title}${what} was changed since you opened it. Reload it to see the latest version, then apply your edit again.`,
  );
}

/** The columns that make a row the scope's own (a site's rows have no client, a client's no site). */
function ownWhere(t: { siteId: SQLiteColumn; clientId: SQLiteColumn; archivedAt: SQLiteColumn }, info: ScopeInfo): SQL {
  const scope =
    info.kind === 'site'
      ? eq(t.siteId, info.siteId!)
      : info.kind === 'client'
        ? and(isNull(t.siteId), eq(t.clientId, info.clientId!))!
        : and(isNull(t.siteId), isNull(t.clientId))!;
  return and(isNull(t.archivedAt), scope)!;
}

const ownColumns = (info: ScopeInfo) => ({
  siteId: info.kind === 'site' ? info.siteId : null,
  clientId: info.kind === 'client' ? info.clientId : null,
});

const SHOWN = 80;
const quote = (v: string | null) => (v === null ? 'not set' : `“${v.length > SHOWN ? `${v.slice(0, SHOWN - 1)}…` : v}”`);

function summaryTitle(info: ScopeInfo): string {
  return info.kind === 'workspace' ? 'Agency runbook template' : info.kind === 'client' ? `Runbook of the client “${info.name}”` : `Runbook of “${info.name}”`;
}

function record(tx: WritableDb, ctx: WriteContext, at: string, info: ScopeInfo, action: string, summary: string, before: unknown, after: unknown) {
  recordChange(tx, ctx, at, {
    entity: info.entity,
    entityId: info.entityId,
    siteId: info.kind === 'site' ? info.siteId : null,
    action,
    summary,
    before,
    after,
  });
}

/**
 * Sets or clears facts at one scope. A key given with a value sets it there (the row edited in place,
 * its version bumped); null clears it there (the row archived), so the next level's value shows.
 * Keys left out, and values equal to what is stored, are not touched: a call that changes nothing
 * writes nothing, not even history.
 */
export function setRunbookValues(ctx: WriteContext, input: ParsedInputOf<'runbook.setValues'>): RunbookView {
  const info = scopeInfo(ctx, input.scope, 'editing its runbook');
  const own = readLevels(ctx, info.siteId, info.clientId)[info.kind]!;
  if (revisionOf(own.values) !== input.revision) throw stale(info);
  const stored = new Map(own.values.map((r) => [r.key, r]));
  const changes = RUNBOOK_FIELD_KEYS.filter((key) => input.values[key] !== undefined)
    .map((key) => ({ key, row: stored.get(key) ?? null, after: (input.values[key] as string | null) ?? null }))
    .filter((c) => (c.row?.value ?? null) !== c.after);
  if (changes.length === 0) return viewOf(ctx, info);

  mutate(ctx, info.entity, (tx, at) => {
    for (const c of changes) {
      if (c.row && c.after === null) {
        tx.update(runbookValues)
          .set({ archivedAt: at, updatedAt: at, version: c.row.version + 1 })
          .where(eq(runbookValues.id, c.row.id))
          .run();
      } else if (c.row) {
        tx.update(runbookValues)
          .set({ value: c.after!, updatedAt: at, version: c.row.version + 1 })
          .where(eq(runbookValues.id, c.row.id))
          .run();
      } else {
        tx.insert(runbookValues)
          .values({ id: newId(), createdAt: at, updatedAt: at, ...ownColumns(info), key: c.key, value: c.after! })
          .run();
      }
    }
    const said = changes.map((c) => {
      const label = RUNBOOK_FIELDS[c.key].label;
      if (c.after === null) return `${label} cleared (was ${quote(c.row!.value)})`;
      return `${label} set to ${quote(c.after)} (was ${quote(c.row?.value ?? null)})`;
    });
    record(
      tx,
      ctx,
      at,
      info,
      'runbook-values',
      `${summaryTitle(info)}: ${said.join('; ')}`,
      Object.fromEntries(changes.map((c) => [c.key, c.row?.value ?? null])),
      Object.fromEntries(changes.map((c) => [c.key, c.after])),
    );
    return { id: info.entityId };
  });
  return viewOf(ctx, info);
}

const rowsWord = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

/**
 * Replaces one list at one scope: its live rows are archived and the new ones inserted in order. An
 * empty list clears it there, so the next level's list shows; an identical list writes nothing.
 */
export function setRunbookList(ctx: WriteContext, input: ParsedInputOf<'runbook.setList'>): RunbookView {
  const list = input.list as RunbookList;
  const info = scopeInfo(ctx, input.scope as RunbookScope, 'editing its runbook');
  const own = readLevels(ctx, info.siteId, info.clientId)[info.kind]!;
  const label = RUNBOOK_LIST_LABEL[list];
  if (revisionOf(own.lists[list]) !== input.revision) throw stale(info, ` (${label})`);
  const before = (own.level.lists[list] ?? []) as unknown as Record<string, unknown>[];
  const after = (input.items as Record<string, unknown>[]).map((item) => itemOf(list, item) as unknown as Record<string, unknown>);
  if (JSON.stringify(before) === JSON.stringify(after)) return viewOf(ctx, info);

  mutate(ctx, info.entity, (tx, at) => {
    const step = isStepList(list);
    const table = step ? runbookSteps : LIST_TABLES[list as TableList];
    const where = step ? and(ownWhere(runbookSteps, info), eq(runbookSteps.list, list))! : ownWhere(table, info);
    tx.update(table)
      .set({ archivedAt: at, updatedAt: at, version: sql`version + 1` })
      .where(where)
      .run();
    after.forEach((item, position) => {
      const row = { id: newId(), createdAt: at, updatedAt: at, ...ownColumns(info), position, ...item, ...(step ? { list } : {}) };
      tx.insert(table)
        .values(row as never)
        .run();
    });
    const inherits = info.kind === 'workspace' ? 'the built-in list applies' : 'the inherited list applies';
    const said =
      after.length === 0
        ? `${label} cleared (was ${rowsWord(before.length)}): ${inherits}`
        : `${label} ${before.length ? 'replaced' : 'set'}: ${rowsWord(after.length)}${before.length ? ` (was ${rowsWord(before.length)})` : ''}`;
    record(tx, ctx, at, info, 'runbook-list', `${summaryTitle(info)}: ${said}`, { [list]: before }, { [list]: after });
    return { id: info.entityId };
  });
  return viewOf(ctx, info);
}
