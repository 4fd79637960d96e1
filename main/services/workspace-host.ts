/**
 * The `workspace.*` channels that open, create and switch workspace files: each asks the program hosting
 * the session (ctx.host, main/workspace-host.ts), which keeps the paths and the recent list. The CLI and
 * bare contexts have no host: there the channels are refused in words that say where they work.
 */
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { HandlerContext, WorkspaceSwitcher } from '../rpc/context';

function switcherOf(ctx: HandlerContext): WorkspaceSwitcher {
  const s = ctx.host?.workspaces;
  if (!s) throw new WorkbenchError(ErrorCode.REFUSED, 'Workspaces are opened and switched in the app (desktop or `npm run web`), not here.');
  return s;
}

export function workspaceState(ctx: HandlerContext) {
  return switcherOf(ctx).state();
}

export function openWorkspaceFile(ctx: HandlerContext, input: { recentId: string } | { choose: true }) {
  return switcherOf(ctx).open(input);
}

export function createWorkspaceFile(ctx: HandlerContext, input: { name: string; where: 'beside-current' | 'choose' }) {
  return switcherOf(ctx).create(input.name, input.where);
}

export function forgetRecentWorkspace(ctx: HandlerContext, input: { recentId: string }) {
  return switcherOf(ctx).forget(input.recentId);
}

export async function copyWorkspaceAside(ctx: HandlerContext) {
  return { copy: await switcherOf(ctx).copyAside() };
}

export function revealWorkspaceFile(ctx: HandlerContext) {
  return switcherOf(ctx).reveal();
}
