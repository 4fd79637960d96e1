/**
 * The reminders behind the renderer in UI tests: a real workspace (SQLite, tests/db/helpers) whose
 * session holds main's own ResidentApp (main/reminders/resident.ts) as `host.reminders`, as the web
 * harness does, with its timers never firing by themselves. The bridge dispatches every channel to the
 * session and carries the resident's 'reminders.state' events.
 */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { newId } from '@db/ids';
import type { ReminderState } from '@core/contract/reminders';
import { Providers } from '@renderer/app/providers';
import { setBridge } from '@renderer/lib/rpc';
import { silentLogger } from '@main/rpc/context';
import { ResidentApp, type LoginItemPort } from '@main/reminders/resident';
import { MemorySecretStore } from '@main/reminders/secret-store';
import { openTestWorkspace, tempDir, type TestWorkspace } from '../db/helpers';

export interface RemindersHarness {
  ws: TestWorkspace;
  resident: ResidentApp;
  secrets: MemorySecretStore;
  /** The login item as the desktop app would set it; null when start at login is unsupported. */
  loginItem: { on: boolean } | null;
  /** Channel calls the renderer made, with their input. */
  calls: { channel: string; input: unknown }[];
  /** Records a digest delivery in the workspace, as a run of the digest would. */
  recordDelivery(d: {
    recipient: string;
    status: ReminderState['email']['deliveries'][number]['status'];
    error?: string | null;
    nextAttemptAt?: string | null;
    attempts?: number;
  }): void;
  /** Pushes the resident's current state as main does after a change. */
  publish(): void;
  stop(): void;
}

const never = { setTimeout: () => 0, clearTimeout: () => {}, setInterval: () => 0, clearInterval: () => {} };

export function remindersHarness({ startAtLogin = true }: { startAtLogin?: boolean } = {}): RemindersHarness {
  const ws = openTestWorkspace();
  const listeners = new Set<(payload: unknown) => void>();
  const secrets = new MemorySecretStore();
  const loginItem = startAtLogin ? { on: false } : null;
  const port: LoginItemPort | null = loginItem ? { get: () => loginItem.on, set: (on) => (loginItem.on = on) } : null;
  const resident = ResidentApp.start({
    host: {
      get workspaceContext() {
        return ws.session.ctx;
      },
      file: ws.file,
    },
    configDir: tempDir(),
    now: () => ws.clock.now(),
    log: silentLogger,
    secrets,
    loginItem: port,
    resident: startAtLogin,
    notify: () => {},
    emit: (state) => listeners.forEach((l) => l(state)),
    timers: never,
  });
  ws.session.ctx.host = {
    replaceWorkspace: () => Promise.reject(new Error('Not in UI tests.')),
    reminders: resident,
  };
  const h: RemindersHarness = {
    ws,
    resident,
    secrets,
    loginItem,
    calls: [],
    recordDelivery: (d) => {
      const at = ws.clock.now().toISOString();
      ws.session.workspace.sqlite
        .prepare(
          `INSERT INTO reminder_deliveries (id, created_at, updated_at, day, recipient, kind, status, attempts, error, next_attempt_at, reviews, sent_at)
           VALUES (?, ?, ?, ?, ?, 'digest', ?, ?, ?, ?, 2, ?)`,
        )
        .run(
          newId(),
          at,
          at,
          at.slice(0, 10),
          d.recipient,
          d.status,
          d.attempts ?? 1,
          d.error ?? null,
          d.nextAttemptAt ?? null,
          d.status === 'sent' ? at : null,
        );
    },
    publish: () => {
      const s = resident.state();
      listeners.forEach((l) => l(s));
    },
    stop: () => resident.stop(),
  };
  setBridge({
    invoke: (channel, input) => {
      h.calls.push({ channel, input });
      return ws.session.dispatch(channel as never, input);
    },
    on: (event, listener) => {
      if (event !== 'reminders.state') return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return h;
}

export function renderWithProviders(ui: ReactNode) {
  return render(<Providers router={false}>{ui}</Providers>);
}
