import { changeLog } from '../../db/schema/index';
import { newId } from '../../db/ids';
import { sealChange, type ChangeContent } from '../../db/integrity';
import type { ENTITIES } from '../../core/contract/history';
import { deriveContext, type HandlerContext } from '../rpc/context';
import { immediateTransaction } from '../rpc/faults';
import type { Db } from '../../db/client';

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

/**
 * Appends one change-log row, sealed into the history's hash chain. The only way history is written:
 * call it inside the transaction that makes the change (it refuses to run outside one).
 */
export function recordChange(tx: Pick<Db, 'insert'>, ctx: HandlerContext, at: string, change: ChangeRecord): void {
  const row: ChangeContent = {
    id: newId(),
    entity: change.entity,
    entityId: change.entityId,
    siteId: change.siteId ?? null,
    action: change.action,
    summary: change.summary,
    before: change.before === undefined ? null : JSON.stringify(change.before),
    after: change.after === undefined ? null : JSON.stringify(change.after),
    actor: ctx.actor,
    device: ctx.device,
    at,
  };
  tx.insert(changeLog)
    .values({ ...row, ...sealChange(ctx.db.$client, row) })
    .run();
}

/**
 * Runs `fn` in one immediate transaction and notifies listeners after it commits. When another
 * program holds the write lock it throws WriteLockBusy before `fn` runs, which the registry retries.
 */
export function mutate<T extends { id: string }>(ctx: HandlerContext, entity: Entity, fn: (tx: Db, at: string) => T): T {
  const at = ctx.clock.now().toISOString();
  const result = immediateTransaction(ctx.db.$client, () => fn(ctx.db, at));
  ctx.emit?.('data.changed', { entity, id: result.id });
  return result;
}

/**
 * A context for a long job (a bulk export writes thousands of records): its writes do not tell the
 * windows one by one, which would have each window refetch its lists after every write; `flush`
 * tells them once, when the job ends. Every other event (the job's progress) passes straight on.
 */
export function quietChanges(ctx: HandlerContext): { ctx: HandlerContext; flush(): void } {
  let last: { entity: string; id: string } | null = null;
  let count = 0;
  const emit: HandlerContext['emit'] = (event, payload) => {
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
