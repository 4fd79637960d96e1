import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkers } from '@main/workers/index';
import { DEFAULT_LIMITS } from '@main/bundles/format';
import { inspectBundle, previewOf } from '@main/services/bundles';
import { openTestWorkspace, tempDir, type TestWorkspace } from './helpers';
import { exportTo, preview } from './fixtures/bundle-helpers';
import { editRows, entriesOf, withManifest, writeZip, type Entry } from './fixtures/bundle-zip';

let base: Entry[] = [];
let ws: TestWorkspace;

/** A workspace with one client and site to export, and a fresh one to import into. */
async function sourceBundle(): Promise<Entry[]> {
  const source = openTestWorkspace();
  const site = await source.factories.buildSite();
  await source.factories.buildOwnerAssignment({ siteId: site.id });
  const out = await exportTo(source, path.join(tempDir(), 'out'), { kind: 'site', id: site.id });
  return entriesOf(out.file);
}

async function problemsOf(entries: Entry[], patch?: (b: Buffer) => void, limits = DEFAULT_LIMITS) {
  const file = path.join(tempDir(), 'hostile.rwbundle.zip');
  await writeZip(file, entries, patch);
  const { bundle, plan } = await inspectBundle(ws.session.ctx, file, limits);
  return previewOf('hostile.rwbundle.zip', bundle, plan, 'token').problems;
}

const paths = (problems: { path: string }[]) => problems.map((p) => p.path);

afterAll(() => closeWorkers());

