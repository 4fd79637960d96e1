import { changeLog } from '../../db/schema/index';
import { newId } from '../../db/ids';
import type { HandlerContext } from '../rpc/context';
import type { Db } from '../../db/client';

export type Entity = 'client' | 'site' | 'person' | 'owner_assignment' | 'sop' | 'operator' | 'incident' | 'review';

export interface ChangeRecord {
  entity: Entity;
  entityId: string;
  siteId?: string | null;
  action: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one change-log row. Call it inside the transaction that makes the change. */
export function recordChange(tx: Pick<Db, 'insert'>, ctx: HandlerContext, at: string, change: ChangeRecord): void {
  tx.insert(changeLog)
    .values({
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
    })
    .run();
}

/** Runs `fn` in one immediate transaction and notifies listeners after it commits. */
export function mutate<T extends { id: string }>(ctx: HandlerContext, entity: Entity, fn: (tx: Db, at: string) => T): T {
  const at = ctx.clock.now().toISOString();
  const result = ctx.db.$client.transaction(() => fn(ctx.db, at)).immediate();
  ctx.emit?.('data.changed', { entity, id: result.id });
  return result;
}
