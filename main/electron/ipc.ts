import { ipcMain, type BrowserWindow } from 'electron';
import { ErrorCode } from '../../core/errors';
import type { EventName, WorkbenchEvents } from '../../core/contract/index';
import { isTrustedSender } from '../ipc-guard';
import type { Session } from '../session';

const RPC_CHANNEL = 'rpc';
const EVENT_CHANNEL = 'workbench:event';

/**
 * The one IPC handler: checks the sender is our window showing our page, then dispatches through the
 * same registry as every other transport. `getSession` is read per call so a re-opened workspace is used.
 */
export function registerRpc(getWindow: () => { window: BrowserWindow; appUrl: string } | null, getSession: () => Session | null): void {
  ipcMain.handle(RPC_CHANNEL, async (event, channel: unknown, input: unknown) => {
    const main = getWindow();
    const trusted =
      main !== null &&
      isTrustedSender({ senderId: event.sender.id, frameUrl: event.senderFrame?.url ?? '' }, { windowId: main.window.webContents.id, appUrl: main.appUrl });
    if (!trusted) return { ok: false, error: { code: ErrorCode.FORBIDDEN_ORIGIN, message: 'This window may not call the workbench.' } };
    const session = getSession();
    if (!session) return { ok: false, error: { code: ErrorCode.INTERNAL, message: 'No workspace is open.' } };
    return session.dispatch(typeof channel === 'string' ? channel : '', input);
  });
}

export function sendEvent<E extends EventName>(window: BrowserWindow | null, event: E, payload: WorkbenchEvents[E]): void {
  if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event, payload);
}
