/**
 * The access model of a site (Setup → Access model): enabled workflows, role mappings and approval
 * limits, the provider's plan, bulk approval and the First-Run Checklist. Enabling a write-capable
 * workflow is a change the rollback plan must cover, so it outdates the final rollback plan.
 */
import { sql } from 'drizzle-orm';
import type { AccessModel, RoleMapping } from '@core/contract/access';
import type { ParsedInputOf } from '@core/contract/index';
import { localDate } from '@core/domain/cadence';
import { isWriteCapable } from '@core/domain/access-gate';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS, type OperatorRole, type Workflow } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { siteAccessModels, siteRoleMappings } from '@db/schema/index';
import type { AccessModelRow } from '@db/queries/rows';
import { inList } from '@db/queries/sql';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { refusedOn, staleVersion } from './errors';
import { assertUsablePerson } from './owners';
import { getSettings } from './settings';
import { requireSiteForWrite } from './records';
import { getSite } from './sites-list';

/** The change-log action of an access-model change that enables a write-capable workflow (it outdates the rollback plan). */
export const WRITE_ENABLED_ACTION = 'access-model-write';

const COLUMN: Record<Workflow, keyof typeof siteAccessModels.$inferInsert> = {
  read_only_copilot: 'readOnlyCopilot',
  support_drafts: 'supportDrafts',
  product_copy: 'productCopy',
  theme_assistant_review: 'themeAssistantReview',
  workflow_approvals: 'workflowApprovals',
  incident_escalation: 'incidentEscalation',
};

function modelRow(ctx: Pick<HandlerContext, 'db'>, siteId: string): AccessModelRow | undefined {
  return ctx.db.get<AccessModelRow>(sql`SELECT m.*, p.name AS first_run_name FROM site_access_models m
    LEFT JOIN people p ON p.id = m.first_run_completed_by_id WHERE m.site_id = ${siteId}`);
}

function enabledOf(row: AccessModelRow | undefined): Workflow[] {
  if (!row) return [];
  const flags: Record<Workflow, number> = row;
  return WORKFLOWS.filter((w) => flags[w] === 1);
}

export function roleMappings(ctx: Pick<HandlerContext, 'db'>, siteId: string): RoleMapping[] {
  return ctx.db
    .all<{ role: OperatorRole; wordpress_role: string; max_approve_risk: RoleMapping['maxApproveRisk'] }>(
      sql`SELECT role, wordpress_role, max_approve_risk FROM site_role_mappings WHERE site_id = ${siteId}`,
    )
    .map((r) => ({ role: r.role, wordpressRole: r.wordpress_role, maxApproveRisk: r.max_approve_risk }))
    .sort((a, b) => Object.keys(ROLE_LABEL).indexOf(a.role) - Object.keys(ROLE_LABEL).indexOf(b.role));
}

export function getAccessModel(ctx: HandlerContext, siteId: string): AccessModel {
  const site = getSite(ctx, siteId);
  const row = modelRow(ctx, siteId);
  const keyOwner = ctx.db.get<{ name: string }>(
    sql`SELECT p.name FROM owner_assignments oa JOIN people p ON p.id = oa.owner_id WHERE oa.site_id = ${siteId} AND oa.responsibility = 'provider_key_billing'`,
  );
  return {
    siteId,
    recorded: Boolean(row),
    enabledWorkflows: enabledOf(row),
    roles: roleMappings(ctx, siteId),
    providerTier: row?.provider_tier ?? null,
    bulkApprovalRisk: row?.bulk_approval_risk ?? null,
    firstRunCompletedOn: row?.first_run_completed_on ?? null,
    firstRunCompletedById: row?.first_run_completed_by_id ?? null,
    firstRunCompletedByName: row?.first_run_name ?? null,
    provider: site.aiProvider,
    keyOwnerName: keyOwner?.name ?? null,
    updatedAt: row?.updated_at ?? null,
    version: row?.version ?? 0,
  };
}

/** What the access gate needs from the access model, for one site. */
export function accessFacts(ctx: Pick<HandlerContext, 'db'>, siteId: string) {
  const row = modelRow(ctx, siteId);
  return { enabledWorkflows: enabledOf(row), roles: roleMappings(ctx, siteId), firstRunDone: Boolean(row?.first_run_completed_on) };
}

