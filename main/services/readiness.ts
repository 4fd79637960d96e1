/**
 * A site's readiness: the rollout checklist and acceptance checks (computed items from the site's
 * records, the rest ticked by people), the gates, the next stage and the overrides recorded. Moving a
 * site between stages is in sites-stage.ts; pausing high-risk activity in pauses.ts.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Pause, Readiness } from '@core/contract/readiness';
import {
  checklistState,
  computedRule,
  evaluateGate,
  GATE_LABEL,
  nextStage,
  noRollbackDoc,
  sopsComplete,
  transitionCheck,
  type ItemStatus,
  type ReadinessFacts,
  type RollbackDocFact,
} from '@core/domain/readiness';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import type { RehearsalOutcome } from '@core/runbook/registry';
import { WORKFLOWS, type Workflow } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { inList } from '@db/queries/sql';
import { siteChecklistItems } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { WRITE_ENABLED_ACTION } from './access';
import { mutate, recordChange } from './change-log';
import { notFound, refused } from './errors';
import { ownerMatrix } from './owners';
import { currentAcceptance, currentChecklist } from './playbook-items';
import { firstWeekFacts } from './reviews';
import { RUNBOOK_TEMPLATE_ENTITY_ID } from './runbook';
import { getSettings } from './settings';
import { getSite } from './sites-list';

/** Every cell of the playbook matrix has a published SOP (what the "SOPs for all workflows" item checks). */
export function allSopsPublished(ctx: Pick<HandlerContext, 'db'>): boolean {
  return sopsComplete(ctx.db.get<{ n: number }>(sql`SELECT count(DISTINCT workflow || '/' || role) AS n FROM sop_versions`)!.n);
}

interface ManualRow {
  kind: 'checklist' | 'acceptance';
  item_id: string;
  status: ItemStatus;
  evidence: string | null;
  reason: string | null;
  recorded_by: string;
  updated_at: string;
}

function manualRows(ctx: HandlerContext, siteId: string): ManualRow[] {
  return ctx.db.all<ManualRow>(
    sql`SELECT kind, item_id, status, evidence, reason, recorded_by, updated_at FROM site_checklist_items WHERE site_id = ${siteId}`,
  );
}

/**
 * The site history actions that change what a site's rollback plan says, besides owner (re)assignments
 * (a function: access.ts and this file import each other).
 */
const rollbackChangeActions = () => ['update', 'runbook-facts', 'known-good', WRITE_ENABLED_ACTION];
/** Site-scoped runbook edits (values and lists), whatever entity their history rows name. */
export const RUNBOOK_EDIT_ACTIONS = ['runbook-values', 'runbook-list'] as const;

/**
 * For the "Rollback plan current" item, per site: the last final rollback plan or handover runbook;
 * the last change to what a rollback plan says (site edits, owner (re)assignments, known-good state,
 * site runbook values and lists, a write-capable workflow enabled); the last backup; the latest
 * restore rehearsal and the last passed one; and the two age limits from Settings. Stage changes,
 * owner verifications, recorded backups and rehearsals and generated documents do not make the plan
 * out of date (a newer backup must not force a re-export). Five queries for any number of sites; a site
 * with none of these facts gets `noRollbackDoc`.
 */
