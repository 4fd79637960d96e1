/**
 * `npm run web -- --workspace FILE [--port N] [--new] [--export-dir DIR] [--config-dir DIR]`: serves the
 * app in a browser over the loopback HTTP transport, for machines without Electron or a display server,
 * and for the E2E tests. A missing workspace file is created only at the default path or with --new
 * (main/workspace-create.ts); the export folder is created when missing (main/output-folder.ts). The
 * workspace is held by the same host as in the desktop app (main/workspace-host.ts): a file that fails
 * its checks opens the recovery screen (printed as `RECOVERY <url>` before READY). The recent workspaces
 * list is kept in --config-dir (default: $XDG_CONFIG_HOME or ~/.config, then rollout-workbench/web).
 * `--update-feed URL [--app-version X]` (harness only) reads updates from a feed of release files
 * (main/updates/feed-updater.ts) as if this were version X (default: package.json's); "Restart to
 * update" is printed as `UPDATE-INSTALL <version>` and the harness keeps running. Without it the
 * harness says it does not update itself. Reminders run as in the desktop app (main/reminders/resident.ts)
 * but without tray or start at login; the SMTP password given in Settings is kept for this run only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { WorkspaceOpenError } from '@db/client';
import { ensureOutputFolder, OutputFolderError } from './output-folder';
import { harnessCreateRule } from './workspace-create';
import { startHttpTransport } from './rpc/http-transport';
import { ResidentApp } from './reminders/resident';
import { MemorySecretStore } from './reminders/secret-store';
import { consoleLogger } from './rpc/context';
import { WorkspaceHost } from './workspace-host';
import { NOT_PACKAGED_REASON, startUpdates, unsupportedUpdater } from './updates/index';
import { FeedUpdater, isVersionNumber } from './updates/feed-updater';
import { withoutCredentials } from './updates/failure';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  // Under `npm run web`, npm starts the harness in the project folder: paths are read from where it was typed.
  if (process.env.npm_lifecycle_event === 'web' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string', short: 'w' },
      port: { type: 'string', short: 'p' },
      static: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'export-dir': { type: 'string' },
      'read-only': { type: 'boolean', default: false },
      new: { type: 'boolean', default: false },
      create: { type: 'boolean', default: false },
      'config-dir': { type: 'string' },
      'update-feed': { type: 'string' },
      'app-version': { type: 'string' },
    },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535 (0 picks a free port); got "${values.port}".`);
    process.exit(2);
  }
  const named = values.workspace ?? (process.env.ROLLOUT_WORKBENCH_DB || undefined);
  if (named !== undefined && !named.trim()) {
    console.error('--workspace is empty: name the workspace file, e.g. --workspace ~/rollouts.sqlite (leave it out for workspace.sqlite here).');
    process.exit(2);
  }
  const file = path.resolve(named ?? 'workspace.sqlite');
  const staticDir = path.resolve(values.static ?? path.join(here, '../out/web'));
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    console.error(`The web build is missing (${staticDir}). Run: npm run web (it builds first).`);
    process.exit(2);
  }
  const isNew = !fs.existsSync(file) || fs.statSync(file).size === 0;
  // Exports to a folder: the page cannot choose a path, so the folder is the one given here (made when
  // missing, and again if it was removed while the harness runs; a refusal names --export-dir).
  let exportDir: string | null = null;
  try {
    exportDir = values['export-dir'] ? ensureOutputFolder(values['export-dir'], '--export-dir').folder : null;
  } catch (err) {
    if (!(err instanceof OutputFolderError)) throw err;
    console.error(err.message);
    process.exit(2);
  }
  const dir = exportDir;
  const chooseFolder = dir
    ? async () => {
        try {
          return ensureOutputFolder(dir, '--export-dir').folder;
        } catch (err) {
          throw err instanceof OutputFolderError
            ? new WorkbenchError(ErrorCode.REFUSED, `The export folder cannot be used (${err.message}) Restart the harness with another --export-dir.`)
            : err;
        }
      }
    : undefined;
  const appVersion = values['app-version'] ?? harnessVersion();
  const feed = values['update-feed'];
  if (!isVersionNumber(appVersion)) {
    console.error(`--app-version must be a version number like 1.2.3; got "${appVersion}".`);
    process.exit(2);
  }
  if (feed !== undefined && !/^https?:\/\/\S+$/i.test(feed)) {
    console.error(`--update-feed must be an http:// or https:// address of the release files (latest.yml…); got "${withoutCredentials(feed)}".`);
    process.exit(2);
  }
  const configDir = path.resolve(values['config-dir'] ?? defaultConfigDir());
  const log = values.quiet ? { info() {}, warn: console.warn, error: console.error } : consoleLogger;
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const createRule = harnessCreateRule({ pathGiven: named !== undefined, asked: values.new || values.create });
  let host: WorkspaceHost;
  // The reminder loop hears of writes and switches through the events the host sends the page.
  let reminders: ResidentApp | null = null;
  const hostEmit = (event: string, payload: unknown) => {
    listeners.forEach((l) => l(event, payload));
    if (event === 'data.changed') reminders?.dataChanged(payload as { entity: string });
    if (event === 'workspace.changed') reminders?.workspaceChanged();
  };
  try {
    host = WorkspaceHost.start(
      file,
      {
        configDir,
        session: {
          readonly: values['read-only'],
          ...(values.quiet ? { log: { info() {}, warn: console.warn, error: console.error } } : {}),
        },
        emit: hostEmit,
        ...(chooseFolder ? { chooseFolder } : {}),
      },
      createRule,
    );
  } catch (err) {
    if (err instanceof WorkspaceOpenError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const transport = await startHttpTransport({
    // A call from a page carries its Caller, so a job it starts ends when the page goes away.
    dispatch: (channel, input, caller) => host.dispatch(channel, input, caller),
    staticDir,
    port,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  });
  const updates = startUpdates({
    updater: feed
      ? new FeedUpdater({
          feedUrl: feed,
          currentVersion: appVersion,
          downloadDir: path.join(configDir, 'update-downloads'),
          log,
          onInstall: (v) => console.log(`UPDATE-INSTALL ${v} (asked to restart into it; the harness records it and keeps running)`),
        })
      : unsupportedUpdater(appVersion, NOT_PACKAGED_REASON),
    configDir,
    log,
    emit: (state) => listeners.forEach((l) => l('updates.state', state)),
    // The harness serves tests and demonstrations: its first check comes at once, not after a start-up pause.
    firstCheckDelayMs: 1000,
  });
  host.updates = updates;
  const session = host.session;
  const recovery = host.recoveryState;
  if (session) {
    console.log(`Rollout Workbench is serving ${file}${isNew && session.workspace.migratedFrom === 0 ? ' (a new workspace)' : ''}`);
  } else if (recovery) {
    console.log(`Rollout Workbench is serving the recovery screen for ${file} (the file is left as it is)`);
  }
  if (exportDir) console.log(`Exports go to ${exportDir}`);
  if (feed) console.log(`Updates: version ${appVersion}, reading the update feed ${withoutCredentials(feed)}`);
  if (session?.workspace.migratedFrom !== null && session?.workspace.backupFile)
    console.log(`Migrated to this app version; the backup is ${session.workspace.backupFile}`);
  if (session?.workspace.readOnlyReason) console.log(`Read-only: ${session.workspace.readOnlyReason} (changes cannot be saved)`);
  console.log(`Open: ${transport.url}`);
  // Machine-readable markers for tests and scripts: RECOVERY when the workspace failed its checks.
  if (recovery) console.log(`RECOVERY ${transport.url}`);
  console.log(`READY ${transport.url}`);
  // The same reminder loop as the desktop app, without tray or login item: the page shows its summary as
  // an in-app notification, and the SMTP password is kept in memory for this run only.
  const resident = ResidentApp.start({
    host,
    configDir,
    now: () => new Date(),
    log,
    secrets: new MemorySecretStore(),
    loginItem: null,
    resident: false,
    notify: (n) => listeners.forEach((l) => l('reminders.due', n)),
    emit: (state) => listeners.forEach((l) => l('reminders.state', state)),
  });
  reminders = resident;
  host.reminders = resident;
  // Pending work first (a live calendar waiting for its burst is written, at most 5 s), then the loop stops.
  const stop = () => {
    const limit = new Promise<void>((done) => setTimeout(done, 5000).unref());
    void Promise.race([resident.flush().catch(() => {}), limit])
      .then(() => {
        resident.stop();
        updates.stop();
        return Promise.all([transport.close(), host.close()]);
      })
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The version the harness says it is: package.json's. */
function harnessVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(here, '../package.json'), 'utf8')) as { version: string }).version;
}

/** Where the recent workspaces list lives when --config-dir is not given: the user's config folder. */
function defaultConfigDir(): string {
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'rollout-workbench', 'web');
}

main().catch((err: NodeJS.ErrnoException & { port?: number }) => {
  console.error(
    err.code === 'EADDRINUSE'
      ? `Port ${err.port ?? ''} is in use: choose another with --port, or 0 for any free port.`
      : `The web harness failed: ${err.message}`,
  );
  process.exit(2);
});
