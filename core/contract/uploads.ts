/**
 * Files a user picks in the page (an activity export, later a portfolio spreadsheet) reach main in
 * pieces: the page reads the file as a stream and appends it text chunk by text chunk, main writes each
 * chunk to a staging file of its own, and importers read that file as a stream. So no file is ever held
 * whole in memory, the same calls serve the desktop app and the web harness, and the page never names
 * a path on disk. An upload is discarded when its import ends, when it is discarded, or when the
 * program exits.
 */
import { z } from 'zod';
import { Id } from './fields';

/** Largest text chunk one `uploads.append` carries (characters). */
export const UPLOAD_CHUNK_CHARS = 1024 * 1024;
/** Largest file an upload may grow to (bytes, as UTF-8). */
export const UPLOAD_MAX_BYTES = 2 * 1024 * 1024 * 1024;

const FileName = z
  .string({ error: 'File name is required.' })
  .trim()
  .min(1, { error: 'File name is required.' })
  .max(255, { error: 'File name is too long: keep it under 255 characters.' });

export const UploadInfo = z.object({ uploadId: Id, fileName: z.string(), bytes: z.number().int(), sha256: z.string() });
export type UploadInfo = z.infer<typeof UploadInfo>;

export const uploadsContract = {
  'uploads.begin': {
    input: z.object({
      fileName: FileName,
      /** The size the page reports, checked against the limit before any byte is sent. */
      size: z
        .number()
        .int()
        .min(0)
        .max(UPLOAD_MAX_BYTES, { error: `The file is too large: the limit is ${UPLOAD_MAX_BYTES / 1024 ** 3} GB.` }),
      /**
       * 'text': chunks are the file decoded as UTF-8 (exports, spreadsheets saved as CSV). 'base64':
       * chunks are the file's bytes in base64, each a whole number of 4-character groups, for binary
       * files (backups, handover bundles); the bytes received must then be exactly the declared size.
       */
      encoding: z.enum(['text', 'base64']).default('text'),
    }),
    output: z.object({ uploadId: Id }),
  },
  /** Chunks are appended in order: `seq` starts at 0 and a chunk out of order is refused. */
  'uploads.append': {
    input: z.object({ uploadId: Id, seq: z.number().int().min(0), text: z.string().max(UPLOAD_CHUNK_CHARS) }),
    output: z.object({ bytes: z.number().int() }),
  },
  'uploads.finish': { input: z.object({ uploadId: Id }), output: UploadInfo },
  'uploads.discard': { input: z.object({ uploadId: Id }), output: z.object({ discarded: z.boolean() }) },
} as const;
