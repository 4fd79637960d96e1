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
import { RISK_LEVELS, ROLE_LABEL, SCENARIO_ANSWERS, WORKFLOW_LABEL, type RiskLevel, type ScenarioAnswer, type ScenarioBasisKind } from './vocabulary';

export type ListKind = Exclude<ScenarioBasisKind, 'approval_boundary'>;

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

// Words that carry no meaning of their own in an SOP sentence. Negations are not among them: they
// are read separately (see {@link NEGATES_CLAUSE}), because "the diff matches" and "the diff did not
// load" share their words but not their meaning.
const STOP_WORDS = new Set(
  (
    'a an the and or but if then than so of to in on at by for from with into onto over under about as ' +
    'is are was were be been being am it its this that these those there their them they you your yours we our us ' +
    'he she his her i me my who whom whose which what when where why how do does did done has have had ' +
    'can could would should will shall may might must any all some each every one only also just still yet ' +
    'more most such own same other up out off before after again because while until very too s re ve ll d m ' +
    'whether although though unless whereas since ' +
    // Every workflow of the playbook is AI-assisted: "AI-written" says no more than "written".
    'ai'
  ).split(' '),
);

/** Negations that deny their whole clause: "the diff preview did not load", "nobody approved it". */
const NEGATES_CLAUSE = new Set(
  'not never nobody nothing none neither nor cannot t didn doesn isn wasn aren weren won hasn haven hadn couldn wouldn shouldn don'.split(' '),
);
/** Negations that deny what follows them: "without reading the diff", "no plan was approved". */
const NEGATES_FORWARD = new Set(['no', 'without']);
/** Words that start a new clause, so a negation in one clause does not reach the next. */
const CLAUSE_START = new Set('but that which who whom whose when while because although though if unless until whereas whether so since'.split(' '));

/**
 * The playbook's own words, which every approval situation uses ("a low-risk plan", "asked to
 * approve"): they count towards a match but never make one on their own, so a high-risk plan is not
 * taken for every rule about high-risk plans.
 */
const RISK_WORDS: readonly string[] = RISK_LEVELS;
const GENERIC_WORDS = new Set(['plan', 'risk', ...RISK_WORDS, ...SCENARIO_ANSWERS.map(stem)]);

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

const tokens = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/'s\b/g, '')
    .match(/[a-z0-9]+|[,;.:!?()]/g) ?? [];

const isContent = (t: string) => /^[a-z0-9]/.test(t) && !STOP_WORDS.has(t) && !NEGATES_CLAUSE.has(t) && !NEGATES_FORWARD.has(t);

/** The stems of the meaningful words of a sentence. */
export function contentWords(text: string): Set<string> {
  return new Set(tokens(text).filter(isContent).map(stem));
}

/** A meaningful word of a situation and whether it stands in a denied clause. */
interface Occurrence {
  stem: string;
  negated: boolean;
}

/**
 * One thing an SOP item says: met when the situation says any one of its options (every word of it,
 * or for a `partial` slot at least two words of it, or its one word).
 */
interface Slot {
  options: string[][];
  negated: boolean;
  partial?: boolean;
}

interface Clause {
  /** Words (stop words included, for the list structure) and commas. */
  tokens: string[];
  /** Index from which the clause is denied; tokens.length when it is not. */
  negatedFrom: number;
  /** The denial is a "no" or "without": it denies what follows, not the clause's verb. */
  forward: boolean;
}

