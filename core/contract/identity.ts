/**
 * Who the user is on this device: the person every change is recorded under (history, incidents,
 * pauses, reviews, documents), chosen at first start and shown in the title bar.
 */
import { z } from 'zod';
import { Email, Id, requiredText } from './fields';

/**
 * Where the actor comes from:
 * - person: the person chosen on this device;
 * - override: named for this run (the CLI's --as, or ROLLOUT_WORKBENCH_ACTOR for scripts and tests);
 * - later: "Later" was chosen in this run: the device login acts and the question comes back at the next start;
 * - none: nobody chosen yet: the device login acts.
 */
export const IdentitySource = z.enum(['person', 'override', 'later', 'none']);
export type IdentitySource = z.infer<typeof IdentitySource>;

export const Identity = z.object({
  /** This machine: operating-system login and host name ("login@host"). */
  device: z.string(),
  /** What a change made now is recorded as (the person's name, or the device login marked as such). */
  actor: z.string(),
  source: IdentitySource,
  /** The person the actor is, when it is one. `archived` asks for another choice. */
  person: z.object({ id: Id, name: z.string(), email: z.string(), archived: z.boolean() }).nullable(),
  /** What named the actor for this run ("--as" or the environment variable), when source is override. */
  overrideFrom: z.string().nullable(),
  /** True when the app should ask who the user is: nobody chosen on this device, or the person chosen was archived. */
  ask: z.boolean(),
  /** The workspace-wide "You are" of earlier versions, offered first when asking. */
  suggestedPersonId: Id.nullable(),
});
export type Identity = z.infer<typeof Identity>;

export const identityContract = {
  'identity.get': { input: z.object({}).default({}), output: Identity },
  /** This device acts as an existing person from now on. */
  'identity.choose': { input: z.object({ personId: Id }), output: Identity },
  /** Adds the user as a person of the agency and acts as them from now on. */
  'identity.createSelf': { input: z.object({ name: requiredText('Name', 120), email: Email }), output: Identity },
  /** Not now: the device login acts until the next start, when the question comes back. */
  'identity.later': { input: z.object({}).default({}), output: Identity },
} as const;
