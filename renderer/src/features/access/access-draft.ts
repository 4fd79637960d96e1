/** The access model as the form edits it (a draft), and the way back to the input of access.update. */
import type { AccessModel, RoleMapping } from '@core/contract/access';
import { OPERATOR_ROLES, WORKFLOW_ROLES, WORKFLOWS, WRITE_CAPABLE_WORKFLOWS, type OperatorRole, type Workflow } from '@core/playbook/schema';

export type Limit = RoleMapping['maxApproveRisk'];
export const LIMIT_LABEL: Record<Limit, string> = { none: 'None', low: 'Low risk', medium: 'Up to medium risk', high: 'Up to high risk' };

export interface RoleRow {
  used: boolean;
  wordpressRole: string;
  maxApproveRisk: Limit;
}

export interface Draft {
  enabledWorkflows: Workflow[];
  roles: Record<OperatorRole, RoleRow>;
  providerTier: string;
  bulkApprovalRisk: 'low' | null;
  firstRunCompletedOn: string;
  firstRunCompletedById: string | null;
}

export const usesApprovals = (role: OperatorRole) => WORKFLOW_ROLES.workflow_approvals.includes(role);
export const isWrite = (w: Workflow) => WRITE_CAPABLE_WORKFLOWS.includes(w);

export function toDraft(m: AccessModel): Draft {
  const roles = Object.fromEntries(
    OPERATOR_ROLES.map((role) => {
      const r = m.roles.find((x) => x.role === role);
      return [role, { used: Boolean(r), wordpressRole: r?.wordpressRole ?? '', maxApproveRisk: r?.maxApproveRisk ?? 'none' }];
    }),
  ) as Record<OperatorRole, RoleRow>;
  return {
    enabledWorkflows: [...m.enabledWorkflows],
    roles,
    providerTier: m.providerTier ?? '',
    bulkApprovalRisk: m.bulkApprovalRisk,
    firstRunCompletedOn: m.firstRunCompletedOn ?? '',
    firstRunCompletedById: m.firstRunCompletedById,
  };
}

/** The input of access.update, with the roles in table order so issue paths (roles.N.field) map back to a row. */
export function toInput(siteId: string, version: number, d: Draft) {
  const usedRoles = OPERATOR_ROLES.filter((role) => d.roles[role].used);
  return {
    usedRoles,
    input: {
      siteId,
      version,
      enabledWorkflows: WORKFLOWS.filter((w) => d.enabledWorkflows.includes(w)),
      roles: usedRoles.map((role) => ({ role, wordpressRole: d.roles[role].wordpressRole, maxApproveRisk: d.roles[role].maxApproveRisk })),
      providerTier: d.providerTier,
      bulkApprovalRisk: d.bulkApprovalRisk,
      firstRunCompletedOn: d.firstRunCompletedOn,
      firstRunCompletedById: d.firstRunCompletedById ?? '',
    },
  };
}

/** Field issues keyed by role for `roles.N.field` paths, and by path for the rest. */
export function placeIssues(issues: Record<string, string>, usedRoles: OperatorRole[]) {
  const byRole: Partial<Record<OperatorRole, Partial<Record<'role' | 'wordpressRole' | 'maxApproveRisk', string>>>> = {};
  const other: Record<string, string> = {};
  for (const [path, message] of Object.entries(issues)) {
    const m = /^roles\.(\d+)\.(role|wordpressRole|maxApproveRisk)$/.exec(path);
    const role = m ? usedRoles[Number(m[1])] : undefined;
    if (m && role) byRole[role] = { ...byRole[role], [m[2] as 'role']: message };
    else other[path] = message;
  }
  return { byRole, other };
}
