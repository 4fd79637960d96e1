/**
 * The renderer's data layer: where query keys come from and what a write refreshes. See
 * docs/ARCHITECTURE.md ("Renderer data layer").
 *
 * Keys. Every read is a query made by the factory of its channel's prefix, `features/<prefix>/queries.ts`,
 * never a key written in a component. A feature is named after its channels' prefix: every call
 * of `<prefix>.<name>` lives in `features/<prefix>/` (queries.ts, mutations.ts, or calls.ts for a
 * plain call), checked by tests/unit/renderer-layout.test.ts. A key starts with its channel's
 * prefix (`['sites', 'get', id]` for `sites.get`), so a factory's `all()` names every read of that
 * prefix at once.
 *
 * Writes: one invalidation policy.
 * 1. A write is a mutation hook in `features/<prefix>/mutations.ts`. When it succeeds it
 *    invalidates, and waits for, the key families of the data it changed (its own feature's, and
 *    a family another feature shows on the same screen when the write changes it), named in the
 *    hook with `refresh(qc, ...)`. So the screen that made the change is right as soon as the
 *    call returns: a dialog that closes after it already shows the new row.
 * 2. Everything further away is refreshed by main's `data.changed` event, which every window hears
 *    after each committed write (from this window, another one, the CLI or the end of a job): the
 *    bridge in app/providers.tsx marks every query stale and refetches those on screen, coalesced.
 *    So a hook never invalidates everything, and never lists the distant ripples of its write.
 * 3. Two writes change what any read may return, and so refresh every query (`refreshEverything`):
 *    choosing who you are (identity: "Mine", "by") and redacting secrets (text in any record).
 */
import { useMutation, useQueryClient, type QueryClient, type QueryKey, type UseMutationOptions } from '@tanstack/react-query';
import type { Channel, InputOf, OutputOf } from '@core/contract/index';
import { rpc } from './rpc';

/** Invalidates the given key families and resolves when those on screen have refetched. */
export async function refresh(qc: QueryClient, ...families: QueryKey[]): Promise<void> {
  await Promise.all(families.map((queryKey) => qc.invalidateQueries({ queryKey })));
}

/** Identity only (rule 3 above): every query, since who acts changes what each one returns. */
export async function refreshEverything(qc: QueryClient): Promise<void> {
  await qc.invalidateQueries();
}

export type WriteOptions<TData, TVars> = Omit<UseMutationOptions<TData, Error, TVars>, 'mutationFn'>;

/**
 * A write under the policy above: `mutationFn`, then `refresh` of `families` (awaited), then the
 * caller's own `onSuccess` (a notification, closing a dialog), which so sees the new data.
 */
export function useWrite<TData, TVars = void>(
  mutationFn: (vars: TVars) => Promise<TData>,
  families: readonly QueryKey[],
  options: WriteOptions<TData, TVars> = {},
) {
  const qc = useQueryClient();
  return useMutation<TData, Error, TVars>({
    ...options,
    mutationFn,
    onSuccess: async (...args) => {
      await refresh(qc, ...families);
      await options.onSuccess?.(...args);
    },
  });
}

export type ChannelWriteOptions<C extends Channel> = WriteOptions<OutputOf<C>, InputOf<C>>;

/** The common write: one channel, called with its input, then `families` refreshed. */
export function useChannelWrite<C extends Channel>(channel: C, families: readonly QueryKey[], options?: ChannelWriteOptions<C>) {
  return useWrite((input: InputOf<C>) => rpc(channel, input), families, options);
}
