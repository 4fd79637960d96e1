import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '@main/workers/index';
import { verify } from '@main/services/workspace-verify';
import { NOT_BUNDLED, BUNDLED_TABLES } from '@main/bundles/tables';
import { tableShapes } from '@main/services/bundles-tables';
import { templateWorkspace } from '../factories/templates';
import { openTestWorkspace, tempDir } from './helpers';
import { exportTo, historyDump, ids, preview, tableDump } from './fixtures/bundle-helpers';
import { entriesOf } from './fixtures/bundle-zip';

const NOW = new Date('2026-03-01T10:00:00.000Z');

function entryNames(file: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: false }, (err, zip) => {
      if (err) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => names.push(e.fileName));
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
    }),
  );
}

afterAll(() => closeWorkers());

describe('handover bundles: round trip', () => {
  it('every table is either bundled or listed as not bundled, with its reason', () => {
    const ws = openTestWorkspace();
    const tables = (ws.session.workspace.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    const bundled = new Set(BUNDLED_TABLES.map((t) => t.table));
    const forgotten = tables.filter((t) => !bundled.has(t) && !(t in NOT_BUNDLED));
    expect(forgotten).toEqual([]);
    for (const t of bundled) expect(tables).toContain(t);
    // Parents first, from the foreign keys themselves: a row is never inserted before what it refers to.
    const order = tableShapes(ws.session.ctx.db).map((s) => s.spec.table);
    for (const shape of tableShapes(ws.session.ctx.db))
      for (const parent of shape.refs.values()) if (parent !== shape.spec.table) expect(order.indexOf(parent)).toBeLessThan(order.indexOf(shape.spec.table));
  });

  it('export everything, import into an empty workspace: the same data in every bundled table, history included', async () => {
    const dir = tempDir();
    const source = openTestWorkspace(templateWorkspace(dir, { sites: 4, now: NOW }));
    const siteId = (source.session.workspace.sqlite.prepare('SELECT id FROM sites ORDER BY id LIMIT 1').get() as { id: string }).id;
    await source.factories.buildIncident({ siteId });
    await source.call('pauses.pause', { siteId, reason: 'Checkout errors after the theme update', workflows: ['support_drafts'] });
    const exported = await exportTo(source, path.join(dir, 'out'), { kind: 'all' });
    expect(path.basename(exported.file)).toMatch(/^Workspace handover 2026-03-01\.rwbundle\.zip$/);
    expect(fs.readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(exported.counts.sites).toBe(4);
    const names = await entryNames(exported.file);
    expect(names).toContain('manifest.json');
    expect(names).toContain('history/change_log.json');
    expect(names.some((n) => /^documents\/[^/]+\/.+\.md$/.test(n))).toBe(true);
    expect(names.some((n) => /^documents\/[^/]+\/.+\.html$/.test(n))).toBe(true);

    const target = openTestWorkspace(path.join(tempDir(), 'empty.sqlite'));
    const ownHistory = ids(target, 'change_log');
    const own = new Set(
      ['sop_versions', 'sop_items', 'scenarios', 'playbook_item_versions', 'playbook_cadence_versions', 'playbook_finding_rule_versions'].flatMap((t) => [
        ...ids(target, t),
      ]),
    );
    const shown = await preview(target, exported.file);
    expect(shown.problems).toEqual([]);
    expect(shown.conflicts).toEqual([]);
    expect(shown.token).not.toBeNull();
    const result = await target.call('bundles.import', { token: shown.token!, choices: {}, confirm: true });
    expect(result.cancelled).toBe(false);
    expect(result.added).toBeGreaterThan(0);
    expect(result.backup).not.toBeNull();
    expect(fs.existsSync(result.backup!)).toBe(true);

    const importedHistory = ids(target, 'change_log');
    const madeByImport = new Set([...importedHistory].filter((id) => !ownHistory.has(id) && !historyDump(source).some((r) => r.includes(`"id":"${id}"`))));
    const sourceTables = tableDump(source);
    const filled = Object.entries(sourceTables)
      .filter(([, rows]) => rows.length > 0)
      .map(([t]) => t);
    expect(filled.length).toBeGreaterThanOrEqual(28);
    const targetTables = tableDump(target);
    for (const table of Object.keys(sourceTables)) expect({ table, rows: targetTables[table] }).toEqual({ table, rows: sourceTables[table] });
    // The history of every bundled record travels; rows about the workspace itself (its playbook
    // install, settings) stay in the file they were written in.
    const carried = new Set(
      (JSON.parse((await entriesOf(exported.file)).find((e) => e.name === 'history/change_log.json')!.bytes.toString('utf8')) as { id: string }[]).map(
        (r) => r.id,
      ),
    );
    const left = historyDump(source).filter((r) => !carried.has((JSON.parse(r) as { id: string }).id));
    expect(left.length).toBeGreaterThan(0);
    for (const r of left)
      expect(JSON.parse(r)).toSatisfy((h: { entity: string; action: string }) => ['settings', 'workspace'].includes(h.entity) || h.action === 'install');
    expect(historyDump(target, new Set([...ownHistory, ...madeByImport]))).toEqual(
      historyDump(source).filter((r) => carried.has((JSON.parse(r) as { id: string }).id)),
    );
    // The empty workspace's own playbook install was matched, not duplicated.
    expect(own.size).toBeGreaterThan(0);
    for (const t of ['sop_versions', 'sop_items', 'scenarios']) expect(target.count(t)).toBe(source.count(t));

    // Stored readiness was made for every imported site and is current (the commit refreshed it).
    const readiness = (ws: typeof source) =>
      ws.session.workspace.sqlite.prepare('SELECT site_id, active, stage, blocked, owner_gaps, incomplete, dirty FROM site_readiness ORDER BY site_id').all();
    expect(readiness(target)).toEqual(readiness(source));

    const report = verify(target.session.ctx);
    expect(report.checks.filter((c) => !c.ok).map((c) => `${c.key}: ${c.summary}`)).toEqual([]);
  });

  it('a site bundle carries the site, its client, its people and its history only', async () => {
    const dir = tempDir();
    const source = openTestWorkspace(templateWorkspace(dir, { sites: 4, now: NOW }));
    const site = source.session.workspace.sqlite.prepare('SELECT id, name, client_id FROM sites ORDER BY name LIMIT 1').get() as {
      id: string;
      name: string;
      client_id: string;
    };
    const exported = await exportTo(source, path.join(dir, 'out'), { kind: 'site', id: site.id });
    expect(path.basename(exported.file)).toBe(`${site.name} handover 2026-03-01.rwbundle.zip`);
    expect(exported.counts.sites).toBe(1);
    expect(exported.counts.clients).toBe(1);
    const target = openTestWorkspace(path.join(tempDir(), 'empty.sqlite'));
    const shown = await preview(target, exported.file);
    expect(shown.problems).toEqual([]);
    await target.call('bundles.import', { token: shown.token!, choices: {}, confirm: true });
    expect(target.count('sites')).toBe(1);
    const people = target.session.workspace.sqlite.prepare('SELECT count(*) AS n FROM people').get() as { n: number };
    expect(people.n).toBeGreaterThan(0);
    const dangling = target.session.workspace.sqlite.pragma('foreign_key_check') as unknown[];
    expect(dangling).toEqual([]);
    const report = verify(target.session.ctx);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.key)).toEqual([]);
  });
});
