/**
 * `sops.*`: the SOPs of the workspace's playbook (one versioned SOP per workflow and role), read,
 * published and compared, and the scenario rows they are checked against. A site's additions to its
 * SOPs are in overrides.ts; the playbook matrix in playbook.ts; the checklist, acceptance checks and
 * cadences in playbook-items.ts; installing and upgrading in playbook-install.ts; exporting and
 * importing in playbook-files.ts.
 */
import { sql } from 'drizzle-orm';
import type { ParsedInputOf } from '@core/contract/index';
import type { SopDetail } from '@core/contract/sops';
import type { Responsibility } from '@core/domain/responsibilities';
import {
  ROLE_LABEL,
  WORKFLOW_LABEL,
  type OperatorRole,
  type PlaybookProblem,
  type RiskLevel,
  type Scenario,
  type ScenarioAnswer,
  type ScenarioBasisKind,
  type Sop,
  type Workflow,
} from '@core/playbook/schema';
import { describeItem, findScenarioContradictions, followBasis, inferBasis, type ScenarioWithoutBasis } from '@core/playbook/consistency';
import { matchSituation } from '@core/playbook/sop-match';
import { diffSops } from '@core/playbook/sop-diff';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { newId } from '@db/ids';
import { findings, sopItems, sopVersions } from '@db/schema/index';
import type { ReadableDb, WritableDb } from '@db/client';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound, refused, staleVersion } from './errors';
import { answerableFindings } from './findings';

export interface SopRow {
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

type ItemKind = 'good_example' | 'bad_example' | 'refusal_rule' | 'when_to_ask' | 'escalation_trigger' | 'when_to_stop';

export function insertSop(tx: WritableDb, sop: Sop, at: string, changeSummary: string, publishedBy: string): string {
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
    ['when_to_ask', sop.whenToAsk.map((text) => ({ text }))],
    ['escalation_trigger', sop.escalation.triggers.map((text) => ({ text }))],
    ['when_to_stop', sop.whenToStop.map((text) => ({ text }))],
  ];
  for (const [kind, list] of items) {
    list.forEach((item, position) =>
      tx
        .insert(sopItems)
        .values({ id: newId(), createdAt: at, updatedAt: at, sopVersionId: id, kind, position, text: item.text, why: item.why ?? null })
        .run(),
    );
  }
  return id;
}

export interface ScenarioRow {
  id: string;
  slug: string;
  role: OperatorRole;
  workflow: Workflow;
  situation: string;
  answer: ScenarioAnswer;
  explanation: string;
  basis_kind: ScenarioBasisKind | null;
  basis_index: number | null;
  risk: RiskLevel | null;
  archived_at: string | null;
}

export function scenarioColumns(sc: Scenario) {
  return {
    slug: sc.id,
    role: sc.role,
    workflow: sc.workflow,
    situation: sc.situation,
    answer: sc.answer,
    explanation: sc.explanation,
    basisKind: sc.basis.kind,
    basisIndex: sc.basis.index,
    risk: sc.risk ?? null,
  };
}

/** A stored scenario; those stored before scenarios named the SOP item they test have no basis. */
export function toScenarioWithoutBasis(r: ScenarioRow): ScenarioWithoutBasis {
  return {
    id: r.slug,
    role: r.role,
    workflow: r.workflow,
    situation: r.situation,
    answer: r.answer,
    explanation: r.explanation,
    ...(r.basis_kind !== null && r.basis_index !== null ? { basis: { kind: r.basis_kind, index: r.basis_index } } : {}),
    ...(r.risk ? { risk: r.risk } : {}),
  };
}

export function sameScenario(row: ScenarioRow, sc: Scenario): boolean {
  return (
    row.archived_at === null &&
    row.role === sc.role &&
    row.workflow === sc.workflow &&
    row.situation === sc.situation &&
    row.answer === sc.answer &&
    row.explanation === sc.explanation &&
    row.basis_kind === sc.basis.kind &&
    row.basis_index === sc.basis.index &&
    row.risk === (sc.risk ?? null)
  );
}

export function toSop(row: SopRow, items: { kind: ItemKind; text: string; why: string | null }[]): Sop {
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
    whenToAsk: of('when_to_ask').map((i) => i.text),
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

/**
 * Publishes the next version of an SOP, unless an operator who follows it would be marked wrong: the
 * scenario checks of the cell (current ones) must still agree with it. A scenario whose SOP item only
 * moved or was reworded follows it to its new place; one whose item is gone, or whose key the new
 * SOP contradicts, refuses the publication with the scenario and the fix.
 */
export function publishSop(ctx: WriteContext, input: ParsedInputOf<'sops.publish'>): SopDetail {
  mutate(ctx, 'sop', (tx, at) => {
    const current = getSop(ctx, { workflow: input.workflow, role: input.role });
    if (current.sop.version !== input.baseVersion) throw staleVersion('SOP', `${WORKFLOW_LABEL[input.workflow]} for ${ROLE_LABEL[input.role]}`);
    const next: Sop = { ...input.sop, workflow: input.workflow, role: input.role, version: current.sop.version + 1 };
    const followed = scenariosUnder(tx, current.sop, next);
    if (followed.problems.length) {
      const n = followed.problems.length;
      throw new WorkbenchError(
        ErrorCode.INVALID_INPUT,
        `Not published: the new ${WORKFLOW_LABEL[input.workflow]} SOP for ${ROLE_LABEL[input.role]} contradicts ${n} of its scenario check${n === 1 ? '' : 's'}, so operators who follow it would be marked wrong. ${followed.problems.map((p) => p.message).join(' ')}`,
        { issues: followed.problems },
      );
    }
    const answered = findingsOfCell(ctx, input);
    const id = insertSop(tx, next, at, input.changeSummary, ctx.actor);
    for (const m of followed.moved) {
      tx.run(sql`UPDATE scenarios SET basis_index = ${m.index}, updated_at = ${at}, version = version + 1 WHERE id = ${m.id}`);
    }
    linkFindings(tx, ctx, at, answered, { id, version: next.version });
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: id,
      action: 'publish',
      summary: `Published ${WORKFLOW_LABEL[input.workflow]} SOP for ${ROLE_LABEL[input.role]} v${next.version}: ${input.changeSummary}${
        followed.moved.length === 1
          ? ' (1 scenario check now points at the moved SOP item it tests)'
          : followed.moved.length
            ? ` (${followed.moved.length} scenario checks now point at the moved SOP items they test)`
            : ''
      }`,
      before: current.sop,
      after: next,
    });
    return { id };
  });
  return getSop(ctx, { workflow: input.workflow, role: input.role });
}

