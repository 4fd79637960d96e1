import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { APPROVAL_LIMITS } from '@core/contract/access';
import { OPERATOR_ROLES, WORKFLOWS } from '@core/playbook/schema';
import { sqlValues, syncColumns } from './common';
import { operators } from './operators';
import { people } from './people';
import { sites } from './sites';

/**
 * How SophMate is set up at one site (its access model): which workflows are enabled, the AI provider's
 * plan or model tier (the key's owner is the site's "Provider key & billing" owner; the key itself is
 * never recorded), bulk approval, and when and by whom SophMate's First-Run Checklist was completed.
 * One editable fact per column. Absent means nothing has been recorded yet: no workflow is enabled.
 */
export const siteAccessModels = sqliteTable(
  'site_access_models',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    readOnlyCopilot: integer('read_only_copilot', { mode: 'boolean' }).notNull().default(false),
    supportDrafts: integer('support_drafts', { mode: 'boolean' }).notNull().default(false),
    productCopy: integer('product_copy', { mode: 'boolean' }).notNull().default(false),
    themeAssistantReview: integer('theme_assistant_review', { mode: 'boolean' }).notNull().default(false),
    workflowApprovals: integer('workflow_approvals', { mode: 'boolean' }).notNull().default(false),
    incidentEscalation: integer('incident_escalation', { mode: 'boolean' }).notNull().default(false),
    providerTier: text('provider_tier'),
    /** The highest risk level that may be bulk-approved; null: no bulk approval. SophMate allows it for low risk only. */
    bulkApprovalRisk: text('bulk_approval_risk'),
    firstRunCompletedOn: text('first_run_completed_on'),
    firstRunCompletedById: text('first_run_completed_by_id').references(() => people.id),
  },
  (t) => [
    uniqueIndex('site_access_models_site').on(t.siteId),
    check('site_access_models_bulk_low_only', sql`${t.bulkApprovalRisk} is null or ${t.bulkApprovalRisk} = 'low'`),
    check(
      'site_access_models_first_run_day',
      sql`${t.firstRunCompletedOn} is null or ${t.firstRunCompletedOn} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`,
    ),
    check('site_access_models_first_run_both', sql`(${t.firstRunCompletedOn} is null) = (${t.firstRunCompletedById} is null)`),
  ],
);

/**
 * Roles and Permissions at one site: the WordPress/SophMate role an operator role maps to, and the
 * highest risk level that role may approve there (Approval Controls). One row per operator role used.
 */
export const siteRoleMappings = sqliteTable(
  'site_role_mappings',
  {
    ...syncColumns(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    role: text('role', { enum: OPERATOR_ROLES }).notNull(),
    wordpressRole: text('wordpress_role').notNull(),
    maxApproveRisk: text('max_approve_risk', { enum: APPROVAL_LIMITS }).notNull().default('none'),
  },
  (t) => [
    uniqueIndex('site_role_mappings_once').on(t.siteId, t.role),
    check('site_role_mappings_risk_valid', sql`${t.maxApproveRisk} in (${sqlValues(APPROVAL_LIMITS)})`),
    check('site_role_mappings_wp_role_not_blank', sql`length(trim(${t.wordpressRole})) > 0`),
  ],
);

/** The workflows an operator's current access covers (access is granted per workflow). */
export const operatorAccessWorkflows = sqliteTable(
  'operator_access_workflows',
  {
    ...syncColumns(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => operators.id),
    workflow: text('workflow', { enum: WORKFLOWS }).notNull(),
  },
  (t) => [uniqueIndex('operator_access_workflows_once').on(t.operatorId, t.workflow)],
);
