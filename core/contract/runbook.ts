/**
 * The runbook: the facts, lists, backups and rehearsals a rollback plan and a support path print
 * (core/runbook/registry.ts), set on the agency template, a client or a site.
 */
import { z } from 'zod';
import { FACT_PLACEHOLDERS, placeholderError, unknownPlaceholders } from '../documents/placeholders';
import { RESPONSIBILITIES } from '../domain/responsibilities';
import {
  REHEARSAL_OUTCOMES,
  RUNBOOK_FIELD_KEYS,
  RUNBOOK_FIELD_MAX,
  RUNBOOK_FIELDS,
  RUNBOOK_LIST_LABEL,
  RUNBOOK_LIST_MAX,
  RUNBOOK_LISTS,
  STEP_APPLIES,
  VENDOR_KINDS,
  type RunbookFieldKey,
  type RunbookList,
} from '../runbook/registry';
import { Email, Id, LocalDateField, optionalLocalDate, optionalNote, optionalPhone, optionalText, requiredText, Timestamp } from './fields';

/** Where a fact is set: the agency template, one client or one site. */
export const RunbookScope = z.union([
  z.object({ siteId: Id }).strict(),
  z.object({ clientId: Id }).strict(),
  z.object({ workspace: z.literal(true) }).strict(),
]);

/** A text a document prints: its placeholders must be ones a document can fill. */
function placeholdersKnown(label: string) {
  return (v: string | null, ctx: z.RefinementCtx) => {
    if (!v) return;
    const unknown = unknownPlaceholders(v);
    if (unknown.length) ctx.addIssue({ code: 'custom', message: placeholderError(label, unknown) });
  };
}

function wholeNumber(label: string, unit: string, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : typeof v === 'number' ? String(v) : v),
    z
      .string()
      .regex(/^\d+$/, { error: `${label} must be a whole number of ${unit}, such as 60.`, abort: true })
      .refine((v) => Number(v) >= 1 && Number(v) <= max, { error: `${label} must be between 1 and ${max} ${unit}.` })
      .transform((v) => String(Number(v)))
      .nullable()
      .optional()
      .transform((v) => v ?? null),
  );
}

/**
 * A fact that other texts print through a placeholder ("Where to pause", {{pause_instructions}}) may
 * not print a fact itself: it is filled once into the steps and messages that use it, never again.
 */
function noFactPlaceholders(key: RunbookFieldKey, label: string) {
  const printed = (Object.values(FACT_PLACEHOLDERS) as string[]).includes(key);
  return (v: string | null, ctx: z.RefinementCtx) => {
    if (!v || !printed) return;
    const used = [...v.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1]!).filter((n) => Object.hasOwn(FACT_PLACEHOLDERS, n));
    if (used.length)
      ctx.addIssue({
        code: 'custom',
        message: `${label} cannot use ${[...new Set(used)].map((n) => `{{${n}}}`).join(', ')}: a fact cannot print another fact. Write the text itself, or use it in a step or message instead.`,
      });
  };
}

function fieldSchema(key: RunbookFieldKey) {
  const f = RUNBOOK_FIELDS[key];
  const max = RUNBOOK_FIELD_MAX[f.kind];
  switch (f.kind) {
    case 'text':
      return optionalText(f.label, max).superRefine(placeholdersKnown(f.label)).superRefine(noFactPlaceholders(key, f.label));
    case 'note':
      return optionalNote(f.label, max).superRefine(placeholdersKnown(f.label)).superRefine(noFactPlaceholders(key, f.label));
    case 'minutes':
      return wholeNumber(f.label, 'minutes', 100_000);
    case 'hours':
      return wholeNumber(f.label, 'hours', 10_000);
  }
}

/** The facts an update sets: each key given is set at the scope; null (or blank) clears it there, so the next level's value shows. */
export const RunbookValuesInput = z
  .object(Object.fromEntries(RUNBOOK_FIELD_KEYS.map((k) => [k, fieldSchema(k)])) as { [K in RunbookFieldKey]: ReturnType<typeof fieldSchema> })
  .partial()
  .strict();

const minutes = (label: string, max = 100_000) =>
  z
    .number({ error: `${label} must be a number of minutes.` })
    .int({ error: `${label} must be a whole number of minutes.` })
    .min(1, { error: `${label} must be at least 1 minute.` })
    .max(max, { error: `${label} must be at most ${max} minutes.` });

/** A list text a document prints with its placeholders filled: every such text is checked the same way. */
const printedText = (label: string, max: number) => requiredText(label, max).superRefine(placeholdersKnown(label));

