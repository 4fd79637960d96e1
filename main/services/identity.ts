/**
 * Who acts: the one place the actor of a change is decided.
 *
 * In order: an actor named for this run (the CLI's `--as`, ROLLOUT_WORKBENCH_ACTOR for scripts and
 * tests, a test's session option), then the person chosen on this device, then the device login. The
 * choice is kept per device ("login@host") in the workspace, because one workspace file may be opened
 * from several machines: each asks who its user is. A person chosen and later archived still names the
 * changes of this device (it is the same human), but the app asks again.
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Identity } from '@core/contract/identity';
import type { ParsedInputOf } from '@core/contract/index';
import { ACTOR_ENV, deviceLoginActor, whoLabel } from '@core/domain/identity';
import { deviceIdentities } from '@db/schema/index';
import { readOnlyReasonOf, type WritableDb } from '@db/client';
import { hasTable } from '@db/queries/connection';
import type { HandlerContext, WriteContext } from '../rpc/context';
import { mutate, recordChange } from './change-log';
import { refusedOn } from './errors';
import { requirePerson, type PersonRef } from './records';
import { createPerson } from './people';

export interface RunIdentity {
  /** The operating-system login of this process's user. */
  login: string;
  /** An actor named for this run, an email or a name, and what named it ("--as", the environment variable). */
  override: { text: string; from: string } | null;
  /** "Later" was chosen in this run: the device login acts, and the question comes back at the next start. */
  deferred: boolean;
}

export function osLogin(): string {
  try {
    return os.userInfo().username || 'unknown user';
  } catch {
    return 'unknown user';
  }
}

/** A run's identity: `actor` (a session option: the CLI's --as, tests) wins over the environment variable. */
export function runIdentity(opts: { actor?: string | undefined; env?: NodeJS.ProcessEnv; login?: string }): RunIdentity {
  const fromEnv = (opts.env ?? process.env)[ACTOR_ENV]?.trim();
  const override = opts.actor?.trim() ? { text: opts.actor.trim(), from: '--as' } : fromEnv ? { text: fromEnv, from: ACTOR_ENV } : null;
  return { login: opts.login ?? osLogin(), override, deferred: false };
}

type IdentityCtx = Pick<HandlerContext, 'db' | 'device' | 'identity'>;

type PersonRow = PersonRef;

/** A workspace opened with an older schema (only tests do that) has no device identities yet. */
const hasDeviceTable = (db: HandlerContext['db']) => hasTable(db, 'device_identities');

function devicePerson(ctx: IdentityCtx): PersonRow | null {
  if (!hasDeviceTable(ctx.db)) return null;
  return (
    ctx.db.get<PersonRow>(
      sql`SELECT p.id, p.name, p.email, p.archived_at AS archivedAt FROM device_identities d JOIN people p ON p.id = d.person_id WHERE d.id = ${ctx.device}`,
    ) ?? null
  );
}

export type PersonMatch = { person: PersonRow } | { person: null; problem: string };

/**
 * The person an email or a name names: an email matches whatever its case; a name matches when exactly
 * one person not archived bears it (case aside). Archived people are found only to say so.
 */
export function findPerson(ctx: Pick<HandlerContext, 'db'>, text: string): PersonMatch {
  const wanted = text.trim();
  const byEmail = ctx.db.get<PersonRow>(sql`SELECT id, name, email, archived_at AS archivedAt FROM people WHERE lower(email) = lower(${wanted})`);
  if (byEmail) {
    return byEmail.archivedAt
      ? { person: null, problem: `${byEmail.name} (${byEmail.email}) is archived: restore them on the People page first.` }
      : { person: byEmail };
  }
  const byName = ctx.db.all<PersonRow>(
    sql`SELECT id, name, email, archived_at AS archivedAt FROM people WHERE lower(name) = lower(${wanted}) AND archived_at IS NULL ORDER BY created_at, id`,
  );
  if (byName.length === 1) return { person: byName[0]! };
  if (byName.length > 1)
    return { person: null, problem: `${byName.length} people are named “${wanted}”: give the email instead (${byName.map((p) => p.email).join(', ')}).` };
  return { person: null, problem: `Nobody in this workspace has the email or name “${wanted}”. Add the person on the People page, or check the spelling.` };
}

/** What a change made now is recorded as. Read at each use of `ctx.actor` in a session. */
export function resolveActor(ctx: IdentityCtx): string {
  const run = ctx.identity;
  if (run?.override) {
    const match = findPerson(ctx, run.override.text);
    return match.person?.name ?? run.override.text;
  }
  const person = devicePerson(ctx);
  if (person) return person.name;
  return deviceLoginActor(run?.login ?? ctx.device);
}

function legacyYouAre(ctx: IdentityCtx): string | null {
  const row = ctx.db.get<{ value: string }>(sql`SELECT value FROM workspace_meta WHERE key = 'setting.mePersonId'`);
  if (!row) return null;
  try {
    const id = JSON.parse(row.value) as unknown;
    if (typeof id !== 'string') return null;
    return ctx.db.get<{ id: string }>(sql`SELECT id FROM people WHERE id = ${id} AND archived_at IS NULL`)?.id ?? null;
  } catch {
    return null;
  }
}

