/**
 * `npm run web -- --workspace FILE [--port N]`: serves the app in a browser over the loopback HTTP
 * transport, for machines without Electron or a display server, and for the E2E tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { WorkspaceOpenError } from '../db/client';
import { startHttpTransport } from './rpc/http-transport';
import { reminderFacts } from './reminders/digest';
import { ReminderScheduler } from './reminders/scheduler';
import { openSession } from './session';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string', short: 'w' },
      port: { type: 'string', short: 'p' },
      static: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'export-dir': { type: 'string' },
      'read-only': { type: 'boolean', default: false },
    },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535 (0 picks a free port); got "${values.port}".`);
    process.exit(2);
  }
  const file = path.resolve(values.workspace ?? process.env.ROLLOUT_WORKBENCH_DB ?? 'workspace.sqlite');
  const staticDir = path.resolve(values.static ?? path.join(here, '../out/web'));
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    console.error(`The web build is missing (${staticDir}). Run: npm run web (it builds first).`);
    process.exit(2);
  }
  let session;
  try {
    session = openSession(file, {
      create: 'allow',
      readonly: values['read-only'],
      ...(values.quiet ? { log: { info() {}, warn: console.warn, error: console.error } } : {}),
    });
  } catch (err) {
    if (err instanceof WorkspaceOpenError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // Exports to a folder: the page cannot choose a path, so the folder is the one given here.
  const exportDir = values['export-dir'] ? path.resolve(values['export-dir']) : null;
  if (exportDir && !fs.existsSync(exportDir)) {
    console.error(`--export-dir ${exportDir} does not exist: create it first.`);
    process.exit(2);
  }
  if (exportDir) session.ctx.chooseFolder = async () => exportDir;
  const listeners = new Set<(event: string, payload: unknown) => void>();
  session.ctx.emit = (event, payload) => listeners.forEach((l) => l(event, payload));
  const transport = await startHttpTransport({
    dispatch: (channel, input) => session.dispatch(channel, input),
    staticDir,
    port,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  });
  console.log(`Rollout Workbench is serving ${file}`);
  if (session.workspace.migratedFrom !== null && session.workspace.backupFile) console.log(`Migrated to this app version; the backup is ${session.workspace.backupFile}`);
  if (session.workspace.readOnlyReason) console.log(`Read-only: ${session.workspace.readOnlyReason} (changes cannot be saved)`);
  console.log(`Open: ${transport.url}`);
  // Machine-readable marker for tests and scripts.
  console.log(`READY ${transport.url}`);
  // The same reminder loop as the desktop shell; the page shows its summary as an in-app notification.
  const reminders = new ReminderScheduler(
    () => reminderFacts(session.ctx),
    () => new Date(),
    { notify: (n) => listeners.forEach((l) => l('reminders.due', n)), setBadge: () => {} },
    undefined,
    (err) => console.error('The reminder check failed:', err),
  );
  reminders.start();
  const stop = () => {
    reminders.stop();
    void transport.close().then(() => {
      session.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: NodeJS.ErrnoException & { port?: number }) => {
  console.error(err.code === 'EADDRINUSE' ? `Port ${err.port ?? ''} is in use: choose another with --port, or 0 for any free port.` : `The web harness failed: ${err.message}`);
  process.exit(2);
});
