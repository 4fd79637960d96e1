import { z } from 'zod';
import { Id, listOutput, PageInput, Timestamp } from './fields';

export const ENTITIES = [
  'client',
  'site',
  'person',
  'owner_assignment',
  'sop',
  'operator',
  'incident',
  'review',
  'settings',
  'workspace',
  'activity_import',
  'activity_source',
  'finding',
  'finding_rules',
] as const;

export const ChangeEntry = z.object({
  id: Id,
  entity: z.enum(ENTITIES),
  entityId: Id,
  siteId: Id.nullable(),
  action: z.string(),
  summary: z.string(),
  /** Field-level differences: field, before, after (as displayed). */
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  actor: z.string(),
  device: z.string(),
  at: Timestamp,
});
export type ChangeEntry = z.infer<typeof ChangeEntry>;

export const HistoryList = PageInput.extend({
  entity: z.enum(ENTITIES).optional(),
  entityId: Id.optional(),
  /** Everything that happened to a site, including its owner assignments. */
  siteId: Id.optional(),
});

export const historyContract = {
  'history.list': { input: HistoryList, output: listOutput(ChangeEntry) },
} as const;
