/**
 * `findings.*`: what a first-week review found about each operator, read with the rows behind it and
 * the SOP version published from it, recorded by hand during a review, and confirmed or dismissed
 * with a note. Repeat flags are in findings-flags.ts, the review screen's figures in
 * findings-first-week.ts, SOP proposals in findings-sop.ts; imported findings come from
 * findings-detect.ts.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { Finding, RepeatFlag } from '@core/contract/findings';
import {
  FINDING_CATEGORIES,
  FINDING_CATEGORY_LABEL,
  type FindingCategory,
  type FindingRule,
  type FindingSource,
  type FindingStatus,
} from '@core/activity/vocabulary';
import { ROLE_LABEL, WORKFLOW_LABEL, WORKFLOW_ROLES, type OperatorRole, type Workflow } from '@core/playbook/schema';
import { newId } from '@db/ids';
import { inList } from '@db/queries/sql';
import { findings } from '@db/schema/index';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound, refused, refusedOn, staleVersion } from './errors';
import { siteFlags } from './findings-flags';
import { whoReader } from './identity';
import { requireSiteForWrite } from './records';

interface FindingRow {
  id: string;
  site_id: string;
  operator_id: string | null;
  actor: string;
  role: OperatorRole | null;
  category: FindingCategory;
  rule: FindingRule;
  summary: string;
  workflow: Workflow;
  occurred_at: string;
  source: FindingSource;
  status: FindingStatus;
  decision_note: string | null;
  decided_at: string | null;
  decided_by: string | null;
  version: number;
  person_name: string | null;
  sop_workflow: Workflow | null;
  sop_role: OperatorRole | null;
  sop_version: number | null;
}

const SELECT = sql`SELECT f.id, f.site_id, f.operator_id, f.actor, f.role, f.category, f.rule, f.summary, f.workflow, f.occurred_at, f.source,
    f.status, f.decision_note, f.decided_at, f.decided_by, f.version, p.name AS person_name,
    v.workflow AS sop_workflow, v.role AS sop_role, v.sop_version AS sop_version
  FROM findings f
  LEFT JOIN operators o ON o.id = f.operator_id
  LEFT JOIN people p ON p.id = o.person_id
  LEFT JOIN sop_versions v ON v.id = f.sop_version_id`;

function toFindings(ctx: HandlerContext, rows: FindingRow[]): Finding[] {
  const ids = rows.map((r) => r.id);
  const events = new Map<string, string[]>();
  if (ids.length) {
    const links = ctx.db.all<{ findingId: string; eventId: string }>(
      sql`SELECT fe.finding_id AS findingId, fe.event_id AS eventId FROM finding_events fe JOIN activity_events e ON e.id = fe.event_id
          WHERE fe.finding_id IN ${inList(ids)} ORDER BY e.occurred_at, e.id`,
    );
    for (const l of links) events.set(l.findingId, [...(events.get(l.findingId) ?? []), l.eventId]);
  }
  const who = whoReader(ctx);
  return rows.map((r) => ({
    id: r.id,
    siteId: r.site_id,
    operatorId: r.operator_id,
    who: r.person_name ?? r.actor,
    role: r.role,
    category: r.category,
    rule: r.rule,
    summary: r.summary,
    workflow: r.workflow,
    occurredAt: r.occurred_at,
    source: r.source,
    status: r.status,
    decisionNote: r.decision_note,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by === null ? null : who(r.decided_by),
    eventIds: events.get(r.id) ?? [],
    sopUpdate: r.sop_workflow && r.sop_role && r.sop_version !== null ? { workflow: r.sop_workflow, role: r.sop_role, version: r.sop_version } : null,
    version: r.version,
  }));
}

export function getFinding(ctx: HandlerContext, id: string): Finding {
  const row = ctx.db.get<FindingRow>(sql`${SELECT} WHERE f.id = ${id}`);
  if (!row) throw notFound('Finding', id);
  return toFindings(ctx, [row])[0]!;
}

/** Findings by id, in the order given; NOT_FOUND names the first that does not exist. */
export function findingsByIds(ctx: HandlerContext, ids: readonly string[]): Finding[] {
  const unique = [...new Set(ids)];
  const rows = unique.length ? ctx.db.all<FindingRow>(sql`${SELECT} WHERE f.id IN ${inList(unique)}`) : [];
  const byId = new Map(toFindings(ctx, rows).map((f) => [f.id, f]));
  return unique.map((id) => {
    const f = byId.get(id);
    if (!f) throw notFound('Finding', id);
    return f;
  });
}

