/**
 * Who did something. A change is recorded under the person the user is (chosen per device); without
 * one, under the device's operating-system login, marked as such so that it never reads as a person.
 */

/** The environment variable that names who acts, for scripts and tests (an email or a name). */
export const ACTOR_ENV = 'ROLLOUT_WORKBENCH_ACTOR';

/** The device: the operating-system login and the host name. */
export function deviceName(login: string, host: string): string {
  return `${login}@${host}`;
}

/** How a change made under the device's login, with no person chosen, is recorded and shown. */
export function deviceLoginActor(login: string): string {
  return `${login} (device login)`;
}

/**
 * A who-text as it was written. Rows from before people were actors hold the bare login of the machine
 * that made them (the workspace lists those logins once, when it learns about people): they read as
 * device logins. Everything written since reads as written.
 */
export function whoLabel(actor: string, deviceLogins: ReadonlySet<string>): string {
  return deviceLogins.has(actor) ? deviceLoginActor(actor) : actor;
}
