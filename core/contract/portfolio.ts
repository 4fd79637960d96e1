/**
 * `portfolio.*`: the portfolio brought in from a spreadsheet and taken back out.
 *
 * Import, in steps that write nothing until the last: `inspect` reads a staged upload (CSV or XLSX)
 * and answers its sheets, header row, columns, first rows, the kind of records it likely holds and a
 * mapping (a saved one whose columns match, a preset's, or one suggested from the header names);
 * `dryRun` reads every row as the import would and lists each bad row by line with why, and each
 * change it would make; `import` writes the good rows, in batches of one transaction each, with
 * progress ('import.progress') and cancel (`jobs.cancel`). Matching: sites by production URL,
 * clients by name, people by email; records found are updated field by field, never duplicated. An
 * empty cell never clears a field.
 *
 * Export: the Sites list as filtered and sorted, Clients, People, or owner matrices, as CSV, XLSX or
 * JSON (sites), into a folder chosen on the main side.
 */
import { z } from 'zod';
import { IMPORT_KINDS } from '../portfolio/fields';
import { Id, optionalText, Timestamp } from './fields';
import { SiteList } from './sites';

export const ImportKindSchema = z.enum(IMPORT_KINDS, { error: `Kind must be one of: ${IMPORT_KINDS.join(', ')}.` });

/** A column of the file, by its header as the file writes it (made unique: "Email (2)"). */
const ColumnName = z.string().trim().min(1, { error: 'Choose a column.' }).max(200);

/** How to read the file: which sheet, which row holds the headers, and (CSV) the delimiter. */
export const SheetChoice = z.object({
  /** XLSX: the worksheet's name; null: the first sheet with data. */
  sheet: z.string().max(200).nullable().default(null),
  /** The row (1-based, as the spreadsheet numbers it) holding the headers; null: found from the file. */
  headerRow: z.number().int().min(1).max(1000).nullable().default(null),
  /** CSV: one of , ; tab |; null: detected. */
  delimiter: z.enum([',', ';', '\t', '|']).nullable().default(null),
});
export type SheetChoice = z.infer<typeof SheetChoice>;

export const NEW_PEOPLE_ORGANISATIONS = ['agency', 'client'] as const;

export const PortfolioMapping = SheetChoice.extend({
  kind: ImportKindSchema,
  /** Field key (see core/portfolio/fields.ts) -> column; a field left out or null is not imported. */
  columns: z.record(z.string().max(80), ColumnName.nullable()).refine((r) => Object.keys(r).length <= 64, { error: 'A mapping has at most 64 fields.' }),
  /**
   * Sites sheets: an owner cell naming an email nobody in the workspace has adds that person, with
   * this organisation ('client': the site's client). People are matched by email first.
   */
  newPeople: z.enum(NEW_PEOPLE_ORGANISATIONS).default('agency'),
});
export type PortfolioMapping = z.infer<typeof PortfolioMapping>;
export type PortfolioMappingInput = z.input<typeof PortfolioMapping>;

export const SavedMapping = z.object({
  id: Id,
  name: z.string(),
  kind: ImportKindSchema,
  /** The file's column names the mapping was saved for, in file order. */
  fileColumns: z.array(z.string()),
  mapping: PortfolioMapping,
  updatedAt: Timestamp,
});
export type SavedMapping = z.infer<typeof SavedMapping>;

