/**
 * Secrets are refused for every string of every channel's input, in one place (the registry), after
 * the encodings the scanner recognises are decoded. Each refusal names the field's path and writes
 * nothing: no row in any table, no change-log row.
 */
import { describe, expect, it } from 'vitest';
import { SECRET_SCAN_EXCEPTIONS, labelFromPath } from '@main/rpc/input-secrets';
import { contract } from '@core/contract/index';
import { fullSite, openTestWorkspace, type TestWorkspace } from '../db/helpers';

// Built at run time so this file itself holds no literal credential.
const k = (...parts: string[]) => parts.join('');
const ANTHROPIC = k('sk-ant-', 'api03-', 'Zq7'.repeat(10));
const PRIVATE_KEY = k('-----BEGIN RSA ', 'PRIVATE KEY-----');
const PASSWORD = k('pass', 'word: ', 'Tr0ub4dor&3x');

/** The same secret written plainly and hidden in each way the scanner decodes. */
const DISGUISES: [string, string][] = [
  ['plain', ANTHROPIC],
  ['percent-encoded', encodeURIComponent(PASSWORD)],
  ['double percent-encoded', encodeURIComponent(encodeURIComponent(PASSWORD))],
  ['HTML entities', [...ANTHROPIC].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('')],
  ['base64', btoa(PASSWORD)],
  ['base64url', btoa(ANTHROPIC).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
  ['unicode escapes', ANTHROPIC.replace(/-/g, '\\u002d')],
  ['zero-width split', ANTHROPIC.replace('sk-', 'sk-\u200b')],
  ['fullwidth letters', [...'sk-ant-'].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('') + ANTHROPIC.slice(7)],
];

/** Row count of every table: what a refused call must leave exactly as it was. */
function rowCounts(ws: TestWorkspace): Record<string, number> {
  const tables = ws.session.workspace.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map((t) => [t.name, ws.count(t.name)]));
}

async function expectRefused(
  ws: TestWorkspace,
  channel: Parameters<TestWorkspace['fail']>[0],
  input: Record<string, unknown>,
  path: string | RegExp,
  label?: string,
) {
  const before = rowCounts(ws);
  const err = await ws.fail(channel, input);
  expect(err.code).toBe('INVALID_INPUT');
  const issue = err.details?.issues?.find((i) => (typeof path === 'string' ? i.path === path : path.test(i.path)));
  expect(issue, `an issue at ${String(path)} in ${JSON.stringify(err.details?.issues)}`).toBeDefined();
  expect(issue!.message).toMatch(/Secrets are never stored/);
  if (label) expect(issue!.message).toContain(label);
  // The message never repeats the secret.
  expect(issue!.message).not.toContain('Zq7Zq7Zq7');
  expect(issue!.message).not.toContain('Tr0ub4dor');
  expect(rowCounts(ws)).toEqual(before);
  return err;
}

async function siteWithOperator(ws: TestWorkspace) {
  const client = await ws.call('clients.create', { name: 'Northwind' });
  const site = await ws.call('sites.create', { clientId: client.id, ...fullSite });
  const person = await ws.call('people.create', { name: 'Sam Support', email: 'sam@northwind.test', organisation: 'client', clientId: client.id });
  const op = await ws.call('operators.add', { siteId: site.id, personId: person.id, role: 'support_agent' });
  return { client, site, op };
}

async function sopBody(ws: TestWorkspace) {
  const current = await ws.call('sops.get', { workflow: 'support_drafts', role: 'support_agent' });
  const { workflow: _w, role: _r, version: _v, ...body } = current.sop;
  return { base: current.sop.version, body };
}

