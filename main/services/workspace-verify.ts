/** `workspace.verify` ("Verify workspace") and the notices from opening it, for the channels (the checks live in db/integrity.ts). */
import type { VerifyReport } from '@core/contract/workspace';
import { openingNoticesOf, verifyOpenWorkspace } from '@db/queries/connection';
import type { HandlerContext } from '../rpc/context';

export function verify(ctx: Pick<HandlerContext, 'db' | 'clock'>): VerifyReport {
  return verifyOpenWorkspace(ctx.db, ctx.clock.now());
}

/** What opening the workspace found and repaired (a restored history guard, rows sealed). */
export function workspaceNotices(ctx: Pick<HandlerContext, 'db'>): string[] {
  return openingNoticesOf(ctx.db);
}
