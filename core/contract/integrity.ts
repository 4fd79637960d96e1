import { z } from 'zod';

/** One check of "Verify workspace", in plain words. */
export const VerifyCheck = z.object({
  key: z.enum(['integrity', 'foreign_keys', 'guards', 'chain']),
  title: z.string(),
  ok: z.boolean(),
  summary: z.string(),
  details: z.array(z.string()),
});
export type VerifyCheck = z.infer<typeof VerifyCheck>;

export const VerifyReport = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  checks: z.array(VerifyCheck),
  chain: z.object({
    rows: z.number().int(),
    /** Rows rewritten by a recorded redaction, per day of the redaction. */
    redacted: z.array(z.object({ on: z.string(), rows: z.number().int() })),
    /** The first row whose seal does not hold, and how many rows follow it. */
    firstBreak: z
      .object({ seq: z.number().int().nullable(), id: z.string(), at: z.string(), what: z.string(), problem: z.string(), following: z.number().int() })
      .nullable(),
  }),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const integrityContract = {
  'workspace.verify': { input: z.object({}).default({}), output: VerifyReport },
} as const;
