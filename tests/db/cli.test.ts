import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import { silentLogger } from '../../main/rpc/context';
import { openSession } from '../../main/session';

let dir: string;
let file: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-cli-'));
  file = path.join(dir, 'ws.sqlite');
  const s = openSession(file, { log: silentLogger, actor: 'cli test' });
  const client = await s.dispatch('clients.create', { name: 'Northwind' });
  if (!client.ok) throw new Error(client.error.message);
  const clientId = (client.value as { id: string }).id;
  await s.dispatch('sites.create', {
    clientId,
    name: 'Northwind Shop',
    productionUrl: 'https://shop.northwind.test',
    stagingUrl: 'https://staging.northwind.test',
    sophmateVersion: '2.4.1',
    wordpressVersion: '6.6.2',
    phpVersion: '8.2',
    activeTheme: 'Storefront',
  });
  await s.dispatch('sites.create', { clientId, name: 'Northwind Blog', productionUrl: 'https://blog.northwind.test' });
  s.close();
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('rollout-workbench CLI on a real workspace file', () => {
  it('info prints counts and exits 0', async () => {
    const c = capture();
    expect(await runCli(['info', '--workspace', file], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('Clients: 1  Sites: 2  People: 0');
  });

  it('sites exits 1 when a listed site has an incomplete setup record, and names what is missing', async () => {
    const c = capture();
    expect(await runCli(['sites', '--workspace', file], c.io)).toBe(1);
    const text = c.out.join('\n');
    expect(text).toMatch(/Northwind Blog .*incomplete: Staging URL, SophMate version/);
    expect(text).toContain('2 of 2 site(s)');
  });

  it('sites --search --json filters and prints machine-readable output', async () => {
    const c = capture();
    await runCli(['sites', '--workspace', file, '--search', 'shop', '--json'], c.io);
    const parsed = JSON.parse(c.out.join('\n')) as { total: number; rows: { name: string }[] };
    expect(parsed.total).toBe(1);
    expect(parsed.rows[0]!.name).toBe('Northwind Shop');
  });

  it('exits 2 with a clear message for a missing workspace and never creates it', async () => {
    const c = capture();
    const missing = path.join(dir, 'nope.sqlite');
    expect(await runCli(['info', '--workspace', missing], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('does not exist');
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('exits 2 for a file that is not a workspace', async () => {
    const junk = path.join(dir, 'junk.sqlite');
    fs.writeFileSync(junk, 'this is not a database, just some text that is long enough to matter');
    const c = capture();
    expect(await runCli(['info', '--workspace', junk], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('not a Rollout Workbench workspace');
  });

  it('exits 2 on an unknown command or a bad --limit', async () => {
    const a = capture();
    expect(await runCli(['frobnicate', '--workspace', file], a.io)).toBe(2);
    expect(a.err.join('\n')).toContain('Unknown command "frobnicate"');
    const b = capture();
    expect(await runCli(['sites', '--workspace', file, '--limit', 'lots'], b.io)).toBe(2);
    expect(b.err.join('\n')).toContain('--limit must be a whole number');
  });
});
