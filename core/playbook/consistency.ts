/**
 * The scenario key must agree with the SOP it tests: an operator who follows the SOP must be marked
 * right. Two independent checks, so a wrong key is found even when its declared basis is wrong:
 * the basis (the SOP item a scenario names) fixes an answer, and a situation that reads like one of
 * the SOP's escalation triggers or stop conditions must take that item's answer.
 */
import { formatPath, type PlaybookProblem } from './problems';
import type { Scenario, Sop } from './schema';
import { ROLE_LABEL, WORKFLOW_LABEL, type RiskLevel, type ScenarioAnswer, type ScenarioBasisKind } from './vocabulary';

type ListKind = Exclude<ScenarioBasisKind, 'approval_boundary'>;

/** The answer an SOP item calls for; the approval boundary is decided by {@link answerForRisk}. */
export const ANSWER_FOR_BASIS: Record<ListKind, ScenarioAnswer> = {
  when_to_ask: 'ask',
  refusal_rule: 'reject',
  escalation_trigger: 'escalate',
  when_to_stop: 'stop',
};

const ITEM_LABEL: Record<ListKind, { one: string; many: string; field: string }> = {
  when_to_ask: { one: 'when-to-ask situation', many: 'when-to-ask situations', field: 'whenToAsk' },
  refusal_rule: { one: 'refusal rule', many: 'refusal rules', field: 'refusalRules' },
  escalation_trigger: { one: 'escalation trigger', many: 'escalation triggers', field: 'escalation.triggers' },
  when_to_stop: { one: 'stop condition', many: 'stop conditions', field: 'whenToStop' },
};

function itemsOf(sop: Sop, kind: ListKind): readonly string[] {
  switch (kind) {
    case 'when_to_ask':
      return sop.whenToAsk;
    case 'refusal_rule':
      return sop.refusalRules;
    case 'escalation_trigger':
      return sop.escalation.triggers;
    case 'when_to_stop':
      return sop.whenToStop;
  }
}

/** A plan within the boundary may be approved; anything else goes to someone who may approve it. */
export function answerForRisk(sop: Sop, risk: RiskLevel): 'approve' | 'escalate' {
  return sop.approvalBoundaries.mayApprove.includes(risk) ? 'approve' : 'escalate';
}

// Words that carry no meaning of their own in an SOP sentence; negations are among them because the
// comparison measures what a sentence is about, not whether it is affirmed.
const STOP_WORDS = new Set(
  (
    'a an the and or but if then than so of to in on at by for from with without into onto over under about as ' +
    'is are was were be been being am it its this that these those there their them they you your yours we our us ' +
    'he she his her i me my who whom whose which what when where why how do does did done has have had not no nor ' +
    'can cannot could would should will shall may might must any all some each every one only also just still yet ' +
    'more most such own same other up out off before after again because while until very too s t re ve ll d m ' +
    'don doesn isn wasn aren weren won hasn haven didn'
  ).split(' '),
);

/** Folds the usual English endings so "changes", "changed" and "change" compare equal. */
function stem(word: string): string {
  let w = word;
  for (let pass = 0; pass < 2; pass++) {
    const before = w;
    if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
    else {
      for (const suffix of ['ing', 'ed', 'es', 'er', 'al', 'ly', 's']) {
        if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
          w = w.slice(0, -suffix.length);
          break;
        }
      }
    }
    if (w === before) break;
  }
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** The stems of the meaningful words of a sentence. */
export function contentWords(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/'s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP_WORDS.has(w));
  return new Set(words.map(stem));
}

/**
 * Share of an SOP item's content words that must appear in a situation for the situation to count
 * as that item. Low enough to catch a trigger reworded around its key nouns, high enough that no
 * shipped situation is taken for an item it does not describe (checked by the unit tests).
 */
export const TEXT_MATCH_THRESHOLD = 0.6;
/** Fewer shared words than this never match, so a two-word overlap with a short item is not enough. */
const MIN_SHARED_WORDS = 3;