export const Severity = z.object({
  name: printedText('Severity name', 60),
  meaning: printedText('What the severity means', 500),
  responseMinutes: minutes('Response time'),
  updateMinutes: minutes('Update interval'),
});
export const TriageRow = z.object({
  symptom: printedText('Symptom', 300),
  firstCheck: printedText('First check', 500),
  responsibility: z.enum(RESPONSIBILITIES, { error: 'Owner must be one of the ten responsibilities.' }),
});
export const EscalationRow = z.object({
  afterMinutes: minutes('Escalate after'),
  action: printedText('What to do', 500),
  responsibility: z.enum(RESPONSIBILITIES).nullable(),
});
const optionalEmail = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  Email.nullable()
    .optional()
    .transform((v) => v ?? null),
);
/** A vendor's web address: http(s) only (never javascript: or file:), without a login in it; a query is fine. */
function optionalLink(label: string) {
  return optionalText(label, 500).superRefine((v, ctx) => {
    if (!v) return;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${label} must be a full address such as https://support.example.com (include https://).` });
      return;
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      ctx.addIssue({ code: 'custom', message: `${label} must start with https:// or http://: other kinds of address are not accepted.` });
    else if (u.username || u.password)
      ctx.addIssue({ code: 'custom', message: `${label} contains a user name or password: remove it and enter only the address.` });
    else if (!u.hostname.includes('.')) ctx.addIssue({ code: 'custom', message: `${label} needs a full host name such as support.example.com.` });
  });
}
export const Vendor = z.object({
  kind: z.enum(VENDOR_KINDS, { error: 'Vendor kind must be host, AI provider, SophMate or other.' }),
  name: requiredText('Vendor name', 120),
  email: optionalEmail,
  phone: optionalPhone,
  url: optionalLink('Support portal'),
  statusUrl: optionalLink('Status page'),
  hours: optionalText('Support hours', 200),
  licenceLocation: optionalText('Where the licence or account is kept', 500),
  supportExpiresOn: optionalLocalDate(),
  accountRef: optionalText('Account or contract number', 120),
  notes: optionalNote('Vendor notes', 1000),
});
export const Step = z.object({ text: printedText('Step', 1000), applies: z.enum(STEP_APPLIES).default('always') });

const LIST_ITEM = {
  severities: Severity,
  triage: TriageRow,
  escalations: EscalationRow,
  vendors: Vendor,
  triggers: Step,
  reversals: Step,
  restore: Step,
  checks: Step,
  afterwards: Step,
} as const satisfies Record<RunbookList, z.ZodType>;

/** One list replaced at one scope: an empty list clears it there, so the next level's list shows. */
export const RunbookListInput = z.discriminatedUnion(
  'list',
  RUNBOOK_LISTS.map((list) =>
    z.object({
      scope: RunbookScope,
      list: z.literal(list),
      items: z.array(LIST_ITEM[list]).max(RUNBOOK_LIST_MAX, { error: `${RUNBOOK_LIST_LABEL[list]}: at most ${RUNBOOK_LIST_MAX} rows.` }),
      /** The list's revision as read: a list changed since is refused (STALE_VERSION). */
      revision: z.string().max(128),
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

const Source = z.enum(['workspace', 'client', 'site', 'default']);

/** One fact at a scope: its value there, and what the scope reads when it sets nothing. */
export const RunbookFieldView = z.object({
  key: z.enum(RUNBOOK_FIELD_KEYS as [RunbookFieldKey, ...RunbookFieldKey[]]),
  /** Set at this scope, or null. */
  own: z.string().nullable(),
  /** What the scope reads (its own value, else the inherited one). */
  value: z.string().nullable(),
  source: Source.nullable(),
  /** What it would read without its own value. */
  inherited: z.string().nullable(),
  inheritedSource: Source.nullable(),
});

export const RunbookListView = z.object({
  list: z.enum(RUNBOOK_LISTS),
  /** Set at this scope (empty: inherited). */
  own: z.array(z.record(z.string(), z.unknown())),
  /** What the scope reads. */
  items: z.array(z.record(z.string(), z.unknown())),
  source: Source.nullable(),
  inheritedSource: Source.nullable(),
  revision: z.string(),
});

export const RehearsalRecord = z.object({
  id: Id,
  rehearsedOn: z.string(),
  outcome: z.enum(REHEARSAL_OUTCOMES),
  durationMinutes: z.number().int().nullable(),
  performedById: z.string().nullable(),
  performedBy: z.string().nullable(),
  notes: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: Timestamp,
});

/** Whether the backup and the rehearsal are recent enough for the rollback plan to count as current. */
export const RunbookCurrency = z.object({
  lastBackupOn: z.string().nullable(),
  backupProblem: z.string().nullable(),
  lastRehearsal: RehearsalRecord.nullable(),
  rehearsalProblem: z.string().nullable(),
  maxBackupAgeDays: z.number().int(),
  maxRehearsalAgeDays: z.number().int(),
});

export const RunbookView = z.object({
  scope: RunbookScope,
  /** The name of the site or client, or "Agency template". */
  scopeName: z.string(),
  fields: z.array(RunbookFieldView),
  lists: z.array(RunbookListView),
  /** The facts' revision as read: an update against another is refused (STALE_VERSION). */
  revision: z.string(),
  /** A site only: backups and rehearsals. */
  currency: RunbookCurrency.nullable(),
});
export type RunbookView = z.infer<typeof RunbookView>;

export const runbookContract = {
  'runbook.get': { input: z.object({ scope: RunbookScope }), output: RunbookView },
  'runbook.setValues': {
    input: z.object({ scope: RunbookScope, revision: z.string().max(128), values: RunbookValuesInput }),
    output: RunbookView,
  },
  'runbook.setList': { input: RunbookListInput, output: RunbookView },
  /** A backup was taken (or checked to exist) on this day. */
  'runbook.recordBackup': { input: z.object({ siteId: Id, takenOn: LocalDateField }), output: RunbookView },
  'runbook.recordRehearsal': {
    input: z
      .object({
        siteId: Id,
        rehearsedOn: LocalDateField,
        outcome: z.enum(['passed', 'failed'], { error: 'Outcome must be passed or failed.' }),
        durationMinutes: minutes('Duration', 10_000),
        performedById: Id,
        notes: optionalNote('Rehearsal notes', 2000),
      })
      .superRefine((v, ctx) => {
        if (v.outcome === 'failed' && !v.notes)
          ctx.addIssue({ code: 'custom', path: ['notes'], message: 'Say what failed in the rehearsal notes: the next rehearsal starts from it.' });
      }),
    output: RunbookView,
  },
  'runbook.rehearsals': { input: z.object({ siteId: Id }), output: z.array(RehearsalRecord) },
} as const;