describe('secrets in any channel input', () => {
  it.each(DISGUISES)('refuses an operator revoke reason with a secret (%s), naming the field', async (_name, secret) => {
    const ws = openTestWorkspace();
    const { op } = await siteWithOperator(ws);
    await expectRefused(ws, 'operators.revokeAccess', { operatorId: op.id, reason: `Left the agency; key was ${secret}` }, 'reason', 'Revoke reason contains');
  });

  it.each(DISGUISES)('refuses an SOP purpose, refusal rule and example with a secret (%s), each at its path', async (_name, secret) => {
    const ws = openTestWorkspace();
    const { base, body } = await sopBody(ws);
    const publish = (sop: typeof body) => ({ workflow: 'support_drafts', role: 'support_agent', baseVersion: base, sop, changeSummary: 'Tighter rules' });
    await expectRefused(ws, 'sops.publish', publish({ ...body, purpose: `Draft replies. Use ${secret} for the API.` }), 'sop.purpose', 'Purpose contains');
    await expectRefused(
      ws,
      'sops.publish',
      publish({ ...body, refusalRules: [...body.refusalRules, `Never share ${secret}`] }),
      `sop.refusalRules.${body.refusalRules.length}`,
      `Refusal rules (item ${body.refusalRules.length + 1}) contains`,
    );
    const examples = body.goodExamples.map((e, i) => (i === 0 ? { ...e, text: `Connect with ${secret}` } : e));
    await expectRefused(ws, 'sops.publish', publish({ ...body, goodExamples: examples }), 'sop.goodExamples.0.text', 'Text of good examples (item 1) contains');
  });

  it.each(DISGUISES)('refuses a playbook file with a secret deep inside (%s), with its path in the file', async (_name, secret) => {
    const ws = openTestWorkspace();
    const file = await ws.call('playbook.export', {});
    const bad = structuredClone(file);
    bad.sops[3]!.escalation.triggers[1] = `Call the host with ${secret}`;
    const err = await expectRefused(ws, 'playbook.import', { content: JSON.stringify(bad, null, 2) }, 'sops[3].escalation.triggers[1]', 'The playbook file');
    expect(err.message).toBe('The playbook file contains a secret; nothing was saved. Remove it (say where each is kept instead) and try again.');
  });

  it('refuses a secret hidden in a name (a record key) of a playbook file', async () => {
    const ws = openTestWorkspace();
    const file = await ws.call('playbook.export', {});
    const bad = { ...structuredClone(file), [`note ${ANTHROPIC}`]: 'x' };
    const err = await expectRefused(ws, 'playbook.import', { content: JSON.stringify(bad) }, '(file)', 'A name in (file)');
    expect(JSON.stringify(err)).not.toContain('Zq7Zq7Zq7');
  });

  it.each(DISGUISES)('refuses a saved view whose query holds a secret (%s)', async (_name, secret) => {
    const ws = openTestWorkspace();
    await expectRefused(ws, 'views.save', { name: 'Pilot sites', query: `stage=pilot&search=${encodeURIComponent(secret)}` }, 'query', 'View filters contains');
  });

  it('refuses a private key percent-encoded in a URL path, in production and staging URLs', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const path = encodeURIComponent(`${PRIVATE_KEY}\nMIIEowIBAAKCAQEA`);
    await expectRefused(
      ws,
      'sites.create',
      { clientId: client.id, ...fullSite, productionUrl: `https://shop.northwind.test/${path}` },
      'productionUrl',
      'a private key block, percent-encoded',
    );
    await expectRefused(ws, 'sites.create', { clientId: client.id, ...fullSite, stagingUrl: `https://staging.northwind.test/wp/${path}` }, 'stagingUrl');
  });

  it('accepts ordinary text that only looks technical', async () => {
    const ws = openTestWorkspace();
    const { client, site } = await siteWithOperator(ws);
    await ws.call('clients.update', {
      id: client.id,
      version: client.version,
      name: client.name,
      notes: 'Password policy: rotate every 90 days.\nTicket 01JD3XK5Q8ZB7V0M4N2P6R8T9W, build 6.6.2-beta1+20241125, hash a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6.',
    });
    await ws.call('views.save', { name: 'Pilot', query: 'stage=pilot&search=dGhpcyBpcyBhIHRlc3Q%3D' });
    await ws.call('sites.update', {
      ...fullSite,
      id: site.id,
      clientId: site.clientId,
      version: site.version,
      stage: site.stage,
      productionUrl: 'https://shop.northwind.test/wp-content/uploads/2024/11',
    });
    // The default playbook itself passes (a re-import of an export changes nothing).
    const file = await ws.call('playbook.export', {});
    expect(await ws.call('playbook.import', { content: JSON.stringify(file) })).toMatchObject({ published: 0 });
  });

  it('lists each exception once, for a real channel, with a reason', () => {
    for (const e of SECRET_SCAN_EXCEPTIONS) {
      expect(Object.keys(contract)).toContain(e.channel);
      expect(e.reason.length).toBeGreaterThan(30);
    }
    expect(labelFromPath(['revokeReason'])).toBe('Revoke reason');
    expect(labelFromPath(['sops', 3, 'examples', 1])).toBe('Examples (item 2)');
    expect(labelFromPath(['roles', 0, 'wordpressRole'])).toBe('Wordpress role of roles (item 1)');
    expect(labelFromPath(['answers'])).toBe('Answers');
  });
});

