/** "Verify workspace" and the notices from opening it: thin wrappers over db/integrity.ts for the channels. */
import type { VerifyReport } from '../../core/contract/workspace';
import { openingNotices } from '../../db/history-guards';
import { verifyWorkspace } from '../../db/integrity';
import type { HandlerContext } from '../rpc/context';

export function verify(ctx: Pick<HandlerContext, 'db' | 'clock'>): VerifyReport {
  return verifyWorkspace(ctx.db.$client, ctx.clock.now());
}

/** What opening the workspace found and repaired (a restored history guard, rows sealed). */
export function workspaceNotices(ctx: Pick<HandlerContext, 'db'>): string[] {
  return openingNotices(ctx.db.$client);
}
