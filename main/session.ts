/**
 * A workspace opened for use: the database, the handler context and the registry. Shared by the
 * Electron shell, the web harness, the CLI and the tests so they all run the same code path.
 */
import os from 'node:os';
import { openWorkspace, WorkspaceOpenError, type OpenOptions, type Workspace } from '@db/client';
import { consoleLogger, systemClock, writerOf, type Clock, type HandlerContext, type Logger, type WriteContext } from './rpc/context';
import { BUSY_MESSAGE, WriteLockBusy } from './rpc/faults';
import { Registry } from './rpc/registry';
import { handlers } from './services/handlers';
import { ensureDefaultPlaybook, playbookMissing, upgradeShippedPlaybook } from './services/playbook-install';
import { ensureCadencePlanned } from './services/reviews-plan';
import { atEveryCommit } from './services/change-log';
import { refreshReadiness, refreshReadinessAtOpen } from './services/readiness-store';
import { resolveActor, runIdentity } from './services/identity';
import { deviceName } from '@core/domain/identity';

export interface Session {
  workspace: Workspace;
  ctx: HandlerContext;
  registry: Registry;
  dispatch(channel: string, input: unknown): ReturnType<Registry['dispatch']>;
  close(): void;
}

export interface SessionOptions extends OpenOptions {
  clock?: Clock;
  log?: Logger;
  /** Who acts in this run whatever the device's choice: an email or a name (a person's), or any text (scripts, tests). */
  actor?: string;
  /** Where ROLLOUT_WORKBENCH_ACTOR is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** This machine (default "login@host"). */
  device?: string;
  checkOutput?: boolean;
  /** How long opening waits for another program's write lock when it has housekeeping to write (default OPEN_WRITE_WAIT_MS). */
  openWriteWaitMs?: number;
}

/**
 * Opening serves nothing else yet, so a write it needs may wait for the lock synchronously, longer
 * than a save does, but not for ever: a workspace another program keeps writing still opens.
 */
export const OPEN_WRITE_WAIT_MS = 5000;

/**
 * What opening writes when the workspace needs it, and what is said when it is put off to the next
 * start (null: nothing to say, because nobody could tell the difference).
 */
const OPEN_TIME_WRITES: { run: (ctx: WriteContext) => unknown; putOff: string | null }[] = [
  { run: ensureDefaultPlaybook, putOff: 'the missing parts of the playbook will be installed' },
  { run: upgradeShippedPlaybook, putOff: 'the playbook will be updated to the shipped version' },
  // Sites from before reviews existed (or brought back from retirement) get their cadence planned.
  { run: ensureCadencePlanned, putOff: 'reviews will be planned' },
  // What a migration, an import or another program left dirty in stored readiness is recomputed once here.
  // Put off, it is still right: reads evaluate dirty rows themselves, and the next write refreshes them.
  { run: refreshReadinessAtOpen, putOff: null },
];

/**
 * Runs the open-time writes, each in an immediate transaction that waits up to `waitMs` for the lock.
 * When another program keeps the lock, the writes are put off to the next start with a notice and the
 * workspace opens all the same (reads, Verify and saves work; saves wait for the lock as always),
 * unless it has no playbook at all: that one is needed to use it, so the open answers BUSY's words.
 */
function writeAtOpen(ctx: HandlerContext, workspace: Workspace, waitMs: number): void {
  const sqlite = workspace.sqlite;
  const busyTimeout = Number(sqlite.pragma('busy_timeout', { simple: true }));
  const putOff: string[] = [];
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.round(waitMs))}`);
  try {
    for (const step of OPEN_TIME_WRITES) {
      try {
        step.run(writerOf(ctx));
      } catch (e) {
        if (!(e instanceof WriteLockBusy)) throw e;
        if (playbookMissing(ctx)) throw new WorkspaceOpenError('locked', `Cannot open ${workspace.file}: ${BUSY_MESSAGE}`, workspace.file);
        if (step.putOff) putOff.push(step.putOff);
        // Waited once already: the later steps only look, and are put off at once if they need to write.
        sqlite.pragma('busy_timeout = 0');
      }
    }
  } finally {
    sqlite.pragma(`busy_timeout = ${busyTimeout}`);
  }
  if (putOff.length) {
    const what = putOff.length === 1 ? putOff[0] : `${putOff.slice(0, -1).join(', ')} and ${putOff.at(-1)}`;
    workspace.notices.push(`Another program is writing to this workspace; ${what} at the next start.`);
  }
}

export function openSession(file: string, opts: SessionOptions = {}): Session {
  const clock = opts.clock ?? systemClock;
  const workspace = openWorkspace(file, { ...opts, now: () => clock.now() });
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const identity = runIdentity({ actor: opts.actor, env: opts.env });
  const ctx: HandlerContext = {
    db: workspace.db,
    clock,
    log: opts.log ?? consoleLogger,
    // Resolved at each read: choosing another person in the app applies to the next change.
    get actor() {
      return resolveActor(ctx);
    },
    device: opts.device ?? deviceName(identity.login, os.hostname()),
    identity,
    workspacePath: workspace.file,
    schemaVersion: workspace.schemaVersion,
    emit: (event, payload) => listeners.forEach((l) => l(event, payload)),
  };
  // Every write keeps stored readiness current in its own transaction (docs/ARCHITECTURE.md, "Stored readiness").
  atEveryCommit(ctx, (tx) => refreshReadiness(tx, ctx));
  // A read-only workspace is shown as it is: nothing is planned or upgraded in it.
  if (workspace.readOnlyReason === null) {
    try {
      writeAtOpen(ctx, workspace, opts.openWriteWaitMs ?? OPEN_WRITE_WAIT_MS);
    } catch (e) {
      workspace.close();
      throw e;
    }
  }
  const registry = new Registry(handlers, { checkOutput: opts.checkOutput ?? process.env.NODE_ENV !== 'production' });
  return {
    workspace,
    ctx,
    registry,
    dispatch: (channel, input) => registry.dispatch(channel, input, ctx),
    close: () => workspace.close(),
  };
}

export type EventListener = Parameters<NonNullable<HandlerContext['emit']>>;
