/**
 * What a request must include in each workflow, for the skipped-context rule, the SOP proposal and the
 * report. A request (a prompt, a draft or a proposed plan) in one of these workflows that shows none
 * of the cues of a need is missing that need. Read-only Copilot questions and escalations need nothing.
 *
 * Cues are read in the request's text and in its affected records ("Order #1042" there is a reference).
 */
import type { Workflow } from '../playbook/vocabulary';
import { MASK_TOKENS } from './vocabulary';

export interface ContextNeed {
  /** What the request must include, as the SOP says it: "the customer or the order or ticket reference". */
  label: string;
  /** Any one of these in the text or the affected records shows it. */
  cues: readonly RegExp[];
  /** Only the affected records count (a proposed plan must list what it changes). */
  recordsOnly?: boolean;
}

const REFERENCE = /(?:#|\bno\.?\s?|\bnumber\s)\s?[A-Z]{0,4}-?\d{2,}\b|\b[A-Z]{2,5}-\d{2,}\b/i;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const CONTEXT_NEEDS: Partial<Record<Workflow, ContextNeed>> = {
  support_drafts: {
    label: 'the customer or the order or ticket reference',
    cues: [
      /\b(?:order|ticket|case|invoice|booking|parcel|tracking|return|rma)\s*(?:#|no\.?|number|id|ref)?\s*:?\s*[A-Z]{0,4}-?\d{2,}\b/i,
      REFERENCE,
      new RegExp(`${escapeRe(MASK_TOKENS.email)}|${escapeRe(MASK_TOKENS.phone)}`),
      /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/,
      /\b(?:customer|client|buyer|shopper)\s+(?:named\s+)?(?:[A-Z][a-z]+|"[^"]+")/,
      /\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][a-z]+/,
    ],
  },
  product_copy: {
    label: 'the product, category or SKU',
    cues: [
      /\b(?:product|item|sku|variant)\s*(?:#|no\.?|id|number)?\s*:?\s*[A-Z]{0,4}-?\d{2,}\b/i,
      /\bsku\b/i,
      /\b(?:category|categories|collection|range|line)\b/i,
      /"[^"]{2,}"|“[^”]{2,}”|'[^']{3,}'/,
      REFERENCE,
    ],
  },
  theme_assistant_review: {
    label: 'the page, URL or template',
    cues: [
      /\b(?:page|pages|template|templates|homepage|home page|landing|checkout|cart|header|footer|menu|layout|section|url)\b/i,
      /https?:\/\/\S+|\bwww\.\S+|(?:^|\s)\/[\w-]+/i,
    ],
  },
  workflow_approvals: {
    label: 'the records the plan changes',
    cues: [/\S/],
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
