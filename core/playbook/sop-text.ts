/**
 * How the scenario check reads an English sentence of an SOP or a scenario: stop words, stems
 * ("changes", "changed" and "change" compare equal), clauses and what a negation denies in them
 * ("did not load", "without reading the diff"), and the lists an SOP item names ("legal, privacy or
 * policy pages"). A situation becomes words with their polarity (`occurrences`); an SOP item becomes
 * slots a situation must meet (`slotsOf`). The matching itself is in sop-match.ts.
 */
import { RISK_LEVELS, SCENARIO_ANSWERS } from './vocabulary';

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
export const RISK_WORDS: readonly string[] = RISK_LEVELS;
export const GENERIC_WORDS = new Set(['plan', 'risk', ...RISK_WORDS, ...SCENARIO_ANSWERS.map(stem)]);

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
export interface Occurrence {
  stem: string;
  negated: boolean;
}

/**
 * One thing an SOP item says: met when the situation says any one of its options (every word of it,
 * or for a `partial` slot at least two words of it, or its one word).
 */
export interface Slot {
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
export function occurrences(text: string): Occurrence[] {
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
export function slotsOf(text: string): Slot[] {
  const slots: Slot[] = [];
  const add = (options: string[][], negated: boolean, partial = false) => {
    const opts = options.filter((o) => o.length > 0);
    if (!opts.length) return;
    const key = JSON.stringify([opts, negated, partial]);
    if (!slots.some((s) => JSON.stringify([s.options, s.negated, s.partial ?? false]) === key))
      slots.push({ options: opts, negated, ...(partial ? { partial } : {}) });
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