export function currentIdentity(ctx: IdentityCtx & { readOnly?: boolean }): Identity {
  const run = ctx.identity;
  const device = ctx.device;
  const actor = resolveActor(ctx);
  const shape = (p: PersonRow | null) => (p ? { id: p.id, name: p.name, email: p.email, archived: p.archivedAt !== null } : null);
  if (run?.override) {
    const match = findPerson(ctx, run.override.text);
    return { device, actor, source: 'override', person: shape(match.person), overrideFrom: run.override.from, ask: false, suggestedPersonId: null };
  }
  const person = devicePerson(ctx);
  // A read-only workspace cannot keep an answer, so it does not ask.
  const canAsk = !ctx.readOnly && hasDeviceTable(ctx.db);
  if (person) {
    const archived = person.archivedAt !== null;
    return { device, actor, source: 'person', person: shape(person), overrideFrom: null, ask: archived && canAsk && !run?.deferred, suggestedPersonId: null };
  }
  return {
    device,
    actor,
    source: run?.deferred ? 'later' : 'none',
    person: null,
    overrideFrom: null,
    ask: canAsk && !run?.deferred,
    suggestedPersonId: legacyYouAre(ctx),
  };
}

/**
 * Sets (or clears, with null) the person this device acts as, inside the caller's transaction, and
 * records it in history under the person now acting.
 */
export function writeDeviceIdentity(tx: WritableDb, ctx: WriteContext, at: string, personId: string | null): void {
  const before = devicePerson(ctx);
  const previousActor = ctx.actor;
  let person: PersonRow | null = null;
  if (personId !== null) {
    person = requirePerson(ctx, personId);
    if (person.archivedAt) throw refusedOn('personId', `${person.name} is archived: choose someone else, or restore them on the People page first.`);
  }
  if ((before?.id ?? null) === personId && before?.archivedAt == null) return;
  const existing = ctx.db.get<{ version: number }>(sql`SELECT version FROM device_identities WHERE id = ${ctx.device}`);
  if (existing) {
    tx.update(deviceIdentities)
      .set({ personId, updatedAt: at, version: existing.version + 1 })
      .where(sql`id = ${ctx.device}`)
      .run();
  } else {
    tx.insert(deviceIdentities).values({ id: ctx.device, personId, createdAt: at, updatedAt: at }).run();
  }
  if (ctx.identity) ctx.identity.deferred = false;
  const subject = person ?? before;
  recordChange(tx, ctx, at, {
    entity: subject ? 'person' : 'settings',
    entityId: subject?.id ?? 'settings',
    action: 'identity',
    summary: person
      ? `Changes made on ${ctx.device} are now recorded as ${person.name} (were recorded as ${previousActor})`
      : `Changes made on ${ctx.device} are no longer recorded as ${before?.name ?? previousActor}: the device login acts until someone is chosen`,
    before: { device: ctx.device, personId: before?.id ?? null },
    after: { device: ctx.device, personId },
  });
}

export function chooseIdentity(ctx: WriteContext, personId: string): Identity {
  mutate(ctx, 'person', (tx, at) => {
    writeDeviceIdentity(tx, ctx, at, personId);
    return { id: personId };
  });
  return currentIdentity(ctx);
}

/** Adds the user as a person of the agency and makes them this device's identity, in one transaction. */
export function createSelf(ctx: WriteContext, input: ParsedInputOf<'identity.createSelf'>): Identity {
  mutate(ctx, 'person', (tx, at) => {
    const person = createPerson(ctx, { name: input.name, email: input.email, organisation: 'agency', clientId: null, phone: null, active: true });
    writeDeviceIdentity(tx, ctx, at, person.id);
    return { id: person.id };
  });
  return currentIdentity(ctx);
}

export function deferIdentity(ctx: HandlerContext): Identity {
  if (ctx.identity) ctx.identity.deferred = true;
  return currentIdentity(ctx);
}

/** The person this device acts as (or the person named for the run), for "Mine" filters; null when none. */
export function identityPersonId(ctx: IdentityCtx): string | null {
  if (ctx.identity?.override) return findPerson(ctx, ctx.identity.override.text).person?.id ?? null;
  const p = devicePerson(ctx);
  return p && p.archivedAt === null ? p.id : null;
}

/** The logins written as actors before people were (listed once by the migration that brought people in). */
export function legacyDeviceLogins(ctx: Pick<HandlerContext, 'db'>): ReadonlySet<string> {
  const row = ctx.db.get<{ value: string }>(sql`SELECT value FROM workspace_meta WHERE key = 'history.deviceLogins'`);
  if (!row) return new Set();
  try {
    const list = JSON.parse(row.value) as unknown;
    return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

/** How a stored who-text reads: a bare login from before people were actors reads as a device login. */
export function whoReader(ctx: Pick<HandlerContext, 'db'>): (actor: string) => string {
  const logins = legacyDeviceLogins(ctx);
  return (actor) => whoLabel(actor, logins);
}

/** `identity.get`: who acts on this device, and whether the workspace can be written at all. */
export function getIdentity(ctx: HandlerContext): Identity {
  return currentIdentity({ ...identityOf(ctx), readOnly: readOnlyReasonOf(ctx.db) !== null });
}

/** The parts of a handler context identity needs (a plain object: `actor` is not read). */
export function identityOf(ctx: HandlerContext): IdentityCtx {
  return { db: ctx.db, device: ctx.device, identity: ctx.identity };
}