/** The findings an update answers: all must concern the cell published, else REFUSED before anything is written. */
function findingsOfCell(ctx: HandlerContext, input: ParsedInputOf<'sops.publish'>) {
  const list = answerableFindings(ctx, input.findingIds);
  const other = list.filter((f) => f.workflow !== input.workflow || f.role !== input.role);
  if (other.length) {
    throw refused(
      `Not published: ${other.length === 1 ? 'a finding concerns' : `${other.length} findings concern`} another SOP (${other
        .map((f) => `${f.who}: ${WORKFLOW_LABEL[f.workflow]}${f.role ? ` for ${ROLE_LABEL[f.role]}` : ', no role'}`)
        .join('; ')}), not ${WORKFLOW_LABEL[input.workflow]} for ${ROLE_LABEL[input.role]}: leave ${other.length === 1 ? 'it' : 'them'} out of this update.`,
    );
  }
  return list;
}

/** Each finding answered is linked to the version published, with its history row. */
function linkFindings(tx: WritableDb, ctx: WriteContext, at: string, list: ReturnType<typeof answerableFindings>, sop: { id: string; version: number }) {
  for (const f of list) {
    tx.update(findings)
      .set({ sopVersionId: sop.id, updatedAt: at, version: f.version + 1 })
      .where(sql`id = ${f.id}`)
      .run();
    recordChange(tx, ctx, at, {
      entity: 'finding',
      entityId: f.id,
      siteId: f.siteId,
      action: 'finding-sop-update',
      summary: `${f.who}'s finding (${f.summary}) answered by ${WORKFLOW_LABEL[f.workflow]} SOP for ${ROLE_LABEL[f.role!]} v${sop.version}`,
      before: { sopVersion: f.sopUpdate?.version ?? null },
      after: { sopVersion: sop.version },
    });
  }
}

const PUBLISH_FIX = 'Change the SOP so it still calls for that answer, or import a playbook whose scenario keys match the new SOP.';

/**
 * The current scenario checks of an SOP's cell read against its next version: the bases that follow a
 * moved or reworded item, and every scenario the new SOP would contradict (path `scenarios.<id>`).
 */
function scenariosUnder(db: ReadableDb, before: Sop, after: Sop): { moved: { id: string; index: number }[]; problems: PlaybookProblem[] } {
  const rows = db.all<ScenarioRow>(
    sql`SELECT * FROM scenarios WHERE workflow = ${after.workflow} AND role = ${after.role} AND archived_at IS NULL ORDER BY slug`,
  );
  const moved: { id: string; index: number }[] = [];
  const problems: PlaybookProblem[] = [];
  const checked: Scenario[] = [];
  const rowOf: ScenarioRow[] = [];
  for (const row of rows) {
    const stored = toScenarioWithoutBasis(row);
    const known = stored.basis ? { basis: stored.basis, ...(stored.risk ? { risk: stored.risk } : {}) } : inferBasis(before, stored);
    if (!known) {
      // Stored before scenarios named their SOP item, and the text does not show which: only the text rule applies.
      const byText = matchSituation(after, row.situation, { approving: row.answer === 'approve' });
      if (byText && byText.answer !== row.answer) {
        problems.push({
          path: `scenarios.${row.slug}`,
          message: `Scenario “${row.slug}” answers ${row.answer}, but its situation matches ${describeItem(byText.kind, byText.text)} of the new SOP, which calls for ${byText.answer}. ${PUBLISH_FIX}`,
        });
      }
      continue;
    }
    const followed = followBasis(before, after, known.basis);
    if ('removed' in followed) {
      problems.push({
        path: `scenarios.${row.slug}`,
        message: `Scenario “${row.slug}” (answer: ${row.answer}) tests ${describeItem(followed.removed.kind, followed.removed.text)}, which the new SOP no longer has, so its key would stand on nothing. Keep that item, or import a playbook whose scenarios test the new SOP.`,
      });
      continue;
    }
    if (stored.basis && followed.basis.index !== stored.basis.index) moved.push({ id: row.id, index: followed.basis.index });
    checked.push({ ...stored, ...known, basis: followed.basis });
    rowOf.push(row);
  }
  for (const c of findScenarioContradictions([after], checked)) {
    const row = rowOf[c.path[1] as number]!;
    problems.push({ path: `scenarios.${row.slug}`, message: `${c.message} ${PUBLISH_FIX}` });
  }
  return { moved, problems };
}

export function diffSopVersions(ctx: HandlerContext, input: ParsedInputOf<'sops.diff'>) {
  const from = getSop(ctx, { workflow: input.workflow, role: input.role, version: input.from });
  const to = getSop(ctx, { workflow: input.workflow, role: input.role, version: input.to });
  return diffSops(from.sop, to.sop);
}
