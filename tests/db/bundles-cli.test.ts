import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '@main/workers/index';
import { runCli } from '@main/cli';
import { fixedClock, openTestWorkspace, tempDir, type TestWorkspace } from './helpers';
import { tableDump } from './fixtures/bundle-helpers';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

async function seeded(): Promise<{ ws: TestWorkspace; clientId: string; siteId: string }> {
  const ws = openTestWorkspace();
  const client = await ws.factories.buildClient({ name: 'Acme Retail' });
  const site = await ws.factories.buildSite({ clientId: client.id, name: 'Acme Shop' });
  await ws.factories.buildOwnerAssignment({ siteId: site.id });
  return { ws, clientId: client.id, siteId: site.id };
}

afterAll(() => closeWorkers());

describe('rollout-workbench bundle', () => {
  it('exports a client, previews it with --dry-run (nothing written), imports it, and settles a conflict with --take-bundle', async () => {
    const { ws, clientId, siteId } = await seeded();
    const out = path.join(tempDir(), 'bundles');
    const clock = fixedClock('2026-03-01T09:00:00Z');
    const exported = capture();
    expect(await runCli(['bundle', 'export', '--workspace', ws.file, '--what', 'client', '--id', clientId, '--out', out], exported.io, {}, clock)).toBe(0);
    const file = path.join(out, 'Acme Retail handover 2026-03-01.rwbundle.zip');
    expect(fs.existsSync(file)).toBe(true);
    expect(exported.out.join('\n')).toContain(`Wrote ${file}`);

    const target = openTestWorkspace(path.join(tempDir(), 'target.sqlite'));
    const before = tableDump(target);
    target.session.close();
    const dry = capture();
    expect(await runCli(['bundle', 'import', '--workspace', target.file, '--file', file, '--dry-run'], dry.io, {}, clock)).toBe(0);
    expect(dry.out.join('\n')).toMatch(/Site\s+1 new/);
    expect(dry.out.join('\n')).toContain('Dry run: nothing was written.');
    const check = openTestWorkspace(target.file);
    expect(tableDump(check)).toEqual(before);
    check.session.close();

    const imported = capture();
    expect(await runCli(['bundle', 'import', '--workspace', target.file, '--file', file], imported.io, {}, clock)).toBe(0);
    expect(imported.out.join('\n')).toMatch(/Imported: \d+ added, 0 updated/);

    // Both sides edit the site: without a choice the import stops (exit 1); --take-bundle settles it.
    const site = await ws.call('sites.get', { id: siteId });
    await ws.call('sites.update', {
      id: site.id,
      version: site.version,
      clientId,
      name: site.name,
      productionUrl: site.productionUrl,
      stage: site.stage,
      notes: 'From A',
    });
    const other = openTestWorkspace(target.file);
    const mine = await other.call('sites.get', { id: siteId });
    await other.call('sites.update', {
      id: mine.id,
      version: mine.version,
      clientId,
      name: mine.name,
      productionUrl: mine.productionUrl,
      stage: mine.stage,
      notes: 'From B',
    });
    other.session.close();
    fs.rmSync(out, { recursive: true });
    expect(await runCli(['bundle', 'export', '--workspace', ws.file, '--what', 'site', '--id', siteId, '--out', out], capture().io, {}, clock)).toBe(0);
    const second = path.join(out, 'Acme Shop handover 2026-03-01.rwbundle.zip');
    const unsettled = capture();
    expect(await runCli(['bundle', 'import', '--workspace', target.file, '--file', second], unsettled.io, {}, clock)).toBe(1);
    expect(unsettled.out.join('\n')).toContain('CONFLICT Site “Acme Shop”');
    expect(unsettled.out.join('\n')).toContain('Notes: here "From B" | bundle "From A"');
    expect(await runCli(['bundle', 'import', '--workspace', target.file, '--file', second, '--take-bundle'], capture().io, {}, clock)).toBe(0);
    const after = openTestWorkspace(target.file);
    expect((await after.call('sites.get', { id: siteId })).notes).toBe('From A');
  });

  it('refuses bad arguments with exit code 2 and a damaged bundle with exit code 1', async () => {
    const { ws } = await seeded();
    const bad = capture();
    expect(await runCli(['bundle', 'export', '--workspace', ws.file, '--what', 'site', '--out', tempDir()], bad.io, {})).toBe(2);
    expect(bad.err.join('\n')).toContain('--id ID is required with --what site');
    const junk = path.join(tempDir(), 'junk.rwbundle.zip');
    fs.writeFileSync(junk, 'not a zip');
    const refused = capture();
    expect(await runCli(['bundle', 'import', '--workspace', ws.file, '--file', junk], refused.io, {})).toBe(1);
    expect(refused.out.join('\n')).toMatch(/PROBLEM {2}\(the file\): This is not a readable zip file/);
  });
});
