/**
 * The scenario key must agree with the SOP it tests: an operator who follows the SOP must be marked
 * right. Two independent checks, so a wrong key is found even when its declared basis is wrong:
 * the basis (the SOP item a scenario names) fixes an answer, and a situation that reads like one of
 * the SOP's stop conditions, escalation triggers, refusal rules or when-to-ask situations must take
 * that item's answer (stop before escalate before reject before ask). An `approve` key therefore
 * stands only where the situation fits none of them.
 */
import { formatPath, type PlaybookProblem } from './problems';
import type { Scenario, Sop } from './schema';
import { ANSWER_FOR_BASIS, ANSWER_PRIORITY, answerForRisk, ITEM_LABEL, itemsOf, matchSituation, type ListKind } from './sop-match';
import { contentWords } from './sop-text';
import { ROLE_LABEL, WORKFLOW_LABEL, type RiskLevel, type ScenarioAnswer } from './vocabulary';

/** A scenario as stored before each named the SOP item it tests. */
export type ScenarioWithoutBasis = Omit<Scenario, 'basis' | 'risk'> & Partial<Pick<Scenario, 'basis' | 'risk'>>;

/**
 * The SOP item a scenario stored without a basis tests, where its text and key show it: the item its
 * situation matches, when that item calls for the key's answer; otherwise, for an approve or escalate
 * key, the approval boundary at the one risk level its situation names ("a medium-risk plan"), when
 * the boundary calls for that answer. Undefined when neither holds: nobody can say what it tests.
 */
export function inferBasis(sop: Sop, sc: ScenarioWithoutBasis): Pick<Scenario, 'basis' | 'risk'> | undefined {
  const byText = matchSituation(sop, sc.situation, { approving: sc.answer === 'approve' });
  if (byText) return byText.answer === sc.answer ? { basis: { kind: byText.kind, index: byText.index } } : undefined;
  if (sc.answer !== 'approve' && sc.answer !== 'escalate') return undefined;
  const risks = [...new Set([...sc.situation.toLowerCase().matchAll(/\b(low|medium|high)[- ]risk\b/g)].map((m) => m[1] as RiskLevel))];
  if (risks.length !== 1 || answerForRisk(sop, risks[0]!) !== sc.answer) return undefined;
  return { basis: { kind: 'approval_boundary', index: 0 }, risk: risks[0]! };
}

/** Share of words two wordings of an item have in common (0 to 1). */
function similarity(a: string, b: string): number {
  const wa = contentWords(a);
  const wb = contentWords(b);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / Math.max(1, new Set([...wa, ...wb]).size);
}

/** Below this share of common words a changed item counts as a different one, not a rewording. */
const REWORDING_SIMILARITY = 0.5;

/**
 * Where the SOP item a scenario tests sits in the next version of its SOP: the same text wherever it
 * moved, or its rewording (the item at the same place in a list of the same length that the old SOP
 * did not have, or else the new item closest to it). `removed` names the old item when the new SOP has
 * nothing like it, so the scenario would test a rule that no longer exists.
 */
