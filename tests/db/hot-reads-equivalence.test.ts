/**
 * The fast forms of the hot reads give what the straightforward ones give, on a workspace seeded
 * with the scale profile and then changed through the channels: the owner figures kept by triggers
 * (site_owner_stats) equal a count made now; every Sites list case gives the same page, total and
 * per-row figures as plain SQL that counts owners per site; and the owner a review follows through
 * the owner matrix is the one a ranked search of the site's assignments finds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REVIEW_OWNER_RESPONSIBILITIES } from '@core/domain/cadence';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { seedScale } from '../../scripts/seed/scale';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

const NOW = new Date('2026-03-01T10:00:00.000Z');
let seeded = '';
let ws: TestWorkspace;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'rw-hot-reads-'));
  seeded = path.join(dir, 'scale.sqlite');
  seedScale(seeded, { sites: 90, seed: 11, now: NOW });
}, 240_000);

/** A copy of the seeded workspace, changed through the channels: owners assigned, verified and unassigned, a site archived. */
beforeEach(async () => {
  const copy = path.join(tempDir(), 'ws.sqlite');
  fs.copyFileSync(seeded, copy);
  ws = openTestWorkspace(copy);
  const sqlite = ws.session.workspace.sqlite;
  const sites = sqlite.prepare('SELECT id, version FROM sites WHERE archived_at IS NULL ORDER BY id LIMIT 6').all() as { id: string; version: number }[];
  const people = sqlite.prepare('SELECT id FROM people WHERE active = 1 AND archived_at IS NULL ORDER BY id LIMIT 2').all() as { id: string }[];
  const owned = sqlite
    .prepare('SELECT site_id, responsibility, owner_id FROM owner_assignments WHERE archived_at IS NULL AND verified_at IS NULL ORDER BY id LIMIT 2')
    .all() as { site_id: string; responsibility: string; owner_id: string }[];
  const missing = sqlite
    .prepare(
      `SELECT s.id, r.value AS responsibility FROM sites s, json_each(?) r WHERE s.archived_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL AND oa.responsibility = r.value) LIMIT 3`,
    )
    .all(JSON.stringify(RESPONSIBILITIES)) as { id: string; responsibility: string }[];
  for (const m of missing) await ws.call('owners.assign', { siteId: m.id, responsibility: m.responsibility as never, ownerId: people[0]!.id });
  await ws.call('owners.unassign', { siteId: owned[0]!.site_id, responsibility: owned[0]!.responsibility as never });
  const verifier = people.find((p) => p.id !== owned[1]!.owner_id)!;
  await ws.call('owners.verify', { siteId: owned[1]!.site_id, responsibility: owned[1]!.responsibility as never, verifiedById: verifier.id });
  await ws.call('sites.archive', { id: sites[5]!.id, version: sites[5]!.version });
});

afterAll(() => {
  if (seeded) fs.rmSync(path.dirname(seeded), { recursive: true, force: true });
});

const rows = <T>(q: string, ...params: unknown[]) => ws.session.workspace.sqlite.prepare(q).all(...params) as T[];