export function rollbackDocFacts(ctx: Pick<HandlerContext, 'db'>, siteIds: string[] | 'all'): { get(siteId: string): RollbackDocFact } {
  const filter = siteIds === 'all' ? sql`` : sql`AND site_id IN ${inList(siteIds)}`;
  const settings = getSettings({ db: ctx.db });
  const limits = { maxBackupAgeDays: settings.maxBackupAgeDays, maxRehearsalAgeDays: settings.maxRehearsalAgeDays };
  const out = new Map<string, RollbackDocFact>();
  const of = (siteId: string) => {
    let f = out.get(siteId);
    if (!f) out.set(siteId, (f = noRollbackDoc(limits)));
    return f;
  };
  const finals = ctx.db.all<{ site_id: string; at: string }>(
    sql`SELECT site_id, max(generated_at) AS at FROM generated_documents WHERE final = 1 AND kind IN ('rollback_plan', 'handover_runbook') ${filter} GROUP BY site_id`,
  );
  for (const r of finals) of(r.site_id).finalAt = r.at;
  const changes = ctx.db.all<{ site_id: string; at: string }>(
    sql`SELECT site_id, max(at) AS at FROM change_log WHERE site_id IS NOT NULL ${filter}
        AND ((entity = 'owner_assignment' AND action <> 'verify') OR (entity = 'site' AND action IN ${inList(rollbackChangeActions())})
             OR action IN ${inList(RUNBOOK_EDIT_ACTIONS)}) GROUP BY site_id`,
  );
  for (const r of changes) of(r.site_id).changedAt = r.at;
  // A client's or the agency template's runbook edit changes what every site inheriting it prints:
  // its sites' final plans are out of date too (docs/ARCHITECTURE.md, "Runbook facts").
  const clientFilter = siteIds === 'all' ? sql`` : sql`AND s.id IN ${inList(siteIds)}`;
  const byClient = ctx.db.all<{ site_id: string; at: string }>(
    sql`SELECT s.id AS site_id, max(c.at) AS at FROM change_log c JOIN sites s ON s.client_id = c.entity_id
        WHERE c.entity = 'client' AND c.action IN ${inList(RUNBOOK_EDIT_ACTIONS)} ${clientFilter} GROUP BY s.id`,
  );
  for (const r of byClient) {
    const f = of(r.site_id);
    if (!f.changedAt || r.at > f.changedAt) f.changedAt = r.at;
  }
  const templateAt =
    ctx.db.get<{ at: string | null }>(
      sql`SELECT max(at) AS at FROM change_log WHERE entity = 'settings' AND entity_id = ${RUNBOOK_TEMPLATE_ENTITY_ID} AND action IN ${inList(RUNBOOK_EDIT_ACTIONS)}`,
    )?.at ?? null;
  const withTemplate = (f: RollbackDocFact): RollbackDocFact =>
    templateAt && (!f.changedAt || templateAt > f.changedAt) ? { ...f, changedAt: templateAt } : f;
  const backups = ctx.db.all<{ site_id: string; on: string }>(
    sql`SELECT site_id, last_backup_on AS "on" FROM site_runbook_facts WHERE last_backup_on IS NOT NULL ${filter}`,
  );
  for (const r of backups) of(r.site_id).lastBackupOn = r.on;
  // The latest rehearsal of each site, by day, then as recorded.
  const latest = ctx.db.all<{ site_id: string; on: string; outcome: RehearsalOutcome }>(
    sql`SELECT site_id, rehearsed_on AS "on", outcome FROM (
          SELECT site_id, rehearsed_on, outcome, row_number() OVER (PARTITION BY site_id ORDER BY rehearsed_on DESC, created_at DESC, id DESC) AS n
          FROM rollback_rehearsals WHERE 1 = 1 ${filter}) WHERE n = 1`,
  );
  for (const r of latest) of(r.site_id).latestRehearsal = { rehearsedOn: r.on, outcome: r.outcome };
  const passed = ctx.db.all<{ site_id: string; on: string }>(
    sql`SELECT site_id, max(rehearsed_on) AS "on" FROM rollback_rehearsals WHERE outcome = 'passed' ${filter} GROUP BY site_id`,
  );
  for (const r of passed) of(r.site_id).lastPassedRehearsalOn = r.on;
  return { get: (siteId) => withTemplate(out.get(siteId) ?? noRollbackDoc(limits)) };
}

export function gatherFacts(ctx: HandlerContext, siteId: string): ReadinessFacts {
  const site = getSite(ctx, siteId);
  const matrix = ownerMatrix(ctx, siteId);
  const owners = Object.fromEntries(
    RESPONSIBILITIES.map((r) => {
      const a = matrix.rows.find((x) => x.responsibility === r)?.assignment ?? null;
      return [r, { assigned: a !== null, ownerName: a?.ownerName ?? null, ownerActive: a?.ownerActive ?? false, verifiedAt: a?.verifiedAt ?? null }];
    }),
  ) as ReadinessFacts['owners'];
  const manual = Object.fromEntries(
    manualRows(ctx, siteId)
      .filter((m) => m.kind === 'checklist')
      .map((m) => [m.item_id, { status: m.status, evidence: m.evidence, reason: m.reason }]),
  );
  return {
    now: ctx.clock.now().toISOString(),
    maxVerificationAgeDays: getSettings(ctx).verificationMaxAgeDays,
    missingSetup: site.missingSetup,
    owners,
    sopsComplete: allSopsPublished(ctx),
    manual,
    firstWeek: firstWeekFacts(ctx, [siteId]).get(siteId) ?? null,
    rollbackDoc: rollbackDocFacts(ctx, [siteId]).get(siteId),
  };
}

export function currentPause(ctx: Pick<HandlerContext, 'db'>, siteId: string): Pause | null {
  const p = ctx.db.get<{ id: string; reason: string; paused_by: string; paused_at: string }>(
    sql`SELECT id, reason, paused_by, paused_at FROM site_pauses WHERE site_id = ${siteId} AND resumed_at IS NULL`,
  );
  if (!p) return null;
  const workflows = ctx.db
    .all<{ workflow: Workflow }>(sql`SELECT workflow FROM site_pause_workflows WHERE pause_id = ${p.id}`)
    .map((w) => w.workflow)
    .sort((a, b) => WORKFLOWS.indexOf(a) - WORKFLOWS.indexOf(b));
  return { id: p.id, reason: p.reason, pausedBy: p.paused_by, pausedAt: p.paused_at, workflows };
}