export interface SopItemMatch {
  kind: 'escalation_trigger' | 'when_to_stop';
  index: number;
  text: string;
  answer: 'escalate' | 'stop';
  /** Share of the item's content words found in the situation. */
  overlap: number;
}

/** How much of `item` the situation repeats, from 0 to 1. */
export function textOverlap(item: string, situation: string): number {
  const itemWords = contentWords(item);
  if (itemWords.size === 0) return 0;
  const situationWords = contentWords(situation);
  let shared = 0;
  for (const w of itemWords) if (situationWords.has(w)) shared++;
  if (shared < Math.min(MIN_SHARED_WORDS, itemWords.size)) return 0;
  return shared / itemWords.size;
}

/**
 * The escalation trigger or stop condition of `sop` that `situation` describes, if any. A stop
 * condition wins over a trigger: when both fit, pausing comes first.
 */
export function matchSituation(sop: Sop, situation: string): SopItemMatch | undefined {
  const best = (kind: SopItemMatch['kind']): SopItemMatch | undefined => {
    let found: SopItemMatch | undefined;
    itemsOf(sop, kind).forEach((text, index) => {
      const overlap = textOverlap(text, situation);
      if (overlap >= TEXT_MATCH_THRESHOLD && (!found || overlap > found.overlap)) {
        found = { kind, index, text, answer: kind === 'when_to_stop' ? 'stop' : 'escalate', overlap };
      }
    });
    return found;
  };
  return best('when_to_stop') ?? best('escalation_trigger');
}

export interface ScenarioContradiction {
  path: (string | number)[];
  message: string;
}

const sopName = (sop: Sop) => `${WORKFLOW_LABEL[sop.workflow]} SOP for ${ROLE_LABEL[sop.role]}`;
const quote = (text: string) => `“${text}”`;

type BasisAnswer =
  | { expected: ScenarioAnswer; describe: string }
  | { problem: { at: (string | number)[]; message: string } };

/** What the scenario's declared basis calls for, or why the basis cannot be read. */
function basisAnswer(sop: Sop, sc: Scenario, name: string): BasisAnswer {
  const { kind, index } = sc.basis;
  if (kind === 'approval_boundary') {
    if (index !== 0) return { problem: { at: ['basis', 'index'], message: `${name}: an approval_boundary basis means the boundary as a whole, so its index must be 0.` } };
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

    const byText = matchSituation(sop, sc.situation);
    if (byText) {
      const label = ITEM_LABEL[byText.kind];
      const item = `the ${label.one} ${quote(byText.text)} (${label.field}[${byText.index}]) of the ${sopName(sop)}`;
      if (byText.answer !== sc.answer) {
        problems.push({ path: ['scenarios', i, 'answer'], message: `${name} answers ${sc.answer}, but its situation matches ${item}, which calls for ${byText.answer}.` });
      } else if ('expected' in basis && basis.expected !== sc.answer) {
        problems.push({
          path: ['scenarios', i, 'basis'],
          message: `${name}: its basis, ${basis.describe}, calls for ${basis.expected}, but the situation matches ${item} and is rightly answered ${sc.answer}: point the basis at that item.`,
        });
      }
      return;
    }
    if ('expected' in basis && basis.expected !== sc.answer) {
      problems.push({ path: ['scenarios', i, 'answer'], message: `${name} answers ${sc.answer}, but its basis, ${basis.describe}, calls for ${basis.expected}.` });
    }
  });
  return problems;
}

/** The same check for callers that show problems to people: readable paths such as `scenarios[12].answer`. */
export function checkScenarioConsistency(sops: readonly Sop[], scenarios: readonly Scenario[]): PlaybookProblem[] {
  return findScenarioContradictions(sops, scenarios).map((p) => ({ path: formatPath(p.path), message: p.message }));
}
