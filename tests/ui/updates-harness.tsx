/**
 * The update state behind the renderer in UI tests: main's own UpdateController (main/updates/) over a
 * stand-in updater whose check, download and restart the test drives, reached through an in-memory
 * bridge that binds the `updates.*` channels to the controller as the app does and carries its
 * 'updates.state' events.
 */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { UpdateState } from '@core/contract/updates';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { Providers } from '@renderer/app/providers';
import { setBridge } from '@renderer/lib/rpc';
import { setRestarting } from '@main/updates/busy';
import { UpdateController } from '@main/updates/controller';
import type { DownloadProgress, FoundUpdate, Updater } from '@main/updates/port';

export const CURRENT = '1.2.0';

export interface UpdatesHarness {
  controller: UpdateController;
  /** Channel calls the renderer made, with their input. */
  calls: { channel: string; input: unknown }[];
  /** Runs after a channel's handler, before its answer goes back (main's events travel apart from answers). */
  beforeAnswer: ((channel: string) => void | Promise<void>) | null;
  /** The restarts main was asked for. */
  restarts: number;
  /** The download in progress: report progress, finish it or fail it. */
  download: { progress(p: DownloadProgress): void; finish(): void; fail(err: Error): void } | null;
  /** Sends a state as main would. */
  push(state: UpdateState): void;
  /** What the feed offers from the next check on (null: nothing newer). */
  offer(found: FoundUpdate | null): void;
  /** "Check now" from main's side, answering with `found` (null: up to date). */
  checkFinding(found: FoundUpdate | null): Promise<UpdateState>;
  /** Checks, finding `found`, and finishes its download: the state is 'ready'. */
  ready(found: FoundUpdate): Promise<UpdateState>;
  /** Holds the next checks at the feed (the state stays 'checking') until the answer is called. */
  holdChecks(): () => void;
  /** Ends the controller and clears main's module-wide "restarting" latch, so the next test starts clean. */
  stop(): void;
}

export function newerVersion(over: Partial<FoundUpdate> = {}): FoundUpdate {
  return { version: '1.3.0', releaseName: null, releaseNotes: 'Faster exports.', releaseDate: '2026-02-27T10:00:00.000Z', ...over };
}

export function updatesHarness({ supported = true, automatic = true } = {}): UpdatesHarness {
  const listeners = new Set<(payload: unknown) => void>();
  let nextFound: FoundUpdate | null = null;
  let on = automatic;
  let held: Promise<void> | null = null;
  const h: UpdatesHarness = {
    controller: null as unknown as UpdateController,
    calls: [],
    beforeAnswer: null,
    restarts: 0,
    download: null,
    push: (state) => listeners.forEach((l) => l(state)),
    offer: (found) => (nextFound = found),
    checkFinding: (found) => {
      nextFound = found;
      return h.controller.check();
    },
    ready: async (found) => {
      await h.checkFinding(found);
      h.download!.finish();
      await new Promise((r) => setTimeout(r, 0));
      return h.controller.state();
    },
    holdChecks: () => {
      let release: () => void = () => {};
      held = new Promise<void>((r) => (release = r));
      return () => {
        held = null;
        release();
      };
    },
    stop: () => {
      h.controller.stop();
      setRestarting(false);
    },
  };
  const updater: Updater = {
    currentVersion: CURRENT,
    support: supported ? { supported: true } : { supported: false, reason: 'This build does not update itself: it runs from a development checkout.' },
    check: async () => {
      if (held) await held;
      return nextFound;
    },
    download: (onProgress) =>
      new Promise<void>((finish, fail) => {
        h.download = { progress: onProgress, finish, fail };
      }),
    installAndRestart: () => (h.restarts++, true),
    // As the web harness: the restart is recorded and the program runs on, so main's latch is let go.
    restartIsRecordedOnly: true,
  };
  h.controller = new UpdateController({
    updater,
    setting: { automatic: () => on, setAutomatic: (value) => (on = value) },
    clock: { now: () => new Date('2026-03-01T09:00:00.000Z') },
    log: { info: () => {}, warn: () => {}, error: () => {} },
    emit: (state) => h.push(UpdateState.parse(state)),
    // The schedule never fires by itself: the test decides when a check happens.
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
  });
  const handlers: Record<string, (input: unknown) => unknown> = {
    'updates.state': () => h.controller.state(),
    'updates.check': () => h.controller.check(),
    'updates.setAutomatic': (input) => h.controller.setAutomatic((input as { automatic: boolean }).automatic),
    'updates.install': () => h.controller.install(),
  };
  setBridge({
    invoke: async (channel, input) => {
      h.calls.push({ channel, input });
      const handler = handlers[channel];
      if (!handler) return { ok: false, error: { code: ErrorCode.UNKNOWN_CHANNEL, message: `No channel ${channel} here.` } };
      try {
        const value = await handler(input);
        await h.beforeAnswer?.(channel);
        return { ok: true, value };
      } catch (err) {
        if (err instanceof WorkbenchError) return { ok: false, error: err.toWire() };
        throw err;
      }
    },
    on: (event, listener) => {
      if (event !== 'updates.state') return () => {};
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return h;
}

export function renderWithProviders(ui: ReactNode) {
  return render(<Providers router={false}>{ui}</Providers>);
}
