/**
 * What a request must include in each workflow, for the skipped-context rule, the SOP proposal and the
 * report. A request (a prompt, a draft or a proposed plan) in one of these workflows that shows none
 * of the cues of a need is missing that need. Read-only Copilot questions and escalations need nothing.
 *
 * Cues are read in the request's text and in its affected records ("Order #1042" there is a reference).
 */
import type { Workflow } from '../playbook/vocabulary';
import { MASK_TOKENS } from './vocabulary';

/** A pattern, or a test written out where a pattern would not say it plainly. */
export interface Cue {
  test(text: string): boolean;
}

export interface ContextNeed {
  /** What the request must include, as the SOP says it: "the customer or the order or ticket reference". */
  label: string;
  /** Any one of these in the text or the affected records shows it. */
  cues: readonly Cue[];
  /** Only the affected records count (a proposed plan must list what it changes). */
  recordsOnly?: boolean;
}

/** "#1042", "No. 1042", "Nr 1042": a number marked as a reference ("no 12" in a sentence is not one). */
const REFERENCE = /#\s?[A-Z]{0,4}-?\d{2,}\b|\b(?:No\.|Nr\.?|Nº)\s?[A-Z]{0,4}-?\d{2,}\b/i;
/** Standards and protocols written like a ticket key ("HTTP-404", "ISO-9001") are not references. */
const NOT_A_TICKET_KEY = new Set([
  'HTTP',
  'HTTPS',
  'ISO',
  'UTF',
  'RFC',
  'SHA',
  'MD',
  'EN',
  'DIN',
  'IEC',
  'IEEE',
  'TLS',
  'SSL',
  'IPV',
  'COVID',
  'WCAG',
  'PCI',
  'GDPR',
]);
/** A ticket key as help desks write it, upper case: "SUP-123", "ZD-4411". */
const TICKET_KEY: Cue = {
  test(s: string): boolean {
    for (const m of s.matchAll(/\b([A-Z]{2,5})-\d{2,}\b/g)) if (!NOT_A_TICKET_KEY.has(m[1]!)) return true;
    return false;
  },
};

/**
 * A value that says "nothing" rather than naming something: empty, "none", "n/a", "-", "[]", "0"...
 * (an export's placeholder for an empty plan id, record list or escalation target).
 */
export function isPlaceholder(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  const t = value.trim();
  if (t.length > 24) return false;
  const v = t
    .toLowerCase()
    .replace(/^["'[({]+|["'\])}]+$/g, '')
    .trim();
  return /^(?:|-+|—|–|\?|0|none|null|nil|n\/?a|na|tbd|tba|unknown|nobody|no one|nothing|empty|not set|not applicable|undefined)$/.test(v);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const CONTEXT_NEEDS: Partial<Record<Workflow, ContextNeed>> = {
  support_drafts: {
    label: 'the customer or the order or ticket reference',
    cues: [
      /\b(?:order|ticket|case|invoice|booking|parcel|tracking|return|rma)\s{0,3}(?:#|no\.?|number|id|ref)?\s{0,3}:?\s{0,3}[A-Z]{0,4}-?\d{2,}\b/i,
      REFERENCE,
      TICKET_KEY,
      new RegExp(`${escapeRe(MASK_TOKENS.email)}|${escapeRe(MASK_TOKENS.phone)}`),
      /(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/,
      /\b(?:customer|client|buyer|shopper)\s{1,3}(?:named\s{1,3})?(?:[A-Z][a-z]+|"[^"\n]{1,80}")/,
      /\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+/,
    ],
  },
  product_copy: {
    label: 'the product, category or SKU',
    cues: [
      /\b(?:product|item|sku|variant)\s{0,3}(?:#|no\.?|id|number)?\s{0,3}:?\s{0,3}[A-Z]{0,4}-?\d{2,}\b/i,
      /\bsku\b/i,
      /\b(?:category|categories|collection|range|line)\b/i,
      // A quoted name; a single quote must stand apart from letters, so the apostrophes of "don't ... it's" quote nothing.
      /"[^"\n]{2,200}"|“[^“”\n]{2,200}”|‘[^‘’\n]{2,200}’|(?<![\p{L}\p{N}])'[^'\n]{2,200}'(?![\p{L}\p{N}])/u,
      REFERENCE,
      TICKET_KEY,
    ],
  },
  theme_assistant_review: {
    label: 'the page, URL or template',
    cues: [
      /\b(?:page|pages|template|templates|homepage|home page|landing|checkout|cart|header|footer|menu|layout|section|url)\b/i,
      /https?:\/\/\S|\bwww\.\S|(?:^|\s)\/[\w-]/i,
    ],
  },
  workflow_approvals: {
    label: 'the records the plan changes',
    cues: [{ test: (s: string) => !isPlaceholder(s) }],
    recordsOnly: true,
  },
};

/** The need a request in `workflow` leaves out, or null when it shows it (or the workflow needs nothing). */
export function missingContext(workflow: Workflow | null, kind: string, text: string | null, affectedRecords: string | null): ContextNeed | null {
  if (!workflow) return null;
  const need = CONTEXT_NEEDS[workflow];
  if (!need) return null;
  if (need.recordsOnly) {
    if (kind !== 'plan_proposed') return null;
    return affectedRecords && need.cues.some((c) => c.test(affectedRecords)) ? null : need;
  }
  if (text === null || text.trim() === '') return null;
  const seen = [text, affectedRecords ?? ''];
  return need.cues.some((c) => seen.some((s) => c.test(s))) ? null : need;
}
