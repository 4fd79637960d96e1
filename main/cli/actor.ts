/**
 * Who the command line acts as: `--as EMAIL|NAME` (a person of the workspace), else ROLLOUT_WORKBENCH_ACTOR,
 * else the person chosen in the app on this device, else the device login, said in one line.
 */
import { historyEnd } from '../services/history';
import { currentIdentity, findPerson } from '../services/identity';
import type { Session } from '../session';

export type CliActor = { ok: true; note: string | null } | { ok: false; problem: string };

/**
 * Applies `--as` to the session and says who acts. `writes` tells whether the command can record changes:
 * only then is acting as the device login worth a note, printed once it did (recordedSince).
 */
export function actAs(session: Session, as: string | undefined, writes: boolean): CliActor {
  const ctx = session.ctx;
  if (as !== undefined) {
    if (!as.trim()) return { ok: false, problem: '--as needs the email or the name of a person of this workspace.' };
    const match = findPerson(ctx, as);
    if (!match.person) return { ok: false, problem: `--as: ${match.problem}` };
    ctx.identity = { login: ctx.identity?.login ?? ctx.device, deferred: false, override: { text: match.person.email, from: '--as' } };
    return { ok: true, note: null };
  }
  if (!writes) return { ok: true, note: null };
  const who = currentIdentity({ db: ctx.db, device: ctx.device, identity: ctx.identity });
  if (who.source !== 'none' && who.source !== 'later') return { ok: true, note: null };
  return { ok: true, note: `Note: changes are recorded as ${who.actor}; pass --as EMAIL, or choose who you are in the app on this device.` };
}

/** Where history ends now (it is append-only): a row after the mark is a change the command recorded. */
export function historyMark(session: Session): number {
  return historyEnd(session.ctx);
}

/** Whether the command recorded any change since `mark`: only then does who it was recorded as matter. */
export function recordedSince(session: Session, mark: number): boolean {
  try {
    return historyMark(session) > mark;
  } catch {
    // A workspace that cannot be read any more (a fault already reported) recorded nothing more.
    return false;
  }
}
