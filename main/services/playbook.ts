import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import type { SopDetail } from '../../core/contract/playbook';
import type { Responsibility } from '../../core/domain/responsibilities';
import { defaultPlaybook } from '../../core/playbook/default-playbook';
import { parsePlaybook, ROLE_LABEL, WORKFLOW_LABEL, type OperatorRole, type Playbook, type RiskLevel, type ScenarioAnswer, type Sop, type Workflow } from '../../core/playbook/schema';
import { diffSops } from '../../core/playbook/sop-diff';
import { scanForSecrets } from '../../core/domain/secret-scanner';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import { newId } from '../../db/ids';
import { scenarios, siteSopOverrides, sopItems, sopVersions } from '../../db/schema/index';
import type { Db } from '../../db/client';
import type { HandlerContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound, staleVersion } from './errors';

interface SopRow {
  id: string;
  workflow: Workflow;
  role: OperatorRole;
  sop_version: number;
  purpose: string;
  when_to_use: string;
  may_approve_low: number;
  may_approve_medium: number;
  may_approve_high: number;
  bulk_approve_low_risk: number;
  approval_notes: string;
  escalation_responsibility: Responsibility;
  change_summary: string;
  published_by: string;
  created_at: string;
}

type ItemKind = 'good_example' | 'bad_example' | 'refusal_rule' | 'escalation_trigger' | 'when_to_stop';

function insertSop(tx: Db, sop: Sop, at: string, changeSummary: string, publishedBy: string): string {
  const id = newId();
  tx.insert(sopVersions)
    .values({
      id,
      createdAt: at,
      updatedAt: at,
      workflow: sop.workflow,
      role: sop.role,
      sopVersion: sop.version,
      purpose: sop.purpose,
      whenToUse: sop.whenToUse,
      mayApproveLow: sop.approvalBoundaries.mayApprove.includes('low'),
      mayApproveMedium: sop.approvalBoundaries.mayApprove.includes('medium'),
      mayApproveHigh: sop.approvalBoundaries.mayApprove.includes('high'),
      bulkApproveLowRisk: sop.approvalBoundaries.bulkApproveLowRisk,
      approvalNotes: sop.approvalBoundaries.notes,
      escalationResponsibility: sop.escalation.responsibility,
      changeSummary,
      publishedBy,
    })
    .run();
  const items: [ItemKind, { text: string; why?: string | undefined }[]][] = [
    ['good_example', sop.goodExamples],
    ['bad_example', sop.badExamples],
    ['refusal_rule', sop.refusalRules.map((text) => ({ text }))],
    ['escalation_trigger', sop.escalation.triggers.map((text) => ({ text }))],
    ['when_to_stop', sop.whenToStop.map((text) => ({ text }))],
  ];
  for (const [kind, list] of items) {
    list.forEach((item, position) =>
      tx.insert(sopItems).values({ id: newId(), createdAt: at, updatedAt: at, sopVersionId: id, kind, position, text: item.text, why: item.why ?? null }).run(),
    );
  }
  return id;
}

