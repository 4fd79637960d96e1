/**
 * Writes a planned portfolio import (portfolio-plan.ts) through the services a user's forms call
 * (createClient, updateSite, createPerson, assignOwnerOnly…), so every rule and every history row is
 * theirs.
 *
 * - Batches of BATCH_ROWS rows, ONE transaction per batch; each row in its own savepoint inside it,
 *   so a row a service refuses (a URL taken meanwhile, a record edited since the plan: stale version)
 *   is rolled back alone and reported by line, and the rest of the batch is written.
 * - A cancel is seen between batches: the batches written stay, none is half-written.
 * - Records added by a row get their real ids; a later row that needs one (the client a row added)
 *   finds it, or is refused when the row adding it failed.
 * - Owner assignments use assignOwnerOnly: the same write and rules as `owners.assign`, without reading
 *   the site's whole matrix back after each one.
 */
import type { ImportProblem } from '@core/contract/portfolio';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { WriteContext } from '../rpc/context';
import { firstBusyRetry, nextBusyWait, WriteLockBusy } from '../rpc/faults';
import { writeTransaction } from './change-log';
import { createClient, updateClient } from './clients';
import { refused } from './errors';
import { assignOwnerOnly } from './owners';
import { createPerson, updatePerson } from './people';
import type { Op, Plan, RowPlan } from './portfolio-plan';
import { isPlaceholder } from './portfolio-world';
import { createSite, updateSite } from './sites';

export const BATCH_ROWS = 200;

export interface ApplyResult {
  /** Rows written. */
  imported: number;
  /** Rows a service refused, with its message. */
  failed: { row: RowPlan; problem: ImportProblem }[];
  cancelled: boolean;
}

export interface ApplyOptions {
  signal?: AbortSignal;
  /** After each batch: rows written so far (and refused), of `total`. */
  onBatch?: (done: number, total: number) => void;
  batchRows?: number;
}

const WHAT: Record<string, string> = { client: 'The client', site: 'The site', person: 'The person' };

function resolver(ids: Map<string, string>, local: Map<string, string>, plan: Plan) {
  return (id: string): string => {
    if (!isPlaceholder(id)) return id;
    const real = local.get(id) ?? ids.get(id);
    if (real) return real;
    const kind = id.split(':')[1] ?? '';
    const line = plan.planned.get(id)?.line;
    throw refused(
      `${WHAT[kind] ?? 'A record'} this row needs was to be added by line ${line ?? '?'}, which was not imported: fix that line, then import again.`,
    );
  };
}

function applyOp(ctx: WriteContext, op: Op, resolve: (id: string) => string, local: Map<string, string>): void {
  switch (op.kind) {
    case 'createClient':
      local.set(op.ref, createClient(ctx, op.input).id);
      return;
    case 'updateClient':
      updateClient(ctx, op.input);
      return;
    case 'createSite':
      local.set(op.ref, createSite(ctx, { ...op.input, clientId: resolve(op.input.clientId) }).id);
      return;
    case 'updateSite':
      updateSite(ctx, { ...op.input, clientId: resolve(op.input.clientId) });
      return;
    case 'createPerson':
      local.set(op.ref, createPerson(ctx, { ...op.input, clientId: op.input.clientId && resolve(op.input.clientId) }).id);
      return;
    case 'updatePerson':
      updatePerson(ctx, op.input);
      return;
    case 'assign':
      assignOwnerOnly(ctx, {
        ...op.input,
        siteId: resolve(op.input.siteId),
        ownerId: resolve(op.input.ownerId),
        backupOwnerId: op.input.backupOwnerId && resolve(op.input.backupOwnerId),
      });
      return;
  }
}

/** The message of a refusal a row gets; anything else (a fault, a bug) stops the import. */
function rowRefusal(e: unknown): string | null {
  if (!(e instanceof WorkbenchError)) return null;
  if (e.code === ErrorCode.BUSY || e.code === ErrorCode.INTERNAL) return null;
  return e.message;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a batch, trying again for a few seconds while another program holds the write lock (nothing of the batch ran). */
async function withLock<T>(run: () => T): Promise<T> {
  let state = firstBusyRetry();
  for (;;) {
    try {
      return run();
    } catch (e) {
      const wait = e instanceof WriteLockBusy ? nextBusyWait(state) : null;
      if (!wait) throw e;
      state = wait.next;
      await sleep(wait.waitMs);
    }
  }
}

export async function applyPlan(ctx: WriteContext, plan: Plan, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const size = opts.batchRows ?? BATCH_ROWS;
  const ids = new Map<string, string>();
  const result: ApplyResult = { imported: 0, failed: [], cancelled: false };
  const total = plan.rows.length;
  for (let start = 0; start < total; start += size) {
    // Between batches only: the page's cancel and other programs' writes get in here.
    await pause();
    if (opts.signal?.aborted) {
      result.cancelled = true;
      break;
    }
    const batch = plan.rows.slice(start, start + size);
    const done = await withLock(() =>
      writeTransaction(ctx, () => {
        let imported = 0;
        const failed: ApplyResult['failed'] = [];
        const added = new Map<string, string>();
        for (const row of batch) {
          const local = new Map<string, string>();
          const resolve = resolver(ids, added, plan);
          try {
            writeTransaction(ctx, () => {
              for (const op of row.ops) applyOp(ctx, op, (id) => local.get(id) ?? resolve(id), local);
            });
            for (const [ref, id] of local) added.set(ref, id);
            imported++;
          } catch (e) {
            const message = rowRefusal(e);
            if (message === null) throw e;
            failed.push({ row, problem: { line: row.line, field: null, reason: message } });
          }
        }
        return { imported, failed, added };
      }),
    );
    for (const [ref, id] of done.added) ids.set(ref, id);
    result.imported += done.imported;
    result.failed.push(...done.failed);
    opts.onBatch?.(Math.min(start + size, total), total);
  }
  return result;
}
