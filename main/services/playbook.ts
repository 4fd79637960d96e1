import { sql, type SQL } from 'drizzle-orm';
import type { ParsedInputOf } from '../../core/contract/index';
import type { PlaybookCadenceVersion, PlaybookItemKind, PlaybookItems, PlaybookItemVersion, SopDetail } from '../../core/contract/playbook';
import { localDate, nextPeriodicDue, REVIEW_KIND_LABEL } from '../../core/domain/cadence';
import { computedRule, GATE_ITEMS } from '../../core/domain/readiness';
import type { Responsibility } from '../../core/domain/responsibilities';
import { defaultPlaybook } from '../../core/playbook/default-playbook';
import {
  FIRST_WEEK_MIN_OFFSET_DAYS,
  formatPath,
  parsePlaybook,
  REVIEW_KINDS,
  ROLE_LABEL,
  WORKFLOW_LABEL,
  type ChecklistItem,
  type OperatorRole,
  type Playbook,
  type PlaybookProblem,
  type RiskLevel,
  type Scenario,
  type ScenarioAnswer,
  type ScenarioBasisKind,
  type Sop,
  type Workflow,
} from '../../core/playbook/schema';
import { describeItem, findScenarioContradictions, followBasis, inferBasis, matchSituation, type ScenarioWithoutBasis } from '../../core/playbook/consistency';
import { diffSops } from '../../core/playbook/sop-diff';
import { scanForSecrets } from '../../core/domain/secret-scanner';
import { ErrorCode, WorkbenchError } from '../../core/errors';
import { newId } from '../../db/ids';
import { playbookCadenceVersions, playbookItemVersions, scenarios, siteSopOverrides, sopItems, sopVersions } from '../../db/schema/index';
import type { Db } from '../../db/client';
import type { HandlerContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { notFound, refused, staleVersion } from './errors';

/** Who published what ships with the app, and with which summary. */
const SHIPPED_BY = 'Rollout Workbench';
const SHIPPED_SUMMARY = 'Default SophMate playbook';

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

type ItemKind = 'good_example' | 'bad_example' | 'refusal_rule' | 'when_to_ask' | 'escalation_trigger' | 'when_to_stop';

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
    ['when_to_ask', sop.whenToAsk.map((text) => ({ text }))],
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

interface ScenarioRow {
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

function scenarioColumns(sc: Scenario) {
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
function toScenarioWithoutBasis(r: ScenarioRow): ScenarioWithoutBasis {
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

function sameScenario(row: ScenarioRow, sc: Scenario): boolean {
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

// ---------------------------------------------------------------------------------------------
// Checklist items, acceptance checks and cadences: versioned rows, the newest version of each is current.

interface ItemRow {
  id: string;
  kind: PlaybookItemKind;
  item_id: string;
  item_version: number;
  position: number;
  title: string;
  description: string;
  computed: ChecklistItem['computed'] | null;
  retired: number;
  change_summary: string;
  published_by: string;
  created_at: string;
}

interface CadenceRow {
  id: string;
  kind: (typeof REVIEW_KINDS)[number];
  cadence_version: number;
  description: string;
  rrule: string | null;
  offset_days: number | null;
  change_summary: string;
  published_by: string;
  created_at: string;
}

type Cadence = Playbook['cadences'][number];
type PlaybookItem = { id: string; title: string; description: string; computed?: ChecklistItem['computed'] };

const ITEM_LABEL: Record<PlaybookItemKind, string> = { checklist: 'Checklist item', acceptance: 'Acceptance check' };

/** The newest version of every item of a kind, retired ones included, in playbook order. Uses the (kind, item_id, item_version) index. */
function latestItemRows(db: Db, kind: PlaybookItemKind, withRetired: boolean): ItemRow[] {
  return db.all<ItemRow>(sql`SELECT v.* FROM playbook_item_versions v
    WHERE v.kind = ${kind}
      AND v.item_version = (SELECT max(w.item_version) FROM playbook_item_versions w WHERE w.kind = v.kind AND w.item_id = v.item_id)
      ${withRetired ? sql`` : sql`AND v.retired = 0`}
    ORDER BY v.position, v.item_id`);
}

function latestItemRow(db: Db, kind: PlaybookItemKind, itemId: string): ItemRow | undefined {
  return db.get<ItemRow>(sql`SELECT * FROM playbook_item_versions WHERE kind = ${kind} AND item_id = ${itemId} ORDER BY item_version DESC LIMIT 1`);
}

function latestCadenceRows(db: Db): CadenceRow[] {
  return db.all<CadenceRow>(sql`SELECT v.* FROM playbook_cadence_versions v
    WHERE v.cadence_version = (SELECT max(w.cadence_version) FROM playbook_cadence_versions w WHERE w.kind = v.kind)`);
}

function toItem(r: ItemRow): PlaybookItem {
  return r.computed ? { id: r.item_id, title: r.title, description: r.description, computed: r.computed } : { id: r.item_id, title: r.title, description: r.description };
}

function toCadence(r: CadenceRow): Cadence {
  return {
    kind: r.kind,
    description: r.description,
    ...(r.rrule !== null ? { rrule: r.rrule } : {}),
    ...(r.offset_days !== null ? { offsetDays: r.offset_days } : {}),
  };
}

function itemInfo(r: ItemRow): PlaybookItemVersion {
  return {
    kind: r.kind,
    itemId: r.item_id,
    version: r.item_version,
    position: r.position,
    title: r.title,
    description: r.description,
    computed: r.computed ?? null,
    retired: r.retired === 1,
    changeSummary: r.change_summary,
    publishedBy: r.published_by,
    publishedAt: r.created_at,
  };
}

function cadenceInfo(r: CadenceRow): PlaybookCadenceVersion {
  return {
    kind: r.kind,
    version: r.cadence_version,
    description: r.description,
    rrule: r.rrule,
    offsetDays: r.offset_days,
    changeSummary: r.change_summary,
    publishedBy: r.published_by,
    publishedAt: r.created_at,
  };
}

interface Publication {
  at: string;
  changeSummary: string;
  publishedBy: string;
}

function insertItem(tx: Db, kind: PlaybookItemKind, item: PlaybookItem, position: number, itemVersion: number, p: Publication, retired = false): string {
  const id = newId();
  tx.insert(playbookItemVersions)
    .values({
      id,
      createdAt: p.at,
      updatedAt: p.at,
      kind,
      itemId: item.id,
      itemVersion,
      position,
      title: item.title,
      description: item.description,
      computed: item.computed ?? null,
      retired,
      changeSummary: p.changeSummary,
      publishedBy: p.publishedBy,
    })
    .run();
  return id;
}

function insertCadence(tx: Db, c: Cadence, cadenceVersion: number, p: Publication): string {
  const id = newId();
  tx.insert(playbookCadenceVersions)
    .values({
      id,
      createdAt: p.at,
      updatedAt: p.at,
      kind: c.kind,
      cadenceVersion,
      description: c.description,
      rrule: c.rrule ?? null,
      offsetDays: c.offsetDays ?? null,
      changeSummary: p.changeSummary,
      publishedBy: p.publishedBy,
    })
    .run();
  return id;
}

/**
 * Publishes what differs between a list of items and the workspace's current ones: a changed or moved
 * item gets its next version, a new item version 1 (or the next after a retired one), an item no longer
 * listed a version marked retired. Positions are the list's indexes, so they stay contiguous and
 * exporting then importing publishes nothing.
 */
function publishItems(tx: Db, kind: PlaybookItemKind, items: PlaybookItem[], p: Publication) {
  const latest = new Map(latestItemRows(tx, kind, true).map((r) => [r.item_id, r]));
  let published = 0;
  let retired = 0;
  items.forEach((item, position) => {
    const cur = latest.get(item.id);
    const same = cur && !cur.retired && cur.position === position && cur.title === item.title && cur.description === item.description && (cur.computed ?? undefined) === item.computed;
    if (same) return;
    insertItem(tx, kind, item, position, (cur?.item_version ?? 0) + 1, p);
    published++;
  });
  const listed = new Set(items.map((i) => i.id));
  for (const cur of latest.values()) {
    if (cur.retired || listed.has(cur.item_id)) continue;
    insertItem(tx, kind, toItem(cur), cur.position, cur.item_version + 1, p, true);
    retired++;
  }
  return { published, retired };
}

function publishCadences(tx: Db, cadences: Cadence[], p: Publication): number {
  const latest = new Map(latestCadenceRows(tx).map((r) => [r.kind, r]));
  let published = 0;
  for (const c of cadences) {
    const cur = latest.get(c.kind);
    if (cur && cur.description === c.description && cur.rrule === (c.rrule ?? null) && cur.offset_days === (c.offsetDays ?? null)) continue;
    insertCadence(tx, c, (cur?.cadence_version ?? 0) + 1, p);
    published++;
  }
  return published;
}

/**
 * Installs the shipped playbook into a workspace: SOPs and scenarios when it has no SOPs, and each of
 * the checklist, the acceptance checks and the cadences when it has none of them (workspaces created
 * before those were stored get them on their next open). A no-op once everything is there.
 */
export function ensureDefaultPlaybook(ctx: HandlerContext): void {
  installMissingPlaybook(ctx);
  restorePlaybookRules(ctx);
}

function installMissingPlaybook(ctx: HandlerContext): void {
  const none = (query: SQL) => ctx.db.get<{ n: number }>(sql`SELECT NOT EXISTS (${query}) AS n`)!.n === 1;
  const needSops = none(sql`SELECT 1 FROM sop_versions`);
  const needChecklist = none(sql`SELECT 1 FROM playbook_item_versions WHERE kind = 'checklist'`);
  const needAcceptance = none(sql`SELECT 1 FROM playbook_item_versions WHERE kind = 'acceptance'`);
  const needCadences = none(sql`SELECT 1 FROM playbook_cadence_versions`);
  const needBasis = !needSops && !none(sql`SELECT 1 FROM scenarios WHERE basis_kind IS NULL AND archived_at IS NULL`);
  if (!needSops && !needChecklist && !needAcceptance && !needCadences && !needBasis) return;
  const pb = defaultPlaybook();
  const at = ctx.clock.now().toISOString();
  const shipped: Publication = { at, changeSummary: SHIPPED_SUMMARY, publishedBy: SHIPPED_BY };
  ctx.db.$client.transaction(() => {
    const installed: string[] = [];
    if (needSops) {
      for (const sop of pb.sops) insertSop(ctx.db, sop, at, SHIPPED_SUMMARY, SHIPPED_BY);
      for (const sc of pb.scenarios) ctx.db.insert(scenarios).values({ id: newId(), createdAt: at, updatedAt: at, ...scenarioColumns(sc) }).run();
      installed.push(`${pb.sops.length} SOPs`, `${pb.scenarios.length} scenario checks`);
    }
    if (needChecklist) {
      pb.checklist.forEach((item, i) => insertItem(ctx.db, 'checklist', item, i, 1, shipped));
      installed.push(`${pb.checklist.length} checklist items`);
    }
    if (needAcceptance) {
      pb.acceptanceChecks.forEach((item, i) => insertItem(ctx.db, 'acceptance', item, i, 1, shipped));
      installed.push(`${pb.acceptanceChecks.length} acceptance checks`);
    }
    if (needCadences) {
      for (const c of pb.cadences) insertCadence(ctx.db, c, 1, shipped);
      installed.push(`${pb.cadences.length} review cadences`);
    }
    if (needBasis) {
      // Scenarios stored before each named the SOP item it tests: a shipped scenario whose text is
      // unchanged gets the shipped basis; edited or imported ones keep none until a file names it.
      let n = 0;
      for (const sc of pb.scenarios) {
        const r = ctx.db.run(sql`UPDATE scenarios SET basis_kind = ${sc.basis.kind}, basis_index = ${sc.basis.index}, risk = ${sc.risk ?? null}, updated_at = ${at}, version = version + 1
          WHERE slug = ${sc.id} AND basis_kind IS NULL AND role = ${sc.role} AND workflow = ${sc.workflow} AND situation = ${sc.situation} AND answer = ${sc.answer}`);
        n += r.changes;
      }
      if (n > 0) installed.push(`the SOP item tested by ${n} shipped scenario check${n === 1 ? '' : 's'}`);
    }
    if (installed.length) {
      recordChange(ctx.db, ctx, at, { entity: 'sop', entityId: 'playbook', action: 'install', summary: `Installed ${pb.name} v${pb.version}: ${installed.join(', ')}` });
    }
  })();
}

const RULES_SUMMARY = 'Restored by the app: the readiness gates rely on this';

/**
 * Workspaces whose playbook was imported or edited before the gate items and the first-week cadence
 * were protected: every checklist item the gates rely on comes back (reworded as it was) with the
 * app's rule, no other item keeps a rule, and a first-week review falls due once the first week is
 * over. Each fix is a new version with a summary that says why; a no-op when nothing breaks the rules.
 */
function restorePlaybookRules(ctx: HandlerContext): void {
  const latest = latestItemRows(ctx.db, 'checklist', true);
  if (!latest.length) return;
  const byId = new Map(latest.map((r) => [r.item_id, r]));
  const shipped = defaultPlaybook();
  const fixes: { item: PlaybookItem; position: number; version: number; why: string }[] = [];
  let end = Math.max(...latest.map((r) => r.position)) + 1;
  for (const [id, rule] of Object.entries(GATE_ITEMS)) {
    const cur = byId.get(id);
    const computed = rule ? { computed: rule } : {};
    if (!cur) {
      const item = shipped.checklist.find((c) => c.id === id)!;
      fixes.push({ item: { id, title: item.title, description: item.description, ...computed }, position: end++, version: 1, why: 'put back' });
    } else if (cur.retired || (cur.computed ?? null) !== rule) {
      fixes.push({ item: { id, title: cur.title, description: cur.description, ...computed }, position: cur.position, version: cur.item_version + 1, why: cur.retired ? 'brought back' : 'given back its rule' });
    }
  }
  for (const cur of latest) {
    if (cur.retired || Object.hasOwn(GATE_ITEMS, cur.item_id) || cur.computed === null) continue;
    fixes.push({ item: { id: cur.item_id, title: cur.title, description: cur.description }, position: cur.position, version: cur.item_version + 1, why: 'recorded by a person again' });
  }
  const firstWeek = latestCadenceRows(ctx.db).find((c) => c.kind === 'first_week');
  const cadenceFix = firstWeek && firstWeek.offset_days !== null && firstWeek.offset_days < FIRST_WEEK_MIN_OFFSET_DAYS ? firstWeek : undefined;
  if (!fixes.length && !cadenceFix) return;
  const at = ctx.clock.now().toISOString();
  ctx.db.$client.transaction(() => {
    for (const f of fixes) insertItem(ctx.db, 'checklist', f.item, f.position, f.version, { at, changeSummary: `${RULES_SUMMARY} item (${f.why})`, publishedBy: SHIPPED_BY });
    if (cadenceFix) {
      insertCadence(ctx.db, { ...toCadence(cadenceFix), offsetDays: FIRST_WEEK_MIN_OFFSET_DAYS }, cadenceFix.cadence_version + 1, {
        at,
        changeSummary: `Restored by the app: the first-week review falls due once the first week is over (at least ${FIRST_WEEK_MIN_OFFSET_DAYS} days after the pilot starts)`,
        publishedBy: SHIPPED_BY,
      });
    }
    const parts = [
      ...fixes.map((f) => `“${f.item.title}” ${f.why}`),
      ...(cadenceFix ? [`first-week review due ${FIRST_WEEK_MIN_OFFSET_DAYS} days after the pilot starts (was ${cadenceFix.offset_days})`] : []),
    ];
    recordChange(ctx.db, ctx, at, { entity: 'sop', entityId: 'playbook', action: 'restore-rules', summary: `Restored what the readiness gates rely on: ${parts.join('; ')}` });
  })();
}

/** Shipped scenarios taken out of the shipped playbook, with the text they shipped with (archived only if unchanged). */
const RETIRED_SHIPPED_SCENARIOS = [
  { slug: 'support-routine-draft', situation: 'The draft for a shipping-status ticket matches the order tracking; you have read it fully.' },
];
const UPGRADE_SUMMARY = 'Shipped playbook update: role-specific examples, refusal rules and escalation, and when to ask';
const ASK_ADDED_SUMMARY = 'Shipped playbook update: added the “when to ask” guidance (your edits are kept)';

/**
 * Workspaces created before SOPs said when to ask: every current SOP without that guidance gets a new
 * version. An SOP still as shipped becomes the new shipped SOP of its cell; an SOP someone edited keeps
 * its text and gains the shipped "when to ask" items. Either way it is a new version, so the operators
 * who signed the old one are asked to retrain, and the history says why. The scenario checks of
 * upgraded shipped cells follow the shipped pool (new situations added, retired ones archived).
 */
export function upgradeShippedPlaybook(ctx: HandlerContext): void {
  const stale = currentSopRows(ctx).filter((r) => !ctx.db.get(sql`SELECT 1 FROM sop_items WHERE sop_version_id = ${r.id} AND kind = 'when_to_ask'`));
  if (stale.length === 0) return;
  const pb = defaultPlaybook();
  const at = ctx.clock.now().toISOString();
  ctx.db.$client.transaction(() => {
    const shippedCells = new Set<string>();
    let edited = 0;
    for (const row of stale) {
      const shipped = pb.sops.find((x) => x.workflow === row.workflow && x.role === row.role);
      if (!shipped) continue;
      if (row.published_by === SHIPPED_BY) {
        insertSop(ctx.db, { ...shipped, version: row.sop_version + 1 }, at, UPGRADE_SUMMARY, SHIPPED_BY);
        shippedCells.add(`${row.workflow}/${row.role}`);
      } else {
        const current = getSop(ctx, { workflow: row.workflow, role: row.role }).sop;
        insertSop(ctx.db, { ...current, whenToAsk: [...shipped.whenToAsk], version: row.sop_version + 1 }, at, ASK_ADDED_SUMMARY, SHIPPED_BY);
        edited++;
      }
    }
    let added = 0;
    for (const sc of pb.scenarios) {
      if (!shippedCells.has(`${sc.workflow}/${sc.role}`)) continue;
      if (ctx.db.get(sql`SELECT 1 FROM scenarios WHERE slug = ${sc.id}`)) continue;
      ctx.db.insert(scenarios).values({ id: newId(), createdAt: at, updatedAt: at, ...scenarioColumns(sc) }).run();
      added++;
    }
    for (const r of RETIRED_SHIPPED_SCENARIOS) {
      ctx.db.run(sql`UPDATE scenarios SET archived_at = ${at}, updated_at = ${at}, version = version + 1 WHERE slug = ${r.slug} AND situation = ${r.situation} AND archived_at IS NULL`);
    }
    recordChange(ctx.db, ctx, at, {
      entity: 'sop',
      entityId: 'playbook',
      action: 'upgrade',
      summary: `Updated the playbook to ${pb.name} v${pb.version}: ${shippedCells.size} shipped SOP${shippedCells.size === 1 ? '' : 's'} replaced, ${edited} edited SOP${edited === 1 ? '' : 's'} given the “when to ask” guidance, ${added} scenario check${added === 1 ? '' : 's'} added; operators who signed the earlier versions are asked to retrain`,
    });
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
    whenToAsk: of('when_to_ask').map((i) => i.text),
    approvalBoundaries: { mayApprove, bulkApproveLowRisk: row.bulk_approve_low_risk === 1, notes: row.approval_notes },
    escalation: { responsibility: row.escalation_responsibility, triggers: of('escalation_trigger').map((i) => i.text) },
    whenToStop: of('when_to_stop').map((i) => i.text),
  };
}

/**
 * The production checklist of the workspace's playbook: the newest version of each item that is not
 * retired, in order. Readiness calls it per site evaluation, so it is one indexed query, not cached.
 * A workspace whose playbook was never installed (opened read-only) uses the shipped checklist.
 */
export function currentChecklist(ctx: Pick<HandlerContext, 'db'>): ChecklistItem[] {
  const rows = latestItemRows(ctx.db, 'checklist', false);
  return rows.length ? rows.map(toItem) : defaultPlaybook().checklist;
}

/** The acceptance checks of the workspace's playbook (current versions, not retired, in order). */
export function currentAcceptance(ctx: Pick<HandlerContext, 'db'>): Playbook['acceptanceChecks'] {
  const rows = latestItemRows(ctx.db, 'acceptance', false);
  return rows.length ? rows.map((r) => ({ id: r.item_id, title: r.title, description: r.description })) : defaultPlaybook().acceptanceChecks;
}

/** The default review cadences of the workspace's playbook: the newest version per kind, one per kind in REVIEW_KINDS order. */
export function currentCadences(ctx: Pick<HandlerContext, 'db'>): Playbook['cadences'] {
  const rows = new Map(latestCadenceRows(ctx.db).map((r) => [r.kind, r]));
  if (rows.size < REVIEW_KINDS.length) {
    const shipped = defaultPlaybook().cadences;
    return REVIEW_KINDS.map((k) => (rows.has(k) ? toCadence(rows.get(k)!) : shipped.find((c) => c.kind === k)!));
  }
  return REVIEW_KINDS.map((k) => toCadence(rows.get(k)!));
}

/** The current checklist, acceptance checks and cadences with their versions, for the playbook page. */
export function playbookItems(ctx: Pick<HandlerContext, 'db'>): PlaybookItems {
  const cadences = latestCadenceRows(ctx.db).sort((a, b) => REVIEW_KINDS.indexOf(a.kind) - REVIEW_KINDS.indexOf(b.kind));
  return {
    checklist: latestItemRows(ctx.db, 'checklist', false).map(itemInfo),
    acceptance: latestItemRows(ctx.db, 'acceptance', false).map(itemInfo),
    cadences: cadences.map(cadenceInfo),
  };
}

export function itemHistory(ctx: Pick<HandlerContext, 'db'>, input: ParsedInputOf<'playbook.itemHistory'>): PlaybookItemVersion[] {
  const rows = ctx.db.all<ItemRow>(sql`SELECT * FROM playbook_item_versions WHERE kind = ${input.kind} AND item_id = ${input.itemId} ORDER BY item_version DESC`);
  if (!rows.length) throw notFound(ITEM_LABEL[input.kind], input.itemId);
  return rows.map(itemInfo);
}

export function cadenceHistory(ctx: Pick<HandlerContext, 'db'>, input: ParsedInputOf<'playbook.cadenceHistory'>): PlaybookCadenceVersion[] {
  return ctx.db.all<CadenceRow>(sql`SELECT * FROM playbook_cadence_versions WHERE kind = ${input.kind} ORDER BY cadence_version DESC`).map(cadenceInfo);
}

function invalidField(path: string, message: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.INVALID_INPUT, message, { issues: [{ path, message }] });
}

/** Publishes the next version of a checklist item or acceptance check; its position and computed rule stay. */
export function updatePlaybookItem(ctx: HandlerContext, input: ParsedInputOf<'playbook.updateItem'>): PlaybookItemVersion {
  const label = ITEM_LABEL[input.kind];
  const { id } = mutate(ctx, 'sop', (tx, at) => {
    const cur = latestItemRow(tx, input.kind, input.itemId);
    if (!cur || cur.retired) throw notFound(label, input.itemId);
    if (cur.item_version !== input.version) throw staleVersion(label, cur.title);
    if (cur.title === input.title && cur.description === input.description) {
      throw refused(`Nothing to publish: the title and description are the same as version ${cur.item_version}. Change one of them, or cancel.`);
    }
    const next = cur.item_version + 1;
    // The rule an item is decided by is the app's (GATE_ITEMS), whatever an older version stored.
    const rule = input.kind === 'checklist' ? computedRule(cur.item_id) : null;
    const item: PlaybookItem = { id: cur.item_id, title: input.title, description: input.description, ...(rule ? { computed: rule } : {}) };
    const id = insertItem(tx, input.kind, item, cur.position, next, { at, changeSummary: input.changeSummary, publishedBy: ctx.actor });
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: id,
      action: input.kind === 'checklist' ? 'publish-checklist-item' : 'publish-acceptance-check',
      summary: `Published ${label.toLowerCase()} “${input.title}” v${next}: ${input.changeSummary}`,
      before: { title: cur.title, description: cur.description },
      after: { title: input.title, description: input.description },
    });
    return { id };
  });
  return itemInfo(ctx.db.get<ItemRow>(sql`SELECT * FROM playbook_item_versions WHERE id = ${id}`)!);
}

/** Publishes the next version of the default cadence of a kind of review; reviews planned from then on use it. */
export function updatePlaybookCadence(ctx: HandlerContext, input: ParsedInputOf<'playbook.updateCadence'>): PlaybookCadenceVersion {
  if (input.rrule !== null) {
    const today = localDate(ctx.clock.now(), 'UTC');
    try {
      nextPeriodicDue(input.rrule, today, today);
    } catch (e) {
      throw invalidField('rrule', (e as Error).message);
    }
  }
  const { id } = mutate(ctx, 'sop', (tx, at) => {
    const cur = tx.get<CadenceRow>(sql`SELECT * FROM playbook_cadence_versions WHERE kind = ${input.kind} ORDER BY cadence_version DESC LIMIT 1`);
    if (!cur) throw notFound('Review cadence', input.kind);
    if (cur.cadence_version !== input.version) throw staleVersion('Review cadence', REVIEW_KIND_LABEL[input.kind]);
    if (cur.description === input.description && cur.rrule === input.rrule && cur.offset_days === input.offsetDays) {
      throw refused(`Nothing to publish: the cadence is the same as version ${cur.cadence_version}. Change it, or cancel.`);
    }
    const next = cur.cadence_version + 1;
    const cadence: Cadence = { kind: input.kind, description: input.description, ...(input.rrule !== null ? { rrule: input.rrule } : {}), ...(input.offsetDays !== null ? { offsetDays: input.offsetDays } : {}) };
    const id = insertCadence(tx, cadence, next, { at, changeSummary: input.changeSummary, publishedBy: ctx.actor });
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: id,
      action: 'publish-cadence',
      summary: `Published the ${REVIEW_KIND_LABEL[input.kind].toLowerCase()} cadence v${next}: ${input.changeSummary}`,
      before: toCadence(cur),
      after: cadence,
    });
    return { id };
  });
  return cadenceInfo(ctx.db.get<CadenceRow>(sql`SELECT * FROM playbook_cadence_versions WHERE id = ${id}`)!);
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
export function publishSop(ctx: HandlerContext, input: ParsedInputOf<'sops.publish'>): SopDetail {
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
    const id = insertSop(tx, next, at, input.changeSummary, ctx.actor);
    for (const m of followed.moved) {
      tx.run(sql`UPDATE scenarios SET basis_index = ${m.index}, updated_at = ${at}, version = version + 1 WHERE id = ${m.id}`);
    }
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

const PUBLISH_FIX = 'Change the SOP so it still calls for that answer, or import a playbook whose scenario keys match the new SOP.';

/**
 * The current scenario checks of an SOP's cell read against its next version: the bases that follow a
 * moved or reworded item, and every scenario the new SOP would contradict (path `scenarios.<id>`).
 */
function scenariosUnder(db: Db, before: Sop, after: Sop): { moved: { id: string; index: number }[]; problems: PlaybookProblem[] } {
  const rows = db.all<ScenarioRow>(sql`SELECT * FROM scenarios WHERE workflow = ${after.workflow} AND role = ${after.role} AND archived_at IS NULL ORDER BY slug`);
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

/**
 * The workspace's current playbook as a file: current SOP versions, scenarios, checklist, acceptance
 * checks and cadences. The file is one the workspace would import: scenarios stored before each named
 * the SOP item it tests get the item their text and key show; when that cannot be told, or the
 * workspace breaks another rule of the file, export is refused with each problem and its fix rather
 * than writing a file that would be refused later.
 */
export function exportPlaybook(ctx: HandlerContext): Playbook {
  const base = defaultPlaybook();
  const sops = currentSopRows(ctx).map((r) => getSop(ctx, { workflow: r.workflow, role: r.role }).sop);
  const scenarioRows = ctx.db.all<ScenarioRow>(sql`SELECT * FROM scenarios WHERE archived_at IS NULL ORDER BY role, slug`);
  const unknown: PlaybookProblem[] = [];
  const exported: Scenario[] = [];
  for (const row of scenarioRows) {
    const sc = toScenarioWithoutBasis(row);
    const sop = sops.find((x) => x.workflow === row.workflow && x.role === row.role);
    const basis = sc.basis ? { basis: sc.basis } : sop ? inferBasis(sop, sc) : undefined;
    if (basis) exported.push({ ...sc, ...basis });
    else {
      unknown.push({
        path: `scenarios.${row.slug}`,
        message: `Scenario “${row.slug}” (${ROLE_LABEL[row.role]}, ${WORKFLOW_LABEL[row.workflow]}, answer ${row.answer}) was stored before scenarios named the SOP item they test, and its text does not show which item that is.`,
      });
    }
  }
  if (unknown.length) {
    const n = unknown.length;
    throw new WorkbenchError(
      ErrorCode.REFUSED,
      `The playbook cannot be exported yet: ${n} scenario check${n === 1 ? '' : 's'} do${n === 1 ? 'es' : ''} not name the SOP item ${n === 1 ? 'it tests' : 'they test'} (${unknown.map((u) => u.path.slice('scenarios.'.length)).join(', ')}), and a playbook file must. Add a basis to ${n === 1 ? 'it' : 'each'} in the playbook file you imported ${n === 1 ? 'it' : 'them'} from (e.g. "basis": { "kind": "refusal_rule", "index": 0 }), or leave ${n === 1 ? 'it' : 'them'} out to retire ${n === 1 ? 'it' : 'them'}, and import that file again.`,
      { issues: unknown },
    );
  }
  // One more for every version published after the first of each SOP, item and cadence.
  const edits = ctx.db.get<{ n: number }>(sql`SELECT
      (SELECT count(*) - count(DISTINCT workflow || '/' || role) FROM sop_versions)
    + (SELECT count(*) - count(DISTINCT kind || '/' || item_id) FROM playbook_item_versions)
    + (SELECT count(*) - count(DISTINCT kind) FROM playbook_cadence_versions) AS n`)!.n;
  const file: Playbook = {
    format: base.format,
    formatVersion: base.formatVersion,
    name: base.name,
    version: edits + 1,
    sops,
    scenarios: exported,
    checklist: currentChecklist(ctx),
    acceptanceChecks: currentAcceptance(ctx),
    cadences: currentCadences(ctx),
  };
  const parsed = parsePlaybook(file);
  if (!parsed.ok) {
    const n = parsed.problems.length;
    throw new WorkbenchError(
      ErrorCode.REFUSED,
      `The playbook cannot be exported: the workspace's playbook breaks ${n} rule${n === 1 ? '' : 's'} a playbook file must keep, so the file would be refused on import. ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join(' ')} Fix ${n === 1 ? 'it' : 'them'} on the Playbook page (or import a playbook that keeps the rules), then export again.`,
      { issues: parsed.problems },
    );
  }
  return file;
}

/** Everything an SOP says, in a fixed order: list order matters (scenarios name SOP items by position). */
function sopContent(s: Sop): string {
  return JSON.stringify([
    s.purpose,
    s.whenToUse,
    s.goodExamples.map((e) => [e.text, e.why || null]),
    s.badExamples.map((e) => [e.text, e.why]),
    s.refusalRules,
    [...s.approvalBoundaries.mayApprove].sort(),
    s.approvalBoundaries.bulkApproveLowRisk,
    s.approvalBoundaries.notes,
    s.whenToAsk,
    s.escalation.responsibility,
    s.escalation.triggers,
    s.whenToStop,
  ]);
}

function sameSop(a: Sop, b: Sop): boolean {
  return sopContent(a) === sopContent(b);
}

/** Every string in an untrusted file that looks like a secret, with its path (e.g. `checklist[2].description`). */
function secretsIn(value: unknown, path: (string | number)[] = [], out: PlaybookProblem[] = []): PlaybookProblem[] {
  if (typeof value === 'string') {
    const found = scanForSecrets(value);
    if (found.length) {
      out.push({
        path: formatPath(path) || '(file)',
        message: `Contains ${found.map((f) => `${f.label} (${f.excerpt})`).join(' and ')}. Secrets are never stored in the workbench: remove it from the file (say where it is kept, e.g. “in the client's password manager”) and import again.`,
      });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => secretsIn(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) secretsIn(v, [...path, k], out);
  }
  return out;
}

/** Problems the file schema does not catch but the workspace cannot store: a second cadence for the same kind of review. */
function storageProblems(pb: Playbook): PlaybookProblem[] {
  const first = new Map<string, number>();
  const problems: PlaybookProblem[] = [];
  pb.cadences.forEach((c, i) => {
    const at = first.get(c.kind);
    if (at === undefined) first.set(c.kind, i);
    else problems.push({ path: `cadences[${i}].kind`, message: `Second cadence for ${c.kind} reviews (the first is cadences[${at}]): keep one.` });
  });
  return problems;
}

/**
 * Imports a playbook file, validated whole first so a bad file writes nothing: every string is scanned
 * for secrets, then the schema. In one transaction, each SOP, checklist item, acceptance check and
 * cadence that differs from the workspace's current version is published as its next version (items
 * no longer in the file as a retired version); scenarios are replaced.
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
  const secrets = secretsIn(json);
  const parsed = parsePlaybook(json);
  const problems = parsed.ok ? storageProblems(parsed.playbook) : parsed.problems;
  if (problems.length) {
    const n = problems.length;
    const also = secrets.length ? ` and ${secrets.length} secret${secrets.length === 1 ? '' : 's'}` : '';
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, `The playbook file has ${n} problem${n === 1 ? '' : 's'}${also}; nothing was imported.`, { issues: [...problems, ...secrets] });
  }
  if (secrets.length) throw new WorkbenchError(ErrorCode.INVALID_INPUT, 'The playbook file contains secrets; nothing was imported.', { issues: secrets });
  const pb = (parsed as { ok: true; playbook: Playbook }).playbook;
  let published = 0;
  let unchanged = 0;
  mutate(ctx, 'sop', (tx, at) => {
    const changeSummary = `Imported from playbook file “${pb.name}” v${pb.version}`;
    const p: Publication = { at, changeSummary, publishedBy: ctx.actor };
    for (const sop of pb.sops) {
      const current = getSop(ctx, { workflow: sop.workflow, role: sop.role }).sop;
      if (sameSop(current, sop)) {
        unchanged++;
        continue;
      }
      insertSop(tx, { ...sop, version: current.version + 1 }, at, changeSummary, ctx.actor);
      published++;
    }
    const checklist = publishItems(tx, 'checklist', pb.checklist, p);
    const acceptance = publishItems(tx, 'acceptance', pb.acceptanceChecks, p);
    const cadences = publishCadences(tx, pb.cadences, p);

    const existing = new Map(ctx.db.all<ScenarioRow>(sql`SELECT * FROM scenarios`).map((r) => [r.slug, r]));
    const listed = new Set(pb.scenarios.map((sc) => sc.id));
    for (const r of existing.values()) {
      if (r.archived_at === null && !listed.has(r.slug)) tx.run(sql`UPDATE scenarios SET archived_at = ${at}, updated_at = ${at}, version = version + 1 WHERE id = ${r.id}`);
    }
    for (const sc of pb.scenarios) {
      const row = existing.get(sc.id);
      if (!row) tx.insert(scenarios).values({ id: newId(), createdAt: at, updatedAt: at, ...scenarioColumns(sc) }).run();
      else if (!sameScenario(row, sc)) {
        tx.update(scenarios).set({ ...scenarioColumns(sc), archivedAt: null, updatedAt: at, version: sql`${scenarios.version} + 1` }).where(sql`id = ${row.id}`).run();
      }
    }
    const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    const items = (r: { published: number; retired: number }, what: string) => `${count(r.published, what)} changed${r.retired ? `, ${r.retired} retired` : ''}`;
    recordChange(tx, ctx, at, {
      entity: 'sop',
      entityId: 'playbook',
      action: 'import',
      summary:
        `Imported playbook “${pb.name}” v${pb.version}: ${count(published, 'SOP')} changed, ${unchanged} unchanged; ` +
        `${items(checklist, 'checklist item')}; ${items(acceptance, 'acceptance check')}; ${count(cadences, 'review cadence')} changed; ${count(pb.scenarios.length, 'scenario check')}`,
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
