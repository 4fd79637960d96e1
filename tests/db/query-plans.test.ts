/**
 * Every hot read keeps to an index (docs/ARCHITECTURE.md, "Reading fast"). The test calls the hot
 * channels and functions on a workspace seeded with the scale profile, captures each statement they
 * run with its parameters (the SQL the services really send, not a copy of it), and asks SQLite for
 * its plan, with and without ANALYZE's statistics. A plan that reads a large table from end to end
 * without an index (`SCAN <table>`) fails, naming the call, the statement and the plan line, unless
 * reading every row is the point of the statement (see `wholeByDesign`).
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderDigest, reminderFacts } from '@main/reminders/digest';
import { siteSnapshot } from '@main/services/documents-snapshot';
import { seedScale } from '../../scripts/seed/scale';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

/** Tables that grow with the portfolio: reading one of these whole is what this test refuses. */
const LARGE_TABLES = [
  'sites',
  'owner_assignments',
  'change_log',
  'reviews',
  'operators',
  'people',
  'site_checklist_items',
  'generated_documents',
  'site_owner_stats',
  'site_readiness',
];

const SITES = 120;
const NOW = new Date('2026-03-01T10:00:00.000Z');

let seeded = '';
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'rw-query-plans-'));
  seeded = path.join(dir, 'scale.sqlite');
  seedScale(seeded, { sites: SITES, seed: 5, now: NOW });
}, 240_000);

afterAll(() => {
  if (seeded) fs.rmSync(path.dirname(seeded), { recursive: true, force: true });
});

interface Captured {
  call: string;
  source: string;
  params: unknown[];
}

/** Opens a copy of the seeded workspace and records every statement run while `capture` is on. */
function capturing(): { ws: TestWorkspace; raw: Database.Database; run: (call: string, fn: () => unknown) => Promise<void>; captured: Captured[] } {
  const copy = path.join(tempDir(), 'ws.sqlite');
  fs.copyFileSync(seeded, copy);
  const ws = openTestWorkspace(copy);
  const raw = ws.session.workspace.sqlite;
  const prepare = raw.prepare.bind(raw);
  const captured: Captured[] = [];
  const wrapped = new WeakSet<object>();
  let current: string | null = null;
  raw.prepare = ((source: string) => {
    const stmt = prepare(source);
    if (!wrapped.has(stmt)) {
      wrapped.add(stmt);
      for (const method of ['all', 'get', 'run', 'iterate'] as const) {
        const original = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
        (stmt as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
          if (current !== null && stmt.reader) captured.push({ call: current, source, params });
          return original(...params);
        };
      }
    }
    return stmt;
  }) as Database.Database['prepare'];
  const run = async (call: string, fn: () => unknown) => {
    current = call;
    try {
      await fn();
    } finally {
      current = null;
    }
  };
  return { ws, raw: Object.assign(Object.create(raw) as Database.Database, { prepare }), run, captured };
}

