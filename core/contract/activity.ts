/**
 * `activity.*`: importing a site's first-week SophMate activity (an audit-log export of unpublished
 * format): preview with a column mapping, a dry run that lists every bad row, then the import of the
 * good rows, with progress and cancel. See core/activity/ for the rules.
 */
import { z } from 'zod';
import { ACTIVITY_FORMATS, ACTIVITY_KINDS, DATE_ORDERS, FINDING_CATEGORIES, type ActivityField } from '../activity/vocabulary';
import { isValidTimeZone } from '../domain/cadence';
import { OPERATOR_ROLES, RISK_LEVELS, WORKFLOWS } from '../playbook/vocabulary';
import { Id, optionalText, Timestamp } from './fields';

/** A column of the file: its header (CSV) or key (JSON). */
const ColumnName = z.string().trim().min(1, { error: 'Choose a column.' }).max(200);
const OptionalColumn = ColumnName.nullable().default(null);

export const ActivityColumns = z.object({
  time: ColumnName.describe('Time'),
  actor: ColumnName.describe('Actor'),
  eventType: ColumnName.describe('Event type'),
  actorName: OptionalColumn,
  role: OptionalColumn,
  planId: OptionalColumn,
  risk: OptionalColumn,
  status: OptionalColumn,
  text: OptionalColumn,
  affectedRecords: OptionalColumn,
  reviewerNote: OptionalColumn,
  escalatedTo: OptionalColumn,
  site: OptionalColumn,
} satisfies Record<ActivityField, z.ZodType>);
export type ActivityColumns = z.infer<typeof ActivityColumns>;

/** How a file is read: its format, how its columns map to activity fields, and how its times are read. */
export const ActivityMapping = z.object({
  format: z.enum(ACTIVITY_FORMATS),
  /** CSV only: the delimiter (one character; "\t" for tab). */
  delimiter: z.string().min(1).max(1).nullable().default(null),
  columns: ActivityColumns,
  /** Zone of times written without an offset (times with Z or +02:00 keep theirs). */
  timeZone: z.string().refine(isValidTimeZone, { error: 'Time zone must be an IANA zone such as Europe/London or America/New_York.' }),
  dateOrder: z.enum(DATE_ORDERS).default('ymd'),
  /** Event types the app does not recognise by itself, mapped by the user. */
  eventTypes: z
    .array(z.object({ raw: z.string().max(200), kind: z.enum(ACTIVITY_KINDS) }))
    .max(500)
    .default([]),
});
export type ActivityMapping = z.infer<typeof ActivityMapping>;

export const ActivitySource = z.object({
  id: Id,
  name: z.string(),
  format: z.enum(ACTIVITY_FORMATS),
  columns: z.array(z.string()),
  mapping: ActivityMapping,
  updatedAt: Timestamp,
});
export type ActivitySource = z.infer<typeof ActivitySource>;

/** One mapped row as it would be stored (text already masked). */
export const ActivityRowPreview = z.object({
  line: z.number().int(),
  occurredAt: Timestamp,
  actor: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  eventType: z.string(),
  workflow: z.enum(WORKFLOWS).nullable(),
  risk: z.enum(RISK_LEVELS).nullable(),
  status: z.string().nullable(),
  planId: z.string().nullable(),
  text: z.string().nullable(),
});

export const ActivityActor = z.object({
  /** The actor as the file writes it (an email or a name). */
  actor: z.string(),
  name: z.string().nullable(),
  rows: z.number().int(),
  /** The operator of the site this actor was matched to, and how; null when nobody matched. */
  match: z.object({ operatorId: Id, name: z.string(), role: z.enum(OPERATOR_ROLES), by: z.enum(['email', 'name', 'saved', 'chosen']) }).nullable(),
});

export const ImportProblem = z.object({ line: z.number().int(), reason: z.string() });

