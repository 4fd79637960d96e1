/**
 * The scale profile of the seed (scripts/seed/scale.ts) writes what the services would: counts in
 * the profile's proportions, every record as the read channels answer it valid for the contract, a
 * history that Verify accepts, reviews as the cadence rules plan them, and an activity export of the
 * stated size. It refuses a workspace that already has sites, and the same seed gives the same data.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLLOUT_STAGES } from '@core/domain/stages';
import { ACTIVITY_FIELDS } from '../../scripts/seed/scale-activity';
import { SCALE_PER_SITE, seedScale, type ScaleSummary } from '../../scripts/seed/scale';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';

const SITES = 200;
const NOW = new Date('2026-03-01T10:00:00.000Z');

let dir = '';
let file = '';
let summary: ScaleSummary;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'rw-seed-scale-'));
  file = path.join(dir, 'scale.sqlite');
  summary = seedScale(file, { sites: SITES, seed: 3, now: NOW });
}, 180_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A copy of the seeded workspace, opened as the tests open one (output checked against the contract). */
function opened(): TestWorkspace {
  const copy = path.join(tempDir(), 'ws.sqlite');
  fs.copyFileSync(file, copy);
  return openTestWorkspace(copy);
}

const count = (ws: TestWorkspace, sql: string) => (ws.session.workspace.sqlite.prepare(sql).get() as { n: number }).n;