/** The tables a statement names, by the alias the plan shows them under. */
function aliases(source: string): Map<string, string> {
  const map = new Map<string, string>();
  const re = /\b(?:FROM|JOIN)\s+[`"]?(\w+)[`"]?(?:\s+(?:AS\s+)?(?!ON\b|WHERE\b|JOIN\b|LEFT\b|INNER\b|CROSS\b|ORDER\b|GROUP\b|LIMIT\b|USING\b|NOT\b)(\w+))?/gi;
  for (const m of source.matchAll(re)) {
    map.set(m[1]!, m[1]!);
    if (m[2]) map.set(m[2], m[1]!);
  }
  return map;
}

/**
 * The reads that look at every row by their nature: a count or a group over the whole portfolio (the
 * Sites list's total for a filter no index answers, such as a contains-search or an incomplete setup
 * record; the Dashboard's figures), the palette's contains-search of names, and the calendar, which
 * lists every open review and those finished in the last 90 days (about half of all reviews). Each
 * reads its table once; their times are in tests/bench/sections/sites-list.ts and reviews.ts.
 */
function wholeByDesign(c: Captured, table: string): boolean {
  if (c.call === 'search.everything') return table === 'sites' || table === 'people';
  if (c.call === 'reviews.calendar') return table === 'reviews';
  return (table === 'sites' || table === 'site_readiness') && /\bcount\(|\bGROUP BY\b/i.test(c.source);
}

/** Each plan line that reads a large table whole, without an index. */
function fullScans(raw: Database.Database, c: Captured): string[] {
  const plan = raw.prepare(`EXPLAIN QUERY PLAN ${c.source}`).all(...c.params) as { detail: string }[];
  const names = aliases(c.source);
  return plan
    .map((p) => p.detail)
    .filter((detail) => {
      const m = /^SCAN (\w+)$/.exec(detail);
      const table = m ? (names.get(m[1]!) ?? m[1]!) : null;
      return table !== null && LARGE_TABLES.includes(table) && !wholeByDesign(c, table);
    });
}

async function hotReads(ws: TestWorkspace, run: (call: string, fn: () => unknown) => Promise<void>) {
  const sqlite = ws.session.workspace.sqlite;
  const one = <T>(q: string) => sqlite.prepare(q).get() as T;
  const site = one<{ id: string; client_id: string; name: string }>("SELECT id, client_id, name FROM sites WHERE stage = 'adoption' LIMIT 1");
  const owner = one<{ owner_id: string }>('SELECT owner_id FROM owner_assignments LIMIT 1').owner_id;
  const word = site.name.split(' ')[0]!;
  const lists: [string, Record<string, unknown>][] = [
    ['all active by name', {}],
    ['search a word', { search: word }],
    ['exact name', { search: site.name }],
    ['search that matches nothing', { search: 'zzqqxx' }],
    ['stages, by client', { stages: ['pilot', 'adoption'], sort: 'client' }],
    ['incomplete setup', { incompleteOnly: true }],
    ['PHP version, by WordPress desc', { phpVersion: '8.1', sort: 'wordpressVersion', direction: 'desc' }],
    ['owner gaps, by gaps', { ownerGapsOnly: true, sort: 'ownerGaps' }],
    ['deep page by updated', { sort: 'updatedAt', offset: SITES - 10 }],
    ['blocked only', { blockedOnly: true }],
    ['archived', { archived: 'archived' }],
    ['a client', { clientId: site.client_id }],
    ['an owner', { ownerId: owner }],
    ['paused only', { pausedOnly: true }],
    ['open incidents only', { openIncidentsOnly: true }],
  ];
  for (const [label, input] of lists) await run(`sites.list (${label})`, () => ws.call('sites.list', { limit: 100, ...input }));
  await run('sites.get', () => ws.call('sites.get', { id: site.id }));
  await run('dashboard.portfolio', () => ws.call('dashboard.portfolio', {}));
  await run('reviews.list (open, by owner)', () =>
    ws.call('reviews.list', { states: ['overdue', 'due', 'upcoming'], withinDays: 30, groupBy: 'owner', limit: 200 }),
  );
  await run('reviews.list (overdue, by day)', () => ws.call('reviews.list', { states: ['overdue'], limit: 200 }));
  await run('reviews.summary', () => ws.call('reviews.summary', {}));
  await run('reviews.calendar', () => ws.call('reviews.calendar', {}));
  await run('reviews.forSite', () => ws.call('reviews.forSite', { siteId: site.id }));
  await run('reminder digest', () => reminderDigest(ws.session.ctx, { withinDays: 7 }));
  await run('reminder scheduler facts', () => reminderFacts(ws.session.ctx));
  await run('owners.matrix', () => ws.call('owners.matrix', { siteId: site.id }));
  await run('search.everything', () => ws.call('search.everything', { query: word }));
  await run('documents snapshot', () => siteSnapshot(ws.session.ctx, site.id));
  await run('history of a site', () => ws.call('history.list', { siteId: site.id, limit: 50 }));
}

describe('query plans of the hot reads', () => {
  for (const statistics of ['without statistics (a workspace as the app opens it)', 'after ANALYZE'] as const) {
    it(`no hot read scans a large table without an index, ${statistics}`, async () => {
      const { ws, raw, run, captured } = capturing();
      if (statistics === 'after ANALYZE') raw.exec('ANALYZE');
      await hotReads(ws, run);
      expect(new Set(captured.map((c) => c.call)).size).toBeGreaterThan(20);
      const seen = new Set<string>();
      const problems: string[] = [];
      for (const c of captured) {
        const key = `${c.call}\n${c.source}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const line of fullScans(raw, c)) problems.push(`${c.call}: "${line}" in ${c.source.replace(/\s+/g, ' ').slice(0, 300)}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('the check names a full scan when there is one, and lets a portfolio-wide count of sites read them all', () => {
    const { raw } = capturing();
    expect(fullScans(raw, { call: 'a probe', source: 'SELECT count(*) FROM reviews r WHERE r.reason LIKE ?', params: ['%x%'] })).toEqual(['SCAN r']);
    expect(fullScans(raw, { call: 'a probe', source: 'SELECT id FROM sites WHERE notes LIKE ? LIMIT 5', params: ['%x%'] })).toEqual(['SCAN sites']);
    expect(fullScans(raw, { call: 'a probe', source: 'SELECT count(*) AS n FROM sites s WHERE s.notes LIKE ?', params: ['%x%'] })).toEqual([]);
  });
});