function clauses(text: string): Clause[] {
  const out: Clause[] = [];
  let cur: string[] = [];
  const flush = () => {
    if (cur.length) {
      // A verb's denial reaches back to its subject when that is a pronoun, else to the start of its
      // part of the clause ("…, and its diff preview did not load" denies the preview, not what came
      // before the comma), and on to the clause's end.
      const clauseNeg = cur.findIndex((t) => NEGATES_CLAUSE.has(t));
      const forwardNeg = cur.findIndex((t) => NEGATES_FORWARD.has(t));
      const negatedFrom = clauseNeg >= 0 ? denialStart(cur, clauseNeg) : forwardNeg >= 0 ? forwardNeg : cur.length;
      out.push({ tokens: cur, negatedFrom, forward: clauseNeg < 0 && forwardNeg >= 0 });
    }
    cur = [];
  };
  for (const t of tokens(text)) {
    if (/^[;.:!?()]$/.test(t) || CLAUSE_START.has(t)) flush();
    else cur.push(t);
  }
  flush();
  return out;
}

/** Pronouns that start an unmarked clause: "records it did not list" denies the listing, not the records. */
const SUBJECT_PRONOUNS = new Set(['it', 'they', 'you', 'we', 'he', 'she', 'i']);

/** Where the denial of the negation at `at` begins: its part of the clause, from its subject if a pronoun. */
function denialStart(words: readonly string[], at: number): number {
  const part = words.lastIndexOf(',', at) + 1;
  for (let i = at - 1; i >= part; i--) if (SUBJECT_PRONOUNS.has(words[i]!)) return i;
  return part;
}

/** What a situation says: each meaningful word with its polarity. */
function occurrences(text: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const c of clauses(text)) {
    c.tokens.forEach((t, i) => {
      if (isContent(t)) out.push({ stem: stem(t), negated: i >= c.negatedFrom });
    });
  }
  return out;
}

/**
 * What an SOP item says, as slots. A list such as "legal, privacy or policy pages" is one slot met by
 * any of its members (and "pages" a slot of its own); what a "without" or "no" denies ("without
 * reading its diff preview and affected records") is one slot met when the situation denies any part
 * of it (two of its words, as in "its diff preview did not load"), because leaving out either part
 * breaks the rule.
 */
function slotsOf(text: string): Slot[] {
  const slots: Slot[] = [];
  const add = (options: string[][], negated: boolean, partial = false) => {
    const opts = options.filter((o) => o.length > 0);
    if (!opts.length) return;
    const key = JSON.stringify([opts, negated, partial]);
    if (!slots.some((s) => JSON.stringify([s.options, s.negated, s.partial ?? false]) === key)) slots.push({ options: opts, negated, ...(partial ? { partial } : {}) });
  };
  for (const c of clauses(text)) {
    const head = c.tokens.slice(0, c.negatedFrom);
    const tail = c.tokens.slice(c.negatedFrom);
    listSlots(head, false, add);
    if (!tail.length) continue;
    if (c.forward) add(denied(tail), true, true);
    else listSlots(tail, true, add);
  }
  return slots;
}

/** The parts of what a "without" or "no" denies, split where a list or "and" joins them. */
function denied(words: readonly string[]): string[][] {
  const parts: string[][] = [[]];
  for (const t of words) {
    if (t === ',' || t === 'and' || t === 'or') parts.push([]);
    else if (isContent(t)) parts[parts.length - 1]!.push(stem(t));
  }
  return parts.filter((p) => p.length > 0);
}

const MAX_MEMBER_WORDS = 2;

/**
 * Splits a clause into slots: one per list ("a, b or c", "a or b", "a, b and c") and one per other
 * word. A list's first member is the last word before it; later members have at most two words.
 */
