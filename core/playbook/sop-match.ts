/**
 * Which SOP item a scenario's situation describes. The four lists of an SOP (when to ask, refusal
 * rules, escalation triggers, stop conditions) each call for one answer; `matchSituation` finds the
 * item a situation reads like, trying stop conditions first and when-to-ask situations last, and
 * `answerForRisk` decides the approval boundary. Sentences are read by sop-text.ts.
 */
import type { Sop } from './schema';
import { contentWords, GENERIC_WORDS, occurrences, RISK_WORDS, slotsOf, type Occurrence, type Slot } from './sop-text';
import type { RiskLevel, ScenarioAnswer, ScenarioBasisKind } from './vocabulary';

export type ListKind = Exclude<ScenarioBasisKind, 'approval_boundary'>;

/** The answer an SOP item calls for; the approval boundary is decided by {@link answerForRisk}. */
export const ANSWER_FOR_BASIS: Record<ListKind, ScenarioAnswer> = {
  when_to_ask: 'ask',
  refusal_rule: 'reject',
  escalation_trigger: 'escalate',
  when_to_stop: 'stop',
};

export const ITEM_LABEL: Record<ListKind, { one: string; many: string; field: string }> = {
  when_to_ask: { one: 'when-to-ask situation', many: 'when-to-ask situations', field: 'whenToAsk' },
  refusal_rule: { one: 'refusal rule', many: 'refusal rules', field: 'refusalRules' },
  escalation_trigger: { one: 'escalation trigger', many: 'escalation triggers', field: 'escalation.triggers' },
  when_to_stop: { one: 'stop condition', many: 'stop conditions', field: 'whenToStop' },
};

export function itemsOf(sop: Sop, kind: ListKind): readonly string[] {
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
export const ANSWER_PRIORITY: readonly ScenarioAnswer[] = ['stop', 'escalate', 'reject', 'ask', 'approve'];
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
      if (overlap >= TEXT_MATCH_THRESHOLD && (!found || overlap > found.overlap))
        found = { kind, index, text, answer: ANSWER_FOR_BASIS[kind] as SopItemMatch['answer'], overlap };
    });
    if (found) return found;
  }
  return undefined;
}
