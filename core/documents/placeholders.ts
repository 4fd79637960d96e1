/**
 * Placeholders in the texts a document prints ("{{site}}", "{{restore_owner}}"): the names a text may
 * use, the check that refuses a typo with a message listing the valid ones, and the filling of a text
 * from a site snapshot when a document is built: the agency's texts and footer, and the runbook's
 * facts, steps and message templates.
 */
import { responsibilityOwner } from '../domain/responsibility-owner';
import type { Responsibility } from '../domain/responsibilities';
import { STAGE_LABEL } from '../domain/stages';
import { WORKFLOW_LABEL, WRITE_CAPABLE_WORKFLOWS } from '../playbook/vocabulary';
import { humanMinutes, storedNumber } from '../runbook/durations';
import { RUNBOOK_FIELDS, type RunbookFieldKey } from '../runbook/registry';
import { WHERE_KNOWN_GOOD, whereField } from '../runbook/where';
import type { OwnerFact, SiteSnapshot } from './model';

/**
 * Every placeholder any text may use: the agency's text blocks and footer, and the runbook's facts,
 * steps and message templates (core/runbook/). An owner placeholder reads "Name (phone)".
 */
export const PLACEHOLDERS = [
  'site',
  'client',
  'agency',
  'stage',
  'production_url',
  'staging_url',
  'date',
  'primary_owner',
  'incident_owner',
  'restore_owner',
  'backups_owner',
  'hosting_owner',
  'provider_owner',
  'support_owner',
  'write_workflows',
  'known_good_sophmate',
  'plugin_package',
  'backup_location',
  'pause_instructions',
  'incident_location',
  'restore_time',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
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

const OWNER_PLACEHOLDERS: Partial<Record<Placeholder, Responsibility>> = {
  primary_owner: 'primary',
  incident_owner: 'incident_escalation',
  restore_owner: 'rollback_restore',
  backups_owner: 'backups',
  hosting_owner: 'hosting',
  provider_owner: 'provider_key_billing',
  support_owner: 'support_routing',
};

/** The placeholders that print a runbook fact's value. */
export const FACT_PLACEHOLDERS = {
  plugin_package: 'pluginPackageLocation',
  backup_location: 'backupLocation',
  pause_instructions: 'pauseInstructions',
  incident_location: 'incidentLocation',
} as const satisfies Partial<Record<Placeholder, RunbookFieldKey>>;
export type FactPlaceholder = keyof typeof FACT_PLACEHOLDERS;

/** "Where the backups are" → "where the backups are"; "SophMate licence" and "WooCommerce" keep their capitals. */
export function lowerFirst(label: string): string {
  return /^[A-Z][a-z]*(?![A-Za-z])/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

/** A fact put inside a sentence: trimmed, without the full stop that would end the sentence early. */
export function inSentence(v: string | null | undefined): string {
  return (v ?? '').trim().replace(/(?<!\.)\.$/, '');
}

/** A fact a document needs but nobody recorded prints as a visible gap, never as an empty space. */
export function gap(what: string): string {
  return `[${lowerFirst(what)}: not recorded]`;
}

/** "Name (phone or e-mail)", or "the Hosting owner (not assigned)". */
export function ownerPhrase(s: SiteSnapshot, r: Responsibility): string {
  const o: OwnerFact | undefined = s.owners.find((x) => x.responsibility === r && x.name);
  if (!o?.name) return `the ${responsibilityOwner(r)} (not assigned)`;
  const reach = o.phone || o.email;
  return `${o.name}${reach ? ` (${reach})` : ''}`;
}

/** The write-capable workflows enabled at the site, or all of them while the access model is not recorded. */
export function writeWorkflowLabels(s: SiteSnapshot): string[] {
  const enabled = s.accessModel?.recorded ? WRITE_CAPABLE_WORKFLOWS.filter((w) => s.accessModel.enabledWorkflows.includes(w)) : [];
  return (enabled.length ? enabled : WRITE_CAPABLE_WORKFLOWS).map((w) => WORKFLOW_LABEL[w]);
}

/** A gap a filled text printed, with what must be recorded so that it no longer does. */
export interface PrintedGap {
  part: string;
  fix: string;
}

/** A filled value, and the missing part it stands for when it prints as a gap. */
interface Filled {
  text: string;
  gap?: PrintedGap;
}

const AGENCY_NAME_FIX = 'Settings → Documents: agency name.';

function baseValues(s: SiteSnapshot): Record<Exclude<Placeholder, FactPlaceholder>, Filled> {
  const minutes = storedNumber(s.runbook?.values?.restoreTimeTargetMinutes);
  const kg = s.runbook?.knownGood;
  const restoreLabel = RUNBOOK_FIELDS.restoreTimeTargetMinutes.label;
  const out = {
    site: { text: s.site.name },
    client: { text: s.site.clientName },
    agency: s.branding.agencyName ? { text: s.branding.agencyName } : { text: gap('Agency name'), gap: { part: 'Agency name', fix: AGENCY_NAME_FIX } },
    stage: { text: STAGE_LABEL[s.site.stage] },
    production_url: { text: s.site.productionUrl },
    staging_url: s.site.stagingUrl
      ? { text: s.site.stagingUrl }
      : { text: gap('Staging URL'), gap: { part: 'Setup record: Staging URL', fix: 'Setup record tab: Staging URL.' } },
    date: { text: s.generatedAt.slice(0, 10) },
    write_workflows: { text: writeWorkflowLabels(s).join(', ') },
    known_good_sophmate: kg?.sophmateVersion
      ? { text: kg.sophmateVersion }
      : kg
        ? { text: gap('Known-good SophMate version'), gap: { part: 'Known-good SophMate version', fix: WHERE_KNOWN_GOOD } }
        : // No known-good state at all: the one missing part "Known-good versions" (rollback-plan.ts).
          { text: gap('Known-good versions'), gap: { part: 'Known-good versions', fix: WHERE_KNOWN_GOOD } },
    restore_time:
      minutes === null
        ? { text: gap(restoreLabel.replace(/ \(minutes\)$/, '')), gap: { part: restoreLabel, fix: whereField('restoreTimeTargetMinutes') } }
        : { text: humanMinutes(minutes) },
  } as Record<Exclude<Placeholder, FactPlaceholder>, Filled>;
  for (const [p, r] of Object.entries(OWNER_PLACEHOLDERS)) out[p as Exclude<Placeholder, FactPlaceholder>] = { text: ownerPhrase(s, r) };
  return out;
}

const isFactPlaceholder = (name: string): name is FactPlaceholder => name in FACT_PLACEHOLDERS;
const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

/** How a snapshot's texts are filled: `fill` for any text, `fact` for one runbook fact read as a text. */
export interface Filler {
  (text: string): string;
  /** A runbook fact's value filled as a text, or null when nobody recorded it. */
  fact: (key: RunbookFieldKey) => string | null;
}

/**
 * The filler of one snapshot, in ONE pass: a placeholder in a text is replaced by its value; a fact
 * placeholder ({{backup_location}}) by the fact's value with only its other placeholders (site,
 * client, owners, dates…) filled. A fact placeholder inside a fact's value is never expanded again:
 * it prints as a visible gap, so no fact can grow by naming itself or another fact. Every gap printed
 * is reported once to `onGap` with what to record, so a document that prints one is refused as final.
 * An unknown placeholder is refused when a text is saved; one in older stored text prints as written.
 */
export function placeholderFiller(s: SiteSnapshot, onGap: (g: PrintedGap) => void = () => {}): Filler {
  const base = baseValues(s);
  const facts = s.runbook?.values;
  const use = (v: Filled): string => {
    if (v.gap) onGap(v.gap);
    return v.text;
  };
  /** A fact's value with its non-fact placeholders filled; a fact placeholder in it prints as a gap. */
  const inner = (key: RunbookFieldKey, raw: string): string =>
    raw.replace(PLACEHOLDER_RE, (m, name: string) => {
      if (!isPlaceholder(name)) return m;
      if (!isFactPlaceholder(name)) return use(base[name]);
      const other = FACT_PLACEHOLDERS[name];
      return use({
        text: gap(RUNBOOK_FIELDS[other].label),
        gap: {
          part: `${RUNBOOK_FIELDS[key].label} (it uses {{${name}}}, which this fact cannot hold)`,
          fix: `${whereField(key)}: write the text itself instead of {{${name}}}.`,
        },
      });
    });
  const factPlaceholder = (name: FactPlaceholder): string => {
    const key = FACT_PLACEHOLDERS[name];
    const raw = inSentence(facts?.[key]);
    if (!raw) return use({ text: gap(RUNBOOK_FIELDS[key].label), gap: { part: RUNBOOK_FIELDS[key].label, fix: whereField(key) } });
    return inner(key, raw);
  };
  const fill = ((text: string) =>
    text.replace(PLACEHOLDER_RE, (m, name: string) => {
      if (!isPlaceholder(name)) return m;
      return isFactPlaceholder(name) ? factPlaceholder(name) : use(base[name]);
    })) as Filler;
  fill.fact = (key) => {
    const v = facts?.[key];
    if (v === null || v === undefined || v.trim() === '') return null;
    // A fact named by a placeholder ({{pause_instructions}}) never expands fact placeholders of its own.
    return (Object.values(FACT_PLACEHOLDERS) as RunbookFieldKey[]).includes(key) ? inner(key, v) : fill(v);
  };
  return fill;
}

/** Fills a text, refusing one with an unknown placeholder (the text's label names it). */
export function fillPlaceholders(text: string, s: SiteSnapshot, label: string): string {
  const unknown = unknownPlaceholders(text);
  if (unknown.length) throw new Error(placeholderError(label, unknown));
  return placeholderFiller(s)(text);
}
