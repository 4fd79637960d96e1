/**
 * Field schemas shared by every contract. Messages are what the user reads next to the field,
 * so each one says what is wrong and how to fix it.
 */
import { z } from 'zod';
import { scanForSecrets, secretMessage } from '../domain/secret-scanner';
import { normaliseVersion, VERSION_RE } from '../domain/versions';
import { cleanText, identifierProblems, normaliseLineBreaks, visibleLength } from '../domain/text-rules';

/** The text rules live in core/domain/text-rules.ts, shared with the playbook file's schema. */
export { normaliseLineBreaks, textProblems, visibleLength } from '../domain/text-rules';

export const Id = z.string().min(1, { error: 'An id is required.' }).max(64);
export type Id = z.infer<typeof Id>;

/** ISO-8601 UTC timestamp, as stored. */
export const Timestamp = z.string();

/** Empty strings from forms (or text of invisible characters only) mean "not recorded". */
const blankToNull = (v: unknown) => (typeof v === 'string' && visibleLength(v) === 0 ? null : v);

/**
 * Early feedback, so a form can show the problem beside the field before anything is sent. The
 * guarantee is the registry's scan of every string of every channel's input (main/rpc/input-secrets.ts).
 */
function secretFree(label: string) {
  return (value: string, ctx: z.RefinementCtx) => {
    const findings = scanForSecrets(value);
    if (findings.length > 0) ctx.addIssue({ code: 'custom', message: secretMessage(label, findings) });
  };
}

/** A required single-line text (names, titles, labels), trimmed, clean of controls, scanned for secrets. */
export function requiredText(label: string, max = 200) {
  return (
    z
      .string({ error: `${label} is required.` })
      .trim()
      .min(1, { error: `${label} is required.` })
      .max(max, { error: `${label} is too long: keep it under ${max} characters.` })
      // Text of invisible characters only is as empty as no text (an empty one is already reported above).
      .refine((v) => v.length === 0 || visibleLength(v) > 0, { error: `${label} is required.` })
      .superRefine(cleanText(label, 'one-line'))
      .superRefine(secretFree(label))
  );
}

/** An optional single-line text: blank becomes null. */
export function optionalText(label: string, max = 200) {
  return z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(max, { error: `${label} is too long: keep it under ${max} characters.` })
      .superRefine(cleanText(label, 'one-line'))
      .superRefine(secretFree(label))
      .nullable()
      .optional()
      .transform((v) => v ?? null),
  );
}

/** A required multi-line text (notes, reasons, evidence): keeps its line breaks, as \n. */
export function requiredNote(label: string, max = 4000, min = 1) {
  return z.preprocess(
    normaliseLineBreaks,
    z
      .string({ error: `${label} is required.` })
      .trim()
      .min(1, { error: `${label} is required.` })
      .max(max, { error: `${label} is too long: keep it under ${max} characters.` })
      .refine((v) => v.length === 0 || visibleLength(v) > 0, { error: `${label} is required.` })
      .refine((v) => visibleLength(v) === 0 || visibleLength(v) >= min, { error: `${label} is too short: say in at least ${min} characters why.` })
      .superRefine(cleanText(label, 'multi-line'))
      .superRefine(secretFree(label)),
  );
}

/** An optional multi-line text: blank becomes null; line breaks are kept, as \n. */
export function optionalNote(label: string, max = 4000) {
  return z.preprocess(
    (v) => normaliseLineBreaks(blankToNull(v)),
    z
      .string()
      .trim()
      .max(max, { error: `${label} is too long: keep it under ${max} characters.` })
      .superRefine(cleanText(label, 'multi-line'))
      .superRefine(secretFree(label))
      .nullable()
      .optional()
      .transform((v) => v ?? null),
  );
}

/**
 * The shortest written reason that may pass a gate by override (stage changes, operator access, a
 * first-week review finished early). One number for the contract, the CLI and the UI.
 */
export const OVERRIDE_REASON_MIN_LENGTH = 20;

/** The shortest reason a revocation of access takes (the form counts the same). */
export const REVOKE_REASON_MIN_LENGTH = 3;

/** How many more characters an override reason needs (0 when it is long enough), for a live hint. */
export function overrideReasonShortBy(text: string): number {
  return Math.max(0, OVERRIDE_REASON_MIN_LENGTH - visibleLength(text.trim()));
}