/** Installs the shipped playbook into a workspace that has none; a no-op otherwise. */
export function ensureDefaultPlaybook(ctx: HandlerContext): void {
  const has = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM sop_versions`)!.n;
  if (has > 0) return;
  const pb = defaultPlaybook();
  const at = ctx.clock.now().toISOString();
  ctx.db.$client.transaction(() => {
    for (const sop of pb.sops) insertSop(ctx.db, sop, at, 'Default SophMate playbook', 'Rollout Workbench');
    for (const sc of pb.scenarios) {
      ctx.db
        .insert(scenarios)
        .values({ id: newId(), createdAt: at, updatedAt: at, slug: sc.id, role: sc.role, workflow: sc.workflow, situation: sc.situation, answer: sc.answer, explanation: sc.explanation })
        .run();
    }
    recordChange(ctx.db, ctx, at, { entity: 'sop', entityId: 'playbook', action: 'install', summary: `Installed ${pb.name} v${pb.version} (${pb.sops.length} SOPs, ${pb.scenarios.length} scenario checks)` });
  })();
}

function toSop(row: SopRow, items: { kind: ItemKind; text: string; why: string | null }[]): Sop {
  const of = (k: ItemKind) => items.filter((i) => i.kind === k);
  const mayApprove: RiskLevel[] = [];
  if (row.may_approve_low) mayApprove.push('low');
  if (row.may_approve_medium) mayApprove.push('medium');
  if (row.may_approve_high) mayApprove.push('high');
  return {
    workflow: row.workflow,
    role: row.role,
    version: row.sop_version,
    purpose: row.purpose,
    whenToUse: row.when_to_use,
    goodExamples: of('good_example').map((i) => (i.why ? { text: i.text, why: i.why } : { text: i.text })),
    badExamples: of('bad_example').map((i) => ({ text: i.text, why: i.why ?? '' })),
    refusalRules: of('refusal_rule').map((i) => i.text),
    approvalBoundaries: { mayApprove, bulkApproveLowRisk: row.bulk_approve_low_risk === 1, notes: row.approval_notes },
    escalation: { responsibility: row.escalation_responsibility, triggers: of('escalation_trigger').map((i) => i.text) },
    whenToStop: of('when_to_stop').map((i) => i.text),
  };
}

/** Current (highest) version per cell. */
export function currentSopRows(ctx: HandlerContext, role?: OperatorRole): SopRow[] {
  return ctx.db.all<SopRow>(sql`SELECT v.* FROM sop_versions v
    WHERE v.sop_version = (SELECT max(sop_version) FROM sop_versions w WHERE w.workflow = v.workflow AND w.role = v.role)
    ${role ? sql`AND v.role = ${role}` : sql``}
    ORDER BY v.workflow, v.role`);
}

export function getSop(ctx: HandlerContext, input: ParsedInputOf<'sops.get'>): SopDetail {
  const rows = ctx.db.all<SopRow>(sql`SELECT * FROM sop_versions WHERE workflow = ${input.workflow} AND role = ${input.role} ORDER BY sop_version DESC`);
  const row = input.version ? rows.find((r) => r.sop_version === input.version) : rows[0];
  if (!row) throw notFound('SOP', `${WORKFLOW_LABEL[input.workflow]} for ${ROLE_LABEL[input.role]}${input.version ? ` version ${input.version}` : ''}`);
  const items = ctx.db.all<{ kind: ItemKind; text: string; why: string | null }>(
    sql`SELECT kind, text, why FROM sop_items WHERE sop_version_id = ${row.id} ORDER BY kind, position`,
  );
  return {
    id: row.id,
    sop: toSop(row, items),
    publishedAt: row.created_at,
    versions: rows.map((r) => ({ id: r.id, version: r.sop_version, changeSummary: r.change_summary, publishedBy: r.published_by, publishedAt: r.created_at })),
  };
}

export function publishSop(ctx: HandlerContext, input: ParsedInputOf<'sops.publish'>): SopDetail {
  mutate(ctx, 'sop', (tx, at) => {
    const current = getSop(ctx, { workflow: input.workflow, role: input.role });
    if (current.sop.version !== input.baseVersion) throw staleVersion('SOP', `${WORKFLOW_LABEL[input.workflow]} for ${ROLE_LABEL[input.role]}`);
    const next: Sop = { ...input.sop, workflow: input.workflow, role: input.role, version: current.sop.version + 1 };
    const id = insertSop(tx, next, at, input.changeSummary, ctx.actor);
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: id,
      action: 'publish',
      summary: `Published ${WORKFLOW_LABEL[input.workflow]} SOP for ${ROLE_LABEL[input.role]} v${next.version}: ${input.changeSummary}`,
      before: current.sop,
      after: next,
    });
    return { id };
  });
  return getSop(ctx, { workflow: input.workflow, role: input.role });
}

export function playbookMatrix(ctx: HandlerContext) {
  const rows = currentSopRows(ctx);
  const stale = ctx.db.all<{ workflow: string; role: string; n: number }>(sql`
    SELECT v.workflow, v.role, count(DISTINCT o.id) AS n
    FROM operators o
    JOIN training_signoffs t ON t.operator_id = o.id
    JOIN sop_versions v ON v.id = t.sop_version_id AND v.role = o.role
    WHERE o.archived_at IS NULL
      AND v.sop_version < (SELECT max(sop_version) FROM sop_versions w WHERE w.workflow = v.workflow AND w.role = v.role)
      AND NOT EXISTS (SELECT 1 FROM training_signoffs t2 JOIN sop_versions v2 ON v2.id = t2.sop_version_id
        WHERE t2.operator_id = o.id AND v2.workflow = v.workflow AND v2.role = v.role
          AND v2.sop_version = (SELECT max(sop_version) FROM sop_versions w WHERE w.workflow = v.workflow AND w.role = v.role))
    GROUP BY v.workflow, v.role`);
  return {
    cells: rows.map((r) => ({
      workflow: r.workflow,
      role: r.role,
      version: r.sop_version,
      publishedAt: r.created_at,
      operatorsNeedingRetraining: stale.find((s) => s.workflow === r.workflow && s.role === r.role)?.n ?? 0,
    })),
  };
}

export function diffSopVersions(ctx: HandlerContext, input: ParsedInputOf<'sops.diff'>) {
  const from = getSop(ctx, { workflow: input.workflow, role: input.role, version: input.from });
  const to = getSop(ctx, { workflow: input.workflow, role: input.role, version: input.to });
  return diffSops(from.sop, to.sop);
}

/** The workspace's current playbook as a file: current SOP versions and scenarios, defaults for the rest. */
export function exportPlaybook(ctx: HandlerContext): Playbook {
  const base = defaultPlaybook();
  const sops = currentSopRows(ctx).map((r) => getSop(ctx, { workflow: r.workflow, role: r.role }).sop);
  const scenarioRows = ctx.db.all<{ slug: string; role: OperatorRole; workflow: Workflow; situation: string; answer: ScenarioAnswer; explanation: string }>(
    sql`SELECT slug, role, workflow, situation, answer, explanation FROM scenarios WHERE archived_at IS NULL ORDER BY role, slug`,
  );
  const version = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM sop_versions`)!.n - sops.length + 1;
  return {
    ...base,
    version,
    sops,
    scenarios: scenarioRows.map((r) => ({ id: r.slug, role: r.role, workflow: r.workflow, situation: r.situation, answer: r.answer, explanation: r.explanation })),
  };
}

