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
  'import_mapping',
  'reminder_delivery',
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

/** One field an undo puts back: its value now and the value it had before the change. */
export const UndoField = z.object({
  field: z.string(),
  label: z.string(),
  /** As displayed: a name rather than an id. */
  now: z.unknown(),
  restored: z.unknown(),
});

export const UndoPreview = z.object({
  changeId: Id,
  /** Whether the change can be undone now; when not, `reason` says why and what to do instead. */
  possible: z.boolean(),
  reason: z.string().nullable(),
  /** The record the change was made to, as a sentence names it: site “Acme shop”. */
  entityLabel: z.string(),
  /** The change, as its history row says it. */
  summary: z.string(),
  /** The fields the undo would put back (those the change changed), with their values now and then. */
  fields: z.array(UndoField),
  /** What else follows from putting the fields back (a new owner needs verifying again), or null. */
  note: z.string().nullable(),
});
export type UndoPreview = z.infer<typeof UndoPreview>;

export const historyContract = {
  'history.list': { input: HistoryList, output: listOutput(ChangeEntry) },
  /** Whether one change of a history can be undone, and which fields an undo would put back. */
  'history.undoPreview': { input: z.object({ changeId: Id }), output: UndoPreview },
  /**
   * Undoes one change: the fields it changed are set back through the service that edits the record,
   * and the undo is itself a change in the history (one row, "Undid …", keeping the action of the edit it is made of). Refused, with the reason, when
   * the preview would say it is not possible.
   */
  'history.undo': {
    input: z.object({ changeId: Id, confirm: z.literal(true, { error: 'Confirm the undo: send confirm: true.' }) }),
    output: z.object({ changeId: Id, summary: z.string() }),
  },
} as const;
