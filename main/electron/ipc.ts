import { ipcMain, type BrowserWindow, type WebContents } from 'electron';
import type { EventName, WorkbenchEvents } from '@core/contract/index';
import { ErrorCode } from '@core/errors';
import { isTrustedSender } from '../ipc-guard';
import type { Caller } from '../rpc/context';
import type { WorkspaceHost } from '../workspace-host';
import type { MainWindow } from './window';

// The two channel names the preload (preload/index.ts) uses.
const RPC_CHANNEL = 'rpc';
const EVENT_CHANNEL = 'workbench:event';

/** The page a window shows, as a Caller: it is gone when the window closes, its renderer crashes or it navigates (a reload). */
const pages = new WeakMap<WebContents, { caller: Caller; end(): void }>();
const watched = new WeakSet<WebContents>();
let pageCount = 0;

function callerOf(contents: WebContents): Caller {
  let page = pages.get(contents);
  if (!page) {
    const controller = new AbortController();
    page = { caller: { id: `window-${contents.id}-${++pageCount}`, signal: controller.signal }, end: () => controller.abort() };
    pages.set(contents, page);
  }
  if (!watched.has(contents)) {
    watched.add(contents);
    const gone = () => {
      pages.get(contents)?.end();
      pages.delete(contents);
    };
    contents.on('destroyed', gone);
    contents.on('render-process-gone', gone);
    // A main-frame navigation (a reload, or a switch of workspace) leaves the page that started the jobs.
    contents.on('did-navigate', gone);
  }
  return page.caller;
}

/**
 * The one IPC handler: checks the sender is our window's top frame showing our page, then dispatches
 * through the workspace host as every other transport. Window and host are read per call, so a
 * re-created window is used, and the host answers for whichever workspace is open (or the recovery screen).
 */
export function registerRpc(getWindow: () => MainWindow | null, getHost: () => WorkspaceHost | null): void {
  ipcMain.handle(RPC_CHANNEL, async (event, channel: unknown, input: unknown) => {
    const main = getWindow();
    const frame = event.senderFrame;
    const trusted =
      main !== null &&
      !main.window.isDestroyed() &&
      frame !== null &&
      isTrustedSender(
        { senderId: event.sender.id, frameUrl: frame.url, isMainFrame: frame === event.sender.mainFrame },
        { windowId: main.window.webContents.id, appUrl: main.appUrl },
      );
    if (!trusted) return { ok: false, error: { code: ErrorCode.FORBIDDEN_ORIGIN, message: 'This window may not call the workbench.' } };
    const host = getHost();
    if (!host) return { ok: false, error: { code: ErrorCode.INTERNAL, message: 'No workspace is open.' } };
    // The calling page comes with the call, so a job it starts ends when the page goes away.
    return host.dispatch(typeof channel === 'string' ? channel : '', input, callerOf(event.sender));
  });
}

export function sendEvent<E extends EventName>(window: BrowserWindow | null, event: E, payload: WorkbenchEvents[E]): void {
  if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event, payload);
}
