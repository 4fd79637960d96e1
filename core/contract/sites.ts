import { z } from 'zod';
import { RESPONSIBILITIES } from '../domain/responsibilities';
import { ROLLOUT_STAGES } from '../domain/stages';
import {
  ArchivedFilter,
  ArchiveInput,
  Id,
  listOutput,
  optionalNote,
  optionalText,
  optionalUrl,
  optionalVersion,
  overrideReasonField,
  PageInput,
  productionUrl,
  requiredText,
  Timestamp,
} from './fields';
import { Readiness } from './readiness';

export const RolloutStage = z.enum(ROLLOUT_STAGES, {
  error: `Stage must be one of: ${ROLLOUT_STAGES.join(', ')}.`,
});

export const Site = z.object({
  id: Id,
  clientId: Id,
  clientName: z.string(),
  name: z.string(),
  productionUrl: z.string(),
  stagingUrl: z.string().nullable(),
  sophmateVersion: z.string().nullable(),
  wordpressVersion: z.string().nullable(),
  phpVersion: z.string().nullable(),
  woocommerceVersion: z.string().nullable(),
  activeTheme: z.string().nullable(),
  host: z.string().nullable(),
  aiProvider: z.string().nullable(),
  stage: RolloutStage,
  notes: z.string().nullable(),
  /** Labels of the setup-record parts still missing; empty when the record is complete. */
  missingSetup: z.array(z.string()),
  /** Responsibilities with no owner assigned. */
  ownerGaps: z.number().int(),
  /** High-risk activity is paused on this site (see readiness for who, why and which workflows). */
  paused: z.boolean(),
  /** Assigned owners not yet verified. */
  unverifiedOwners: z.number().int(),
  archivedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Site = z.infer<typeof Site>;

const siteFields = z.object({
  clientId: z.string({ error: 'Choose the client this site belongs to.' }).min(1, { error: 'Choose the client this site belongs to.' }).max(64),
  name: requiredText('Site name', 120),
  productionUrl: productionUrl(),
  stagingUrl: optionalUrl('Staging URL'),
  sophmateVersion: optionalVersion('SophMate version', '2.4.1'),
  wordpressVersion: optionalVersion('WordPress version', '6.6.2'),
  phpVersion: optionalVersion('PHP version', '8.2'),
  woocommerceVersion: optionalVersion('WooCommerce version', '9.3.3'),
  activeTheme: optionalText('Active theme', 120),
  host: optionalText('Host', 120),
  aiProvider: optionalText('AI provider', 120),
  notes: optionalNote('Notes', 10000),
});

function stagingDiffersFromProduction(v: { productionUrl: string; stagingUrl: string | null }, ctx: z.RefinementCtx) {
  if (v.stagingUrl && v.stagingUrl === v.productionUrl) {
    ctx.addIssue({
      code: 'custom',
      path: ['stagingUrl'],
      message: 'Staging URL is the same as the production URL: enter the staging copy, or leave it empty until one exists.',
    });
  }
}

export const SiteCreate = siteFields.extend({ stage: RolloutStage.default('planning') }).superRefine(stagingDiffersFromProduction);
export type SiteCreateInput = z.input<typeof SiteCreate>;

export const SiteUpdate = siteFields.extend({ id: Id, version: z.number().int(), stage: RolloutStage }).superRefine(stagingDiffersFromProduction);
export type SiteUpdateInput = z.input<typeof SiteUpdate>;

export const SITE_SORTS = ['name', 'client', 'productionUrl', 'stage', 'sophmateVersion', 'wordpressVersion', 'phpVersion', 'updatedAt', 'ownerGaps'] as const;

export const SiteList = PageInput.extend({
  /** Matches name, client name, production and staging URL (case-insensitive, any part). */
  search: z.string().trim().max(200).optional(),
  clientId: Id.optional(),
  stages: z.array(RolloutStage).optional(),
  sophmateVersion: z.string().trim().max(40).optional(),
  wordpressVersion: z.string().trim().max(40).optional(),
  phpVersion: z.string().trim().max(40).optional(),
  incompleteOnly: z.boolean().default(false),
  ownerGapsOnly: z.boolean().default(false),
  pausedOnly: z.boolean().default(false),
  /** Sites whose next rollout stage a readiness gate blocks. */
  blockedOnly: z.boolean().default(false),
  openIncidentsOnly: z.boolean().default(false),
  /** Sites whose next stage is blocked for this reason, as the Dashboard words and groups it. */
  reason: z
    .string()
    .trim()
    .min(1, { error: 'Blocking reason is empty: choose a reason from the Dashboard, or remove the Reason filter.' })
    .max(500, { error: 'Blocking reason is too long: keep it under 500 characters (choose it from the Dashboard).' })
    .optional(),
  /** Sites where this person owns a responsibility (any, or only `ownerRole`). */
  ownerId: z
    .string()
    .trim()
    .min(1, { error: 'Owner is empty: choose a person, or remove the Owner filter.' })
    .max(64, { error: 'Owner is not a person id: choose the person from the Owner list.' })
    .optional(),
  ownerRole: z.enum(RESPONSIBILITIES, { error: `Owner role must be one of: ${RESPONSIBILITIES.join(', ')}.` }).optional(),
  /** Exact host, in the search fold (case and accents as the search treats them). */
  host: z.string().trim().max(120, { error: 'Host is too long: keep it under 120 characters, as a site records it.' }).optional(),
  /** Exact AI provider, in the search fold. */
  provider: z.string().trim().max(120, { error: 'AI provider is too long: keep it under 120 characters, as a site records it.' }).optional(),
  archived: ArchivedFilter,
  sort: z.enum(SITE_SORTS).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
}).superRefine((v, ctx) => {
  if (v.ownerRole && !v.ownerId) {
    ctx.addIssue({ code: 'custom', path: ['ownerRole'], message: 'Owner role needs an owner: choose a person as Owner, or remove the role.' });
  }
});
export type SiteListInput = z.input<typeof SiteList>;

/** A distinct value present in the portfolio and how many active sites have it. */
const FacetCount = z.object({ value: z.string(), sites: z.number().int() });

/** Distinct values present in the portfolio, for filter menus. */
export const SiteFacets = z.object({
  sophmateVersions: z.array(z.string()),
  wordpressVersions: z.array(z.string()),
  phpVersions: z.array(z.string()),
  /** Hosts and providers grouped in the search fold, most common first. */
  hosts: z.array(FacetCount),
  providers: z.array(FacetCount),
});

export const sitesContract = {
  'sites.list': { input: SiteList, output: listOutput(Site) },
  /** The ids of every site the filters match (paging ignored), for bulk actions. */
  'sites.ids': { input: SiteList, output: z.array(Id) },
  'sites.facets': { input: z.object({}).default({}), output: SiteFacets },
  'sites.get': { input: z.object({ id: Id }), output: Site },
  'sites.create': { input: SiteCreate, output: Site },
  'sites.update': { input: SiteUpdate, output: Site },
  'sites.archive': { input: ArchiveInput, output: Site },
  'sites.restore': { input: ArchiveInput, output: Site },
  /** Moves a site to another rollout stage through the readiness gates (or a recorded override). */
  'sites.changeStage': {
    input: z.object({
      siteId: Id,
      version: z.number().int(),
      to: RolloutStage,
      overrideReason: overrideReasonField(),
    }),
    output: Readiness,
  },
} as const;
