import { describe, expect, it } from 'vitest';
import { runCli } from '@main/cli';
import { printable } from '@main/printable';
import { openTestWorkspace } from './helpers';

const HOSTILE_NAME = 'Evil \x1b[31mRed\x1b[0m \u202eshop\u0007 \u009b2J';

/** A site whose name holds terminal escapes, written behind the app (older data, or another tool). */
async function hostileSite() {
  const ws = openTestWorkspace();
  const client = await ws.call('clients.create', { name: 'Acme' });
  const site = await ws.call('sites.create', { clientId: client.id, name: 'Plain', productionUrl: 'https://plain.acme.test' });
  ws.session.workspace.sqlite.prepare('UPDATE sites SET name = ? WHERE id = ?').run(HOSTILE_NAME, site.id);
  ws.session.workspace.sqlite.prepare('UPDATE clients SET name = ? WHERE id = ?').run('Two\nLines', client.id);
  return { ws, site };
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// Anything a terminal acts on instead of showing: C0 (but tab and line feed), DEL, C1, bidi controls.
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('what the CLI prints', () => {
  it('sites: a name with escape sequences and a bidi override prints escaped, on one line', async () => {
    const { ws, site } = await hostileSite();
    const r = await run(['sites', '--workspace', ws.file]);
    expect(r.out).not.toMatch(TERMINAL_CONTROLS);
    const row = r.out.split('\n').find((l) => l.startsWith(site.id))!;
    expect(row).toContain('Evil \\x1b[31mRed\\x1b[0m \\u202eshop\\x07 \\u009b2J (Two\\x0aLines)');
  });

  it('sites --json: the output is valid JSON with the exact name, and no raw control reaches the terminal', async () => {
    const { ws } = await hostileSite();
    const r = await run(['sites', '--workspace', ws.file, '--json']);
    expect(r.out).not.toMatch(TERMINAL_CONTROLS);
    const parsed = JSON.parse(r.out) as { rows: { name: string; clientName: string }[] };
    expect(parsed.rows[0]).toMatchObject({ name: HOSTILE_NAME, clientName: 'Two\nLines' });
  });

  it('errors print escaped too: an unknown site id with an escape sequence is echoed safely', async () => {
    const { ws } = await hostileSite();
    const r = await run(['docs', '--workspace', ws.file, '--site', 'no-such\x1b]0;pwned\x07', '--out', '/']);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(TERMINAL_CONTROLS);
    expect(r.err).toContain('no-such\\x1b]0;pwned\\x07');
  });

  it('printable keeps tabs, line feeds on request, and every other character as typed', () => {
    expect(printable('Ärzte 漢字 مرحبا 🚀\tok')).toBe('Ärzte 漢字 مرحبا 🚀\tok');
    expect(printable('a\nb')).toBe('a\\x0ab');
    expect(printable('a\nb', { keepLineBreaks: true })).toBe('a\nb');
    expect(printable('lone \ud800 surrogate')).toBe('lone \\ud800 surrogate');
    expect(printable('\u2066isolate\u2069 \u200fmark')).toBe('\\u2066isolate\\u2069 \\u200fmark');
  });
});
