/**
 * What holds a restart back: the long operations running now in this program (an export or an import
 * that a restart would cut in half). One table names them: a channel declared in LONG_OPERATIONS holds
 * a restart while its call runs (the registry, main/rpc/registry.ts) and while any job it started runs
 * (main/services/jobs.ts), so a new export is covered by declaring its channel here, nothing else.
 * Anything else that runs long outside a channel holds one with `holdRestart`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Channel } from '@core/contract/index';
import { ErrorCode, WorkbenchError } from '@core/errors';

/** Long operations by channel, in words that complete "Restart when … ends". */
export const LONG_OPERATIONS: Partial<Record<Channel, string>> = {
  'documents.exportBulk': 'an export of documents',
  'portfolio.export': 'a spreadsheet export',
  'portfolio.import': 'a spreadsheet import',
  'activity.import': 'an activity import',
  'bulk.apply': 'a bulk change to sites',
  'bundles.export': 'a bundle export',
  'bundles.import': 'a bundle import',
  'backups.create': 'a backup',
  'backups.restore': 'a restore of a backup',
  'playbook.import': 'a playbook import',
  'workspace.redactSecrets': 'a redaction of secrets',
  'workspace.copyAside': 'a copy of the workspace',
};

/**
 * Channels that write in steps (bound with writeInSteps), or whose names say they export, import,
 * restore or make a backup, yet may be cut by a restart without harm; every other such channel must be
 * in LONG_OPERATIONS (tests/rpc/updates.test.ts, "long operations are declared", holds that).
 */
export const NOT_LONG_OPERATIONS: Partial<Record<Channel, string>> = {
  'documents.generate': 'one document, rendered and recorded in a moment; a cut leaves no half-written file',
  'clients.restore': 'takes one client out of the archive in one transaction',
  'sites.restore': 'takes one site out of the archive in one transaction',
  'people.restore': 'takes one person out of the archive in one transaction',
  'playbook.export': 'answers the playbook to the window; writes no file',
  'activity.imports': 'lists past imports; reads only',
  'bundles.preview': 'reads an uploaded bundle to show what it holds; writes nothing',
  'bundles.discard': 'forgets a previewed bundle in a moment',
};

const RESTARTING_MESSAGE = 'Rollout Workbench is restarting to install an update; try again after it restarts.';
let restarting = false;

/**
 * Set once a restart into an update has passed the busy check, so no new long operation starts in the
 * moment before the program quits; cleared when that restart fails.
 */
export function setRestarting(on: boolean): void {
  restarting = on;
}

export function isRestarting(): boolean {
  return restarting;
}

const held = new Map<symbol, string>();
const calling = new AsyncLocalStorage<Channel>();
const listeners = new Set<() => void>();

function changed(before: string): void {
  if (runningLongOperations().join('\u0000') === before) return;
  for (const l of listeners) {
    try {
      l();
    } catch {
      // A listener's failure is no reason to refuse an export or an import.
    }
  }
}

/**
 * Holds a restart back until the answer is called (safe to call twice). Refused (BUSY) while the program
 * is restarting into an update: the operation would be cut short.
 */
export function holdRestart(what: string): () => void {
  if (restarting) throw new WorkbenchError(ErrorCode.BUSY, RESTARTING_MESSAGE, { restarting: true });
  const token = Symbol(what);
  const before = runningLongOperations().join('\u0000');
  held.set(token, what);
  changed(before);
  return () => {
    const was = runningLongOperations().join('\u0000');
    if (held.delete(token)) changed(was);
  };
}

/** Calls `listener` whenever the list of long operations running changes; answers the way to stop. */
export function onLongOperationsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Runs one call of `channel`: a declared long operation holds a restart until it answers, and the jobs
 * it starts know which channel started them (`longOperationOfCaller`).
 */
export async function trackCall<T>(channel: Channel, run: () => Promise<T>): Promise<T> {
  const what = LONG_OPERATIONS[channel];
  const release = what ? holdRestart(what) : null;
  try {
    return await calling.run(channel, run);
  } finally {
    release?.();
  }
}

/** The long operation the running call is, if it is one: what a job started from it holds. */
export function longOperationOfCaller(): string | null {
  const channel = calling.getStore();
  return channel ? (LONG_OPERATIONS[channel] ?? null) : null;
}

/** What runs now that a restart would cut, each named once ("an export of documents"); empty: a restart may happen. */
export function runningLongOperations(): string[] {
  return [...new Set(held.values())];
}