describe('the hot reads agree with their straightforward forms', () => {
  it('the stored owner figures equal a count made now, for every site', () => {
    const recount = rows(
      `SELECT s.id AS site_id,
         (SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL) AS assigned,
         (SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL AND oa.verified_at IS NULL) AS unverified,
         EXISTS (SELECT 1 FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL AND oa.responsibility = 'setup') AS setup_owner
       FROM sites s ORDER BY s.id`,
    );
    expect(recount.length).toBeGreaterThan(80);
    expect(rows('SELECT site_id, assigned, unverified, setup_owner FROM site_owner_stats ORDER BY site_id')).toEqual(recount);
  });

  it('every Sites list case gives the page, total and per-row figures plain SQL gives', async () => {
    const plain = (where: string, order: string, offset = 0) => ({
      ids: rows<{ id: string }>(`SELECT s.id FROM sites s JOIN clients c ON c.id = s.client_id WHERE ${where} ORDER BY ${order} LIMIT 10 OFFSET ${offset}`).map(
        (r) => r.id,
      ),
      total: rows<{ n: number }>(`SELECT count(*) AS n FROM sites s JOIN clients c ON c.id = s.client_id WHERE ${where}`)[0]!.n,
    });
    const assigned = '(SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL)';
    const name = rows<{ name: string }>('SELECT name FROM sites WHERE archived_at IS NULL ORDER BY name LIMIT 1 OFFSET 7')[0]!.name;
    const word = name.split(' ')[0]!.toLowerCase();
    const cases: [Record<string, unknown>, string, string, number?][] = [
      [{}, 's.archived_at IS NULL', 's.name COLLATE NOCASE, s.id'],
      [
        { search: word },
        `s.archived_at IS NULL AND (lower(s.name) LIKE '%${word}%' OR lower(c.name) LIKE '%${word}%' OR lower(s.production_url) LIKE '%${word}%' OR lower(coalesce(s.staging_url, '')) LIKE '%${word}%')`,
        's.name COLLATE NOCASE, s.id',
      ],
      [{ search: 'zzqqxx' }, '0', 's.id'],
      [
        { stages: ['pilot', 'adoption'], sort: 'client' },
        "s.archived_at IS NULL AND s.stage IN ('pilot', 'adoption')",
        'c.name COLLATE NOCASE, s.name COLLATE NOCASE, s.id',
      ],
      [{ ownerGapsOnly: true, sort: 'ownerGaps' }, `s.archived_at IS NULL AND ${assigned} < 10`, `${assigned} DESC, s.name COLLATE NOCASE, s.id`],
      [
        { ownerGapsOnly: true, sort: 'ownerGaps', direction: 'desc' },
        `s.archived_at IS NULL AND ${assigned} < 10`,
        `${assigned} ASC, s.name COLLATE NOCASE, s.id`,
      ],
      [{ sort: 'updatedAt', offset: 40 }, 's.archived_at IS NULL', 's.updated_at, s.name COLLATE NOCASE, s.id', 40],
      [{ archived: 'archived' }, 's.archived_at IS NOT NULL', 's.name COLLATE NOCASE, s.id'],
      [{ archived: 'all', sort: 'name', direction: 'desc' }, '1', 's.name COLLATE NOCASE DESC, s.id'],
    ];
    for (const [input, where, order, offset] of cases) {
      const got = await ws.call('sites.list', { limit: 10, ...input });
      const want = plain(where, order, offset ?? 0);
      expect({ ids: got.rows.map((r) => r.id), total: got.total }, JSON.stringify(input)).toEqual(want);
    }
    const page = await ws.call('sites.list', { limit: 100, archived: 'all' });
    const figures = rows<{ id: string; gaps: number; unverified: number }>(
      `SELECT s.id, 10 - ${assigned} AS gaps, (SELECT count(*) FROM owner_assignments oa WHERE oa.site_id = s.id AND oa.archived_at IS NULL AND oa.verified_at IS NULL) AS unverified
       FROM sites s ORDER BY s.name COLLATE NOCASE, s.id LIMIT 100`,
    );
    expect(page.rows.map((r) => ({ id: r.id, gaps: r.ownerGaps, unverified: r.unverifiedOwners }))).toEqual(figures);
  });

  it('the owner a review follows is the first of its kind’s responsibilities held by an active person', () => {
    const rank = `CASE r.kind ${Object.entries(REVIEW_OWNER_RESPONSIBILITIES)
      .map(([kind, rs]) => `WHEN '${kind}' THEN CASE oa.responsibility ${rs.map((x, i) => `WHEN '${x}' THEN ${i}`).join(' ')} END`)
      .join(' ')} END`;
    const ranked = rows<{ id: string; owner: string | null }>(
      `SELECT r.id, coalesce(r.owner_id, (SELECT oa.owner_id FROM owner_assignments oa JOIN people mp ON mp.id = oa.owner_id
         WHERE oa.site_id = r.site_id AND oa.archived_at IS NULL AND mp.active = 1 AND mp.archived_at IS NULL AND ${rank} IS NOT NULL
         ORDER BY ${rank} LIMIT 1)) AS owner
       FROM reviews r JOIN sites s ON s.id = r.site_id WHERE r.done_at IS NULL AND r.skipped_at IS NULL AND s.archived_at IS NULL AND s.stage <> 'retired'
       ORDER BY r.id`,
    );
    return ws.call('reviews.list', { states: ['overdue', 'due', 'upcoming'], limit: 1000 }).then((list) => {
      expect(ranked.length).toBeGreaterThan(50);
      expect(list.total).toBe(ranked.length);
      expect(list.rows.map((r) => ({ id: r.id, owner: r.ownerId })).sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(ranked);
    });
  });
});
