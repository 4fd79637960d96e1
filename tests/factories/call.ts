/**
 * The one thing the test factories need: a way to call a channel. db and rpc tests call through the
 * handler registry (`openTestWorkspace().call`, tests/db/helpers.ts); E2E tests call over the web
 * harness's HTTP transport (`app.rpc`, tests/e2e/fixtures.ts). Both refuse with an error when the
 * channel answers with an error envelope, so a factory never goes on after a refused write.
 */
import type { Channel, InputOf, OutputOf } from '@core/contract/index';

export type Call = <C extends Channel>(channel: C, input: InputOf<C>) => Promise<OutputOf<C>>;

/** Something that calls channels by name, as the E2E harness's `app.rpc` does (its answers are JSON). */
export interface RpcCaller {
  rpc<T = unknown>(channel: string, input?: unknown): Promise<T>;
}

/** A `Call` over an HTTP caller: the same channels and inputs, the answers as the wire carries them. */
export function callOver(app: RpcCaller): Call {
  return (channel, input) => app.rpc<never>(channel, input);
}