function sameSop(a: Sop, b: Sop): boolean {
  return diffSops({ ...a, version: 1 }, { ...b, version: 1 }).length === 0 && JSON.stringify(a.goodExamples) === JSON.stringify(b.goodExamples) && JSON.stringify(a.badExamples) === JSON.stringify(b.badExamples);
}

/**
 * Imports a playbook file: validated whole first, so a bad file writes nothing. Each SOP that differs
 * from the workspace's current version is published as a new version; scenarios are replaced.
 */
export function importPlaybook(ctx: HandlerContext, content: string) {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (e) {
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, `The file is not valid JSON (${(e as Error).message}); nothing was imported.`, {
      issues: [{ path: '(file)', message: 'The file is not valid JSON.' }],
    });
  }
  const parsed = parsePlaybook(json);
  if (!parsed.ok) {
    const n = parsed.problems.length;
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, `The playbook file has ${n} problem${n === 1 ? '' : 's'}; nothing was imported.`, { issues: parsed.problems });
  }
  const pb = parsed.playbook;
  const secrets = pb.sops.flatMap((s, i) =>
    [s.purpose, s.whenToUse, s.approvalBoundaries.notes, ...s.refusalRules, ...s.whenToStop, ...s.escalation.triggers, ...s.goodExamples.map((e) => e.text), ...s.badExamples.map((e) => `${e.text} ${e.why}`)]
      .filter((t) => scanForSecrets(t).length > 0)
      .map(() => ({ path: `sops[${i}]`, message: 'Contains what looks like a secret (key, password or token): remove it.' })),
  );
  if (secrets.length) throw new WorkbenchError(ErrorCode.INVALID_INPUT, 'The playbook file contains secrets; nothing was imported.', { issues: secrets });
  let published = 0;
  let unchanged = 0;
  mutate(ctx, 'sop', (tx, at) => {
    for (const sop of pb.sops) {
      const current = getSop(ctx, { workflow: sop.workflow, role: sop.role }).sop;
      if (sameSop(current, sop)) {
        unchanged++;
        continue;
      }
      insertSop(tx, { ...sop, version: current.version + 1 }, at, `Imported from playbook file “${pb.name}” v${pb.version}`, ctx.actor);
      published++;
    }
    tx.run(sql`UPDATE scenarios SET archived_at = ${at}, updated_at = ${at}, version = version + 1 WHERE archived_at IS NULL`);
    for (const sc of pb.scenarios) {
      const existing = ctx.db.get<{ id: string }>(sql`SELECT id FROM scenarios WHERE slug = ${sc.id}`);
      if (existing) {
        tx.run(sql`UPDATE scenarios SET role = ${sc.role}, workflow = ${sc.workflow}, situation = ${sc.situation}, answer = ${sc.answer},
          explanation = ${sc.explanation}, archived_at = NULL, updated_at = ${at}, version = version + 1 WHERE id = ${existing.id}`);
      } else {
        tx.insert(scenarios)
          .values({ id: newId(), createdAt: at, updatedAt: at, slug: sc.id, role: sc.role, workflow: sc.workflow, situation: sc.situation, answer: sc.answer, explanation: sc.explanation })
          .run();
      }
    }
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: 'playbook',
      action: 'import',
      summary: `Imported playbook “${pb.name}” v${pb.version}: ${published} SOP${published === 1 ? '' : 's'} changed, ${unchanged} unchanged, ${pb.scenarios.length} scenario checks`,
    });
    return { id: 'playbook' };
  });
  return { published, unchanged, scenarios: pb.scenarios.length };
}

