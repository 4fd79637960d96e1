/**
 * A workspace opened for use: the database, the handler context and the registry. Shared by the
 * Electron shell, the web harness, the CLI and the tests so they all run the same code path.
 */
import os from 'node:os';
import { openWorkspace, type OpenOptions, type Workspace } from '../db/client';
import { consoleLogger, systemClock, type Clock, type HandlerContext, type Logger } from './rpc/context';
import { Registry } from './rpc/registry';
import { handlers } from './services/handlers';
import { ensureDefaultPlaybook, upgradeShippedPlaybook } from './services/playbook-files';
import { ensureCadencePlanned } from './services/reviews';

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
  actor?: string;
  device?: string;
  checkOutput?: boolean;
}

export function defaultActor(): string {
  if (process.env.ROLLOUT_WORKBENCH_ACTOR) return process.env.ROLLOUT_WORKBENCH_ACTOR;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown user';
  }
}

export function openSession(file: string, opts: SessionOptions = {}): Session {
  const clock = opts.clock ?? systemClock;
  const workspace = openWorkspace(file, { ...opts, now: () => clock.now() });
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const ctx: HandlerContext = {
    db: workspace.db,
    clock,
    log: opts.log ?? consoleLogger,
    actor: opts.actor ?? defaultActor(),
    device: opts.device ?? os.hostname(),
    workspacePath: workspace.file,
    schemaVersion: workspace.schemaVersion,
    emit: (event, payload) => listeners.forEach((l) => l(event, payload)),
  };
  // A read-only workspace is shown as it is: nothing is planned or upgraded in it.
  if (workspace.readOnlyReason === null) {
    ensureDefaultPlaybook(ctx);
    upgradeShippedPlaybook(ctx);
    // Sites from before reviews existed (or brought back from retirement) get their cadence planned.
    ensureCadencePlanned(ctx);
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
