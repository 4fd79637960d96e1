/**
 * The one handler registry. Transports (Electron IPC, loopback HTTP, tests) call `dispatch` with a
 * channel name and untrusted input; it always resolves to a result envelope, never throws.
 */
import { type z } from 'zod';
import { contract, isChannel, type Channel, type OutputOf, type ParsedInputOf } from '../../core/contract/index';
import { ErrorCode, WorkbenchError, type FieldIssue, type RpcResult } from '../../core/errors';
import type { HandlerContext } from './context';
import { findInputSecrets } from './input-secrets';
import { busyRetryOf, classifyFault, nextBusyWait, sleep, toWorkbenchError, withBusyRetry, WriteLockBusy } from './faults';

export type Handler<C extends Channel> = (input: ParsedInputOf<C>, ctx: HandlerContext) => OutputOf<C> | Promise<OutputOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

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
      const handler = this.handlers[channel] as Handler<Channel>;
      const value = await handler(parsed.data as never, ctx);
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
