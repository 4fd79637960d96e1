/**
 * Recovery mode: the workspace file failed its checks at open, so there is no database. The window shows
 * the recovery screen, whose channels need no workspace (they read backups, files and the recent list);
 * every other channel, and any read of `ctx.db`, answers one plain refusal. The file itself is never
 * written, migrated or moved here.
 */
import os from 'node:os';
import { deviceName } from '@core/domain/identity';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { WorkspaceOpenError, WorkspaceOpenProblem } from '@db/client';
import { describeOpenProblem, type OpenProblemScreen } from './open-problem';
import type { Clock, HandlerContext, Logger } from './rpc/context';
import { runIdentity } from './services/identity';

export interface RecoveryState {
  file: string;
  problem: WorkspaceOpenProblem;
  /** The words of the open error, and what the screen says about them. */
  message: string;
  screen: OpenProblemScreen;
}

/**
 * Channels the recovery screen uses; `uploads.` covers the upload of a backup file chosen in the page,
 * `updates.` the app's own updates (they touch no workspace, and a newer version may be what opens it),
 * `reminders.state` what the tray shows (nothing due, the pause and start at login of this device).
 */
const RECOVERY_CHANNELS = new Set([
  'workspace.state',
  'workspace.open',
  'workspace.create',
  'workspace.forget',
  'workspace.copyAside',
  'workspace.reveal',
  'backups.list',
  'backups.inspect',
  'backups.restore',
  'backups.discard',
  'reminders.state',
]);

export function worksInRecovery(channel: string): boolean {
  return RECOVERY_CHANNELS.has(channel) || channel.startsWith('uploads.') || channel.startsWith('updates.');
}

export function recoveryStateOf(file: string, problem: WorkspaceOpenProblem, message: string): RecoveryState {
  return { file, problem, message, screen: describeOpenProblem(problem, message) };
}

export function noWorkspaceError(state: RecoveryState): WorkbenchError {
  return new WorkbenchError(
    ErrorCode.REFUSED,
    `No workspace is open: ${state.file} could not be opened (${state.screen.title.toLowerCase()}). Restore a backup, open another workspace or copy the file aside from the recovery screen.`,
  );
}

/** The context the recovery screen's channels run with: everything but a database. */
export function recoveryContext(
  state: RecoveryState,
  o: { clock: Clock; log: Logger; actor?: string; env?: NodeJS.ProcessEnv; device?: string },
): HandlerContext {
  const identity = runIdentity({ actor: o.actor, env: o.env });
  return {
    get db(): never {
      throw noWorkspaceError(state);
    },
    clock: o.clock,
    log: o.log,
    // Nobody can be chosen without a workspace: the login (or the actor named for the run) acts.
    actor: identity.override?.text ?? identity.login,
    device: o.device ?? deviceName(identity.login, os.hostname()),
    identity,
    workspacePath: state.file,
    schemaVersion: 0,
  };
}

/** Another workspace could not be opened: the problem's words, and what stays on screen. */
export function switchRefusal(err: WorkspaceOpenError, stays: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.REFUSED, `${describeOpenProblem(err.problem, err.message).title}: ${err.message} ${stays}`);
}
