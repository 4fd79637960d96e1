/**
 * The workspace's playbook as a whole: the matrix of its SOPs (one per workflow and role, with how
 * many operators need retraining on each) and who the shipped playbook is published by. The SOPs are
 * in sops.ts, a site's additions in overrides.ts; the checklist, acceptance checks and cadences in
 * playbook-items.ts; installing and upgrading in playbook-install.ts; exporting and importing in
 * playbook-files.ts.
 */
import type { HandlerContext } from '../rpc/context';
import { staleSignoffs } from './operators-retraining';
import { currentSopRows } from './sops';

/** Who published what ships with the app, and with which summary. */
export const SHIPPED_BY = 'Rollout Workbench';
export const SHIPPED_SUMMARY = 'Default SophMate playbook';

/** `playbook.matrix`: the current version of every SOP cell and how many operators must retrain on it. */
export function playbookMatrix(ctx: HandlerContext) {
  const rows = currentSopRows(ctx);
  const stale = new Map<string, Set<string>>();
  for (const r of staleSignoffs(ctx)) {
    const key = `${r.workflow}/${r.role}`;
    stale.set(key, (stale.get(key) ?? new Set()).add(r.operatorId));
  }
  return {
    cells: rows.map((r) => ({
      workflow: r.workflow,
      role: r.role,
      version: r.sop_version,
      publishedAt: r.created_at,
      operatorsNeedingRetraining: stale.get(`${r.workflow}/${r.role}`)?.size ?? 0,
    })),
  };
}