describe('seed --profile scale', () => {
  it('writes the profile’s proportions, and says so', () => {
    const ws = opened();
    expect(summary.sites).toBe(SITES);
    expect(ws.count('sites')).toBe(SITES);
    // The clients the sites are spread over, and the archived former client.
    expect(ws.count('clients')).toBe(SITES * SCALE_PER_SITE.clients + 1);
    expect(summary.clients).toBe(ws.count('clients'));
    expect(ws.count('people')).toBe(SITES * SCALE_PER_SITE.people);
    expect(summary.people).toBe(ws.count('people'));
    // Operators are steered towards seven per site; a repeated person and role is left out, as the app refuses it.
    expect(ws.count('operators')).toBe(summary.operators);
    expect(summary.operators).toBeGreaterThan(SITES * SCALE_PER_SITE.operators * 0.9);
    expect(summary.operators).toBeLessThan(SITES * SCALE_PER_SITE.operators * 1.1);
    // At least the twenty history entries per site the profile asks for; every record's own entries make more.
    expect(summary.changes).toBe(ws.count('change_log'));
    expect(summary.changes).toBeGreaterThan(SITES * 20);
    for (const stage of ROLLOUT_STAGES) expect(count(ws, `SELECT count(*) AS n FROM sites WHERE stage = '${stage}'`), stage).toBeGreaterThan(0);
  });

  it('every site, owner, operator, review, person and client reads back valid for the contract', { timeout: 120_000 }, async () => {
    const ws = opened();
    // openTestWorkspace checks every answer against the channel's output schema: an invalid record fails the call.
    const sites = (await ws.call('sites.list', { archived: 'all', limit: 500 })).rows;
    expect(sites).toHaveLength(SITES);
    expect(sites.some((s) => s.missingSetup.length > 0)).toBe(true);
    expect(sites.some((s) => s.ownerGaps > 0)).toBe(true);
    expect(sites.some((s) => s.unverifiedOwners > 0)).toBe(true);
    let operators = 0;
    let trained = 0;
    let reviews = 0;
    for (const site of sites) {
      expect((await ws.call('sites.get', { id: site.id })).id).toBe(site.id);
      const matrix = await ws.call('owners.matrix', { siteId: site.id });
      expect(matrix.gaps).toBe(site.ownerGaps);
      const ops = await ws.call('operators.list', { siteId: site.id });
      operators += ops.length;
      trained += ops.filter((o) => o.lastCheck?.passed && o.signedOff.length > 0).length;
      reviews += (await ws.call('reviews.forSite', { siteId: site.id })).reviews.length;
      await ws.call('readiness.get', { siteId: site.id });
    }
    expect(operators).toBe(ws.count('operators'));
    expect(trained).toBeGreaterThan(0);
    // A site's reviews are shown while it is live (an archived site's stay hidden with it).
    expect(reviews).toBe(count(ws, 'SELECT count(*) AS n FROM reviews r JOIN sites s ON s.id = r.site_id WHERE s.archived_at IS NULL'));
    let people = 0;
    for (let offset = 0; ; offset += 500) {
      const page = await ws.call('people.list', { archived: 'all', limit: 500, offset });
      people += page.rows.length;
      if (page.rows.length < 500) break;
    }
    expect(people).toBe(ws.count('people'));
    expect((await ws.call('clients.list', { archived: 'all', limit: 500 })).rows).toHaveLength(ws.count('clients'));
  });

  it('keeps the stage rules: a pilot plans its first week, retirement skips every open review', () => {
    const ws = opened();
    const n = (sql: string) => count(ws, sql);
    expect(
      n(
        `SELECT count(*) AS n FROM sites s WHERE s.stage IN ('pilot', 'adoption') AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.site_id = s.id AND r.kind = 'first_week')`,
      ),
    ).toBe(0);
    expect(
      n(`SELECT count(*) AS n FROM reviews r JOIN sites s ON s.id = r.site_id WHERE s.stage = 'retired' AND r.done_at IS NULL AND r.skipped_at IS NULL`),
    ).toBe(0);
    // Every live site that is not retired has its next cadence review planned, as opening the workspace would otherwise do.
    expect(
      n(`SELECT count(*) AS n FROM sites s WHERE s.archived_at IS NULL AND s.stage <> 'retired'
         AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.site_id = s.id AND r.kind IN ('initial_setup', 'periodic') AND r.done_at IS NULL AND r.skipped_at IS NULL)`),
    ).toBe(0);
    // A first-week review is done only with what was found in each of its five areas, as its screen completes it.
    expect(n(`SELECT count(*) AS n FROM reviews WHERE kind = 'first_week' AND done_at IS NOT NULL`)).toBeGreaterThan(0);
    expect(
      n(`SELECT count(*) AS n FROM reviews r WHERE r.kind = 'first_week' AND r.done_at IS NOT NULL
         AND (SELECT count(*) FROM review_area_notes a WHERE a.review_id = r.id) <> 5`),
    ).toBe(0);
    expect(n(`SELECT count(*) AS n FROM review_area_notes a JOIN reviews r ON r.id = a.review_id WHERE r.kind <> 'first_week' OR r.done_at IS NULL`)).toBe(0);
    // Operators added once the pilot has begun wait for a before-new-users review.
    expect(
      n(`SELECT count(*) AS n FROM operators o JOIN sites s ON s.id = o.site_id WHERE s.stage IN ('pilot', 'adoption', 'paused', 'retired')
         AND NOT EXISTS (SELECT 1 FROM review_operators ro WHERE ro.operator_id = o.id)`),
    ).toBe(0);
  });

  it('leaves a history that Verify accepts, naming real sites and records', async () => {
    const ws = opened();
    const report = await ws.call('workspace.verify', {});
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.chain.rows).toBe(summary.changes);
    expect(count(ws, `SELECT count(*) AS n FROM change_log c WHERE c.site_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.id = c.site_id)`)).toBe(
      0,
    );
    expect(
      count(ws, `SELECT count(*) AS n FROM change_log c WHERE c.entity = 'operator' AND NOT EXISTS (SELECT 1 FROM operators o WHERE o.id = c.entity_id)`),
    ).toBe(0);
    expect(count(ws, `SELECT count(*) AS n FROM change_log c WHERE c.entity = 'person' AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = c.entity_id)`)).toBe(
      0,
    );
    // The History tab of a site reads its entries back valid for the contract, its creation first.
    const sites = (await ws.call('sites.list', { archived: 'all', limit: 20 })).rows;
    for (const site of sites) {
      const history = await ws.call('history.list', { siteId: site.id, limit: 500 });
      expect(history.rows.at(-1)).toMatchObject({ entity: 'site', action: 'create', entityId: site.id });
    }
  });

  it('writes the first-week activity export: the stated number of lines, each a complete record of a real site', () => {
    expect(summary.activityFile).toBe(`${file}.activity.jsonl`);
    const lines = fs.readFileSync(summary.activityFile, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(SITES * SCALE_PER_SITE.activityRows);
    expect(summary.activityRows).toBe(lines.length);
    const db = new Database(file, { readonly: true });
    const urls = new Set((db.prepare(`SELECT production_url AS url FROM sites`).all() as { url: string }[]).map((r) => r.url));
    const emails = new Set((db.prepare(`SELECT email FROM people`).all() as { email: string }[]).map((r) => r.email));
    db.close();
    for (const line of lines) {
      const row = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(row).sort()).toEqual([...ACTIVITY_FIELDS].sort());
      expect(urls.has(row.siteUrl as string)).toBe(true);
      expect(emails.has(row.actorEmail as string)).toBe(true);
      expect(Number.isNaN(Date.parse(row.time as string))).toBe(false);
    }
  });

  it('refuses a workspace that already has sites, and leaves it as it was', () => {
    const copy = path.join(tempDir(), 'ws.sqlite');
    fs.copyFileSync(file, copy);
    expect(() => seedScale(copy, { sites: 5, now: NOW })).toThrow(
      `${copy} already has ${SITES} sites: the scale profile fills an empty workspace only. Choose a new file, or add to this one with the default profile (--append).`,
    );
    const ws = openTestWorkspace(copy);
    expect(ws.count('sites')).toBe(SITES);
    expect(ws.count('change_log')).toBe(summary.changes);
  });

  it('gives the same data for the same seed, and other data for another', { timeout: 120_000 }, () => {
    const seeded = (seed: number) => {
      const f = path.join(tempDir(), `s${seed}-${Math.random().toString(36).slice(2)}.sqlite`);
      seedScale(f, { sites: 30, seed, now: NOW });
      const db = new Database(f, { readonly: true });
      const data = {
        sites: db.prepare(`SELECT id, name, production_url, stage, php_version, archived_at FROM sites ORDER BY id`).all(),
        people: db.prepare(`SELECT id, name, email, active FROM people ORDER BY id`).all(),
        operators: db.prepare(`SELECT id, site_id, person_id, role FROM operators ORDER BY id`).all(),
        history: db.prepare(`SELECT entity, action, summary, at FROM change_log ORDER BY seq`).all(),
      };
      db.close();
      return { data, activity: fs.readFileSync(`${f}.activity.jsonl`, 'utf8') };
    };
    const a = seeded(9);
    const b = seeded(9);
    expect(b.data).toEqual(a.data);
    expect(b.activity).toBe(a.activity);
    expect(seeded(10).data.sites).not.toEqual(a.data.sites);
  });
});