function listSlots(words: readonly string[], negated: boolean, add: (options: string[][], negated: boolean) => void) {
  const content = (from: number, to: number) => words.slice(from, to).filter(isContent).map(stem);
  const spans: { from: number; to: number; members: string[][] }[] = [];
  for (let k = 0; k < words.length; k++) {
    if (words[k] !== 'or' && words[k] !== 'and') continue;
    if (spans.length && k < spans[spans.length - 1]!.to) continue;
    // Members before the conjunction, walking back over commas.
    const before: string[][] = [];
    let end = k;
    let from = -1;
    let sawComma = false;
    for (;;) {
      let comma = end - 1;
      while (comma >= 0 && words[comma] !== ',') comma--;
      const segment = content(comma + 1, end);
      if (comma >= 0 && segment.length >= 1 && segment.length <= MAX_MEMBER_WORDS) {
        before.unshift(segment);
        sawComma = true;
        end = comma;
        continue;
      }
      // The first member: the last word of the segment that starts the list.
      let last = end - 1;
      while (last > comma && !isContent(words[last]!)) last--;
      if (last <= comma) break;
      before.unshift([stem(words[last]!)]);
      from = last;
      break;
    }
    if (from < 0 || (words[k] === 'and' && !sawComma)) continue;
    // The member after the conjunction.
    const after: string[] = [];
    let to = k + 1;
    while (to < words.length && !isContent(words[to]!) && words[to] !== ',') to++;
    while (to < words.length && isContent(words[to]!) && after.length < MAX_MEMBER_WORDS) after.push(stem(words[to++]!));
    if (!after.length) continue;
    spans.push({ from, to, members: [...before, after] });
  }
  let i = 0;
  for (const span of spans) {
    for (const w of content(i, span.from)) add([[w]], negated);
    const { members } = span;
    const last = members[members.length - 1]!;
    if (members.slice(0, -1).every((m) => m.length === 1) && last.length === 2) {
      // "legal, privacy or policy pages": the members share the last word.
      add([...members.slice(0, -1), [last[0]!]], negated);
      add([[last[1]!]], negated);
    } else add(members, negated);
    i = span.to;
  }
  for (const w of content(i, words.length)) add([[w]], negated);
}

/**
 * The situation an SOP item describes. A refusal rule says what never to do ("Never approve a plan
 * without reading its diff preview"): the situation is doing it, so the prohibition is dropped. Text
 * after a colon tells the operator what to do instead ("...: ask the requester"), not when.
 */