export function followBasis(before: Sop, after: Sop, basis: Scenario['basis']): { basis: Scenario['basis'] } | { removed: { kind: ListKind; text: string } } {
  if (basis.kind === 'approval_boundary') return { basis };
  const oldItems = itemsOf(before, basis.kind);
  const text = oldItems[basis.index];
  if (text === undefined) return { basis };
  const newItems = itemsOf(after, basis.kind);
  if (newItems[basis.index] === text) return { basis };
  const moved = newItems.indexOf(text);
  if (moved >= 0) return { basis: { kind: basis.kind, index: moved } };
  const fresh = (t: string) => !oldItems.includes(t);
  if (newItems.length === oldItems.length && basis.index < newItems.length && fresh(newItems[basis.index]!)) return { basis };
  let best = -1;
  let bestScore = REWORDING_SIMILARITY;
  newItems.forEach((t, i) => {
    const score = fresh(t) ? similarity(text, t) : 0;
    if (score >= bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best >= 0 ? { basis: { kind: basis.kind, index: best } } : { removed: { kind: basis.kind, text } };
}

/** How a message names an SOP list item, e.g. `the refusal rule “Never…”`. */
export function describeItem(kind: ListKind, text: string): string {
  return `the ${ITEM_LABEL[kind].one} “${text}”`;
}

export interface ScenarioContradiction {
  path: (string | number)[];
  message: string;
}

const outranks = (a: ScenarioAnswer, b: ScenarioAnswer) => ANSWER_PRIORITY.indexOf(a) < ANSWER_PRIORITY.indexOf(b);
const sopName = (sop: Sop) => `${WORKFLOW_LABEL[sop.workflow]} SOP for ${ROLE_LABEL[sop.role]}`;
const quote = (text: string) => `“${text}”`;

type BasisAnswer = { expected: ScenarioAnswer; describe: string } | { problem: { at: (string | number)[]; message: string } };

/** What the scenario's declared basis calls for, or why the basis cannot be read. */
function basisAnswer(sop: Sop, sc: Scenario, name: string): BasisAnswer {
  const { kind, index } = sc.basis;
  if (kind === 'approval_boundary') {
    if (index !== 0)
      return { problem: { at: ['basis', 'index'], message: `${name}: an approval_boundary basis means the boundary as a whole, so its index must be 0.` } };
    if (!sc.risk) return { problem: { at: ['risk'], message: `${name} tests the approval boundary, so it needs a risk (low, medium or high).` } };
    const may = sop.approvalBoundaries.mayApprove;
    return {
      expected: answerForRisk(sop, sc.risk),
      describe: `the approval boundary of the ${sopName(sop)} (may approve ${may.length ? `${may.join(', ')} risk` : 'nothing'}) for a ${sc.risk}-risk plan`,
    };
  }
  const label = ITEM_LABEL[kind];
  const items = itemsOf(sop, kind);
  const item = items[index];
  if (item === undefined) {
    return {
      problem: {
        at: ['basis', 'index'],
        message: `${name}: the ${sopName(sop)} has ${items.length} ${items.length === 1 ? label.one : label.many}, so basis index ${index} does not exist (use 0 to ${items.length - 1}).`,
      },
    };
  }
  return { expected: ANSWER_FOR_BASIS[kind], describe: `the ${label.one} ${quote(item)} (${label.field}[${index}]) of the ${sopName(sop)}` };
}

/**
 * Every scenario whose key contradicts its SOP, with zod-style paths for the schema to report.
 * Scenarios without an SOP are left to the schema, which reports them once.
 */
export function findScenarioContradictions(sops: readonly Sop[], scenarios: readonly Scenario[]): ScenarioContradiction[] {
  const byCell = new Map(sops.map((s) => [`${s.workflow}/${s.role}`, s]));
  const problems: ScenarioContradiction[] = [];
  scenarios.forEach((sc, i) => {
    const sop = byCell.get(`${sc.workflow}/${sc.role}`);
    if (!sop) return;
    const name = `Scenario “${sc.id}”`;
    const basis = basisAnswer(sop, sc, name);
    if ('problem' in basis) problems.push({ path: ['scenarios', i, ...basis.problem.at], message: basis.problem.message });

    const byText = matchSituation(sop, sc.situation, { approving: sc.answer === 'approve' });
    if (byText) {
      const label = ITEM_LABEL[byText.kind];
      const item = `the ${label.one} ${quote(byText.text)} (${label.field}[${byText.index}]) of the ${sopName(sop)}`;
      if (byText.answer !== sc.answer) {
        // The situation may also fit a lesser item ("ask") than the one its basis names ("reject"):
        // the basis decides when it agrees with the key and outranks what the text found.
        if ('expected' in basis && basis.expected === sc.answer && outranks(sc.answer, byText.answer)) return;
        problems.push({
          path: ['scenarios', i, 'answer'],
          message: `${name} answers ${sc.answer}, but its situation matches ${item}, which calls for ${byText.answer}.`,
        });
      } else if ('expected' in basis && basis.expected !== sc.answer && outranks(basis.expected, sc.answer)) {
        // The basis names an item that comes first ("reject" before "ask"): the key is what is wrong.
        problems.push({
          path: ['scenarios', i, 'answer'],
          message: `${name} answers ${sc.answer}, but its basis, ${basis.describe}, calls for ${basis.expected}.`,
        });
      } else if ('expected' in basis && basis.expected !== sc.answer) {
        problems.push({
          path: ['scenarios', i, 'basis'],
          message: `${name}: its basis, ${basis.describe}, calls for ${basis.expected}, but the situation matches ${item} and is rightly answered ${sc.answer}: point the basis at that item.`,
        });
      }
      return;
    }
    if ('expected' in basis && basis.expected !== sc.answer) {
      problems.push({
        path: ['scenarios', i, 'answer'],
        message: `${name} answers ${sc.answer}, but its basis, ${basis.describe}, calls for ${basis.expected}.`,
      });
    }
  });
  return problems;
}

/** The same check for callers that show problems to people: readable paths such as `scenarios[12].answer`. */
export function checkScenarioConsistency(sops: readonly Sop[], scenarios: readonly Scenario[]): PlaybookProblem[] {
  return findScenarioContradictions(sops, scenarios).map((p) => ({ path: formatPath(p.path), message: p.message }));
}