/**
 * The findings an SOP update may answer, in the order given: a dismissed finding asks for no change,
 * and one already answered by a published version stays with it (moving it would take it from that
 * version's record). Either refuses before anything is written, naming the findings.
 */
export function answerableFindings(ctx: HandlerContext, ids: readonly string[]): Finding[] {
  const list = findingsByIds(ctx, ids);
  const dismissed = list.filter((f) => f.status === 'dismissed');
  if (dismissed.length) {
    throw refused(
      `${dismissed.length === 1 ? 'A finding was' : `${dismissed.length} findings were`} dismissed (${dismissed.map((f) => `${f.who}: ${f.summary}`).join('; ')}): a dismissed finding asks for no SOP change. Leave ${dismissed.length === 1 ? 'it' : 'them'} out, or confirm ${dismissed.length === 1 ? 'it' : 'them'} first.`,
    );
  }
  const answered = list.filter((f) => f.sopUpdate !== null);
  if (answered.length) {
    throw refused(
      `${answered.length === 1 ? 'A finding is' : `${answered.length} findings are`} already answered by a published SOP version (${answered.map((f) => `${f.who}: v${f.sopUpdate!.version}`).join('; ')}): leave ${answered.length === 1 ? 'it' : 'them'} out of this update.`,
    );
  }
  return list;
}

/** Every finding of a site, latest first. */
export function siteFindings(ctx: HandlerContext, siteId: string): Finding[] {
  return toFindings(ctx, ctx.db.all<FindingRow>(sql`${SELECT} WHERE f.site_id = ${siteId} ORDER BY f.occurred_at DESC, f.id DESC`));
}

export type OperatorFindings = {
  operatorId: string | null;
  who: string;
  role: OperatorRole | null;
  counts: Record<FindingCategory, number>;
  flags: FindingCategory[];
};

/** Findings that stand (not dismissed) per operator (or unmatched actor) and category, with the categories flagged as repeats. */
export function findingsByOperator(rows: readonly Finding[], flags: readonly RepeatFlag[]): OperatorFindings[] {
  const out = new Map<string, OperatorFindings>();
  for (const f of rows) {
    const key = f.operatorId ?? `actor:${f.who}`;
    let o = out.get(key);
    if (!o) {
      o = {
        operatorId: f.operatorId,
        who: f.who,
        role: f.role,
        counts: Object.fromEntries(FINDING_CATEGORIES.map((c) => [c, 0])) as Record<FindingCategory, number>,
        flags: [],
      };
      out.set(key, o);
    }
    if (f.status !== 'dismissed') o.counts[f.category] += 1;
  }
  for (const flag of flags) {
    const o = out.get(flag.operatorId);
    if (o && !o.flags.includes(flag.category)) o.flags.push(flag.category);
  }
  return [...out.values()].sort((a, b) => b.flags.length - a.flags.length || a.who.localeCompare(b.who));
}

/** `findings.list`: a site's findings (filtered), and per operator the counts and the repeat flags. */
export function listFindings(ctx: HandlerContext, input: ParsedInputOf<'findings.list'>) {
  const all = siteFindings(ctx, input.siteId);
  const rows = all.filter(
    (f) =>
      (!input.statuses?.length || input.statuses.includes(f.status)) &&
      (!input.category || f.category === input.category) &&
      (!input.operatorId || f.operatorId === input.operatorId),
  );
  return { rows, byOperator: findingsByOperator(all, siteFlags(ctx, input.siteId)) };
}

