/**
 * The renderer's RPC client. In Electron it calls `window.workbench.invoke` (preload); in a browser
 * served by `npm run web` it POSTs to the loopback HTTP transport with the token from the URL.
 * Either way a call resolves to the channel's output or throws a WorkbenchError.
 */
import type { Channel, EventName, InputOf, OutputOf, WorkbenchEvents } from '@core/contract/index';
import { ErrorCode, WorkbenchError, type RpcResult } from '@core/errors';

interface Bridge {
  invoke(channel: string, input: unknown): Promise<RpcResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    workbench?: Bridge;
  }
}

const TOKEN_KEY = 'rollout-workbench.token';

function httpToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar, history and screenshots. The entry's state is the
    // router's own (its place in history, which Back and the unsaved-changes guard rely on): kept.
    const clean = `${window.location.pathname}${window.location.hash}`;
    window.history.replaceState(window.history.state, '', clean);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/**
 * This page's own id, new on every load: sent with each call and with the event stream, so the
 * server knows which page started a job and ends it when the page is closed or reloaded.
 */
function newPageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

function httpBridge(): Bridge {
  const token = httpToken();
  const pageId = newPageId();
  // One event stream for every listener: a browser keeps at most six connections per host, so a
  // stream per listener would starve the calls themselves.
  let source: EventSource | null = null;
  let listeners = 0;
  return {
    async invoke(channel, input) {
      try {
        const res = await fetch(`/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-workbench-client': pageId },
          body: JSON.stringify(input ?? {}),
        });
        return (await res.json()) as RpcResult<unknown>;
      } catch {
        return { ok: false, error: { code: ErrorCode.INTERNAL, message: 'The workbench server cannot be reached. Is `npm run web` still running?' } };
      }
    },
    on(event, listener) {
      source ??= new EventSource(`/events?token=${encodeURIComponent(token)}&client=${pageId}`);
      const stream = source;
      const handler = (e: MessageEvent<string>) => listener(JSON.parse(e.data));
      stream.addEventListener(event, handler as EventListener);
      listeners++;
      return () => {
        stream.removeEventListener(event, handler as EventListener);
        if (--listeners === 0) {
          stream.close();
          if (source === stream) source = null;
        }
      };
    },
  };
}

let bridge: Bridge | undefined;
function getBridge(): Bridge {
  bridge ??= window.workbench ?? httpBridge();
  return bridge;
}

/** Test seam: UI tests install an in-memory bridge. */
export function setBridge(b: Bridge | undefined): void {
  bridge = b;
}

export async function rpc<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await getBridge().invoke(channel, input);
  if (!result.ok) throw WorkbenchError.fromWire(result.error);
  return result.value as OutputOf<C>;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: WorkbenchEvents[E]) => void): () => void {
  return getBridge().on(event, listener as (p: unknown) => void);
}
