/**
 * The installed command as a user runs it: bin/rollout-workbench.mjs starts the compiled build
 * (out/cli, made by cli.build.mjs) with plain Node. Each test works on a copy of the project whose
 * node_modules holds every installed package except tsx, so nothing can transpile TypeScript at run
 * time, and whose out/cli starts missing, so the tests also show what the launcher does with a missing,
 * fresh or stale build, and without esbuild.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@main/rpc/context';
import { openSession } from '@main/session';
import { fixedClock } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
/** What the build reads: the sources, the build script, the launcher and the settings it compiles with. */
const PROJECT_FILES = ['core', 'db', 'main', 'bin', 'cli.build.mjs', 'package.json', 'tsconfig.base.json', 'tsconfig.node.json'];

let scratch: string;
let project: string;
let workspace: string;
let siteId: string;

/** Runs the launcher of `dir` with plain Node and no NODE_OPTIONS (no loader can be slipped in). */
function run(dir: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  delete env.ROLLOUT_WORKBENCH_DB;
  const r = spawnSync(process.execPath, [path.join(dir, 'bin/rollout-workbench.mjs'), ...args], { encoding: 'utf8', timeout: 120_000, env, cwd: scratch });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-cli-compiled-'));
  project = path.join(scratch, 'project');
  for (const entry of PROJECT_FILES) fs.cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
  // Every installed package but tsx (and the .bin shims that start it).
  fs.mkdirSync(path.join(project, 'node_modules'));
  for (const name of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (name === 'tsx' || name === '.bin') continue;
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(project, 'node_modules', name));
  }
  workspace = path.join(scratch, 'ws.sqlite');
  // Reviews planned in March 2026 are overdue by the real clock the commands run on.
  const s = openSession(workspace, { log: silentLogger, actor: 'cli test', clock: fixedClock('2026-03-01T10:00:00Z') });
  const client = await s.dispatch('clients.create', { name: 'Northwind' });
  if (!client.ok) throw new Error(client.error.message);
  const site = await s.dispatch('sites.create', {
    clientId: (client.value as { id: string }).id,
    name: 'Northwind Shop',
    productionUrl: 'https://shop.northwind.test',
  });
  if (!site.ok) throw new Error(site.error.message);
  siteId = (site.value as { id: string }).id;
  s.close();
}, 60_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('the compiled command-line tool', () => {
  it('builds itself when out/cli is missing, then answers info, reminders, ics and docs from JavaScript alone', () => {
    expect(fs.existsSync(path.join(project, 'node_modules/tsx'))).toBe(false);
    expect(fs.existsSync(path.join(project, 'out/cli'))).toBe(false);

    const info = run(project, ['info', '--workspace', workspace]);
    expect(info.stderr).toBe('');
    expect(info.status).toBe(0);
    expect(info.stdout).toContain(`Workspace: ${workspace}`);
    expect(info.stdout).toMatch(/^Sites: 1 active, 0 archived$/m);
    const built = fs.readdirSync(path.join(project, 'out/cli'));
    expect(built).toContain('cli.js');
    expect(built).toContain('build.json');
    // Plain JavaScript: no TypeScript loader, and the PDF engine kept out of the entry (loaded by the first PDF).
    const entry = fs.readFileSync(path.join(project, 'out/cli/cli.js'), 'utf8');
    expect(entry).not.toMatch(/from ["']tsx|import\(["']tsx/);
    expect(entry).not.toMatch(/from ["'](pdfkit|fontkit)["']/);

    const reminders = run(project, ['reminders', '--workspace', workspace]);
    expect(reminders.stderr).toBe('');
    expect(reminders.status).toBe(1);
    expect(reminders.stdout).toMatch(
      /^Reviews on \d{4}-\d{2}-\d{2} \(.+\): 1 overdue, 0 due today\n\nNo owner: 1 overdue\n {2}2026-03-01 {2}Northwind Shop \(Northwind\) {2}Initial setup review/,
    );

    const ics = path.join(scratch, 'reviews.ics');
    const calendar = run(project, ['ics', '--workspace', workspace, '--out', ics]);
    expect(calendar.status).toBe(0);
    expect(fs.readFileSync(ics, 'utf8')).toContain('SUMMARY:Overdue since 2026-03-01: Initial setup review: Northwind Shop');

    const out = path.join(scratch, 'docs');
    const docs = run(project, ['docs', '--workspace', workspace, '--site', siteId, '--kind', 'rollback_plan', '--format', 'md,pdf', '--out', out]);
    expect(docs.stdout).toMatch(/2 file\(s\) for 1 site\(s\)/);
    const files = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    const pdf = files.find((f) => f.name.endsWith('.pdf'));
    const md = files.find((f) => f.name.endsWith('.md'));
    expect(md && fs.readFileSync(path.join(md.parentPath, md.name), 'utf8')).toContain('Northwind Shop');
    // The PDF engine and its fonts were found from the compiled chunk.
    expect(pdf && fs.readFileSync(path.join(pdf.parentPath, pdf.name)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 240_000);

  it('rebuilds a build older than its sources instead of running old code', () => {
    expect(run(project, ['--help']).stdout).toContain('Usage: rollout-workbench <command>');
    const source = path.join(project, 'main/cli.ts');
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replace('Usage: rollout-workbench <command>', 'Usage: rollout-workbench (rebuilt) <command>'));
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(source, later, later);

    const help = run(project, ['--help']);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: rollout-workbench (rebuilt) <command>');
    expect(fs.readFileSync(path.join(project, 'out/cli/cli.js'), 'utf8')).toContain('(rebuilt)');
  }, 240_000);

  it('without esbuild, a missing build is refused with the command that builds it', () => {
    const bare = path.join(scratch, 'bare');
    for (const entry of ['bin', 'cli.build.mjs', 'package.json', 'main/cli.ts']) fs.cpSync(path.join(ROOT, entry), path.join(bare, entry), { recursive: true });

    const r = run(bare, ['info', '--workspace', workspace]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('the command-line tool is not built yet, and esbuild, which builds it, is not installed');
    expect(r.stderr).toContain('npm run build:cli');
  });
});