/** REFUSED while any finding of the site is open: a review is finished only once each is decided. */
export function assertNoOpenFindings(ctx: HandlerContext, siteId: string, siteName: string): void {
  const n = ctx.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM findings WHERE site_id = ${siteId} AND status = 'open'`)!.n;
  if (n > 0) {
    throw refused(
      `${n} finding${n === 1 ? ' is' : 's are'} still open on “${siteName}”: confirm or dismiss each first (site > First week), then complete the review.`,
    );
  }
}

const describe = (f: { category: FindingCategory; who: string }) => `${FINDING_CATEGORY_LABEL[f.category]} by ${f.who}`;

/** `findings.record`: a finding seen during the review, about one of the site's operators. */
export function recordFinding(ctx: WriteContext, input: ParsedInputOf<'findings.record'>): Finding {
  const { id } = mutate(ctx, 'finding', (tx, at) => {
    const site = requireSiteForWrite(ctx, input.siteId, 'recording findings');
    const op = ctx.db.get<{ id: string; site_id: string; role: OperatorRole; archived_at: string | null; name: string }>(
      sql`SELECT o.id, o.site_id, o.role, coalesce(o.archived_at, p.archived_at) AS archived_at, p.name
        FROM operators o JOIN people p ON p.id = o.person_id WHERE o.id = ${input.operatorId}`,
    );
    if (!op) throw notFound('Operator', input.operatorId);
    if (op.site_id !== site.id) throw refusedOn('operatorId', `${op.name} is not an operator of “${site.name}”: choose one of its operators.`);
    if (op.archived_at) throw refusedOn('operatorId', `${op.name} is no longer an operator of “${site.name}” (archived): choose a current operator.`);
    if (!WORKFLOW_ROLES[input.workflow].includes(op.role)) {
      const theirs = (Object.keys(WORKFLOW_ROLES) as Workflow[]).filter((w) => WORKFLOW_ROLES[w].includes(op.role)).map((w) => WORKFLOW_LABEL[w]);
      throw refusedOn(
        'workflow',
        `${ROLE_LABEL[op.role]}s have no ${WORKFLOW_LABEL[input.workflow]} SOP, so ${op.name}'s finding cannot concern it: choose one of their workflows (${theirs.join(', ')}).`,
      );
    }
    const fid = newId();
    const occurredAt = input.occurredAt ?? at;
    const values = {
      siteId: site.id,
      operatorId: op.id,
      actor: op.name,
      role: op.role,
      category: input.category,
      rule: 'manual' as const,
      summary: input.summary,
      workflow: input.workflow,
      occurredAt,
      source: 'manual' as const,
      status: 'open' as const,
    };
    tx.insert(findings)
      .values({ id: fid, createdAt: at, updatedAt: at, ...values })
      .run();
    recordChange(tx, ctx, at, {
      entity: 'finding',
      entityId: fid,
      siteId: site.id,
      action: 'finding-record',
      summary: `Finding recorded on “${site.name}”: ${FINDING_CATEGORY_LABEL[input.category]} by ${op.name}: ${input.summary}`,
      after: values,
    });
    return { id: fid };
  });
  return getFinding(ctx, id);
}

/** `findings.decide`: confirm or dismiss a finding with a note; deciding again (a dismissed one confirmed after all) is recorded too. */
export function decideFinding(ctx: WriteContext, input: ParsedInputOf<'findings.decide'>): Finding {
  mutate(ctx, 'finding', (tx, at) => {
    const f = getFinding(ctx, input.id);
    if (f.version !== input.version) throw staleVersion('Finding', describe(f));
    const site = requireSiteForWrite(ctx, f.siteId, 'deciding its findings');
    const set = { status: input.decision, decisionNote: input.note, decidedAt: at, decidedBy: ctx.actor };
    tx.update(findings)
      .set({ ...set, updatedAt: at, version: f.version + 1 })
      .where(sql`id = ${f.id}`)
      .run();
    recordChange(tx, ctx, at, {
      entity: 'finding',
      entityId: f.id,
      siteId: f.siteId,
      action: input.decision === 'confirmed' ? 'finding-confirm' : 'finding-dismiss',
      summary: `${describe(f)} on “${site.name}” ${input.decision}${f.status !== 'open' ? ` (was ${f.status})` : ''}: ${input.note}`,
      before: { status: f.status, decisionNote: f.decisionNote },
      after: { status: input.decision, decisionNote: input.note },
    });
    return { id: f.id };
  });
  return getFinding(ctx, input.id);
}