export function getReadiness(ctx: HandlerContext, siteId: string): Readiness {
  const site = getSite(ctx, siteId);
  const facts = gatherFacts(ctx, siteId);
  const rows = manualRows(ctx, siteId);
  const recorded = (kind: string, id: string) => rows.find((r) => r.kind === kind && r.item_id === id);
  const checklist = checklistState(currentChecklist(ctx), facts).map((c) => {
    const r = c.computed ? undefined : recorded('checklist', c.id);
    return { ...c, recordedBy: r?.recorded_by ?? null, recordedAt: r?.updated_at ?? null };
  });
  const acceptance = currentAcceptance(ctx).map((a) => {
    const r = recorded('acceptance', a.id);
    const status = r?.status ?? 'open';
    return {
      id: a.id,
      title: a.title,
      description: a.description,
      computed: false,
      status,
      why: status === 'done' ? (r?.evidence ?? 'Marked done.') : status === 'open' ? 'Not done yet.' : (r?.reason ?? ''),
      recordedBy: r?.recorded_by ?? null,
      recordedAt: r?.updated_at ?? null,
    };
  });
  const gates = (['invite_wider_team', 'enable_write_workflows'] as const).map((g) => ({
    ...evaluateGate(g, facts, currentChecklist(ctx)),
    label: GATE_LABEL[g],
  }));
  const upcoming = nextStage(site.stage);
  const next = upcoming
    ? (() => {
        const t = transitionCheck(site.stage, upcoming, facts, currentChecklist(ctx));
        return { stage: upcoming, ok: t.ok, reasons: t.reasons };
      })()
    : null;
  const overrides = ctx.db.all<{ id: string; gate: string; action: string; reasons: string; overrideReason: string; actor: string; at: string }>(
    sql`SELECT id, gate, action, reasons, override_reason AS overrideReason, actor, at FROM gate_overrides WHERE site_id = ${siteId} ORDER BY at DESC, id DESC`,
  );
  return { siteId, checklist, acceptance, gates, next, pause: currentPause(ctx, siteId), overrides };
}

export function setItem(ctx: WriteContext, input: ParsedInputOf<'readiness.setItem'>): Readiness {
  const item: { id: string; title: string } | undefined = (input.kind === 'checklist' ? currentChecklist(ctx) : currentAcceptance(ctx)).find(
    (i) => i.id === input.itemId,
  );
  if (!item) throw notFound(input.kind === 'checklist' ? 'Checklist item' : 'Acceptance check', input.itemId);
  // The rule is the app's, not the stored item's: see GATE_ITEMS.
  if (input.kind === 'checklist' && computedRule(item.id)) {
    throw refused(`“${item.title}” is decided by the app from the site's records, not ticked: fix what it lists instead.`);
  }
  mutate(ctx, 'site', (tx, at) => {
    const site = getSite(ctx, input.siteId);
    if (site.archivedAt) throw refused(`“${site.name}” is archived: restore it first.`);
    const existing = ctx.db.get<{ id: string; status: string; version: number }>(
      sql`SELECT id, status, version FROM site_checklist_items WHERE site_id = ${input.siteId} AND kind = ${input.kind} AND item_id = ${input.itemId}`,
    );
    const values = {
      status: input.status,
      evidence: input.evidence,
      reason: input.status === 'not_applicable' || input.status === 'blocked' ? input.reason : null,
      recordedBy: ctx.actor,
      updatedAt: at,
    };
    if (existing) {
      tx.update(siteChecklistItems)
        .set({ ...values, version: existing.version + 1 })
        .where(sql`id = ${existing.id}`)
        .run();
    } else {
      tx.insert(siteChecklistItems)
        .values({ id: newId(), createdAt: at, siteId: input.siteId, kind: input.kind, itemId: input.itemId, ...values })
        .run();
    }
    const label = { open: 'open', done: 'done', not_applicable: 'not applicable', blocked: 'blocked' }[input.status];
    recordChange(tx, ctx, at, {
      entity: 'site',
      entityId: input.siteId,
      siteId: input.siteId,
      action: 'checklist',
      summary: `“${item.title}” marked ${label}${input.evidence ? ` (evidence: ${input.evidence})` : ''}${values.reason ? ` (reason: ${values.reason})` : ''}`,
    });
    return { id: input.siteId };
  });
  return getReadiness(ctx, input.siteId);
}