const riskWords = (r: RoleMapping) => (r.maxApproveRisk === 'none' ? 'approves nothing' : `approves up to ${r.maxApproveRisk} risk`);

export function updateAccessModel(ctx: WriteContext, input: ParsedInputOf<'access.update'>): AccessModel {
  mutate(ctx, 'site', (tx, at) => {
    const site = requireSiteForWrite(ctx, input.siteId, 'changing its access model');
    const before = getAccessModel(ctx, input.siteId);
    if (before.version !== input.version) throw staleVersion('The access model of', site.name);
    if (input.firstRunCompletedById)
      assertUsablePerson(ctx, input.firstRunCompletedById, 'the person who completed the First-Run Checklist', 'firstRunCompletedById');
    if (input.firstRunCompletedOn) {
      const today = localDate(ctx.clock.now(), getSettings(ctx).timeZone);
      if (input.firstRunCompletedOn > today)
        throw refusedOn('firstRunCompletedOn', `The First-Run Checklist cannot be completed in the future (today is ${today}).`);
    }
    // A role may not approve more at the site than its SOP trains it to: the operators would be trained for less than they can do.
    input.roles.forEach((r, i) => {
      if (r.maxApproveRisk === 'none') return;
      const sop = ctx.db.get<{
        low: number;
        medium: number;
        high: number;
      }>(sql`SELECT may_approve_low AS low, may_approve_medium AS medium, may_approve_high AS high FROM sop_versions
        WHERE workflow = 'workflow_approvals' AND role = ${r.role} ORDER BY sop_version DESC LIMIT 1`);
      const allowed = sop ? ((['high', 'medium', 'low'] as const).find((l) => sop[l] === 1) ?? 'none') : 'none';
      const rank = { none: 0, low: 1, medium: 2, high: 3 } as const;
      if (rank[r.maxApproveRisk] > rank[allowed]) {
        throw refusedOn(
          `roles.${i}.maxApproveRisk`,
          `${ROLE_LABEL[r.role]}s may approve ${allowed === 'none' ? 'no plans' : `up to ${allowed} risk`} by their Workflow approvals SOP: set a lower limit here, or publish an SOP that allows ${r.maxApproveRisk} risk first.`,
        );
      }
    });
    const enabled = new Set(input.enabledWorkflows);
    const flags = Object.fromEntries(WORKFLOWS.map((w) => [COLUMN[w], enabled.has(w)]));
    const values = {
      ...flags,
      providerTier: input.providerTier,
      bulkApprovalRisk: input.bulkApprovalRisk,
      firstRunCompletedOn: input.firstRunCompletedOn,
      firstRunCompletedById: input.firstRunCompletedById,
      updatedAt: at,
    };
    const row = modelRow(ctx, input.siteId);
    if (row)
      tx.update(siteAccessModels)
        .set({ ...values, version: row.version + 1 })
        .where(sql`id = ${row.id}`)
        .run();
    else
      tx.insert(siteAccessModels)
        .values({ id: newId(), createdAt: at, siteId: input.siteId, ...values })
        .run();

    const oldRoles = new Map(before.roles.map((r) => [r.role, r]));
    const newRoles = new Map(input.roles.map((r) => [r.role, r]));
    for (const [role] of oldRoles) if (!newRoles.has(role)) tx.run(sql`DELETE FROM site_role_mappings WHERE site_id = ${input.siteId} AND role = ${role}`);
    for (const [role, r] of newRoles) {
      const old = oldRoles.get(role);
      if (!old) {
        tx.insert(siteRoleMappings)
          .values({ id: newId(), createdAt: at, updatedAt: at, siteId: input.siteId, role, wordpressRole: r.wordpressRole, maxApproveRisk: r.maxApproveRisk })
          .run();
      } else if (old.wordpressRole !== r.wordpressRole || old.maxApproveRisk !== r.maxApproveRisk) {
        tx.run(sql`UPDATE site_role_mappings SET wordpress_role = ${r.wordpressRole}, max_approve_risk = ${r.maxApproveRisk}, updated_at = ${at}, version = version + 1
          WHERE site_id = ${input.siteId} AND role = ${role}`);
      }
    }

    const after = getAccessModel(ctx, input.siteId);
    const changes: string[] = [];
    const added = after.enabledWorkflows.filter((w) => !before.enabledWorkflows.includes(w));
    const removed = before.enabledWorkflows.filter((w) => !after.enabledWorkflows.includes(w));
    if (added.length) changes.push(`enabled ${added.map((w) => WORKFLOW_LABEL[w]).join(', ')}`);
    if (removed.length) changes.push(`disabled ${removed.map((w) => WORKFLOW_LABEL[w]).join(', ')}`);
    for (const [role, r] of newRoles) {
      const old = oldRoles.get(role);
      if (!old) changes.push(`${ROLE_LABEL[role]} → ${r.wordpressRole} (${riskWords(r)})`);
      else if (old.wordpressRole !== r.wordpressRole || old.maxApproveRisk !== r.maxApproveRisk)
        changes.push(`${ROLE_LABEL[role]} → ${r.wordpressRole} (${riskWords(r)}; was ${old.wordpressRole}, ${riskWords(old)})`);
    }
    for (const [role] of oldRoles) if (!newRoles.has(role)) changes.push(`${ROLE_LABEL[role]} no longer mapped`);
    if (before.providerTier !== after.providerTier) changes.push(`provider plan ${after.providerTier ?? 'not recorded'}`);
    if (before.bulkApprovalRisk !== after.bulkApprovalRisk)
      changes.push(after.bulkApprovalRisk ? 'bulk approval of low-risk plans allowed' : 'bulk approval off');
    if (before.firstRunCompletedOn !== after.firstRunCompletedOn || before.firstRunCompletedById !== after.firstRunCompletedById) {
      changes.push(
        after.firstRunCompletedOn
          ? `First-Run Checklist completed on ${after.firstRunCompletedOn} by ${after.firstRunCompletedByName}`
          : 'First-Run Checklist record cleared',
      );
    }
    // Access to a workflow the site no longer runs ends with it; an operator left with nothing loses access.
    if (removed.length) {
      const holders = ctx.db.all<{
        id: string;
        name: string;
        role: OperatorRole;
        version: number;
      }>(sql`SELECT o.id, p.name, o.role, o.version FROM operators o JOIN people p ON p.id = o.person_id
        WHERE o.site_id = ${input.siteId} AND o.archived_at IS NULL AND o.access = 'granted'
          AND EXISTS (SELECT 1 FROM operator_access_workflows w WHERE w.operator_id = o.id AND w.workflow IN ${inList(removed)})`);
      for (const h of holders) {
        tx.run(sql`DELETE FROM operator_access_workflows WHERE operator_id = ${h.id} AND workflow IN ${inList(removed)}`);
        const left = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM operator_access_workflows WHERE operator_id = ${h.id}`)!.n;
        const why = `${removed.map((w) => WORKFLOW_LABEL[w]).join(', ')} disabled at the site`;
        if (left === 0)
          tx.run(
            sql`UPDATE operators SET access = 'revoked', access_changed_at = ${at}, revoke_reason = ${why}, updated_at = ${at}, version = version + 1 WHERE id = ${h.id}`,
          );
        else tx.run(sql`UPDATE operators SET access_changed_at = ${at}, updated_at = ${at}, version = version + 1 WHERE id = ${h.id}`);
        recordChange(tx, ctx, at, {
          entity: 'operator',
          entityId: h.id,
          siteId: input.siteId,
          action: left === 0 ? 'revoke' : 'access-narrowed',
          summary: `${h.name} (${ROLE_LABEL[h.role]}) ${left === 0 ? 'lost access' : 'no longer has access to the disabled workflows'}: ${why}`,
        });
      }
    }
    const enablesWrite = added.some(isWriteCapable);
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: input.siteId,
      siteId: input.siteId,
      action: enablesWrite ? WRITE_ENABLED_ACTION : 'access-model',
      summary: `Access model of “${site.name}” ${changes.length ? `changed: ${changes.join('; ')}` : 'saved unchanged'}`,
      before,
      after,
    });
    return { id: input.siteId };
  });
  return getAccessModel(ctx, input.siteId);
}
