import { z } from 'zod';
import { RESPONSIBILITIES } from '../domain/responsibilities';
import { Id, optionalNote, Timestamp } from './fields';

export const ResponsibilitySchema = z.enum(RESPONSIBILITIES, {
  error: `Responsibility must be one of: ${RESPONSIBILITIES.join(', ')}.`,
});

export const OwnerAssignment = z.object({
  id: Id,
  siteId: Id,
  responsibility: ResponsibilitySchema,
  ownerId: Id,
  ownerName: z.string(),
  ownerEmail: z.string(),
  ownerActive: z.boolean(),
  backupOwnerId: Id.nullable(),
  backupOwnerName: z.string().nullable(),
  verifiedAt: Timestamp.nullable(),
  verifiedById: Id.nullable(),
  verifiedByName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
});
export type OwnerAssignment = z.infer<typeof OwnerAssignment>;

/** One row per responsibility, in the canonical order, assigned or not. */
export const OwnerMatrixRow = z.object({
  responsibility: ResponsibilitySchema,
  assignment: OwnerAssignment.nullable(),
});
export const OwnerMatrix = z.object({
  siteId: Id,
  rows: z.array(OwnerMatrixRow),
  gaps: z.number().int(),
  unverified: z.number().int(),
});
export type OwnerMatrix = z.infer<typeof OwnerMatrix>;

export const OwnerAssign = z
  .object({
    siteId: Id,
    responsibility: ResponsibilitySchema,
    ownerId: z.string({ error: 'Choose the owner.' }).min(1, { error: 'Choose the owner.' }).max(64),
    backupOwnerId: z.preprocess(
      (v) => (v === '' ? null : v),
      Id.nullable()
        .optional()
        .transform((v) => v ?? null),
    ),
    note: optionalNote('Note', 2000),
  })
  .superRefine((v, ctx) => {
    if (v.backupOwnerId && v.backupOwnerId === v.ownerId) {
      ctx.addIssue({
        code: 'custom',
        path: ['backupOwnerId'],
        message: 'The backup owner must be someone other than the owner: choose another person or leave it empty.',
      });
    }
  });
export type OwnerAssignInput = z.input<typeof OwnerAssign>;

export const OwnerVerify = z.object({
  siteId: Id,
  responsibility: ResponsibilitySchema,
  /** The person who confirmed the owner can really do it (e.g. restored a backup, reached the host). */
  verifiedById: z.string({ error: 'Choose who verified it.' }).min(1, { error: 'Choose who verified it.' }).max(64),
  note: optionalNote('Note', 2000),
});

export const OwnerUnassign = z.object({ siteId: Id, responsibility: ResponsibilitySchema });

export const ownersContract = {
  'owners.matrix': { input: z.object({ siteId: Id }), output: OwnerMatrix },
  'owners.assign': { input: OwnerAssign, output: OwnerMatrix },
  'owners.verify': { input: OwnerVerify, output: OwnerMatrix },
  'owners.unassign': { input: OwnerUnassign, output: OwnerMatrix },
} as const;
