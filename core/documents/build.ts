/**
 * Builds a document: redacts anything that looks like a secret from the site snapshot, then asks the
 * kind's section builder (sections/) for the body, puts the agency's introduction first, fills the
 * placeholders of the agency's texts and footer, adds document control, the cover and the client's
 * sign-off, and collects what is still missing for a final export. Pure: the same snapshot always
 * gives the same model.
 */
import { looksSecret } from '../domain/secret-verdicts';
import {
  DOCUMENT_LABEL,
  type DocSection,
  type DocumentControl,
  type DocumentKind,
  type DocumentModel,
  type MissingPart,
  type SignOff,
  type SiteSnapshot,
} from './model';
import { lowerFirst, placeholderFiller } from './placeholders';
import { owner, pushMissing } from './sections/common';
import { firstWeekSections } from './sections/first-week-review';
import { handoverSections } from './sections/handover-runbook';
import { rollbackSections } from './sections/rollback-plan';
import { sopSections } from './sections/sop-pack';
import { supportSections } from './sections/support-path';

/** The documents handed to the client: long enough for a cover and a contents page, and signed on receipt. */
export const HANDED_OVER: readonly DocumentKind[] = ['rollback_plan', 'support_path', 'handover_runbook', 'sop_pack'];

function intro(text: string | undefined, fill: (t: string) => string): DocSection[] {
  if (!text?.trim()) return [];
  return [{ id: 'introduction', title: 'Introduction', blocks: text.split(/\n{2,}/).map((p) => ({ type: 'paragraph' as const, text: fill(p) })) }];
}

const REDACTED = '[removed: this text looked like a secret]';

/** Any string that looks like a credential is replaced, whatever path it took into the snapshot. */
function redact<T>(value: T): T {
  if (typeof value === 'string') return (looksSecret(value) ? REDACTED : value) as T;
  if (Array.isArray(value)) return value.map(redact) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'logo' ? v : redact(v)])) as T;
  return value;
}

/** Owner, version, last and next review: what tells a reader whether the copy in their hand is the current one. */
export function documentControl(kind: DocumentKind, s: SiteSnapshot, draft: boolean): DocumentControl {
  const next = (s.documentVersions?.[kind]?.finals ?? 0) + 1;
  const done = s.reviews.lastDone.map((r) => r.doneAt.slice(0, 10)).sort();
  const open = s.reviews.open.map((r) => r.dueOn.slice(0, 10)).sort();
  return {
    owner: owner(s, 'primary')?.name ?? '—',
    version: draft ? null : next,
    versionLabel: draft ? `Draft of version ${next}` : `Version ${next}`,
    lastReviewed: done.at(-1) ?? null,
    nextReview: open[0] ?? null,
  };
}

const RECEIPT: Partial<Record<DocumentKind, string>> = {
  rollback_plan: 'can decide on a rollback and carry it out with the people and access it names',
  support_path: 'can classify a problem, reach the right contact and escalate in time',
  handover_runbook: 'can repeat the setup, reach diagnostics and support, pause high-risk activity and start a rollback',
  sop_pack: 'has read the procedures for their roles and can follow them',
};

export function signOff(kind: DocumentKind, s: SiteSnapshot): SignOff | null {
  const can = RECEIPT[kind];
  if (!can || !HANDED_OVER.includes(kind)) return null;
  const agency = s.branding.agencyName || 'the agency';
  return {
    statement: `${s.site.clientName} has received this ${lowerFirst(DOCUMENT_LABEL[kind])} for ${s.site.name}, and confirms that its team ${can}, without help from ${agency}.`,
    parties: [
      { role: `For ${s.site.clientName}`, name: null },
      { role: `For ${agency}`, name: owner(s, 'primary')?.name ?? null },
    ],
  };
}

export function buildDocument(kind: DocumentKind, snapshot: SiteSnapshot, opts: { draft: boolean }): DocumentModel {
  const s = redact(snapshot);
  const missing: MissingPart[] = [];
  const fill = placeholderFiller(s, (g) => pushMissing(missing, g));
  const sections: Record<DocumentKind, (s: SiteSnapshot, missing: MissingPart[]) => DocSection[]> = {
    rollback_plan: rollbackSections,
    support_path: supportSections,
    sop_pack: sopSections,
    handover_runbook: handoverSections,
    first_week_review: firstWeekSections,
  };
  const body = sections[kind](s, missing);
  if (!s.branding.agencyName) pushMissing(missing, { part: 'Agency name', fix: 'Settings → Documents: agency name.' });
  const model: DocumentModel = {
    kind,
    title: `${DOCUMENT_LABEL[kind]}: ${s.site.name}`,
    siteName: s.site.name,
    clientName: s.site.clientName,
    agencyName: s.branding.agencyName || 'Agency name not set',
    footer: fill(s.branding.footer),
    logo: s.branding.logo,
    generatedAt: s.generatedAt,
    draft: opts.draft,
    missing,
    cover: HANDED_OVER.includes(kind),
    control: documentControl(kind, s, opts.draft),
    signOff: signOff(kind, s),
    sections: [...intro(s.branding.texts[kind], fill), ...body],
  };
  unexplainedGaps(model, missing);
  return model;
}

const GAP_RE = /\[([^[\]]+): not recorded\]/g;

/** Every string of a model, however deep: what a renderer may print. */
export function modelStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) modelStrings(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'logo' && k !== 'missing') modelStrings(v, out);
  return out;
}

/**
 * A final document never prints a gap: any gap the sections printed without listing what to record
 * (a fact printed by a new section or step) is listed here, so the final export is refused anyway.
 */
function unexplainedGaps(model: DocumentModel, missing: MissingPart[]) {
  for (const text of modelStrings(model))
    for (const m of text.matchAll(GAP_RE)) {
      const what = m[1]!.toLowerCase();
      if (missing.some((x) => x.part.toLowerCase().startsWith(what) || x.part.toLowerCase().includes(`: ${what}`))) continue;
      pushMissing(missing, {
        part: `${what[0]!.toUpperCase()}${m[1]!.slice(1)} (the document shows it as not recorded)`,
        fix: 'Record it for this site, then build the document again.',
      });
    }
}