describe('secrets the scan used to miss', () => {
  const PW = k('Tr0ub', '4dor3x');
  const AWS = k('AKIA', 'IOSFODNN7EXAMPLQ');

  it.each([
    ['a PHP define', `define( 'DB_PASSWORD', '${PW}' );`],
    ['an environment line', `DB_PASSWORD=${PW}`],
    ['YAML', `smtp_password: ${PW}`],
    ['a note that is a JSON object', `{"user":"admin","password":"${PW}"}`],
    ['Cyrillic look-alike letters', `Admin ра${k('ss', 'word')}: ${PW}`],
    ['a variation selector between every character', [...ANTHROPIC].join('\uFE0F')],
  ])('refuses client notes holding a password written as %s', async (_name, notes) => {
    const ws = openTestWorkspace();
    await expectRefused(ws, 'clients.create', { name: 'Northwind', notes }, 'notes', 'Notes contains');
  });

  it.each([
    ['an app password with + for spaces', 'search=abcd+EFGH+1234+ijkl+MNOP+qrst'],
    ['a sentence with + for spaces', k('search=the+admin+pass', 'word+is+', PW)],
  ])('refuses a saved view holding %s', async (_name, query) => {
    const ws = openTestWorkspace();
    await expectRefused(ws, 'views.save', { name: 'v', query }, 'query', 'View filters contains');
  });

  it('refuses a key in an email or an address that the schema lower-cases, at the field, and never echoes it', async () => {
    const ws = openTestWorkspace();
    const client = await ws.call('clients.create', { name: 'Northwind' });
    const person = await expectRefused(
      ws,
      'people.create',
      { name: 'Sam', email: `${AWS}@example.com`, organisation: 'client', clientId: client.id },
      'email',
      'an AWS access key ID',
    );
    expect(JSON.stringify(person)).not.toContain(AWS.slice(4));
    await expectRefused(
      ws,
      'sites.create',
      { clientId: client.id, ...fullSite, productionUrl: `https://${AWS}.example.com` },
      'productionUrl',
      'an AWS access key ID',
    );
    const scheme = await ws.fail('sites.create', { clientId: client.id, ...fullSite, productionUrl: `${AWS}://shop.example.com` });
    expect(scheme.code).toBe('INVALID_INPUT');
    expect(scheme.details?.issues?.find((i) => i.path === 'productionUrl')?.message).toBe(
      'Production URL must start with https://: other kinds of address are not accepted.',
    );
    expect(JSON.stringify(scheme).toLowerCase()).not.toContain(AWS.toLowerCase());
  });

  it('accepts ordinary notes that name a password, a key or a token without one', async () => {
    const ws = openTestWorkspace();
    for (const notes of [
      'Admin password: managed by Priya in 1Password',
      'API key: rotated quarterly by the client',
      'Secret: provided by the client on request',
      'Access token: expires yearly, Ann renews it',
      'From June 2026 they will move from Kinsta to WP Engine.',
    ]) {
      const c = await ws.call('clients.create', { name: `Client ${notes.slice(0, 12)}`, notes });
      expect(c.notes).toBe(notes);
    }
  });

  it('caps ids typed into a request: a 50 KB person id or answer key is refused by its length, naming the field', async () => {
    const ws = openTestWorkspace();
    const { site, op } = await siteWithOperator(ws);
    const long = 'a.'.repeat(25_000);
    const add = await ws.fail('operators.add', { siteId: site.id, personId: long, role: 'support_agent' });
    expect(add.code).toBe('INVALID_INPUT');
    expect(add.details?.issues?.find((i) => i.path === 'personId')?.message).toBe('Person is not a person id: choose the person from the list.');
    const check = await ws.fail('operators.submitScenarioCheck', { operatorId: op.id, attemptId: 'x', answers: { [long]: 'ask' } });
    expect(check.code).toBe('INVALID_INPUT');
    expect(check.details?.issues?.[0]?.path).toMatch(/^answers/);
  });
});