export function listOverrides(ctx: HandlerContext, siteId: string) {
  return ctx.db.all<{ id: string; siteId: string; workflow: Workflow; role: OperatorRole; kind: 'refusal_rule' | 'escalation_contact'; text: string; createdAt: string }>(
    sql`SELECT id, site_id AS siteId, workflow, role, kind, text, created_at AS createdAt FROM site_sop_overrides
        WHERE site_id = ${siteId} AND archived_at IS NULL ORDER BY workflow, role, created_at`,
  );
}

export function addOverride(ctx: HandlerContext, input: ParsedInputOf<'overrides.add'>) {
  mutate(ctx, 'sop', (tx, at) => {
    const site = ctx.db.get<{ name: string; archived_at: string | null }>(sql`SELECT name, archived_at FROM sites WHERE id = ${input.siteId}`);
    if (!site) throw notFound('Site', input.siteId);
    if (site.archived_at) throw new WorkbenchError(ErrorCode.REFUSED, `“${site.name}” is archived: restore it before changing its SOPs.`);
    const id = newId();
    tx.insert(siteSopOverrides).values({ id, createdAt: at, updatedAt: at, siteId: input.siteId, workflow: input.workflow, role: input.role, kind: input.kind, text: input.text }).run();
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: id,
      siteId: input.siteId,
      action: 'override-add',
      summary: `Site addition to ${WORKFLOW_LABEL[input.workflow]} for ${ROLE_LABEL[input.role]} on “${site.name}”: ${input.kind === 'refusal_rule' ? 'refusal rule' : 'escalation contact'} “${input.text}”`,
    });
    return { id };
  });
  return listOverrides(ctx, input.siteId);
}

export function removeOverride(ctx: HandlerContext, id: string) {
  const row = ctx.db.get<{ site_id: string; text: string }>(sql`SELECT site_id, text FROM site_sop_overrides WHERE id = ${id} AND archived_at IS NULL`);
  if (!row) throw notFound('Site SOP addition', id);
  mutate(ctx, 'sop', (tx, at) => {
    tx.run(sql`UPDATE site_sop_overrides SET archived_at = ${at}, updated_at = ${at}, version = version + 1 WHERE id = ${id}`);
    recordChange(tx, ctx, at, { entity: 'sop', entityId: id, siteId: row.site_id, action: 'override-remove', summary: `Removed site SOP addition “${row.text}”` });
    return { id };
  });
  return listOverrides(ctx, row.site_id);
}
