/**
 * Running the first-week finding rules (core/activity/finding-rules.ts) on a site's stored activity:
 * all of its events in time order (a rule may need rows of an earlier import), with what the rules
 * need to know about the site (RuleSite). Findings whose fingerprint is new are stored with the rows
 * behind them, so running the rules again adds nothing. `previewFindings` runs the same on the stored
 * and a file's new rows in memory, for the dry run, and writes nothing.
 *
 * An actor matched to no operator is named in a finding's summary and history (`who`) as written, or
 * masked (core/activity/mask.ts) when masking is on now or was on for the import that stored the row:
 * what the user asked to mask never reaches a finding. The actor as written stays in `findings.actor`,
 * which matching needs and no document shows.
 */
import { sql } from 'drizzle-orm';
import { actorKey } from '@core/activity/actors';
import { detectFindings } from '@core/activity/finding-rules';
import { maskText } from '@core/activity/mask';
import type { ApprovalLimit, DetectedFinding, RuleEvent, RuleSite } from '@core/activity/types';
import { FINDING_CATEGORIES, type FindingCategory } from '@core/activity/vocabulary';
import type { Responsibility } from '@core/domain/responsibilities';
import { OPERATOR_ROLES, RISK_LEVELS, WORKFLOWS, type OperatorRole, type RiskLevel, type Workflow } from '@core/playbook/vocabulary';
import type { WritableDb } from '@db/client';
import { newId } from '@db/ids';
import { findingEvents, findings } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { recordChange, writeTransaction } from './change-log';
import { findingRuleSettings } from './findings-settings';
import { getSettings } from './settings';

export interface FindingCounts {
  total: number;
  byCategory: Record<FindingCategory, number>;
}

const emptyCounts = (): FindingCounts => ({
  total: 0,
  byCategory: Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, 0])) as Record<FindingCategory, number>,
});

function count(list: readonly DetectedFinding[]): FindingCounts {
  const c = emptyCounts();
  for (const f of list) {
    c.total++;
    c.byCategory[f.category]++;
  }
  return c;
}

/** Risk levels up to and including `limit` ('none': nothing). */
function upTo(limit: string): RiskLevel[] {
  const i = RISK_LEVELS.indexOf(limit as RiskLevel);
  return i < 0 ? [] : RISK_LEVELS.slice(0, i + 1);
}

/** What the rules need to know about the site: approval limits per role, escalation owners per workflow, the limit. */
export function ruleSiteOf(ctx: Pick<HandlerContext, 'db'>, siteId: string): RuleSite {
  const mappings = ctx.db.all<{ role: OperatorRole; maxApproveRisk: string }>(
    sql`SELECT role, max_approve_risk AS maxApproveRisk FROM site_role_mappings WHERE site_id = ${siteId}`,
  );
  const model = ctx.db.get<{ bulk: string | null }>(sql`SELECT bulk_approval_risk AS bulk FROM site_access_models WHERE site_id = ${siteId}`);
  const sops = ctx.db.all<{ workflow: Workflow; role: OperatorRole; low: number; medium: number; high: number; bulk: number; responsibility: Responsibility }>(
    sql`SELECT v.workflow, v.role, v.may_approve_low AS low, v.may_approve_medium AS medium, v.may_approve_high AS high,
      v.bulk_approve_low_risk AS bulk, v.escalation_responsibility AS responsibility
      FROM sop_versions v
      WHERE v.sop_version = (SELECT max(sop_version) FROM sop_versions w WHERE w.workflow = v.workflow AND w.role = v.role)`,
  );
  const sopOf = (workflow: Workflow, role: OperatorRole) => sops.find((s) => s.workflow === workflow && s.role === role);

  const approval: Partial<Record<OperatorRole, ApprovalLimit>> = {};
  const recorded = new Map(mappings.map((m) => [m.role, m.maxApproveRisk]));
  for (const role of OPERATOR_ROLES) {
    const max = recorded.get(role);
    if (max !== undefined) {
      const mayApprove = upTo(max);
      approval[role] = { mayApprove, bulkLowRisk: model?.bulk === 'low' && mayApprove.includes('low') };
      continue;
    }
    const sop = sopOf('workflow_approvals', role);
    if (!sop) continue;
    const mayApprove = RISK_LEVELS.filter((r) => sop[r] === 1);
    approval[role] = { mayApprove, bulkLowRisk: sop.bulk === 1 };
  }

  const owners = ctx.db.all<{ responsibility: Responsibility; name: string; email: string }>(
    sql`SELECT oa.responsibility, p.name, p.email FROM owner_assignments oa JOIN people p ON p.id = oa.owner_id
      WHERE oa.site_id = ${siteId} AND oa.archived_at IS NULL`,
  );
  const ownerOf = new Map(owners.map((o) => [o.responsibility, o]));
  const escalation = {} as RuleSite['escalation'];
  for (const workflow of WORKFLOWS) {
    const sop = sopOf(workflow, 'administrator') ?? sops.find((s) => s.workflow === workflow);
    const responsibility: Responsibility = sop?.responsibility ?? 'incident_escalation';
    const owner = ownerOf.get(responsibility);
    escalation[workflow] = { responsibility, name: owner?.name ?? null, email: owner?.email ?? null };
  }
  return { approval, escalation, escalationLimitMinutes: findingRuleSettings(ctx).escalationLimitMinutes };
}

interface EventRow extends Omit<RuleEvent, 'actorKey' | 'who'> {
  operatorName: string | null;
  operatorRole: OperatorRole | null;
  /** Whether the row's import masked its text (SQLite answers 0 or 1). */
  masked: number | boolean;
}

