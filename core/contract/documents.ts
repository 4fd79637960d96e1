import { z } from 'zod';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS, DOCUMENT_LABEL, placeholderError, unknownPlaceholders } from '../documents/model';
import { Id, optionalLocalDate, optionalNote, optionalText, Timestamp } from './fields';

export const RunbookFacts = z.object({
  siteId: Id,
  knownGood: z
    .object({ sophmateVersion: z.string().nullable(), wordpressVersion: z.string().nullable(), phpVersion: z.string().nullable(), activeTheme: z.string().nullable(), host: z.string().nullable(), recordedOn: z.string() })
    .nullable(),
  backupLocation: z.string().nullable(),
  lastBackupOn: z.string().nullable(),
  lastRehearsalOn: z.string().nullable(),
  diagnosticsLocation: z.string().nullable(),
  vendorSupport: z.string().nullable(),
  pauseInstructions: z.string().nullable(),
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

const LOGO_MAX_BYTES = 512 * 1024;

/** A logo is a PNG or JPEG (checked by its first bytes, not its name), at most 512 KB. */
export function logoProblem(logo: { mime: string; base64: string }): string | null {
  let bytes: Uint8Array;
  try {
    const bin = atob(logo.base64);
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return 'The logo is not a readable image file.';
  }
  if (bytes.length > LOGO_MAX_BYTES) return `The logo is ${Math.ceil(bytes.length / 1024)} KB: use a PNG or JPEG of at most 512 KB.`;
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpeg) return 'The logo must be a PNG or JPEG image (this file is neither, whatever its name says).';
  if ((png && logo.mime !== 'image/png') || (jpeg && logo.mime !== 'image/jpeg')) return `The logo is a ${png ? 'PNG' : 'JPEG'} file: its type must be ${png ? 'image/png' : 'image/jpeg'}.`;
  return null;
}

const Texts = z
  .object(Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, optionalNote(`The ${DOCUMENT_LABEL[k]} text`, 4000)])) as Record<(typeof DOCUMENT_KINDS)[number], ReturnType<typeof optionalNote>>)
  .superRefine((texts, ctx) => {
    for (const k of DOCUMENT_KINDS) {
      const text = texts[k];
      if (typeof text !== 'string') continue;
      const unknown = unknownPlaceholders(text);
      if (unknown.length) ctx.addIssue({ code: 'custom', path: [k], message: placeholderError(`The ${DOCUMENT_LABEL[k]} text`, unknown) });
    }
  });

export const Branding = z.object({
  agencyName: z.string(),
  footer: z.string(),
  logo: z.object({ mime: z.enum(['image/png', 'image/jpeg']), base64: z.string() }).nullable(),
  texts: z.record(z.enum(DOCUMENT_KINDS), z.string().nullable()),
});

export const documentsContract = {
  'documents.facts': { input: z.object({ siteId: Id }), output: RunbookFacts },
  'documents.updateFacts': {
    input: z.object({
      siteId: Id,
      version: z.number().int(),
      backupLocation: optionalText('Backup location', 500),
      lastBackupOn: optionalLocalDate(),
      lastRehearsalOn: optionalLocalDate(),
      diagnosticsLocation: optionalText('Diagnostics location', 500),
      vendorSupport: optionalNote('Vendor support', 1000),
      pauseInstructions: optionalText('Where to pause', 1000),
    }),
    output: RunbookFacts,
  },
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
  'jobs.cancel': { input: z.object({ jobId: Id }), output: z.object({ cancelled: z.boolean() }) },
  'branding.get': { input: z.object({}).default({}), output: Branding },
  'branding.update': {
    input: z
      .object({
        agencyName: optionalText('Agency name', 120),
        footer: optionalText('Footer', 300),
        logo: z.object({ mime: z.enum(['image/png', 'image/jpeg'], { error: 'The logo must be a PNG or JPEG image.' }), base64: z.string().max(800_000, { error: 'The logo is too large: use at most 512 KB.' }) }).nullable(),
        texts: Texts,
      })
      .superRefine((v, ctx) => {
        if (v.logo) {
          const problem = logoProblem(v.logo);
          if (problem) ctx.addIssue({ code: 'custom', path: ['logo'], message: problem });
        }
      }),
    output: Branding,
  },
} as const;
