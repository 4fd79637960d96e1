/**
 * Placeholders in the agency's text blocks ("{{site}}", "{{date}}"): the names a text may use, the
 * check that refuses a typo with a message listing the valid ones, and the filling of a text from a
 * site snapshot when a document is built.
 */
import { STAGE_LABEL } from '../domain/stages';
import type { SiteSnapshot } from './model';

export const PLACEHOLDERS = ['site', 'client', 'agency', 'stage', 'production_url', 'date'] as const;
const PLACEHOLDER_RE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Unknown placeholders in a text block, for validation ("{{sitename}}" is a typo, not empty). */
export function unknownPlaceholders(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER_RE)) if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) out.push(m[1]!);
  return [...new Set(out)];
}

export function placeholderError(label: string, unknown: string[]): string {
  return `${label} uses ${unknown.map((u) => `{{${u}}}`).join(', ')}, which ${unknown.length === 1 ? 'is not a placeholder' : 'are not placeholders'}: use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`;
}

export function fillPlaceholders(text: string, s: SiteSnapshot, label: string): string {
  const unknown = unknownPlaceholders(text);
  if (unknown.length) throw new Error(placeholderError(label, unknown));
  const values: Record<(typeof PLACEHOLDERS)[number], string> = {
    site: s.site.name,
    client: s.site.clientName,
    agency: s.branding.agencyName,
    stage: STAGE_LABEL[s.site.stage],
    production_url: s.site.productionUrl,
    date: s.generatedAt.slice(0, 10),
  };
  return text.replace(PLACEHOLDER_RE, (_m, name: keyof typeof values) => values[name]);
}
