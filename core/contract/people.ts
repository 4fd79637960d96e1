import { z } from 'zod';
import { REMINDER_CHANNELS } from '../domain/reminders';
import { ArchivedFilter, ArchiveInput, Email, Id, listOutput, optionalPhone, PageInput, requiredText, Timestamp } from './fields';

export const ORGANISATIONS = ['agency', 'client'] as const;
export const Organisation = z.enum(ORGANISATIONS, { error: 'Organisation must be Agency or Client.' });

export const Person = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  organisation: Organisation,
  /** Set when the person works for a client organisation. */
  clientId: Id.nullable(),
  clientName: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  /** How this person hears about the reviews they own (core/domain/reminders.ts). */
  reminderChannel: z.enum(REMINDER_CHANNELS),
  /** No reminder of theirs goes out between these times (workspace time zone); null = none. */
  quietHoursStart: z.string().nullable(),
  quietHoursEnd: z.string().nullable(),
  /** SophMate roles the person holds as an operator, with the number of active sites for each. */
  operatorRoles: z.array(z.object({ role: z.string(), sites: z.number().int() })),
  /** Number of owner assignments (main or backup) on active sites. */
  assignmentCount: z.number().int(),
  archivedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type Person = z.infer<typeof Person>;

const personFields = z.object({
  name: requiredText('Name', 120),
  email: Email,
  organisation: Organisation,
  clientId: z.preprocess(
    (v) => (v === '' ? null : v),
    Id.nullable()
      .optional()
      .transform((v) => v ?? null),
  ),
  phone: optionalPhone,
  active: z.boolean().default(true),
});

const ReminderChannel = z.enum(REMINDER_CHANNELS, { error: 'Reminders must be by desktop notification, e-mail digest or none.' });

/** A time such as 22:00, or null for none ('' is none); left out: unchanged on update, none on create. */
function QuietClock(label: string) {
  return z.preprocess(
    (v) => (v === '' ? null : v),
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${label} must be a time such as 22:00 (24-hour clock).` })
      .nullable()
      .optional(),
  );
}

/** A person's reminder preferences; on update, a field left out keeps its value. */
const reminderFields = {
  reminderChannel: ReminderChannel.optional(),
  quietHoursStart: QuietClock('Quiet hours start'),
  quietHoursEnd: QuietClock('Quiet hours end'),
};

function clientMatchesOrganisation(
  v: { organisation: string; clientId: string | null; quietHoursStart?: string | null | undefined; quietHoursEnd?: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  // Quiet hours come as a pair: both set, both cleared, or both left out (unchanged).
  const touched = v.quietHoursStart !== undefined || v.quietHoursEnd !== undefined;
  if (touched && Boolean(v.quietHoursStart) !== Boolean(v.quietHoursEnd)) {
    ctx.addIssue({
      code: 'custom',
      path: [v.quietHoursStart ? 'quietHoursEnd' : 'quietHoursStart'],
      message: 'Set both the start and the end of quiet hours, or neither.',
    });
  } else if (touched && v.quietHoursStart && v.quietHoursStart === v.quietHoursEnd) {
    ctx.addIssue({ code: 'custom', path: ['quietHoursEnd'], message: 'Quiet hours must end at another time than they start.' });
  }
  if (v.organisation === 'client' && !v.clientId) {
    ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'Choose the client this person works for.' });
  }
  if (v.organisation === 'agency' && v.clientId) {
    ctx.addIssue({
      code: 'custom',
      path: ['clientId'],
      message: 'Agency people are not tied to a client: clear Client or set Organisation to Client.',
    });
  }
}

export const PersonCreate = personFields.extend(reminderFields).superRefine(clientMatchesOrganisation);
export type PersonCreateInput = z.input<typeof PersonCreate>;
export const PersonUpdate = personFields.extend({ ...reminderFields, id: Id, version: z.number().int() }).superRefine(clientMatchesOrganisation);
export type PersonUpdateInput = z.input<typeof PersonUpdate>;

export const PersonList = PageInput.extend({
  search: z.string().trim().max(200).optional(),
  organisation: Organisation.optional(),
  clientId: Id.optional(),
  activeOnly: z.boolean().default(false),
  archived: ArchivedFilter,
  sort: z.enum(['name', 'email', 'organisation', 'assignmentCount', 'updatedAt']).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
});

export const peopleContract = {
  'people.list': { input: PersonList, output: listOutput(Person) },
  'people.get': { input: z.object({ id: Id }), output: Person },
  'people.create': { input: PersonCreate, output: Person },
  'people.update': { input: PersonUpdate, output: Person },
  'people.archive': { input: ArchiveInput, output: Person },
  'people.restore': { input: ArchiveInput, output: Person },
} as const;
