import { z } from 'zod';

export const WorkspaceInfo = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  actor: z.string(),
  /** True when nothing can be saved (the file, its folder or its disk cannot be written, or it was opened read-only). */
  readOnly: z.boolean(),
  /** Why it is read-only, in words that finish "This workspace is read-only: …"; null when writable. */
  readOnlyReason: z.string().nullable(),
  counts: z.object({ clients: z.number().int(), sites: z.number().int(), people: z.number().int() }),
  /** What opening the workspace found and repaired (e.g. a history guard restored), shown once. */
  notices: z.array(z.string()),
});

export const workspaceContract = {
  'workspace.info': { input: z.object({}).default({}), output: WorkspaceInfo },
} as const;
