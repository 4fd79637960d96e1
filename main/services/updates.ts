/**
 * The `updates.*` channels: each asks the app's update controller (main/updates/controller.ts), which the
 * program hosting the session holds (ctx.host.updates): the desktop app and the web harness. These
 * channels touch no workspace. Without a host (the CLI, bare tests) they refuse in words saying where
 * updates happen.
 */
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { HandlerContext, UpdatesPort } from '../rpc/context';

function updatesOf(ctx: HandlerContext): UpdatesPort {
  const u = ctx.host?.updates;
  if (!u) throw new WorkbenchError(ErrorCode.REFUSED, 'Updates are checked and installed in the desktop app, not here.');
  return u;
}

export function updateState(ctx: HandlerContext) {
  return updatesOf(ctx).state();
}

export function checkForUpdates(ctx: HandlerContext) {
  return updatesOf(ctx).check();
}

export function setAutomaticUpdates(ctx: HandlerContext, input: { automatic: boolean }) {
  return updatesOf(ctx).setAutomatic(input.automatic);
}

export function installUpdate(ctx: HandlerContext) {
  return updatesOf(ctx).install();
}