/** Every stored event of the site, in time order, as the rules read them. */
export function storedRuleEvents(ctx: Pick<HandlerContext, 'db'>, siteId: string, exceptImportId: string | null = null): RuleEvent[] {
  const rows = ctx.db.all<EventRow>(sql`SELECT e.id, e.occurred_at AS occurredAt, e.actor, e.actor_name AS actorName, e.role,
      e.event_type AS eventType, e.kind, e.workflow, e.plan_id AS planId, e.risk, e.status, e.text,
      e.affected_records AS affectedRecords, e.reviewer_note AS reviewerNote, e.escalated_to AS escalatedTo,
      e.operator_id AS operatorId, p.name AS operatorName, o.role AS operatorRole, i.masked
    FROM activity_events e
    JOIN activity_imports i ON i.id = e.import_id
    LEFT JOIN operators o ON o.id = e.operator_id
    LEFT JOIN people p ON p.id = o.person_id
    WHERE e.site_id = ${siteId} ${exceptImportId ? sql`AND e.import_id <> ${exceptImportId}` : sql``}
    ORDER BY e.occurred_at, e.id`);
  const maskNow = getSettings(ctx).maskActivityOnImport;
  return rows.map(({ operatorName, operatorRole, masked, ...e }) => ({
    ...e,
    role: operatorRole ?? e.role,
    actorKey: actorKey(e.actor),
    who: operatorName ?? (maskNow || masked ? maskText(e.actor).text : e.actor),
  }));
}

function storedFingerprints(ctx: Pick<HandlerContext, 'db'>, siteId: string): Set<string> {
  return new Set(ctx.db.all<{ f: string }>(sql`SELECT fingerprint AS f FROM findings WHERE site_id = ${siteId} AND fingerprint IS NOT NULL`).map((r) => r.f));
}

/** Stored and new events in one time order (stored first at equal times: their ids are older). */
function inTimeOrder(stored: readonly RuleEvent[], added: readonly RuleEvent[]): RuleEvent[] {
  if (added.length === 0) return [...stored];
  return [...stored, ...added].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
}

/**
 * Runs the rules on the site's stored events and stores the new findings (with their rows and one
 * history row each) in `tx`, the import's transaction. Answers the counts of findings added. An
 * import passes the rows it has just inserted (`added`, with their stored ids) so they are not read
 * back.
 */
export function detectSiteFindingsIn(
  tx: WritableDb,
  ctx: WriteContext,
  at: string,
  siteId: string,
  added: { importId: string; events: readonly RuleEvent[] } | null = null,
): FindingCounts {
  const events = inTimeOrder(storedRuleEvents(ctx, siteId, added?.importId ?? null), added?.events ?? []);
  if (events.length === 0) return emptyCounts();
  const known = storedFingerprints(ctx, siteId);
  const actorOf = new Map(events.map((e) => [e.id, e.actor]));
  const fresh = detectFindings(events, ruleSiteOf(ctx, siteId)).filter((f) => !known.has(f.fingerprint) && (known.add(f.fingerprint), true));
  const p = (name: string) => sql.placeholder(name);
  const insertFinding = tx
    .insert(findings)
    .values({
      id: p('id'),
      createdAt: at,
      updatedAt: at,
      siteId,
      operatorId: p('operatorId'),
      actor: p('actor'),
      role: p('role'),
      category: p('category'),
      rule: p('rule'),
      summary: p('summary'),
      workflow: p('workflow'),
      occurredAt: p('occurredAt'),
      source: 'imported',
      status: 'open',
      fingerprint: p('fingerprint'),
    })
    .prepare();
  const insertLink = tx
    .insert(findingEvents)
    .values({ id: p('id'), createdAt: at, updatedAt: at, findingId: p('findingId'), eventId: p('eventId') })
    .prepare();
  for (const f of fresh) {
    const id = newId();
    const actor = f.eventIds.map((e) => actorOf.get(e)).find((a) => a !== undefined && actorKey(a) === f.actorKey) ?? f.who;
    insertFinding.run({
      id,
      operatorId: f.operatorId,
      actor,
      role: f.role,
      category: f.category,
      rule: f.rule,
      summary: f.summary,
      workflow: f.workflow,
      occurredAt: f.occurredAt,
      fingerprint: f.fingerprint,
    });
    for (const eventId of new Set(f.eventIds)) insertLink.run({ id: newId(), findingId: id, eventId });
    recordChange(tx, ctx, at, {
      entity: 'finding',
      entityId: id,
      siteId,
      action: 'detect',
      summary: `Found in imported activity: ${f.summary}`,
      after: { who: f.who, role: f.role, category: f.category, rule: f.rule, workflow: f.workflow, occurredAt: f.occurredAt, events: f.eventIds.length },
    });
  }
  return count(fresh);
}

/** The findings the site's stored events plus `newEvents` would add, counted; nothing is written. */
export function previewFindings(ctx: Pick<HandlerContext, 'db'>, siteId: string, newEvents: readonly RuleEvent[]): FindingCounts {
  const all = inTimeOrder(storedRuleEvents(ctx, siteId), newEvents);
  if (all.length === 0) return emptyCounts();
  const known = storedFingerprints(ctx, siteId);
  return count(detectFindings(all, ruleSiteOf(ctx, siteId)).filter((f) => !known.has(f.fingerprint) && (known.add(f.fingerprint), true)));
}

/** `detectSiteFindingsIn` in a transaction of its own (or a savepoint of the caller's). */
export function detectSiteFindings(ctx: WriteContext, siteId: string): FindingCounts {
  const at = ctx.clock.now().toISOString();
  return writeTransaction(ctx, (tx) => detectSiteFindingsIn(tx, ctx, at, siteId));
}
