/**
 * `findings.proposeSopUpdate`: a draft SOP update from findings of one SOP cell (workflow and role):
 * the cell's current SOP with what the findings call for (core/activity/sop-proposal.ts), for the SOP
 * editor; publishing it (`sops.publish` with `findingIds`) links the findings to the new version.
 */
import type { SopProposal } from '@core/contract/findings';
import { proposeSopChanges } from '@core/activity/sop-proposal';
import { ROLE_LABEL, WORKFLOW_LABEL } from '@core/playbook/schema';
import type { HandlerContext } from '../rpc/context';
import { refused } from './errors';
import { answerableFindings } from './findings';
import { getSop } from './sops';

/** The findings' one SOP cell, or REFUSED saying which findings differ. */
export function findingsCell(ctx: HandlerContext, ids: readonly string[]) {
  const list = answerableFindings(ctx, ids);
  const unmatched = list.filter((f) => f.role === null);
  if (unmatched.length) {
    throw refused(
      `${unmatched.map((f) => f.who).join(', ')} ${unmatched.length === 1 ? 'is' : 'are'} not matched to an operator of the site, so the SOP to change is not known: match the actor to an operator first.`,
    );
  }
  const first = list[0]!;
  const other = list.filter((f) => f.workflow !== first.workflow || f.role !== first.role);
  if (other.length) {
    const cells = [...new Set(list.map((f) => `${WORKFLOW_LABEL[f.workflow]} for ${ROLE_LABEL[f.role!]}`))];
    throw refused(`These findings concern different SOPs (${cells.join('; ')}): choose findings of one workflow and one role.`);
  }
  return { workflow: first.workflow, role: first.role!, findings: list };
}

export function proposeSopUpdate(ctx: HandlerContext, input: { findingIds: string[] }): SopProposal {
  const cell = findingsCell(ctx, input.findingIds);
  const current = getSop(ctx, { workflow: cell.workflow, role: cell.role });
  const proposed = proposeSopChanges(current.sop, cell.findings);
  const { workflow: _w, role: _r, version: _v, ...sop } = proposed.sop;
  return {
    workflow: cell.workflow,
    role: cell.role,
    baseVersion: current.sop.version,
    sop,
    changeSummary: proposed.changeSummary,
    findingIds: cell.findings.map((f) => f.id),
  };
}
