import { z } from 'zod';
import { CadenceDefault, cadenceProblems, COMPUTED_CHECKS, OPERATOR_ROLES, Playbook, REVIEW_KINDS, WORKFLOWS } from '../playbook/schema';
import { Id, requiredNote, requiredText, Timestamp } from './fields';

export const PlaybookMatrix = z.object({
  cells: z.array(
    z.object({
      workflow: z.enum(WORKFLOWS),
      role: z.enum(OPERATOR_ROLES),
      version: z.number().int(),
      publishedAt: Timestamp,
      /** Operators of this role who signed an older version of this SOP. */
      operatorsNeedingRetraining: z.number().int(),
    }),
  ),
});

/** The two lists of playbook items a site ticks off: the production checklist and the acceptance checks. */
export const PLAYBOOK_ITEM_KINDS = ['checklist', 'acceptance'] as const;
export const PlaybookItemKind = z.enum(PLAYBOOK_ITEM_KINDS, { error: 'Kind must be checklist or acceptance.' });
export type PlaybookItemKind = z.infer<typeof PlaybookItemKind>;

/** One published version of a checklist item or acceptance check. */
export const PlaybookItemVersion = z.object({
  kind: PlaybookItemKind,
  itemId: z.string(),
  version: z.number().int(),
  position: z.number().int(),
  title: z.string(),
  description: z.string(),
  /** The rule the app decides the item by: fixed by the app for the items the gates rely on (GATE_ITEMS), none for the others. */
  computed: z.enum(COMPUTED_CHECKS).nullable(),
  retired: z.boolean(),
  changeSummary: z.string(),
  publishedBy: z.string(),
  publishedAt: Timestamp,
});
export type PlaybookItemVersion = z.infer<typeof PlaybookItemVersion>;

/** One published version of the default cadence of a kind of review. */
export const PlaybookCadenceVersion = z.object({
  kind: z.enum(REVIEW_KINDS),
  version: z.number().int(),
  description: z.string(),
  rrule: z.string().nullable(),
  offsetDays: z.number().int().nullable(),
  changeSummary: z.string(),
  publishedBy: z.string(),
  publishedAt: Timestamp,
});
export type PlaybookCadenceVersion = z.infer<typeof PlaybookCadenceVersion>;

export const PlaybookItems = z.object({
  checklist: z.array(PlaybookItemVersion),
  acceptance: z.array(PlaybookItemVersion),
  cadences: z.array(PlaybookCadenceVersion),
});
export type PlaybookItems = z.infer<typeof PlaybookItems>;

export const PlaybookItemUpdate = z.object({
  kind: PlaybookItemKind,
  itemId: Id,
  /** The version the edit started from; a newer version published meanwhile refuses the edit. */
  version: z.number().int().min(1),
  title: requiredText('Title', 200),
  description: requiredNote('Description', 1000),
  changeSummary: requiredText('Change summary', 500),
});

const blankToNull = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v);
const dayCount = 'Days after must be a whole number from 0 to 365 (0 for the same day).';

export const PlaybookCadenceUpdate = z
  .object({
    kind: z.enum(REVIEW_KINDS, { error: `Kind must be one of: ${REVIEW_KINDS.join(', ')}.` }),
    version: z.number().int().min(1),
    description: requiredNote('Description', 1000),
    /** Same rule as in playbook files; the recurrence itself is checked by the service too. */
    rrule: z.preprocess(blankToNull, z.string().trim().pipe(CadenceDefault.shape.rrule.unwrap()).nullable()),
    offsetDays: z.preprocess(
      blankToNull,
      z.number({ error: dayCount }).int({ error: dayCount }).min(0, { error: dayCount }).max(365, { error: dayCount }).nullable(),
    ),
    changeSummary: requiredText('Change summary', 500),
  })
  .superRefine((v, ctx) => {
    for (const problem of cadenceProblems(v)) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });

export const playbookContract = {
  'playbook.matrix': { input: z.object({}).default({}), output: PlaybookMatrix },
  'playbook.export': { input: z.object({}).default({}), output: Playbook },
  /** The file's text; the renderer reads the file, main never receives a path from the renderer. */
  'playbook.import': {
    input: z.object({ content: z.string().max(5_000_000, { error: 'The playbook file is too large (max 5 MB).' }).meta({ title: 'The playbook file' }) }),
    output: z.object({ published: z.number().int(), unchanged: z.number().int(), scenarios: z.number().int() }),
  },
  /** The current checklist, acceptance checks and default review cadences, each with its version. */
  'playbook.items': { input: z.object({}).default({}), output: PlaybookItems },
  /** Publishes the next version of a checklist item or acceptance check. */
  'playbook.updateItem': { input: PlaybookItemUpdate, output: PlaybookItemVersion },
  /** Publishes the next version of the default cadence of a kind of review. */
  'playbook.updateCadence': { input: PlaybookCadenceUpdate, output: PlaybookCadenceVersion },
  /** Every version of one checklist item or acceptance check, newest first. */
  'playbook.itemHistory': { input: z.object({ kind: PlaybookItemKind, itemId: Id }), output: z.array(PlaybookItemVersion) },
  /** Every version of the default cadence of one kind of review, newest first. */
  'playbook.cadenceHistory': { input: z.object({ kind: z.enum(REVIEW_KINDS) }), output: z.array(PlaybookCadenceVersion) },
} as const;
