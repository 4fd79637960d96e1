/**
 * How a channel is bound to its service (main/services/handlers.ts). A plain function reads: its
 * context has a read-only database and no way to write. A write is marked where it is bound:
 *
 * - `write(fn)`: the registry opens one immediate transaction around the whole call, `fn` writes
 *   through `mutate`, the registry refuses (and rolls back) a call that changed rows without a history
 *   entry, commits, then tells the windows what changed (`data.changed`), once per record.
 * - `writeInSteps(fn)`: for the few calls that cannot be one transaction (rendering a PDF between a
 *   read and its record, a long export job, a redaction that must checkpoint the file after its
 *   commit): each `mutate` inside is its own transaction and tells the windows itself.
 *
 * See docs/ARCHITECTURE.md, "One write path".
 */
import type { Channel, OutputOf, ParsedInputOf } from '@core/contract/index';
import type { HandlerContext, WriteContext } from './context';

export type ReadHandler<C extends Channel> = (input: ParsedInputOf<C>, ctx: HandlerContext) => OutputOf<C> | Promise<OutputOf<C>>;
export type WriteHandler<C extends Channel> = (input: ParsedInputOf<C>, ctx: WriteContext) => OutputOf<C>;
export type StepsHandler<C extends Channel> = (input: ParsedInputOf<C>, ctx: WriteContext) => OutputOf<C> | Promise<OutputOf<C>>;

export interface WriteBinding<C extends Channel> {
  readonly kind: 'write';
  readonly run: WriteHandler<C>;
}
export interface StepsBinding<C extends Channel> {
  readonly kind: 'steps';
  readonly run: StepsHandler<C>;
}
export type Binding<C extends Channel> = ReadHandler<C> | WriteBinding<C> | StepsBinding<C>;
export type Handlers = { [C in Channel]: Binding<C> };

/** Marks a channel that writes, in one transaction the registry opens around the call. */
export function write<C extends Channel>(run: WriteHandler<C>): WriteBinding<C> {
  return { kind: 'write', run };
}

/** Marks a channel that writes in several transactions of its own (see the header). */
export function writeInSteps<C extends Channel>(run: StepsHandler<C>): StepsBinding<C> {
  return { kind: 'steps', run };
}
