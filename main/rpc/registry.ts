/**
 * The one handler registry. Transports (Electron IPC, loopback HTTP, tests) call `dispatch` with a
 * channel name and untrusted input; it always resolves to a result envelope, never throws.
 */
import { type z } from 'zod';
import { contract, isChannel, type Channel } from '@core/contract/index';
import { ErrorCode, WorkbenchError, type FieldIssue, type RpcResult } from '@core/errors';
import { type Binding, type Handlers, type ReadHandler, type StepsBinding, type WriteBinding } from './bindings';
import { deriveContext, newWriteScope, type HandlerContext, type WriteContext } from './context';
import { findInputSecrets } from './input-secrets';
import { trackCall } from '../updates/busy';
import { busyRetryOf, classifyFault, immediateTransaction, nextBusyWait, sleep, toWorkbenchError, withBusyRetry, WriteLockBusy } from './faults';

export type { Handlers } from './bindings';

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function invalidInputMessage(issues: FieldIssue[]): string {
  const first = issues[0];
  if (!first) return 'The input is not valid.';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${first.message}${more}`;
}

export interface RegistryOptions {
  /** Check handler output against the contract (on in dev and tests: catches contract drift). */
  checkOutput: boolean;
}

export class Registry {
  constructor(
    private readonly handlers: Handlers,
    private readonly opts: RegistryOptions = { checkOutput: true },
  ) {}

  async dispatch(channel: string, rawInput: unknown, ctx: HandlerContext): Promise<RpcResult<unknown>> {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: ErrorCode.UNKNOWN_CHANNEL, message: `There is no channel named "${channel}".` } };
    }
    const spec = contract[channel];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: invalidInputMessage(issues), details: { issues } } };
    }
    const secrets = findInputSecrets(channel, parsed.data, rawInput);
    if (secrets) return { ok: false, error: { code: ErrorCode.INVALID_INPUT, message: secrets.message, details: { issues: secrets.issues } } };
    try {
      // A long operation (an export, an import) holds a restart into an update back while it runs.
      const value = await trackCall(channel, () => run(channel, this.handlers[channel] as Binding<Channel>, parsed.data as never, ctx));
      if (this.opts.checkOutput) {
        const out = spec.output.safeParse(value);
        if (!out.success) {
          ctx.log.error(`output of ${channel} does not match the contract`, { issues: zodIssues(out.error) });
          return { ok: false, error: { code: ErrorCode.INTERNAL, message: `The app produced an invalid answer for ${channel}.` } };
        }
        return { ok: true, value: out.data };
      }
      return { ok: true, value };
    } catch (err) {
      if (err instanceof WriteLockBusy) {
        // BEGIN IMMEDIATE could not take the write lock, so nothing ran: the whole call may run again
        // once the other writer is done. The wait is asynchronous, so other calls are served meanwhile.
        const step = nextBusyWait(busyRetryOf(ctx));
        if (step) {
          await sleep(step.waitMs);
          return this.dispatch(channel, rawInput, withBusyRetry(ctx, step.next));
        }
      }
      if (err instanceof WorkbenchError) return { ok: false, error: err.toWire() };
      const fault = classifyFault(err);
      if (fault) {
        ctx.log.warn(`${channel}: ${fault.code}`, { error: err instanceof Error ? err.message : String(err) });
        return { ok: false, error: fault.toWire() };
      }
      ctx.log.error(`handler ${channel} failed`, { error: err instanceof Error ? err.stack : String(err) });
      return { ok: false, error: toWorkbenchError(err).toWire() };
    }
  }
}

/** Rows changed by this connection so far (SQLite's total_changes()). */
function totalChanges(ctx: HandlerContext): number {
  return (ctx.db.$client.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

/** Runs one bound channel: a read as it is, a write inside the transaction its binding asks for. */
async function run(channel: Channel, binding: Binding<Channel>, input: never, ctx: HandlerContext): Promise<unknown> {
  if (typeof binding === 'function') return (binding as ReadHandler<Channel>)(input, ctx);
  if (binding.kind === 'steps') return (binding as StepsBinding<Channel>).run(input, deriveContext(ctx as WriteContext, { writes: newWriteScope(false) }));
  const writes = newWriteScope(true);
  const wctx = deriveContext(ctx as WriteContext, { writes });
  let value: unknown;
  try {
    value = immediateTransaction(ctx.db.$client, () => {
      const before = totalChanges(ctx);
      const out: unknown = (binding as WriteBinding<Channel>).run(input, wctx);
      if (out instanceof Promise) {
        void out.catch(() => {});
        throw new WorkbenchError(ErrorCode.INTERNAL, `${channel} is bound with write() but answers later; bind it with writeInSteps(). Nothing was saved.`);
      }
      if (writes.historyRows === 0 && totalChanges(ctx) !== before) {
        throw new WorkbenchError(ErrorCode.INTERNAL, `${channel} changed the workspace without recording the change in its history. Nothing was saved.`);
      }
      return out;
    });
  } finally {
    // Closed: a context kept past the call (a job started from it) writes and tells on its own.
    writes.inCall = false;
  }
  const told = new Set<string>();
  for (const c of writes.changed) {
    const key = `${c.entity}\u0000${c.id}`;
    if (told.has(key)) continue;
    told.add(key);
    ctx.emit?.('data.changed', c);
  }
  return value;
}
