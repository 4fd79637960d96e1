/**
 * The setup-record rule exists once (core/domain/setup-record.ts); the Sites list's "incomplete" filter
 * runs it as SQL generated from the same field list. Both must give the same answer for every
 * combination of missing parts: each required field present, NULL or blank, and a setup owner
 * assigned, archived or absent. (The production URL is NOT NULL and must start with https://, so it is
 * always present in a stored site.)
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { missingSetupFields, REQUIRED_SETUP_FIELDS, type SetupRecordFacts } from '@core/domain/setup-record';
import { incompleteSetupSql } from '@main/services/setup-record-sql';
import { openTestWorkspace } from './helpers';

const COLUMN: Record<(typeof REQUIRED_SETUP_FIELDS)[number]['key'], string> = {
  productionUrl: 'production_url',
  stagingUrl: 'staging_url',
  sophmateVersion: 'sophmate_version',
  wordpressVersion: 'wordpress_version',
  phpVersion: 'php_version',
  activeTheme: 'active_theme',
};
const OPTIONAL = REQUIRED_SETUP_FIELDS.filter((f) => f.key !== 'productionUrl');
const VALUE: Record<string, string> = {
  stagingUrl: 'https://staging.example.test',
  sophmateVersion: '2.4.1',
  wordpressVersion: '6.6.2',
  phpVersion: '8.2',
  activeTheme: 'Storefront',
};
const OWNER_STATES = ['assigned', 'archived', 'none'] as const;

describe('the incomplete-setup SQL agrees with the core rule', () => {
  it('on every combination of missing fields and setup owner', async () => {
    const ws = openTestWorkspace();
    const client = await ws.factories.buildClient();
    const person = await ws.factories.buildPerson();
    const db = ws.session.workspace.sqlite;
    const at = '2026-03-01T10:00:00.000Z';
    const insertSite = db.prepare(
      `INSERT INTO sites (id, created_at, updated_at, client_id, name, production_url, staging_url, sophmate_version, wordpress_version, php_version, active_theme, stage)
       VALUES (@id, @at, @at, @client, @name, @production_url, @staging_url, @sophmate_version, @wordpress_version, @php_version, @active_theme, 'planning')`,
    );
    const insertOwner = db.prepare(
      `INSERT INTO owner_assignments (id, created_at, updated_at, site_id, responsibility, owner_id, archived_at) VALUES (@id, @at, @at, @site, 'setup', @owner, @archived)`,
    );
    const expected = new Map<string, string[]>();
    let n = 0;
    // Each optional field: present, NULL or blank (3^5), times the three setup-owner states.
    for (let combo = 0; combo < 3 ** OPTIONAL.length; combo++) {
      for (const owner of OWNER_STATES) {
        const id = `site-${++n}`;
        const row: Record<string, string | null> = { id, at, client: client.id, name: `Combination ${n}`, production_url: `https://combo-${n}.example.test` };
        const facts: Record<string, string | null> = { productionUrl: row.production_url! };
        OPTIONAL.forEach((f, i) => {
          const state = Math.floor(combo / 3 ** i) % 3;
          const value = state === 0 ? VALUE[f.key]! : state === 1 ? null : '';
          row[COLUMN[f.key]] = value;
          facts[f.key] = value;
        });
        insertSite.run(row);
        if (owner !== 'none') insertOwner.run({ id: `owner-${n}`, at, site: id, owner: person.id, archived: owner === 'archived' ? at : null });
        expected.set(id, missingSetupFields({ ...facts, hasSetupOwner: owner === 'assigned' } as SetupRecordFacts));
      }
    }
    const incomplete = new Set(ws.session.ctx.db.all<{ id: string }>(sql`SELECT s.id FROM sites s WHERE ${incompleteSetupSql('s')}`).map((r) => r.id));
    const disagreements = [...expected]
      .filter(([id, missing]) => incomplete.has(id) !== missing.length > 0)
      .map(([id, missing]) => `${id}: core says ${missing.join(', ') || 'complete'}`);
    expect(disagreements).toEqual([]);
    // Both answers occur, so the comparison is not vacuous.
    expect([...expected.values()].filter((m) => m.length === 0)).toHaveLength(1);
    expect(incomplete.size).toBe(expected.size - 1);
  });

  it("the Sites list filter and each site's missingSetup agree through the channel", async () => {
    const ws = openTestWorkspace();
    const complete = await ws.factories.buildSite({
      stagingUrl: 'https://staging.a.test',
      sophmateVersion: '2.4.1',
      wordpressVersion: '6.6.2',
      phpVersion: '8.2',
      activeTheme: 'Storefront',
    });
    const person = await ws.factories.buildPerson();
    await ws.call('owners.assign', { siteId: complete.id, responsibility: 'setup', ownerId: person.id });
    const noOwner = await ws.factories.buildSite({
      stagingUrl: 'https://staging.b.test',
      sophmateVersion: '2.4.1',
      wordpressVersion: '6.6.2',
      phpVersion: '8.2',
      activeTheme: 'Storefront',
    });
    const bare = await ws.factories.buildSite();
    const all = await ws.call('sites.list', {});
    const listed = (await ws.call('sites.list', { incompleteOnly: true })).rows.map((s) => s.id);
    expect(listed.sort()).toEqual(
      all.rows
        .filter((s) => s.missingSetup.length > 0)
        .map((s) => s.id)
        .sort(),
    );
    expect(listed.sort()).toEqual([noOwner.id, bare.id].sort());
  });
});
