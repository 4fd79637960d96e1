import { z } from 'zod';

export const WorkspaceInfo = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  actor: z.string(),
  counts: z.object({ clients: z.number().int(), sites: z.number().int(), people: z.number().int() }),
});

export const workspaceContract = {
  'workspace.info': { input: z.object({}).default({}), output: WorkspaceInfo },
} as const;