export const ImportProblem = z.object({
  /** The row (CSV: the line where the record starts; XLSX: the row number). */
  line: z.number().int(),
  /** The field at fault, as the mapping step labels it; null for the whole row. */
  field: z.string().nullable(),
  reason: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

const FieldChange = z.object({ field: z.string(), label: z.string(), before: z.string().nullable(), after: z.string().nullable() });

/** One record the import adds or changes. */
export const ImportChange = z.object({
  line: z.number().int(),
  entity: z.enum(['client', 'site', 'person', 'owner']),
  /** "Site “Northwind Shop”", "Person jane@example.com", "Hosting owner of “Northwind Shop”". */
  label: z.string(),
  action: z.enum(['add', 'update']),
  fields: z.array(FieldChange),
});
export type ImportChange = z.infer<typeof ImportChange>;

const Counts = z.object({ add: z.number().int(), update: z.number().int(), unchanged: z.number().int() });

export const ImportReport = z.object({
  /** Data rows read (empty rows are not counted). */
  rows: z.number().int(),
  good: z.number().int(),
  bad: z.number().int(),
  /** Good rows that change nothing (already as the file says). */
  unchanged: z.number().int(),
  /** The first bad rows, by line (all of them counted in `bad`). */
  problems: z.array(ImportProblem),
  /**
   * Good rows imported with part of them left as it was, each with why: a stage an import does not
   * set (a new site starts in Planning; an existing site moves only through Change stage and its gates).
   */
  notes: z.array(ImportProblem),
  noted: z.number().int(),
  /** Rows left out because an earlier row of the file is for the same record (same URL, name or email). */
  duplicates: z.number().int(),
  counts: z.object({ clients: Counts, sites: Counts, people: Counts, owners: Counts }),
  /** The first changes, each field before and after. */
  changes: z.array(ImportChange),
  /** The first rows as they will be stored: field label -> value (null: left as it is). */
  firstRows: z.array(z.object({ line: z.number().int(), values: z.record(z.string(), z.string().nullable()) })),
  /** Columns of the file never read, each with why. */
  ignoredColumns: z.array(z.object({ column: z.string(), why: z.enum(['credentials', 'computed', 'unmapped']) })),
  cancelled: z.boolean(),
});
export type ImportReport = z.infer<typeof ImportReport>;

const JobInput = z.object({
  /** Chosen by the page, so it can cancel (`jobs.cancel`) and follow 'import.progress' before the call answers. */
  jobId: Id,
  uploadId: Id,
  mapping: PortfolioMapping,
});

export const EXPORT_KINDS = ['sites', 'clients', 'people', 'owners'] as const;
export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;

export const PortfolioExport = z
  .object({
    what: z.enum(EXPORT_KINDS, { error: `What must be one of: ${EXPORT_KINDS.join(', ')}.` }),
    format: z.enum(EXPORT_FORMATS, { error: `Format must be one of: ${EXPORT_FORMATS.join(', ')}.` }),
    /** Sites and owners: the Sites list's filters and sort (paging ignored); absent: every active site. */
    filter: SiteList.optional(),
    /** Owners: one site's matrix only. */
    siteId: Id.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.format === 'json' && v.what !== 'sites')
      ctx.addIssue({ code: 'custom', path: ['format'], message: 'JSON is for the site list: choose CSV or XLSX for clients, people and owners.' });
    if (v.siteId && v.what !== 'owners')
      ctx.addIssue({ code: 'custom', path: ['siteId'], message: 'One site is for the owner matrix export: remove the site, or export owners.' });
  });
export type PortfolioExportInput = z.input<typeof PortfolioExport>;

export const portfolioContract = {
  'portfolio.inspect': {
    input: SheetChoice.extend({ uploadId: Id, kind: ImportKindSchema.optional() }),
    output: z.object({
      format: z.enum(['csv', 'xlsx']),
      /** XLSX: every worksheet with its row count; CSV: one entry named after the file. */
      sheets: z.array(z.object({ name: z.string(), rows: z.number().int() })),
      sheet: z.string().nullable(),
      delimiter: z.string().nullable(),
      headerRow: z.number().int(),
      columns: z.array(z.string()),
      /** The first data rows as read, cell by cell in `columns` order. */
      sample: z.array(z.array(z.string())),
      kind: ImportKindSchema,
      /** A preset the columns match (a dashboard's export, the workbench's own), or null. */
      preset: z.object({ id: z.string(), label: z.string(), source: z.string() }).nullable(),
      /** A saved mapping for files with these columns, or null. */
      saved: z.object({ id: Id, name: z.string() }).nullable(),
      mapping: PortfolioMapping,
      ignoredColumns: z.array(z.object({ column: z.string(), why: z.enum(['credentials', 'computed', 'unmapped']) })),
    }),
  },
  'portfolio.dryRun': { input: JobInput, output: ImportReport },
  'portfolio.import': {
    input: JobInput.extend({
      confirm: z.literal(true, { error: 'Confirm the import after its dry run.' }),
      /** Save the mapping for files with these columns under this name (replaced when the name exists). */
      saveMappingAs: optionalText('Mapping name', 120),
    }),
    output: ImportReport.extend({ imported: z.number().int() }),
  },
  'portfolio.mappings': { input: z.object({}).default({}), output: z.array(SavedMapping) },
  'portfolio.deleteMapping': { input: z.object({ id: Id }), output: z.object({ id: Id }) },
  'portfolio.export': {
    input: PortfolioExport,
    /** `file` null: the folder dialog was cancelled. */
    output: z.object({ file: z.string().nullable(), rows: z.number().int() }),
  },
} as const;