describe('handover bundles: damaged and hostile bundles are refused with the path of each problem', () => {
  beforeAll(async () => {
    base = await sourceBundle();
  });

  it('the untouched bundle has no problems (the cases below start from it)', async () => {
    ws = openTestWorkspace();
    expect(await problemsOf(base)).toEqual([]);
  });

  it('collects every bad entry name at once: .., absolute, backslash, drive letter, NUL, symlink, folder, duplicate', async () => {
    ws = openTestWorkspace();
    const bad: Entry[] = [
      { name: '../evil.txt', bytes: Buffer.from('x') },
      { name: 'documents/../../evil.txt', bytes: Buffer.from('x') },
      { name: '/etc/evil.txt', bytes: Buffer.from('x') },
      { name: 'data\\evil.json', bytes: Buffer.from('[]') },
      { name: 'C:/evil.txt', bytes: Buffer.from('x') },
      { name: 'evil\0.txt', bytes: Buffer.from('x') },
      { name: 'documents/link.md', bytes: Buffer.from('/etc/passwd'), mode: 0o120777 },
      { name: 'documents/folder/', bytes: Buffer.alloc(0), directory: true },
    ];
    const dup = base.find((e) => e.name.startsWith('data/'))!;
    const problems = await problemsOf([...withManifest(base), ...bad, { ...dup }]);
    const got = paths(problems);
    expect(got).toEqual(
      expect.arrayContaining([
        '../evil.txt',
        'documents/../../evil.txt',
        '/etc/evil.txt',
        'data\\\\evil.json',
        'C:/evil.txt',
        'evil\\u0000.txt',
        'documents/link.md',
        'documents/folder/',
        dup.name,
      ]),
    );
    const message = (p: string) => problems.find((x) => x.path === p)!.message;
    expect(message('../evil.txt')).toMatch(/climbs out/);
    expect(message('/etc/evil.txt')).toMatch(/absolute/);
    expect(message('C:/evil.txt')).toMatch(/drive letter/);
    expect(message('documents/link.md')).toMatch(/symbolic link/);
    expect(message('documents/folder/')).toMatch(/folder/);
    expect(message(dup.name)).toMatch(/two entries/);
  });

  it('an entry larger than its limit is refused while inflating, whatever its header says', async () => {
    ws = openTestWorkspace();
    const big = { name: 'documents/big.md', bytes: Buffer.alloc(50_000, 'a'), store: true };
    const entries = withManifest([...base, big]);
    // The headers claim 10 bytes uncompressed (stored: the reader would trust them to stop).
    const lie = (bytes: Buffer) => {
      const name = Buffer.from(big.name);
      for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) {
        if (bytes.readUInt32LE(at - 30) === 0x04034b50) bytes.writeUInt32LE(10, at - 30 + 22);
        if (bytes.readUInt32LE(at - 46) === 0x02014b50) bytes.writeUInt32LE(10, at - 46 + 24);
      }
    };
    const problems = await problemsOf(entries, lie, { ...DEFAULT_LIMITS, maxEntryBytes: 20_000 });
    expect(problems.find((p) => p.path === 'documents/big.md')?.message).toMatch(/more than the 20000 bytes/);
  });

  it('a bundle inflating past the total limit, and a zip bomb past the compression ratio, are refused', async () => {
    ws = openTestWorkspace();
    const total = await problemsOf(withManifest([...base, { name: 'documents/a.md', bytes: Buffer.alloc(40_000, 'b') }]), undefined, {
      ...DEFAULT_LIMITS,
      maxTotalBytes: 30_000,
    });
    expect(total.some((p) => /more than the 30000 bytes a bundle may hold/.test(p.message))).toBe(true);
    const bomb = await problemsOf(withManifest([...base, { name: 'documents/bomb.md', bytes: Buffer.alloc(8 * 1024 * 1024, 0) }]));
    expect(bomb.find((p) => p.path === 'documents/bomb.md')?.message).toMatch(/times its compressed size/);
  });

  it('checksums and sizes must match the manifest; unlisted files, listed-but-missing files and a missing manifest are named', async () => {
    ws = openTestWorkspace();
    const manifested = withManifest(base);
    const sites = manifested.findIndex((e) => e.name === 'data/sites.json');
    const tampered = manifested.map((e, i) =>
      i === sites ? { ...e, bytes: Buffer.from(e.bytes.toString('utf8').replace(/"name":"(.)/, (_, c: string) => `"name":"${c === 'Q' ? 'R' : 'Q'}`)) } : e,
    );
    const sized = manifested.map((e) => (e.name === 'data/clients.json' ? { ...e, bytes: Buffer.concat([e.bytes, Buffer.from(' ')]) } : e));
    const withExtra = [...manifested, { name: 'documents/unlisted.md', bytes: Buffer.from('hello') }];
    const withoutOne = manifested.filter((e) => e.name !== 'data/people.json');
    expect(await problemsOf(tampered)).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'data/sites.json', message: expect.stringMatching(/checksum/) })]),
    );
    expect(await problemsOf(sized)).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'data/clients.json', message: expect.stringMatching(/size/) })]),
    );
    expect(await problemsOf(withExtra)).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'documents/unlisted.md', message: expect.stringMatching(/not listed/) })]),
    );
    expect(await problemsOf(withoutOne)).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'data/people.json' })]));
    expect(paths(await problemsOf(manifested.filter((e) => e.name !== 'manifest.json')))).toContain('manifest.json');
  });

  it('an unknown format version or app, and a newer or older schema, are refused saying which', async () => {
    ws = openTestWorkspace();
    const v = ws.session.ctx.schemaVersion;
    const msg = async (change: (m: Record<string, unknown>) => void) =>
      (await problemsOf(withManifest(base, change))).map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(await msg((m) => (m.format = 2))).toMatch(/manifest.json: .*format version 2; this app reads version 1/);
    expect(await msg((m) => (m.app = 'other-tool'))).toMatch(/made by “other-tool”/);
    expect(await msg((m) => (m.schemaVersion = v + 1))).toMatch(new RegExp(`schema version ${v + 1}; this app is at ${v}. Update this app`));
    expect(await msg((m) => ((m.schemaVersion = v - 1), (m.appVersion = '0.0.9')))).toMatch(
      new RegExp(`made by Rollout Workbench 0.0.9 with schema version ${v - 1}`),
    );
  });

  it('rows that do not fit the table (types, CHECK rules, unknown columns) are named by record and file', async () => {
    ws = openTestWorkspace();
    let entries = editRows(base, 'sites', (rows) => {
      rows[0]!.stage = 'nonsense';
    });
    entries = editRows(entries, 'clients', (rows) => {
      rows[0]!.name = 42;
    });
    entries = editRows(entries, 'people', (rows) => {
      rows[0]!.favourite_colour = 'blue';
    });
    const problems = await problemsOf(withManifest(entries));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'data/sites.json', message: expect.stringMatching(/sites_stage_valid/) }),
        expect.objectContaining({ path: 'data/clients.json', message: expect.stringMatching(/name should be text/) }),
        expect.objectContaining({ path: 'data/people.json', message: expect.stringMatching(/favourite_colour/) }),
      ]),
    );
  });

  it('a reference to a record neither in the bundle nor here, and a secret in a text, are refused naming the record and field', async () => {
    ws = openTestWorkspace();
    let entries = editRows(base, 'owner_assignments', (rows) => {
      rows[0]!.owner_id = '01JUNKNOWNPERSON000000000';
    });
    entries = editRows(entries, 'sites', (rows) => {
      rows[0]!.notes = 'Provider key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD for billing';
    });
    const problems = await problemsOf(withManifest(entries));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'data/owner_assignments.json',
          message: expect.stringMatching(/Owner refers to people 01JUNKNOWNPERSON000000000, which is neither in the bundle nor here/),
        }),
        expect.objectContaining({ path: 'data/sites.json', message: expect.stringMatching(/Site “.+” \(id .+\), field Notes: contains .*OpenAI/) }),
      ]),
    );
  });

  it('a refused bundle answers no token and writes nothing', async () => {
    ws = openTestWorkspace();
    const file = path.join(tempDir(), 'bad.rwbundle.zip');
    await writeZip(file, [...withManifest(base), { name: '../evil.txt', bytes: Buffer.from('x') }]);
    const before = fs.statSync(ws.file).size + ws.count('change_log');
    const shown = await preview(ws, file);
    expect(shown.token).toBeNull();
    expect(shown.problems.map((p) => p.path)).toContain('../evil.txt');
    expect(fs.statSync(ws.file).size + ws.count('change_log')).toBe(before);
    expect(ws.count('sites')).toBe(0);
  });
});