/** What a dry run found, and what an import would do (or did). */
export const ActivityReport = z.object({
  rows: z.number().int(),
  good: z.number().int(),
  bad: z.number().int(),
  /** Good rows already imported from an earlier file: skipped, never added twice. */
  duplicates: z.number().int(),
  /** Rows whose site column names another site: skipped. */
  otherSite: z.number().int(),
  /** The first bad rows, by line, with why (all of them are counted in `bad`). */
  problems: z.array(ImportProblem),
  actors: z.array(ActivityActor),
  eventTypes: z.array(z.object({ raw: z.string(), kind: z.enum(ACTIVITY_KINDS), recognised: z.boolean(), rows: z.number().int() })),
  masked: z.object({ email: z.number().int(), phone: z.number().int(), card: z.number().int(), secret: z.number().int() }),
  firstRows: z.array(ActivityRowPreview),
  findings: z.object({ total: z.number().int(), byCategory: z.record(z.enum(FINDING_CATEGORIES), z.number().int()) }),
  cancelled: z.boolean(),
});
export type ActivityReport = z.infer<typeof ActivityReport>;

export const ActivityImport = z.object({
  id: Id,
  siteId: Id,
  fileName: z.string(),
  sourceName: z.string().nullable(),
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  bad: z.number().int(),
  masked: z.boolean(),
  importedAt: Timestamp,
  importedBy: z.string(),
});
export type ActivityImport = z.infer<typeof ActivityImport>;

export const ActivityEvent = z.object({
  id: Id,
  line: z.number().int(),
  fileName: z.string(),
  occurredAt: Timestamp,
  actor: z.string(),
  operatorId: Id.nullable(),
  operatorName: z.string().nullable(),
  role: z.enum(OPERATOR_ROLES).nullable(),
  kind: z.enum(ACTIVITY_KINDS),
  eventType: z.string(),
  workflow: z.enum(WORKFLOWS).nullable(),
  planId: z.string().nullable(),
  risk: z.enum(RISK_LEVELS).nullable(),
  status: z.string().nullable(),
  text: z.string().nullable(),
  affectedRecords: z.string().nullable(),
  reviewerNote: z.string().nullable(),
  escalatedTo: z.string().nullable(),
});
export type ActivityEvent = z.infer<typeof ActivityEvent>;

const FileInput = z.object({
  /** Chosen by the page, so it can cancel (`jobs.cancel`) and follow progress ('import.progress') before the call answers. */
  jobId: Id,
  siteId: Id,
  uploadId: Id,
  mapping: ActivityMapping,
  /** Actors matched by hand: the actor as written -> the site's operator (null: leave unmatched). */
  actors: z
    .array(z.object({ actor: z.string().max(320), operatorId: Id.nullable() }))
    .max(5000)
    .default([]),
});

export const activityContract = {
  'activity.preview': {
    input: z.object({
      siteId: Id,
      uploadId: Id,
      /** Read the file this way instead of what was detected. */
      format: z.enum(ACTIVITY_FORMATS).optional(),
      delimiter: z.string().min(1).max(1).optional(),
    }),
    output: z.object({
      format: z.enum(ACTIVITY_FORMATS),
      delimiter: z.string().nullable(),
      /** Headers (CSV) or keys (JSON) in file order. */
      columns: z.array(z.string()),
      /** The first rows as read, cell by cell in `columns` order. */
      sample: z.array(z.array(z.string())),
      /**
       * The saved mapping whose columns match this file, else one suggested from the column names. A
       * required column nobody could find is "" (core/activity/mapping.ts `mappingProblems` asks for it).
       */
      mapping: ActivityMapping.extend({ columns: ActivityColumns.extend({ time: z.string(), actor: z.string(), eventType: z.string() }) }),
      source: z.object({ id: Id, name: z.string() }).nullable(),
    }),
  },
  'activity.dryRun': { input: FileInput, output: ActivityReport },
  'activity.import': {
    input: FileInput.extend({
      /** Save the mapping for files of this shape under this name (updated when the name exists). */
      saveSourceAs: optionalText('Source name', 120),
    }),
    output: ActivityReport.extend({ importId: Id.nullable(), imported: z.number().int() }),
  },
  'activity.imports': { input: z.object({ siteId: Id }), output: z.array(ActivityImport) },
  'activity.sources': { input: z.object({}).default({}), output: z.array(ActivitySource) },
  'activity.deleteSource': { input: z.object({ id: Id }), output: z.object({ id: Id }) },
  'activity.events': {
    input: z.object({
      siteId: Id,
      findingId: Id.optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      offset: z.number().int().min(0).default(0),
    }),
    output: z.object({ rows: z.array(ActivityEvent), total: z.number().int() }),
  },
} as const;
