/**
 * `bulk.*`: one change made to many sites of the filtered Sites list, each site through the same
 * service (and so the same rules and gates) as a change made on its own page. `preview` tries the
 * change on every site and rolls it back, answering per site what would happen; `apply` makes it on
 * the sites the preview listed (never on sites added to the filter since, and not on a site edited since), with progress
 * ('bulk.progress') and cancel (`jobs.cancel`), one history entry per site changed.
 */
import { z } from 'zod';
import { OPERATOR_ROLES } from '../playbook/vocabulary';
import { Id, optionalText, overrideReasonField } from './fields';
import { ResponsibilitySchema } from './owners';
import { RolloutStage, SiteList } from './sites';

/** Site fields a bulk edit may set (the same value on every site; empty clears it). */
export const BULK_FIELDS = ['host', 'aiProvider', 'activeTheme', 'sophmateVersion', 'wordpressVersion', 'phpVersion', 'woocommerceVersion'] as const;
export type BulkField = (typeof BULK_FIELDS)[number];

export const BULK_FIELD_LABEL: Record<BulkField, string> = {
  host: 'Host',
  aiProvider: 'AI provider',
  activeTheme: 'Active theme',
  sophmateVersion: 'SophMate version',
  wordpressVersion: 'WordPress version',
  phpVersion: 'PHP version',
  woocommerceVersion: 'WooCommerce version',
};

const PersonId = z.string({ error: 'Choose the person.' }).min(1, { error: 'Choose the person.' }).max(64);

export const BulkAction = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('assignOwner'),
      responsibility: ResponsibilitySchema,
      ownerId: PersonId,
      backupOwnerId: Id.nullable().default(null),
    }),
    z.object({
      kind: z.literal('setField'),
      field: z.enum(BULK_FIELDS, { error: `Field must be one of: ${BULK_FIELDS.join(', ')}.` }),
      /** Checked by each site's own field rules (a version must look like one); empty clears the field. */
      value: optionalText('Value', 120),
    }),
    z.object({
      kind: z.literal('addOperators'),
      personIds: z.array(PersonId).min(1, { error: 'Choose at least one person.' }).max(50, { error: 'Add at most 50 people at once.' }),
      role: z.enum(OPERATOR_ROLES, { error: `Role must be one of: ${OPERATOR_ROLES.join(', ')}.` }),
    }),
    z.object({
      kind: z.literal('changeStage'),
      to: RolloutStage,
      /** A written reason moves sites whose gates are not met, and is logged as an override on each. */
      overrideReason: overrideReasonField(),
    }),
  ],
  { error: 'Choose what to change: assign an owner, set a field, add operators or change stage.' },
);
export type BulkAction = z.infer<typeof BulkAction>;
export type BulkActionInput = z.input<typeof BulkAction>;

export const BULK_OUTCOMES = ['changed', 'unchanged', 'blocked', 'failed'] as const;

export const BulkSiteResult = z.object({
  siteId: Id,
  siteName: z.string(),
  clientName: z.string(),
  /** changed: done (or would be); unchanged: already so; blocked: a rule refused it (the reason says which); failed: an unexpected error. */
  outcome: z.enum(BULK_OUTCOMES),
  detail: z.string(),
});
export type BulkSiteResult = z.infer<typeof BulkSiteResult>;

export const BulkReport = z.object({
  counts: z.record(z.enum(BULK_OUTCOMES), z.number().int()),
  results: z.array(BulkSiteResult),
  cancelled: z.boolean(),
});
export type BulkReport = z.infer<typeof BulkReport>;

/** The most sites one bulk change takes (the largest portfolio the app is built for). */
export const BULK_MAX_SITES = 20000;

/** A site the preview listed, with its version then: a site edited since is not changed (preview again). */
export const BulkTarget = z.object({ id: Id, version: z.number().int() });

export const bulkContract = {
  'bulk.preview': {
    input: z.object({ filter: SiteList, action: BulkAction, jobId: Id.optional() }),
    /** `sites`: the sites listed with their versions, passed back to `apply`. */
    output: BulkReport.extend({ sites: z.array(BulkTarget) }),
  },
  'bulk.apply': {
    input: z.object({
      sites: z
        .array(BulkTarget)
        .min(1, { error: 'No site to change: preview the change first.' })
        .max(BULK_MAX_SITES, { error: `At most ${BULK_MAX_SITES.toLocaleString('en')} sites change at once: narrow the filter and preview again.` }),
      action: BulkAction,
      jobId: Id.optional(),
      confirm: z.literal(true, { error: 'Confirm the change after its preview.' }),
    }),
    output: BulkReport,
  },
} as const;
