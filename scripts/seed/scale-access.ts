/**
 * A scale-profile site's access model, recorded once with the demo seed's choices (Setup → Access
 * model): rows, answer and history entry as updateAccessModel in main/services/access.ts writes them
 * for a site that had none.
 */
import type { AccessModel, RoleMapping } from '@core/contract/access';
import { isWriteCapable } from '@core/domain/access-gate';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS, type Workflow } from '@core/playbook/vocabulary';
import { WRITE_ENABLED_ACTION } from '@main/services/access';
import { SITE_ROLES } from './portfolio-data';
import type { ScaleEnv, ScaleSite } from './scale-env';

const riskWords = (r: RoleMapping) => (r.maxApproveRisk === 'none' ? 'approves nothing' : `approves up to ${r.maxApproveRisk} risk`);

export function seedAccessModel(env: ScaleEnv, site: ScaleSite, later: boolean, woo: boolean): void {
  const { rand, pick, agency, w } = env;
  // Read-only Copilot and incident escalation everywhere, write-capable workflows once piloting.
  const asked: Workflow[] = ['read_only_copilot', 'incident_escalation'];
  if (later)
    asked.push(
      'support_drafts',
      ...(woo ? (['product_copy'] as const) : []),
      'workflow_approvals',
      ...(rand() < 0.3 ? (['theme_assistant_review'] as const) : []),
    );
  const enabled = WORKFLOWS.filter((x) => asked.includes(x));
  const completedBy = pick(agency);
  const roles: RoleMapping[] = SITE_ROLES.map(([role, wordpressRole, maxApproveRisk]) => ({ role, wordpressRole, maxApproveRisk }));
  const providerTier = rand() < 0.7 ? pick(['Business', 'Team', 'Pay as you go', 'Enterprise']) : null;
  const bulkApprovalRisk = later && rand() < 0.5 ? 'low' : null;
  const firstRunCompletedOn = new Date(env.time.tick).toISOString().slice(0, 10);
  const at = env.next();
  const id = w.id(at);
  w.insert('site_access_models', {
    id,
    created_at: at,
    updated_at: at,
    version: 1,
    site_id: site.id,
    ...Object.fromEntries(WORKFLOWS.map((x) => [x, enabled.includes(x) ? 1 : 0])),
    provider_tier: providerTier,
    bulk_approval_risk: bulkApprovalRisk,
    first_run_completed_on: firstRunCompletedOn,
    first_run_completed_by_id: completedBy.id,
  });
  for (const r of roles)
    w.insert('site_role_mappings', {
      id: w.id(at),
      created_at: at,
      updated_at: at,
      version: 1,
      site_id: site.id,
      role: r.role,
      wordpress_role: r.wordpressRole,
      max_approve_risk: r.maxApproveRisk,
    });
  const common = { siteId: site.id, provider: site.aiProvider, keyOwnerName: site.owners.get('provider_key_billing')?.owner.name ?? null };
  const before: AccessModel = {
    ...common,
    recorded: false,
    enabledWorkflows: [],
    roles: [],
    providerTier: null,
    bulkApprovalRisk: null,
    firstRunCompletedOn: null,
    firstRunCompletedById: null,
    firstRunCompletedByName: null,
    updatedAt: null,
    version: 0,
  };
  const after: AccessModel = {
    ...common,
    recorded: true,
    enabledWorkflows: enabled,
    roles,
    providerTier,
    bulkApprovalRisk,
    firstRunCompletedOn,
    firstRunCompletedById: completedBy.id,
    firstRunCompletedByName: completedBy.name,
    updatedAt: at,
    version: 1,
  };
  const changes = [
    `enabled ${enabled.map((x) => WORKFLOW_LABEL[x]).join(', ')}`,
    ...roles.map((r) => `${ROLE_LABEL[r.role]} → ${r.wordpressRole} (${riskWords(r)})`),
    ...(providerTier ? [`provider plan ${providerTier}`] : []),
    ...(bulkApprovalRisk ? ['bulk approval of low-risk plans allowed'] : []),
    `First-Run Checklist completed on ${firstRunCompletedOn} by ${completedBy.name}`,
  ];
  const enablesWrite = enabled.some(isWriteCapable);
  // Enabling a write-capable workflow is a change the rollback plan must cover.
  if (enablesWrite) site.rollbackChangedAt = at;
  site.access = { enabled, roles, firstRunDone: true };
  w.change(at, {
    entity: 'site',
    entityId: site.id,
    siteId: site.id,
    action: enablesWrite ? WRITE_ENABLED_ACTION : 'access-model',
    summary: `Access model of “${site.name}” changed: ${changes.join('; ')}`,
    before,
    after,
  });
}
