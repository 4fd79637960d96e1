/**
 * Small helpers every document section uses: how an empty value and a day print, the owner of a
 * responsibility at the site and how to reach them, `needOwner`, which lists a missing or inactive
 * owner once however many sections need it, and the runbook's facts and steps as a site reads them
 * (filled, filtered for WooCommerce) with their missing parts.
 */
import type { Responsibility } from '../../domain/responsibilities';
import { responsibilityOwner } from '../../domain/responsibility-owner';
import { RUNBOOK_FIELDS, RUNBOOK_LIST_LABEL, type RunbookFieldKey, type Step, type StepList } from '../../runbook/registry';
import { whereField, whereList } from '../../runbook/where';
import type { DocumentKind, MissingPart, OwnerFact, SiteSnapshot } from '../model';
import { gap, placeholderFiller } from '../placeholders';

export const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);
export const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

export function owner(s: SiteSnapshot, r: Responsibility): OwnerFact | undefined {
  return s.owners.find((o) => o.responsibility === r && o.name);
}

/** "Ann Lee, ann@agency.test, +44 20 … (stand-in: Bo Chen, bo@agency.test)". */
export function contact(o: OwnerFact | undefined): string {
  if (!o?.name) return 'No owner assigned';
  const parts = [o.name, o.email, o.phone].filter(Boolean).join(', ');
  const standIn = o.backupName ? [o.backupName, o.backupEmail, o.backupPhone].filter(Boolean).join(', ') : null;
  return `${parts}${standIn ? ` (stand-in: ${standIn})` : ''}${o.active ? '' : ' — INACTIVE'}`;
}

export function needOwner(s: SiteSnapshot, missing: MissingPart[], r: Responsibility, why: string) {
  // One line per responsibility, however many sections need it.
  const who = responsibilityOwner(r);
  if (missing.some((m) => m.part.startsWith(`${who} (`) || m.part.startsWith(`An active ${who} (`))) return;
  const o = owner(s, r);
  if (!o) missing.push({ part: `${who} (${why})`, fix: 'Owners tab: assign an owner.' });
  else if (!o.active) missing.push({ part: `An active ${who} (${o.name} is inactive)`, fix: 'Owners tab: assign an active person.' });
}

/** Adds a missing part once, however many sections need it. */
export function pushMissing(missing: MissingPart[], part: MissingPart) {
  if (!missing.some((m) => m.part === part.part)) missing.push(part);
}

/** The site's runbook as a section reads it: facts filled, steps filtered for WooCommerce and filled. */
export interface RunbookReader {
  fill: (text: string) => string;
  /** A fact filled, or null when nobody recorded it. */
  value: (key: RunbookFieldKey) => string | null;
  /** A fact filled, or a visible gap ("[where the backups are: not recorded]"). */
  shown: (key: RunbookFieldKey) => string;
  /** The visible gap of a fact printed in other words ("[restore time target: not recorded]"), listed as missing. */
  gapOf: (key: RunbookFieldKey, what: string) => string;
  /** The steps of a list that apply to this site, filled. */
  steps: (list: StepList) => string[];
  woocommerce: boolean;
}

/**
 * The reader of one document: whatever it prints as a gap (a fact through `shown`, a placeholder in a
 * step or message through `fill`) adds that fact to the document's missing parts, once, with where to
 * record it: a step or message that uses a fact makes the fact required for the document printing it.
 */
export function runbookReader(s: SiteSnapshot, missing: MissingPart[]): RunbookReader {
  const fill = placeholderFiller(s, (g) => pushMissing(missing, g));
  const woocommerce = Boolean(s.site.woocommerceVersion);
  const value = (key: RunbookFieldKey) => fill.fact(key);
  const gapOf = (key: RunbookFieldKey, what: string) => {
    pushMissing(missing, { part: RUNBOOK_FIELDS[key].label, fix: whereField(key) });
    return gap(what);
  };
  const applies = (step: Step) => step.applies === 'always' || (step.applies === 'woocommerce') === woocommerce;
  return {
    fill,
    value,
    shown: (key) => value(key) ?? gapOf(key, RUNBOOK_FIELDS[key].label),
    gapOf,
    steps: (list) => (s.runbook.lists[list] ?? []).filter(applies).map((x) => fill(x.text)),
    woocommerce,
  };
}

/** Every runbook fact the document kind needs that the site reads as empty, with where to record it. */
export function needFacts(s: SiteSnapshot, missing: MissingPart[], kind: DocumentKind, keys: readonly RunbookFieldKey[]) {
  for (const key of keys) {
    const f = RUNBOOK_FIELDS[key];
    if (!(f.requiredBy as readonly DocumentKind[]).includes(kind)) continue;
    const v = s.runbook.values[key];
    if (v === null || v === undefined || v.trim() === '') pushMissing(missing, { part: f.label, fix: whereField(key) });
  }
}

/** A step list with no step that applies to this site. */
export function needSteps(r: RunbookReader, missing: MissingPart[], list: StepList) {
  if (r.steps(list).length === 0)
    pushMissing(missing, {
      part: `${RUNBOOK_LIST_LABEL[list]} (no step that applies to this site)`,
      fix: whereList(list),
    });
}
