/**
 * A stand-in update feed on loopback: what a release publishes for electron-updater (latest.yml,
 * latest-mac.yml, latest-linux.yml… and the file they name, with its sha512), for a fake newer version.
 * Used by vitest (main/updates tests) and by Playwright (the web harness started with
 * `--update-feed <url>`). `update()` changes what it serves mid-test: a feed that is down, a file whose
 * bytes do not match the published checksum, then a good one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import type { UpdateState } from '@core/contract/updates';
import { silentLogger, type Clock } from '@main/rpc/context';
import { UpdateController } from '@main/updates/controller';
import { UpdateSetting } from '@main/updates/setting';
import type { DownloadProgress, FoundUpdate, Timers, Updater, UpdateSupport } from '@main/updates/port';

export interface UpdateFeedOptions {
  /** The version the feed offers, e.g. '9.0.0'. */
  version: string;
  /** As a release would have them: HTML (a GitHub release body), Markdown or text, or one note per version; any other value is a feed of the wrong shape. */
  releaseNotes?: unknown;
  /** Any value: a feed of the wrong shape is a case tests need. */
  releaseName?: unknown;
  /** ISO date-time; default a fixed one. */
  releaseDate?: string;
  /** The file's name in the feed (default `rollout-workbench-<version>.AppImage`). */
  fileName?: string;
  /** Size of the fake file in bytes (default 256 KiB, enough for several progress steps). */
  size?: number;
  /** Serve bytes that do not match the published sha512. */
  corrupt?: boolean;
  /** Answer every request with this HTTP status instead (a feed that is down: 503). */
  failWith?: number | null;
}

export interface UpdateFeed {
  /** The base address to give as the feed (`--update-feed`). */
  url: string;
  /** Paths asked for, in order (query strings dropped). */
  readonly requests: string[];
  /** The published sha512 (base64) of the good file. */
  readonly sha512: string;
  /** Changes what the feed serves from the next request on. */
  update(changes: Partial<UpdateFeedOptions>): void;
  close(): Promise<void>;
}

const FEED_FILE = /^\/latest(-mac|-linux(-[a-z0-9]+)?)?\.yml$/;

function contentOf(version: string, size: number): Buffer {
  // Deterministic bytes per version, so two feeds of the same version serve the same file.
  const seed = crypto.createHash('sha256').update(version).digest();
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = seed[i % seed.length]! ^ (i & 0xff);
  return out;
}

export async function startUpdateFeed(options: UpdateFeedOptions): Promise<UpdateFeed> {
  let o: UpdateFeedOptions = { ...options };
  const requests: string[] = [];
  const fileNameOf = () => o.fileName ?? `rollout-workbench-${o.version}.AppImage`;
  const good = () => contentOf(o.version, o.size ?? 256 * 1024);
  const sha512 = () => crypto.createHash('sha512').update(good()).digest('base64');

  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://feed.test').pathname;
    requests.push(pathname);
    if (o.failWith) {
      res.writeHead(o.failWith, { 'content-type': 'text/plain' });
      res.end('The feed is down.');
      return;
    }
    if (FEED_FILE.test(pathname)) {
      const body = yaml.dump({
        version: o.version,
        files: [{ url: fileNameOf(), sha512: sha512(), size: good().length }],
        path: fileNameOf(),
        sha512: sha512(),
        releaseDate: o.releaseDate ?? '2026-11-20T09:00:00.000Z',
        ...(o.releaseName !== undefined ? { releaseName: o.releaseName } : {}),
        ...(o.releaseNotes !== undefined ? { releaseNotes: o.releaseNotes } : {}),
      });
      res.writeHead(200, { 'content-type': 'text/yaml', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (pathname === `/${encodeURIComponent(fileNameOf())}` || pathname === `/${fileNameOf()}`) {
      const bytes = good();
      const middle = bytes.length >> 1;
      if (o.corrupt) bytes[middle] = bytes[middle]! ^ 0xff;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not in this feed.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    get sha512() {
      return sha512();
    },
    update(changes) {
      o = { ...o, ...changes };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An updater that answers what the test sets, counting what it is asked. */
export class FakeUpdater implements Updater {
  currentVersion = '1.0.0';
  support: UpdateSupport = { supported: true };
  offer: FoundUpdate | null = null;
  checkError: Error | null = null;
  downloadError: Error | null = null;
  checks = 0;
  downloads = 0;
  installs = 0;
  async check() {
    this.checks++;
    if (this.checkError) throw this.checkError;
    return this.offer;
  }
  async download(onProgress: (p: DownloadProgress) => void) {
    this.downloads++;
    for (const percent of [10.5, 10.9, 50, 100]) onProgress({ percent, transferred: percent * 10, total: 1000 });
    if (this.downloadError) throw this.downloadError;
  }
  /** What the last restart was told to call if it fails. */
  restartFailed: ((err: unknown) => void) | null = null;
  installAndRestart(failed: (err: unknown) => void) {
    this.installs++;
    this.restartFailed = failed;
    return true;
  }
}

/** A clock and timers that move only when the test says; due timers run in order. */
export function fakeTime(iso: string) {
  let now = new Date(iso).getTime();
  let next = 0;
  const pending: { id: number; at: number; fn: () => void }[] = [];
  const clock: Clock = { now: () => new Date(now) };
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.push({ id: ++next, at: now + ms, fn });
      return next;
    },
    clearTimeout: (id) => {
      const i = pending.findIndex((p) => p.id === id);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return {
    clock,
    timers,
    pending: () => pending.length,
    /** Moves time on by `ms`, running each timer that falls due and letting its work settle. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        pending.sort((a, b) => a.at - b.at);
        const due = pending[0];
        if (!due || due.at > end) break;
        pending.shift();
        now = due.at;
        due.fn();
        await settle();
      }
      now = end;
    },
  };
}

/** Lets resolved promises and their follow-ups run (no time passes). */
export async function settle() {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

/**
 * An UpdateController over a FakeUpdater and fake time starting at `startIso`, its setting in a fresh
 * temporary folder; `cleanup()` removes the folders made so far (call it after each test).
 */
export function controllerHarness(startIso: string) {
  const dirs: string[] = [];
  const make = (opts: Partial<ConstructorParameters<typeof UpdateController>[0]> = {}) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-updates-'));
    dirs.push(dir);
    const time = fakeTime(startIso);
    const updater = new FakeUpdater();
    const events: UpdateState[] = [];
    const controller = new UpdateController({
      updater,
      setting: new UpdateSetting(dir, silentLogger),
      clock: time.clock,
      timers: time.timers,
      log: silentLogger,
      emit: (s) => events.push(s),
      ...opts,
    });
    return { dir, time, updater, events, controller };
  };
  const cleanup = () => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  };
  return { make, cleanup };
}
