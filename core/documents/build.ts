/**
 * Builds a document: redacts anything that looks like a secret from the site snapshot, then asks the
 * kind's section builder (sections/) for the body, puts the agency's introduction first and collects
 * what is still missing for a final export. Pure: the same snapshot always gives the same model.
 */
import { looksSecret } from '../domain/secret-verdicts';
import { DOCUMENT_LABEL, type DocSection, type DocumentKind, type DocumentModel, type MissingPart, type SiteSnapshot } from './model';
import { fillPlaceholders } from './placeholders';
import { firstWeekSections } from './sections/first-week-review';
import { handoverSections } from './sections/handover-runbook';
import { rollbackSections } from './sections/rollback-plan';
import { sopSections } from './sections/sop-pack';
import { supportSections } from './sections/support-path';

function intro(kind: DocumentKind, s: SiteSnapshot): DocSection[] {
  const text = s.branding.texts[kind];
  if (!text?.trim()) return [];
  return [
    {
      id: 'introduction',
      title: 'Introduction',
      blocks: text.split(/\n{2,}/).map((p) => ({ type: 'paragraph' as const, text: fillPlaceholders(p, s, `The ${DOCUMENT_LABEL[kind]} text`) })),
    },
  ];
}

const REDACTED = '[removed: this text looked like a secret]';

/** Any string that looks like a credential is replaced, whatever path it took into the snapshot. */
function redact<T>(value: T): T {
  if (typeof value === 'string') return (looksSecret(value) ? REDACTED : value) as T;
  if (Array.isArray(value)) return value.map(redact) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'logo' ? v : redact(v)])) as T;
  return value;
}

export function buildDocument(kind: DocumentKind, snapshot: SiteSnapshot, opts: { draft: boolean }): DocumentModel {
  const s = redact(snapshot);
  const missing: MissingPart[] = [];
  const sections: Record<DocumentKind, (s: SiteSnapshot, missing: MissingPart[]) => DocSection[]> = {
    rollback_plan: rollbackSections,
    support_path: supportSections,
    sop_pack: sopSections,
    handover_runbook: handoverSections,
    first_week_review: firstWeekSections,
  };
  const body = sections[kind](s, missing);
  if (!s.branding.agencyName) missing.push({ part: 'Agency name', fix: 'Settings → Documents: agency name.' });
  return {
    kind,
    title: `${DOCUMENT_LABEL[kind]}: ${s.site.name}`,
    siteName: s.site.name,
    clientName: s.site.clientName,
    agencyName: s.branding.agencyName || 'Agency name not set',
    footer: s.branding.footer,
    logo: s.branding.logo,
    generatedAt: s.generatedAt,
    draft: opts.draft,
    missing,
    sections: [...intro(kind, s), ...body],
  };
}
