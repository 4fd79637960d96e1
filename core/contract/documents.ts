import { z } from 'zod';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS } from '../documents/model';
import { Id, Timestamp } from './fields';

/** The site's known-good state: a copy of its setup record taken when someone confirmed it works. */
export const RunbookFacts = z.object({
  siteId: Id,
  knownGood: z
    .object({
      sophmateVersion: z.string().nullable(),
      wordpressVersion: z.string().nullable(),
      phpVersion: z.string().nullable(),
      woocommerceVersion: z.string().nullable(),
      activeTheme: z.string().nullable(),
      host: z.string().nullable(),
      recordedOn: z.string(),
    })
    .nullable(),
  version: z.number().int(),
});
export type RunbookFacts = z.infer<typeof RunbookFacts>;

export const MissingPart = z.object({ part: z.string(), fix: z.string() });

export const GeneratedDocument = z.object({
  id: Id,
  kind: z.enum(DOCUMENT_KINDS),
  format: z.enum(DOCUMENT_FORMATS),
  final: z.boolean(),
  contentHash: z.string(),
  missingCount: z.number().int(),
  fileName: z.string(),
  generatedAt: Timestamp,
  generatedBy: z.string(),
});

export const DocumentChanges = z.object({
  /** The last final version (given to the client), or null when none was. */
  since: z.object({ generatedAt: Timestamp, format: z.enum(DOCUMENT_FORMATS), contentHash: z.string() }).nullable(),
  unchanged: z.boolean(),
  sections: z.array(z.object({ title: z.string(), change: z.enum(['added', 'removed', 'changed']), added: z.array(z.string()), removed: z.array(z.string()) })),
});

export const documentsContract = {
  'documents.facts': { input: z.object({ siteId: Id }), output: RunbookFacts },
  'documents.markKnownGood': { input: z.object({ siteId: Id }), output: RunbookFacts },
  'documents.preview': {
    input: z.object({ siteId: Id, kind: z.enum(DOCUMENT_KINDS) }),
    output: z.object({ html: z.string(), missing: z.array(MissingPart), contentHash: z.string(), changes: DocumentChanges }),
  },
  'documents.generate': {
    input: z.object({ siteId: Id, kind: z.enum(DOCUMENT_KINDS), format: z.enum(DOCUMENT_FORMATS), final: z.boolean().default(false) }),
    output: z.object({ fileName: z.string(), mime: z.string(), encoding: z.enum(['utf8', 'base64']), content: z.string(), record: GeneratedDocument }),
  },
  'documents.history': { input: z.object({ siteId: Id }), output: z.array(GeneratedDocument) },
  'documents.exportBulk': {
    input: z
      .object({
        siteIds: z.array(Id).max(50_000).optional(),
        all: z.boolean().default(false),
        kinds: z.array(z.enum(DOCUMENT_KINDS)).min(1, { error: 'Choose at least one document.' }),
        formats: z.array(z.enum(DOCUMENT_FORMATS)).min(1, { error: 'Choose at least one format.' }),
        final: z.boolean().default(false),
      })
      .refine((v) => v.all || (v.siteIds?.length ?? 0) > 0, { path: ['siteIds'], error: 'Choose at least one site to export.' }),
    /** jobId null: the folder dialog was cancelled. */
    output: z.object({ jobId: Id.nullable(), folder: z.string().nullable(), total: z.number().int() }),
  },
} as const;
