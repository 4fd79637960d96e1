/**
 * Readiness: the production checklist as the app can judge it, the readiness gates, and which gate a
 * rollout-stage transition must pass. Pure functions over facts gathered by the services, so every
 * rule is tested on fixed data and every refusal carries plain-word reasons.
 */
import type { ChecklistItem, ComputedCheck } from '../playbook/schema';
// From the vocabulary itself: the playbook schema imports this file.
import { WORKFLOW_ROLES, WORKFLOWS } from '../playbook/vocabulary';
import type { Responsibility } from './responsibilities';
import { responsibilityOwner } from './responsibility-owner';
import { backupProblem, rehearsalProblem, type RehearsalFact } from './rollback-currency';
import { STAGE_LABEL, type RolloutStage } from './stages';

/** How many SOPs the playbook matrix holds: one per cell, each workflow times each role that uses it. */
export const SOP_CELL_COUNT = WORKFLOWS.reduce((n, w) => n + WORKFLOW_ROLES[w].length, 0);

/** "SOPs for all workflows": every cell of the matrix has a published SOP. */
export function sopsComplete(cellsWithSop: number): boolean {
  return cellsWithSop >= SOP_CELL_COUNT;
}

/** What a person records for a checklist item or acceptance check (absent means open). */
export const ITEM_STATUSES = ['open', 'done', 'not_applicable', 'blocked'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface OwnerFact {
  assigned: boolean;
  ownerName: string | null;
  ownerActive: boolean;
  verifiedAt: string | null;
}

export interface ReadinessFacts {
  now: string;
  /** Owner verifications older than this no longer count (workspace setting). */
  maxVerificationAgeDays: number;
  missingSetup: string[];
  owners: Record<Responsibility, OwnerFact>;
  /** Every workflow has an SOP for every role that uses it. */
  sopsComplete: boolean;
  /** Manual statuses of checklist items, by item id; absent means open. */
  manual: Record<string, { status: ItemStatus; evidence: string | null; reason: string | null }>;
  /** The site's first-week review (planned when the pilot starts); null when there is none yet. */
  firstWeek: FirstWeekFact | null;
  rollbackDoc: RollbackDocFact;
}

/**
 * What decides "Rollback plan current": the last final rollback plan (or handover runbook, which
 * contains it), the last change to what it says (setup record, owners, runbook facts and lists), and
 * whether the last backup and restore rehearsal are recent enough (core/domain/rollback-currency.ts).
 */
export interface RollbackDocFact {
  /** Null: never exported. */
  finalAt: string | null;
  changedAt: string | null;
  /** The day of the last backup taken or checked. */
  lastBackupOn: string | null;
  /** The latest rehearsal (by day, then as recorded), whatever its outcome. */
  latestRehearsal: RehearsalFact | null;
  /** The day of the latest passed rehearsal. */
  lastPassedRehearsalOn: string | null;
  /** Settings: how long a backup and a passed rehearsal count for. */
  maxBackupAgeDays: number;
  maxRehearsalAgeDays: number;
}

/** A site with no final plan, backup or rehearsal, under the given limits. */
export function noRollbackDoc(limits: Pick<RollbackDocFact, 'maxBackupAgeDays' | 'maxRehearsalAgeDays'>): RollbackDocFact {
  return { finalAt: null, changedAt: null, lastBackupOn: null, latestRehearsal: null, lastPassedRehearsalOn: null, ...limits };
}

export interface FirstWeekFact {
  dueOn: string;
  doneAt: string | null;
  doneBy: string | null;
  skippedAt: string | null;
  skipReason: string | null;
}

export interface ChecklistState {
  id: string;
  title: string;
  description: string;
  computed: boolean;
  status: ItemStatus;
  /** Why a computed item passes or fails, or the recorded evidence/reason of a manual one. */
  why: string;
}

const DAY = 86_400_000;

/** A verified, active owner whose verification is recent enough; otherwise the reason it does not count. */
export function ownerProblem(r: Responsibility, f: ReadinessFacts): string | null {
  const o = f.owners[r];
  const who = responsibilityOwner(r);
  if (!o.assigned) return `No ${who} is assigned.`;
  if (!o.ownerActive) return `The ${who} (${o.ownerName}) is inactive: assign an active person.`;
  if (!o.verifiedAt) return `The ${who} (${o.ownerName}) is not verified.`;
  const age = (Date.parse(f.now) - Date.parse(o.verifiedAt)) / DAY;
  if (age > f.maxVerificationAgeDays) {
    return `The ${who} (${o.ownerName}) was last verified ${Math.floor(age)} days ago (more than ${f.maxVerificationAgeDays}): verify again.`;
  }
  return null;
}

const KEY_OWNERS: Responsibility[] = ['provider_key_billing', 'diagnostics', 'permissions', 'rollback_restore'];

export type GateId = 'invite_wider_team' | 'enable_write_workflows';

/** The checklist items each gate needs done, by id. */
export const GATE_CHECKLIST_ITEMS: Record<GateId, readonly string[]> = {
  invite_wider_team: ['reach-diagnostics', 'first-week-review'],
  enable_write_workflows: ['rollback-documented', 'pause-high-risk'],
};

/**
 * The checklist items the app relies on, with the rule that decides each (null: a person records it).
 * They are the gate items above and every item the app decides itself. A playbook may reword them but
 * not retire them, and an item's rule is fixed here, not by the playbook: no other item may claim one,
 * and none of these may lose or change it. Readiness reads the rule from this list, never from the
 * stored item, so a playbook edit cannot turn a gate item into a tick box or make it pass by itself.
 */
export const GATE_ITEMS: Readonly<Record<string, ComputedCheck | null>> = {
  'setup-record': 'setup_record_complete',
  'sops-all-workflows': 'sops_all_workflows',
  'owners-verified': 'owners_verified',
  'rollback-documented': 'rollback_document_current',
  'first-week-review': 'first_week_review_done',
  'reach-diagnostics': null,
  'pause-high-risk': null,
};

/** The rule that decides a checklist item, or null when a person records it. */
export function computedRule(itemId: string): ComputedCheck | null {
  return Object.hasOwn(GATE_ITEMS, itemId) ? GATE_ITEMS[itemId]! : null;
}

/**
 * Why a checklist item (as a playbook file or an edit states it) breaks the gate-item rules, with the
 * fix: each problem names the item by position, e.g. `checklist[3].computed`.
 */
export function gateItemProblems(
  items: readonly { id: string; title: string; computed?: ComputedCheck | undefined }[],
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  items.forEach((item, i) => {
    const rule = computedRule(item.id);
    const stated = item.computed ?? null;
    if (stated === rule) return;
    const name = `“${item.title}” (${item.id})`;
    let message: string;
    if (rule === null) {
      const owners = Object.entries(GATE_ITEMS)
        .filter(([, r]) => r === stated)
        .map(([id]) => id);
      message = `${name} cannot be decided by the app: only ${Object.entries(GATE_ITEMS)
        .filter(([, r]) => r)
        .map(([id]) => id)
        .join(', ')} have a computed rule${owners.length ? ` (${stated} belongs to ${owners.join(', ')})` : ''}. Remove "computed" from this item.`;
    } else if (stated === null) {
      message = `${name} is decided by the app (computed: "${rule}") and the readiness gates rely on it, so a playbook cannot make it a tick box. Put back "computed": "${rule}"; you may reword the title and description.`;
    } else {
      message = `${name} is decided by the app with the rule "${rule}", which a playbook cannot change. Set "computed": "${rule}"; you may reword the title and description.`;
    }
    problems.push({ path: [i, 'computed'], message });
  });
  for (const id of Object.keys(GATE_ITEMS)) {
    if (!items.some((item) => item.id === id)) {
      problems.push({
        path: [],
        message: `The checklist item ${id} is missing: the readiness gates rely on it, so it cannot be retired. Keep it in the checklist${GATE_ITEMS[id] ? ` with "computed": "${GATE_ITEMS[id]}"` : ''}; you may reword its title and description.`,
      });
    }
  }
  return problems;
}

/** A gate item a person records counts only when it is done; not applicable is a fact, not a pass. */
function manualItem(f: ReadinessFacts, id: string, title: string): string | null {
  const m = f.manual[id];
  if (m?.status === 'done') return null;
  if (m?.status === 'not_applicable') {
    return `“${title}” is marked not applicable${m.reason ? ` (${m.reason})` : ''}, but the gate needs it done: record evidence, or move on only by a recorded override.`;
  }
  return `“${title}” is not done${m?.status === 'blocked' && m.reason ? ` (blocked: ${m.reason})` : ''}.`;
}

/**
 * Why the rollback plan is not current, every reason that applies: never exported or out of date, and
 * the backup and rehearsal problems of rollback-currency.ts.
 */
export function rollbackProblems(f: Pick<ReadinessFacts, 'now' | 'rollbackDoc'>): string[] {
  const d = f.rollbackDoc;
  const problems: string[] = [];
  if (!d.finalAt) problems.push('No final rollback plan has been exported: complete it on the Documents tab and export the final version.');
  else if (d.changedAt && d.changedAt > d.finalAt) {
    problems.push(
      `The rollback facts changed after the last final rollback plan (exported ${d.finalAt.slice(0, 10)}, changed ${d.changedAt.slice(0, 10)}): export it again.`,
    );
  }
  const currency = { now: f.now, ...d };
  for (const p of [backupProblem(currency), rehearsalProblem(currency)]) if (p) problems.push(p);
  return problems;
}

/**
 * Computed items the app can judge itself; null means a person records it. `problems`: the separate
 * reasons of a failing item when it has several (each its own gate reason), else `why` is the one.
 */
function computeItem(rule: ComputedCheck | null, f: ReadinessFacts): { status: ItemStatus; why: string; problems?: string[] } | null {
  const judged = (pass: boolean, why: string) => ({ status: (pass ? 'done' : 'open') as ItemStatus, why });
  switch (rule) {
    case 'setup_record_complete':
      return f.missingSetup.length ? judged(false, `Missing: ${f.missingSetup.join(', ')}.`) : judged(true, 'Every part of the setup record is recorded.');
    case 'sops_all_workflows':
      return f.sopsComplete
        ? judged(true, 'The playbook has role SOPs for all six workflows.')
        : judged(false, 'Some workflow has no SOP for a role that uses it.');
    case 'owners_verified': {
      const problems = KEY_OWNERS.map((r) => ownerProblem(r, f)).filter((p): p is string => p !== null);
      return problems.length ? judged(false, problems.join(' ')) : judged(true, 'Provider, diagnostics, permissions and rollback owners are verified.');
    }
    case 'first_week_review_done': {
      const r = f.firstWeek;
      if (!r) return judged(false, 'No first-week review yet: it is planned when the site moves into Pilot.');
      if (r.doneAt) return judged(true, `The first-week review was done on ${r.doneAt.slice(0, 10)}${r.doneBy ? ` by ${r.doneBy}` : ''}.`);
      // A skipped review found nothing: the wider team may only be invited past it by a recorded gate override.
      if (r.skippedAt) {
        return judged(
          false,
          `The first-week review was skipped on ${r.skippedAt.slice(0, 10)} (${r.skipReason ?? 'no reason recorded'}), so nobody reviewed the first week: review it, or move on only by a recorded override.`,
        );
      }
      return judged(false, `The first-week review (due ${r.dueOn}) is not done yet.`);
    }
    case 'rollback_document_current': {
      const problems = rollbackProblems(f);
      if (problems.length) return { ...judged(false, problems.join(' ')), problems };
      const d = f.rollbackDoc;
      return judged(
        true,
        `The final rollback plan exported on ${d.finalAt!.slice(0, 10)} is current: last backup ${d.lastBackupOn}, last restore rehearsal passed ${d.lastPassedRehearsalOn}.`,
      );
    }
    default:
      return null;
  }
}

/** Why a gate item (decided by the app or recorded) does not count yet: none when it does. */
function itemProblems(f: ReadinessFacts, id: string, checklist: ChecklistItem[]): string[] {
  const title = checklist.find((c) => c.id === id)?.title ?? id;
  const computed = computeItem(computedRule(id), f);
  if (computed) return computed.status === 'done' ? [] : (computed.problems ?? [computed.why]);
  const p = manualItem(f, id, title);
  return p ? [p] : [];
}

export function checklistState(items: ChecklistItem[], f: ReadinessFacts): ChecklistState[] {
  return items.map((item) => {
    const computed = computeItem(computedRule(item.id), f);
    if (computed) return { id: item.id, title: item.title, description: item.description, computed: true, status: computed.status, why: computed.why };
    const m = f.manual[item.id];
    const status = m?.status ?? 'open';
    let why = status === 'done' ? (m?.evidence ?? 'Marked done.') : status === 'open' ? 'Not done yet.' : (m?.reason ?? '');
    if (status === 'not_applicable' && Object.hasOwn(GATE_ITEMS, item.id)) why = `${why ? `${why} ` : ''}(A readiness gate still needs it done.)`;
    return { id: item.id, title: item.title, description: item.description, computed: false, status, why };
  });
}

export const GATE_LABEL: Record<GateId, string> = {
  invite_wider_team: 'Invite the wider team',
  enable_write_workflows: 'Enable write-capable workflows',
};

export interface GateResult {
  gate: GateId;
  ok: boolean;
  reasons: string[];
}

export function evaluateGate(gate: GateId, f: ReadinessFacts, checklist: ChecklistItem[]): GateResult {
  const reasons: string[] = [];
  if (gate === 'invite_wider_team') {
    for (const r of KEY_OWNERS) {
      const p = ownerProblem(r, f);
      if (p) reasons.push(p);
    }
    if (f.missingSetup.length) reasons.push(`The setup record is incomplete (missing: ${f.missingSetup.join(', ')}).`);
    const support = ownerProblem('support_routing', f);
    if (support) reasons.push(`The support path is not known to work: ${support}`);
    for (const id of GATE_CHECKLIST_ITEMS.invite_wider_team) reasons.push(...itemProblems(f, id, checklist));
  } else {
    for (const id of GATE_CHECKLIST_ITEMS.enable_write_workflows) reasons.push(...itemProblems(f, id, checklist));
    if (f.missingSetup.length) reasons.push(`The setup record is incomplete (missing: ${f.missingSetup.join(', ')}).`);
    const support = ownerProblem('support_routing', f);
    if (support) reasons.push(`No support path is known to work: ${support}`);
    for (const r of ['rollback_restore', 'backups'] as Responsibility[]) {
      const p = ownerProblem(r, f);
      if (p) reasons.push(p);
    }
  }
  return { gate, ok: reasons.length === 0, reasons };
}

const ORDER: RolloutStage[] = ['planning', 'setup', 'pilot', 'adoption'];

/** Gates a move must pass: forward into pilot needs write-capable readiness, into adoption the wider-team gate. */
export function gatesForTransition(from: RolloutStage, to: RolloutStage): GateId[] {
  if (to === 'paused' || to === 'retired' || to === 'planning' || to === 'setup') return [];
  const fromIdx = from === 'paused' || from === 'retired' ? -1 : ORDER.indexOf(from);
  const toIdx = ORDER.indexOf(to);
  if (fromIdx >= toIdx) return [];
  const gates: GateId[] = [];
  if (toIdx >= 2) gates.push('enable_write_workflows');
  if (toIdx >= 3) gates.push('invite_wider_team');
  return gates;
}

export function transitionCheck(from: RolloutStage, to: RolloutStage, f: ReadinessFacts, checklist: ChecklistItem[]) {
  const results = gatesForTransition(from, to).map((g) => evaluateGate(g, f, checklist));
  const reasons = results.flatMap((r) => r.reasons.map((reason) => `${GATE_LABEL[r.gate]}: ${reason}`));
  return {
    ok: reasons.length === 0,
    reasons,
    gates: results,
    summary: reasons.length ? `${STAGE_LABEL[from]} → ${STAGE_LABEL[to]} is blocked:` : `${STAGE_LABEL[from]} → ${STAGE_LABEL[to]} is allowed.`,
  };
}

/** The next forward stage, for "what blocks this site" on the dashboard. */
export function nextStage(stage: RolloutStage): RolloutStage | null {
  const i = ORDER.indexOf(stage);
  return i >= 0 && i < ORDER.length - 1 ? ORDER[i + 1]! : null;
}
