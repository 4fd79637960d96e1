import { z } from 'zod';
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

function clientMatchesOrganisation(v: { organisation: string; clientId: string | null }, ctx: z.RefinementCtx) {
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

export const PersonCreate = personFields.superRefine(clientMatchesOrganisation);
export type PersonCreateInput = z.input<typeof PersonCreate>;
export const PersonUpdate = personFields.extend({ id: Id, version: z.number().int() }).superRefine(clientMatchesOrganisation);
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
