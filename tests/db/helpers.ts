import type { Workflow } from '@core/playbook/schema';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Channel, InputOf, OutputOf } from '@core/contract/index';
import type { Operator } from '@core/contract/operators';
import type { WireError } from '@core/errors';
import { silentLogger, type Clock } from '@main/rpc/context';
import { openSession, type Session } from '@main/session';
import { defaultMigrationsFolder } from '@db/client';
import { factories, type Factories } from '../factories/index';

const dirs: string[] = [];
const sessions: Session[] = [];

afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-db-'));
  dirs.push(d);
  return d;
}

/** The shipped migrations, in order (drizzle-kit's journal). */
export const shippedMigrations = (): { tag: string; when: number }[] =>
  (JSON.parse(fs.readFileSync(path.join(defaultMigrationsFolder(), 'meta/_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] }).entries;

/** A copy of the migrations folder holding only the first `n` migrations (what an older app version shipped). */
export function migrationsUpTo(n: number): string {
  const source = defaultMigrationsFolder();
  const dir = path.join(tempDir(), 'migrations');
  fs.mkdirSync(path.join(dir, 'meta'), { recursive: true });
  const entries = shippedMigrations().slice(0, n);
  for (const e of entries) fs.copyFileSync(path.join(source, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries }));
  return dir;
}

/** A movable fixed clock: each call returns the set time; `advance` moves it. */
export function fixedClock(iso = '2026-03-01T10:00:00.000Z') {
  let t = new Date(iso).getTime();
  const clock: Clock & { advance(ms: number): void } = { now: () => new Date(t), advance: (ms) => (t += ms) };
  return clock;
}

export interface TestWorkspace {
  file: string;
  session: Session;
  clock: ReturnType<typeof fixedClock>;
  /** Calls a channel and returns its value; throws with the wire error if refused. */
  call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>;
  /** Calls a channel that must fail and returns the wire error. */
  fail<C extends Channel>(channel: C, input: InputOf<C> | Record<string, unknown>): Promise<WireError>;
  count(table: string): number;
  /** The test factories (tests/factories) bound to this workspace: `ws.factories.buildSite()`. */
  factories: Factories;
}

export function openTestWorkspace(file = path.join(tempDir(), 'ws.sqlite')): TestWorkspace {
  const clock = fixedClock();
  const session = openSession(file, { log: silentLogger, clock, actor: 'tester', device: 'test-device' });
  sessions.push(session);
  const call: TestWorkspace['call'] = async (channel, input) => {
    const r = await session.dispatch(channel, input);
    if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { wire: r.error });
    return r.value as never;
  };
  return {
    file,
    session,
    clock,
    call,
    factories: factories(call),
    async fail(channel, input) {
      const r = await session.dispatch(channel, input);
      if (r.ok) throw new Error(`${channel} unexpectedly succeeded`);
      return r.error;
    },
    count(table) {
      return (session.workspace.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    },
  };
}

export const fullSite = {
  name: 'Northwind Shop',
  productionUrl: 'https://shop.northwind.test',
  stagingUrl: 'https://staging.shop.northwind.test',
  sophmateVersion: '2.4.1',
  wordpressVersion: '6.6.2',
  phpVersion: '8.2',
  woocommerceVersion: '9.3.3',
  activeTheme: 'Storefront',
  host: 'Kinsta',
  aiProvider: 'OpenAI',
};

/**
 * Records a site's rollback facts and exports its final rollback plan, which makes the "Rollback plan
 * current" checklist item pass. The site needs its rollback, backups and hosting owners first.
 */
export async function exportFinalRollbackPlan(ws: TestWorkspace, siteId: string): Promise<void> {
  await ws.factories.buildFinalRollbackPlan(siteId);
}

/**
 * Records a site's access model: the given workflows enabled, every operator role mapped (store
 * managers and administrators may approve), and the First-Run Checklist completed by `completedById`.
 */
export async function recordAccessModel(ws: TestWorkspace, siteId: string, enabledWorkflows: Workflow[], completedById: string, version = 0) {
  return ws.factories.buildAccessModel({ siteId, enabledWorkflows, completedById, version });
}

/** Answers every situation of a new attempt, right or wrong on purpose. */
export async function takeCheck(ws: TestWorkspace, op: Pick<Operator, 'id' | 'role'>, wrong = 0) {
  const attempt = await ws.call('operators.startScenarioCheck', { operatorId: op.id });
  const key = ws.session.workspace.sqlite.prepare('SELECT id, answer FROM scenarios WHERE role = ?').all(op.role) as { id: string; answer: string }[];
  const answers: Record<string, string> = {};
  attempt.questions.forEach((q, i) => {
    const right = key.find((k) => k.id === q.id)!.answer;
    answers[q.id] = i < wrong ? (right === 'stop' ? 'approve' : 'stop') : right;
  });
  return ws.call('operators.submitScenarioCheck', { operatorId: op.id, attemptId: attempt.attemptId, answers: answers as never });
}

/** Rows of the playbook tables and the change log: what a refused write must leave as it was. */
export function playbookSnapshot(ws: TestWorkspace) {
  const sqlite = ws.session.workspace.sqlite;
  const sum = (table: string) => (sqlite.prepare(`SELECT coalesce(sum(version), 0) AS n FROM "${table}"`).get() as { n: number }).n;
  return {
    sops: ws.count('sop_versions'),
    items: ws.count('playbook_item_versions'),
    cadences: ws.count('playbook_cadence_versions'),
    scenarios: sum('scenarios'),
    log: ws.count('change_log'),
  };
}
