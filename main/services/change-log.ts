import { changeLog } from '@db/schema/index';
import { newId } from '@db/ids';
import { sealChange, type ChangeContent } from '@db/history-seal';
import type { ENTITIES } from '@core/contract/history';
import { deriveContext, type HandlerContext, type WriteContext } from '../rpc/context';
import { beforeEveryCommit, immediateTransaction } from '../rpc/faults';
import type { WritableDb } from '@db/client';
import { ErrorCode, WorkbenchError } from '@core/errors';

export type Entity = (typeof ENTITIES)[number];

export interface ChangeRecord {
  entity: Entity;
  entityId: string;
  siteId?: string | null;
  action: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** The stored content of a change-log row (what its hash seals): the change, by whom, when. */
export function changeContent(change: ChangeRecord, row: { id: string; actor: string; device: string; at: string }): ChangeContent {
  return {
    id: row.id,
    entity: change.entity,
    entityId: change.entityId,
    siteId: change.siteId ?? null,
    action: change.action,
    summary: change.summary,
    before: change.before === undefined ? null : JSON.stringify(change.before),
    after: change.after === undefined ? null : JSON.stringify(change.after),
    actor: row.actor,
    device: row.device,
    at: row.at,
  };
}

interface HistoryRewrite {
  entity: Entity;
  entityId: string;
  rewrite: (change: ChangeRecord) => ChangeRecord;
  applied: boolean;
}
const rewrites = new WeakMap<object, HistoryRewrite>();

/**
 * A context whose first history row for one record is rewritten before it is written: a call that
 * reuses a service's edit for another purpose (an undo puts fields back through the service that edits
 * the record) records that edit as what it is, in one row, with every rule of the service applied.
 * `applied()` tells whether the service recorded the row (a service that changed nothing records none).
 */
export function recordingAs<C extends WriteContext>(
  ctx: C,
  target: { entity: Entity; entityId: string; rewrite: (change: ChangeRecord) => ChangeRecord },
): { ctx: C; applied(): boolean } {
  const derived = deriveContext(ctx, {});
  const entry: HistoryRewrite = { ...target, applied: false };
  rewrites.set(derived, entry);
  return { ctx: derived, applied: () => entry.applied };
}

/**
 * Appends one change-log row, sealed into the history's hash chain. The only way history is written:
 * call it inside the transaction that makes the change (only a transaction hands out a WritableDb).
 */
export function recordChange(tx: WritableDb, ctx: WriteContext, at: string, recorded: ChangeRecord): void {
  const rewrite = rewrites.get(ctx);
  let change = recorded;
  if (rewrite && !rewrite.applied && recorded.entity === rewrite.entity && recorded.entityId === rewrite.entityId) {
    change = rewrite.rewrite(recorded);
    rewrite.applied = true;
  }
  const row = changeContent(change, { id: newId(), actor: ctx.actor, device: ctx.device, at });
  tx.insert(changeLog)
    .values({ ...row, ...sealChange(ctx.db.$client, row) })
    .run();
  ctx.writes.historyRows++;
}

/**
 * The one way to write. Runs `fn` in a transaction and hands it the only writable handle there is.
 * Inside a channel bound with `write` the registry's transaction is already open, and `fn` runs in a
 * savepoint of it; elsewhere it is its own BEGIN IMMEDIATE transaction, which throws WriteLockBusy
 * before `fn` runs when another program holds the write lock (the registry then retries the call).
 */
export function writeTransaction<T>(ctx: WriteContext, fn: (tx: WritableDb) => T): T {
  // The types already forbid it; this stops a cast or plain JavaScript from writing from a read.
  if (!ctx.writes) throw new Error('A write was attempted from a channel bound as a read: bind it with write() (main/rpc/bindings.ts).');
  // A step that fails is rolled back, and so are the history rows it counted: the registry's check
  // must not see history that is no longer there.
  const counted = ctx.writes.historyRows;
  try {
    return immediateTransaction(ctx.db.$client, () => fn(ctx.db as WritableDb));
  } catch (e) {
    ctx.writes.historyRows = counted;
    throw e;
  }
}

/**
 * Runs `fn` (writes through a context that tells nobody) and rolls everything back: for a preview
 * that must say what a write would refuse. Answers the refusal, or null when the write would go
 * through. Inside a transaction nothing is tried (the real write runs next in it); a trial that cannot
 * get the write lock, or fails for another reason than a refusal, answers null and the write checks again.
 */
export function trialWrite(ctx: WriteContext, fn: () => void): WorkbenchError | null {
  if (ctx.db.$client.inTransaction) return null;
  try {
    rolledBack(ctx, fn);
    return null;
  } catch (e) {
    return e instanceof WorkbenchError && e.code !== ErrorCode.BUSY ? e : null;
  }
}

/**
 * Runs `fn` in one transaction that is always rolled back: a preview that tries many writes through the
 * services (each in its own savepoint) and must leave the workspace as it was (`trialWrite` is this for
 * one write, answering its refusal). It answers what `fn` answers and lets its errors through; it must
 * be called outside any transaction.
 * Give it a context that tells nobody (its writes never happened).
 */
export function rolledBack<T>(ctx: WriteContext, fn: () => T): T {
  const client = ctx.db.$client;
  if (client.inTransaction) throw new Error("rolledBack runs outside any transaction: its rollback would undo the caller's writes.");
  const counted = ctx.writes.historyRows;
  client.exec('BEGIN');
  try {
    return fn();
  } finally {
    // SQLite may have rolled back already (a fault inside); the history rows counted are gone either way.
    if (client.inTransaction) client.exec('ROLLBACK');
    ctx.writes.historyRows = counted;
  }
}

/**
 * Inserts many rows into one table with one prepared statement, inside the caller's transaction (only a
 * transaction hands out a WritableDb): for imports of thousands of rows, where building each row's
 * INSERT through drizzle costs more than SQLite's own work. `columns` are the table's SQL names and
 * each row gives their values in that order. The caller still records the change (`recordChange`).
 */
export function insertRows(tx: WritableDb, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): number {
  const client = tx.$client;
  if (!client.inTransaction) throw new Error('insertRows runs inside a write transaction (mutate).');
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const insert = client.prepare(`INSERT INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  let n = 0;
  for (const row of rows) {
    insert.run(...row);
    n++;
  }
  return n;
}

/**
 * Work done inside every write transaction on this workspace just before it commits, with the write's
 * own handle: derived tables kept current (docs/ARCHITECTURE.md, "Stored readiness"). It runs once per
 * outermost transaction (a registry call, a `writeInSteps` step, an open-time write), after the
 * registry's history check, so it never makes a call look like a write.
 */
export function atEveryCommit(ctx: HandlerContext, work: (tx: WritableDb) => void): void {
  beforeEveryCommit(ctx.db.$client, () => work(ctx.db as WritableDb));
}

/**
 * Writes one change of `entity` and tells the windows: after the registry's commit when inside a
 * `write` call (once per record), at once after its own commit otherwise.
 */
export function mutate<T extends { id: string }>(ctx: WriteContext, entity: Entity, fn: (tx: WritableDb, at: string) => T): T {
  const at = ctx.clock.now().toISOString();
  const result = writeTransaction(ctx, (tx) => fn(tx, at));
  if (ctx.writes.inCall) ctx.writes.changed.push({ entity, id: result.id });
  else ctx.emit?.('data.changed', { entity, id: result.id });
  return result;
}

/**
 * A context for a long job (a bulk export writes thousands of records): its writes do not tell the
 * windows one by one, which would have each window refetch its lists after every write; `flush`
 * tells them once, when the job ends. Every other event (the job's progress) passes straight on.
 */
export function quietChanges(ctx: WriteContext): { ctx: WriteContext; flush(): void } {
  let last: { entity: string; id: string } | null = null;
  let count = 0;
  const emit: WriteContext['emit'] = (event, payload) => {
    if (event !== 'data.changed') return ctx.emit?.(event, payload);
    last = payload as { entity: string; id: string };
    count++;
  };
  return {
    ctx: deriveContext(ctx, { emit }),
    flush() {
      if (last) ctx.emit?.('data.changed', { ...last, count });
      last = null;
      count = 0;
    },
  };
}