function itemSituation(kind: ListKind, text: string): string {
  const colon = text.indexOf(':');
  let t = colon > 0 && contentWords(text.slice(0, colon)).size >= 2 ? text.slice(0, colon) : text;
  if (kind === 'refusal_rule') t = t.replace(/^\s*(never|do\s+not|don[’']t)\s+/i, '');
  return t;
}

/**
 * Share of an SOP item's slots a situation must meet to count as that item. Low enough to catch an
 * item reworded around its key words, high enough that no shipped situation is taken for an item it
 * does not describe (checked by the unit tests).
 */
export const TEXT_MATCH_THRESHOLD = 0.6;
/** Fewer met slots than this never match (unless the item has fewer), so a two-word overlap is not enough. */
const MIN_SHARED_SLOTS = 3;

/** Which answers win when a situation fits several SOP items: pausing first, approving last. */
const ANSWER_PRIORITY: readonly ScenarioAnswer[] = ['stop', 'escalate', 'reject', 'ask', 'approve'];
const MATCH_ORDER: readonly ListKind[] = ['when_to_stop', 'escalation_trigger', 'refusal_rule', 'when_to_ask'];

export interface SopItemMatch {
  kind: ListKind;
  index: number;
  text: string;
  answer: Exclude<ScenarioAnswer, 'approve'>;
  /** Share of the item's slots the situation meets. */
  overlap: number;
}

export interface MatchOptions {
  /**
   * The situation is read as the operator approving the plan (an `approve` key says so), so a rule
   * such as "Never approve a plan without reading its diff preview" needs no "approve" in the text.
   */
  approving?: boolean;
}

/**
 * How much of an SOP item a situation says, from 0 to 1; 0 when it does not count as that item at all.
 * Polarity matters: a slot the item denies ("did not list", "without reading the diff") is met only
 * where the situation denies it too, an item that denies something matches only a situation that
 * denies part of it, and an item that denies nothing needs one of its own words said, not denied.
 */
function itemOverlap(slots: readonly Slot[], said: readonly Occurrence[]): number {
  if (!slots.length) return 0;
  const has = (stem: string, negated: boolean | undefined) => said.some((o) => o.stem === stem && (negated === undefined || o.negated === negated));
  const meets = (slot: Slot, negated: boolean | undefined) =>
    slot.options.some((opt) => opt.filter((w) => has(w, negated)).length >= (slot.partial ? Math.min(2, opt.length) : opt.length));
  const distinctive = (slot: Slot) => slot.options.some((opt) => opt.some((w) => !GENERIC_WORDS.has(w)));
  let met = 0;
  let metDenied = false;
  let metDistinctive = false;
  let saidDistinctive = false;
  for (const slot of slots) {
    if (!meets(slot, slot.negated ? true : undefined)) continue;
    met++;
    if (slot.negated) metDenied = true;
    if (distinctive(slot)) {
      metDistinctive = true;
      if (!slot.negated && meets(slot, false)) saidDistinctive = true;
    }
  }
  const denies = slots.some((s) => s.negated);
  if (met < Math.min(MIN_SHARED_SLOTS, slots.length) || !metDistinctive) return 0;
  // A list names the cases an item is about ("legal, privacy or policy pages"): one of them must be said.
  if (slots.some((s) => s.options.length > 1 && !meets(s, s.negated ? true : undefined))) return 0;
  // A rule about high-risk plans is not about a medium-risk one.
  const itemRisks = RISK_WORDS.filter((r) => slots.some((s) => s.options.some((o) => o.includes(r))));
  const saidRisks = RISK_WORDS.filter((r) => has(r, undefined));
  if (itemRisks.length && saidRisks.length && !itemRisks.some((r) => saidRisks.includes(r))) return 0;
  if (denies ? !metDenied : !saidDistinctive) return 0;
  return met / slots.length;
}

/**
 * The SOP item that `situation` describes, if any: a stop condition first, then an escalation
 * trigger, a refusal rule and a when-to-ask situation, because when several fit, pausing comes
 * first and asking last. Within a list the closest item wins.
 */
export function matchSituation(sop: Sop, situation: string, options: MatchOptions = {}): SopItemMatch | undefined {
  const said = occurrences(situation);
  if (options.approving) said.push({ stem: 'approv', negated: false });
  for (const kind of MATCH_ORDER) {
    let found: SopItemMatch | undefined;
    itemsOf(sop, kind).forEach((text, index) => {
      const overlap = itemOverlap(slotsOf(itemSituation(kind, text)), said);
      if (overlap >= TEXT_MATCH_THRESHOLD && (!found || overlap > found.overlap)) found = { kind, index, text, answer: ANSWER_FOR_BASIS[kind] as SopItemMatch['answer'], overlap };
    });
    if (found) return found;
  }
  return undefined;
}

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

    const byText = matchSituation(sop, sc.situation, { approving: sc.answer === 'approve' });
    if (byText) {
      const label = ITEM_LABEL[byText.kind];
      const item = `the ${label.one} ${quote(byText.text)} (${label.field}[${byText.index}]) of the ${sopName(sop)}`;
      if (byText.answer !== sc.answer) {
        // The situation may also fit a lesser item ("ask") than the one its basis names ("reject"):
        // the basis decides when it agrees with the key and outranks what the text found.
        if ('expected' in basis && basis.expected === sc.answer && outranks(sc.answer, byText.answer)) return;
        problems.push({ path: ['scenarios', i, 'answer'], message: `${name} answers ${sc.answer}, but its situation matches ${item}, which calls for ${byText.answer}.` });
      } else if ('expected' in basis && basis.expected !== sc.answer && outranks(basis.expected, sc.answer)) {
        // The basis names an item that comes first ("reject" before "ask"): the key is what is wrong.
        problems.push({ path: ['scenarios', i, 'answer'], message: `${name} answers ${sc.answer}, but its basis, ${basis.describe}, calls for ${basis.expected}.` });
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
