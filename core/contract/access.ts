/**
 * A site's access model: how SophMate is set up there (enabled workflows, Roles and Permissions,
 * Approval Controls, the AI provider connection, the First-Run Checklist). Training and access are
 * matched against it, and the handover runbook tells the client how to repeat it.
 */
import { z } from 'zod';
import { ROLE_LABEL, OPERATOR_ROLES, WORKFLOW_ROLES, WORKFLOWS, type OperatorRole } from '../playbook/schema';
import { Id, optionalLocalDate, optionalText, requiredText, Timestamp } from './fields';

export const APPROVAL_LIMITS = ['none', 'low', 'medium', 'high'] as const;

export const RoleMapping = z.object({
  role: z.enum(OPERATOR_ROLES, { error: `Role must be one of: ${OPERATOR_ROLES.join(', ')}.` }),
  /** The WordPress/SophMate role the operator role maps to at this site, e.g. "Shop manager + SophMate Drafter". */
  wordpressRole: requiredText('WordPress/SophMate role', 120),
  /** The highest risk level this role may approve at this site. */
  maxApproveRisk: z.enum(APPROVAL_LIMITS, { error: 'Approval limit must be none, low, medium or high.' }),
});
export type RoleMapping = z.infer<typeof RoleMapping>;

export const AccessModel = z.object({
  siteId: Id,
  /** False until someone records the access model; everything below is then empty. */
  recorded: z.boolean(),
  enabledWorkflows: z.array(z.enum(WORKFLOWS)),
  roles: z.array(RoleMapping),
  providerTier: z.string().nullable(),
  bulkApprovalRisk: z.enum(['low']).nullable(),
  firstRunCompletedOn: z.string().nullable(),
  firstRunCompletedById: Id.nullable(),
  firstRunCompletedByName: z.string().nullable(),
  /** From the setup record and the owner matrix: the provider, and who owns its key and bill. */
  provider: z.string().nullable(),
  keyOwnerName: z.string().nullable(),
  updatedAt: Timestamp.nullable(),
  /** 0 before anything is recorded. */
  version: z.number().int(),
});
export type AccessModel = z.infer<typeof AccessModel>;

const roleUsesApprovals = (role: OperatorRole) => WORKFLOW_ROLES.workflow_approvals.includes(role);

export const AccessModelUpdate = z
  .object({
    siteId: Id,
    version: z.number().int().min(0),
    enabledWorkflows: z.array(z.enum(WORKFLOWS, { error: `Workflow must be one of: ${WORKFLOWS.join(', ')}.` })),
    roles: z.array(RoleMapping),
    providerTier: optionalText('Plan or model tier', 120),
    bulkApprovalRisk: z.enum(['low'], { error: 'SophMate allows bulk approval for low-risk plans only.' }).nullable(),
    firstRunCompletedOn: optionalLocalDate(),
    firstRunCompletedById: z.preprocess((v) => (v === '' ? null : v), Id.nullable()),
  })
  .superRefine((v, ctx) => {
    v.roles.forEach((r, i) => {
      if (v.roles.findIndex((x) => x.role === r.role) !== i)
        ctx.addIssue({ code: 'custom', path: ['roles', i, 'role'], message: `${ROLE_LABEL[r.role]} is mapped twice: keep one row per role.` });
      if (r.maxApproveRisk !== 'none' && !roleUsesApprovals(r.role)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', i, 'maxApproveRisk'],
          message: `${ROLE_LABEL[r.role]}s do not use Workflow approvals: set their approval limit to none.`,
        });
      }
    });
    if (v.bulkApprovalRisk && !v.enabledWorkflows.includes('workflow_approvals')) {
      ctx.addIssue({
        code: 'custom',
        path: ['bulkApprovalRisk'],
        message: 'Bulk approval needs Workflow approvals enabled: enable it, or turn bulk approval off.',
      });
    }
    if (Boolean(v.firstRunCompletedOn) !== Boolean(v.firstRunCompletedById)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.firstRunCompletedOn ? 'firstRunCompletedById' : 'firstRunCompletedOn'],
        message: v.firstRunCompletedOn ? 'Choose who completed the First-Run Checklist.' : 'Give the day the First-Run Checklist was completed.',
      });
    }
  });

export const accessContract = {
  'access.get': { input: z.object({ siteId: Id }), output: AccessModel },
  'access.update': { input: AccessModelUpdate, output: AccessModel },
} as const;