/** An optional override reason: blank means "no override"; when given it must say why in a sentence. */
export function overrideReasonField() {
  return z.preprocess(
    (v) => normaliseLineBreaks(blankToNull(v)),
    z
      .string()
      .trim()
      .max(1000, { error: 'Override reason is too long: keep it under 1000 characters.' })
      .refine((v) => visibleLength(v) >= OVERRIDE_REASON_MIN_LENGTH, {
        error: `Override reason is too short: say in at least ${OVERRIDE_REASON_MIN_LENGTH} characters why this cannot wait.`,
      })
      .superRefine(cleanText('Override reason', 'multi-line'))
      .superRefine(secretFree('Override reason'))
      .nullable()
      .optional()
      .transform((v) => v ?? null),
  );
}

export function normaliseUrl(raw: string): string {
  const u = new URL(raw.trim());
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.host.toLowerCase()}${path}`;
}

function urlIssue(label: string, raw: string, requireHttps: boolean): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `${label} must be a full address such as https://example.com (include https://).`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    // What was typed is never repeated: the part before "://" may itself be a secret.
    return `${label} must start with ${requireHttps ? 'https://' : 'https:// or http://'}: other kinds of address are not accepted.`;
  }
  if (requireHttps && u.protocol !== 'https:') {
    return `${label} must use https://: production sites need TLS for logins and AI provider calls.`;
  }
  if (u.username || u.password) {
    return `${label} contains a user name or password: remove it and enter only the address (credentials are never stored).`;
  }
  if (!u.hostname.includes('.') && u.hostname !== 'localhost') {
    return `${label} needs a full host name such as shop.example.com.`;
  }
  if (u.search || u.hash) {
    return `${label} must be the site's address without ?query or #fragment.`;
  }
  return null;
}

function urlSchema(label: string, requireHttps: boolean) {
  return z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(500, { error: `${label} is too long: keep it under 500 characters.` })
    .superRefine((v, ctx) => {
      if (v === '') return; // already reported as required
      const issue = urlIssue(label, v, requireHttps);
      if (issue) ctx.addIssue({ code: 'custom', message: issue });
    })
    .transform(normaliseUrl);
}

export const productionUrl = (label = 'Production URL') => urlSchema(label, true);

export function optionalUrl(label: string) {
  return z.preprocess(
    blankToNull,
    urlSchema(label, false)
      .nullable()
      .optional()
      .transform((v) => v ?? null),
  );
}

export function optionalVersion(label: string, example: string) {
  return z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .transform(normaliseVersion)
      .refine((v) => VERSION_RE.test(v), {
        error: `${label} must look like a version number, for example ${example}.`,
      })
      .nullable()
      .optional()
      .transform((v) => v ?? null),
  );
}

export const Email = z
  .string({ error: 'Email is required.' })
  .trim()
  .min(1, { error: 'Email is required.' })
  .max(254, { error: 'Email is too long.' })
  // Control, bidi, invisible and broken characters print raw in documents and make look-alike addresses.
  .superRefine((v, ctx) => {
    for (const message of identifierProblems('Email', v)) ctx.addIssue({ code: 'custom', message });
  })
  .refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
    error: 'Email must be an address such as name@example.com.',
  })
  .transform((v) => v.toLowerCase());

export const optionalPhone = z.preprocess(
  blankToNull,
  z
    .string()
    .trim()
    .refine((v) => /^\+?[0-9 ()./-]{5,30}$/.test(v), {
      error: 'Phone must contain digits, spaces and + ( ) - only, for example +44 20 7946 0000.',
    })
    .nullable()
    .optional()
    .transform((v) => v ?? null),
);

/** Paging, sort and archived filter shared by list channels. */
export const PageInput = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const ArchivedFilter = z.enum(['active', 'archived', 'all']).default('active');

export function listOutput<T extends z.ZodType>(row: T) {
  return z.object({ rows: z.array(row), total: z.number().int(), offset: z.number().int() });
}

/** Input of archive/restore: the id and the version the user saw. */
export const ArchiveInput = z.object({ id: Id, version: z.number().int().optional() });

/** A calendar day, 'YYYY-MM-DD', that exists (not 30 February). */
export const LocalDateField = z
  .string({ error: 'Date is required.' })
  // abort: a text that is not shaped like a date gets only the format message, never "does not exist".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Write the date as YYYY-MM-DD.', abort: true })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { error: 'That date does not exist.' });

/** An optional calendar day: blank becomes null. */
export const optionalLocalDate = () =>
  z.preprocess(
    blankToNull,
    LocalDateField.nullable()
      .optional()
      .transform((v) => v ?? null),
  );
