import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactSecrets, scanForSecrets, secretMessage } from '@core/domain/secret-scanner';

// Built at run time so this file itself holds no literal credential.
const k = (...parts: string[]) => parts.join('');
const SAMPLES: [string, string][] = [
  ['private-key', k('-----BEGIN RSA ', 'PRIVATE KEY-----\nMIIEow...')],
  ['anthropic-key', k('sk-ant-', 'api03-', 'a'.repeat(30))],
  ['openai-key', k('sk-proj-', 'Ab1'.repeat(12))],
  ['stripe-key', k('sk_live_', 'Z9'.repeat(12))],
  ['aws-access-key', k('AKIA', 'ABCDEFGHIJKLMNOP')],
  ['google-api-key', k('AIza', 'S'.repeat(35))],
  ['github-token', k('ghp_', 'x1'.repeat(18))],
  ['slack-token', k('xoxb-', '1234567890-abcdef')],
  ['huggingface-token', k('hf_', 'q'.repeat(34))],
  ['jwt', k('eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')],
  ['url-credentials', 'mysql://admin:s3cretpass@db.example.com/shop'],
  ['wordpress-app-password', 'abcd EFGH ijkl MNOP qrst UVWX'],
  ['assigned-secret', 'the password: Tr0ub4dor&3'],
  ['assigned-secret', 'api_key=9f8e7d6c5b4a'],
  ['aws-secret-key', k('aws_secret_access_key=', 'wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY')],
  ['bearer-token', k('Authorization: Bearer ', 'abcdefghijklmnopqrstuvwxyz', '0123456789')],
  ['basic-credentials', k('Authorization: Basic ', 'YWRtaW46aHVudGVyMg==')],
  ['webhook-secret', k('whsec_', 'abcdefghijklmnopqrstuvwxyz', '123456')],
  ['assigned-secret', k('pass: ', 'hunter2')],
  ['assigned-secret', k('pw: ', 'hunter2')],
  ['assigned-secret', k('password: "correct ', 'horse battery staple"')],
];

describe('secret scanner', () => {
  it.each(SAMPLES)('finds %s', (kind, text) => {
    const found = scanForSecrets(`Note for the team: ${text} (do not share)`);
    expect(found.map((f) => f.kind)).toContain(kind);
  });

  it('masks what it found so the message never repeats the secret', () => {
    const secret = k('sk-proj-', 'Qw3'.repeat(12));
    const findings = scanForSecrets(secret);
    const message = secretMessage('Notes', findings);
    expect(message).toContain('Notes contains an OpenAI API key');
    expect(message).not.toContain(secret.slice(8, 30));
    expect(findings[0]!.excerpt.length).toBeLessThan(12);
  });

  it.each([
    'The password policy requires rotation every 90 days.',
    'Rotate the API key monthly; Priya owns the provider key and the bill.',
    'Secrets live in 1Password, vault "Client sites".',
    'Staging is at https://staging.example.com/shop and production at https://example.com.',
    'SophMate 2.4.1 on WordPress 6.6.2 with PHP 8.2; theme Storefront.',
    'Ask the host (Kinsta) to allow outbound HTTPS to the provider.',
    'Token budget is 2 million per month.',
  ])('does not flag ordinary prose: %j', (text) => {
    expect(scanForSecrets(text)).toEqual([]);
  });

  it('finds a random key embedded anywhere in random prose (property)', () => {
    const word = fc.stringMatching(/^[a-z]{1,10}$/);
    const prose = fc.array(word, { maxLength: 30 }).map((ws) => ws.join(' '));
    const keyBody = fc.stringMatching(/^[A-Za-z0-9]{24,40}$/);
    fc.assert(
      fc.property(prose, prose, keyBody, (before, after, body) => {
        const text = `${before} ${k('sk-', body)} ${after}`;
        return scanForSecrets(text).some((f) => f.kind === 'openai-key');
      }),
      { numRuns: 300 },
    );
  });
});

describe('secret scanner: encodings it decodes before matching', () => {
  const ANTHROPIC = k('sk-ant-', 'api03-', 'Zq7'.repeat(10));
  const PRIVATE_KEY = k('-----BEGIN RSA ', 'PRIVATE KEY-----\nMIIEowIBAAKCAQEA');
  const PASSWORD = k('pass', 'word: ', 'Tr0ub4dor&3x');
  const every = (text: string, f: (c: string) => string) => [...text].map(f).join('');
  const hex = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
  const fullwidth = (text: string) => every(text, (c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c));

  it.each<[string, string, string, string]>([
    ['percent-encoding', every(PRIVATE_KEY, (c) => `%${hex(c)}`), 'private-key', 'percent-encoded'],
    ['percent-encoding in a URL path', `https://shop.example.com/${encodeURIComponent(PRIVATE_KEY)}`, 'private-key', 'percent-encoded'],
    ['double percent-encoding', encodeURIComponent(encodeURIComponent(PASSWORD)), 'assigned-secret', 'percent-encoded twice'],
    ['named HTML entities', ANTHROPIC.replace(/-/g, '&hyphen;'), 'anthropic-key', 'HTML-encoded'],
    ['decimal HTML entities', every(ANTHROPIC, (c) => `&#${c.charCodeAt(0)};`), 'anthropic-key', 'HTML-encoded'],
    ['hex HTML entities', every(ANTHROPIC, (c) => `&#x${hex(c)};`), 'anthropic-key', 'HTML-encoded'],
    ['base64', `config: ${btoa(PASSWORD)}`, 'assigned-secret', 'base64-encoded'],
    ['base64url without padding', btoa(ANTHROPIC).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'anthropic-key', 'base64-encoded'],
    ['unicode escapes', ANTHROPIC.replace(/-/g, '\\u002d'), 'anthropic-key', 'escaped'],
    ['escaped line breaks in a key block', PRIVATE_KEY.replace(/\n/g, '\\n').replace(/ /g, '\\x20'), 'private-key', 'escaped'],
    [
      'zero-width characters',
      ANTHROPIC.replace('sk-', 'sk-\u200b').replace('ant-', 'ant\u2060-'),
      'anthropic-key',
      'written with hidden or look-alike characters',
    ],
    ['fullwidth letters', fullwidth(ANTHROPIC), 'anthropic-key', 'written with hidden or look-alike characters'],
    ['a soft hyphen inside a word', PASSWORD.replace('pass', 'pas\u00ads'), 'assigned-secret', 'written with hidden or look-alike characters'],
    ['base64 of percent-encoding', btoa(encodeURIComponent(PASSWORD)), 'assigned-secret', 'base64-encoded, then percent-encoded'],
  ])('finds a secret hidden by %s, and says how', (_name, text, kind, encoding) => {
    const found = scanForSecrets(`Note: ${text} (end)`);
    expect(found.map((f) => f.kind)).toContain(kind);
    expect(found.find((f) => f.kind === kind)!.encoding).toBe(encoding);
    expect(secretMessage('Notes', found)).toContain(`, ${encoding} (`);
  });

  it.each([
    ['a base64-looking id that decodes to plain words', 'Ticket dGhpcyBpcyBhIHRlc3Q= was closed.'],
    ['ULIDs', 'Records 01JD3XK5Q8ZB7V0M4N2P6R8T9W and 01JD3XK5Q8ZB7V0M4N2P6R8T9X.'],
    ['hashes', 'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['version strings', 'SophMate 2.4.1-beta.3+build.20241125 on WordPress 6.6.2, PHP 8.2.27.'],
    ['URLs without credentials', 'https://shop.example.com/wp-content/uploads/2024/11/hero-image_final.png?ver=6.6.2'],
    ['percent-encoded ordinary paths', 'https://example.com/caf%C3%A9/men%C3%BC%20items'],
    ['HTML in a note', '<p>Call Ann &amp; Priya &mdash; not the host &#8211; first.</p>'],
    ['sentences with the word password', 'Reset the password in the host panel; the password is stored in 1Password by Priya.'],
    ['six four-letter words', 'When they have been told this, stop.'],
    ['escaped text', 'Line one\\nline two \\u00e9t\\u00e9'],
    ['non-Latin scripts and emoji', 'Ärzte Zentrum · 東京店 · שלום · 🚀✅ · 👨‍👩‍👧'],
    ['"pass:" with a plain answer', 'Smoke test pass: yes. Boarding pass: printed.'],
    ['"pass:" with a count or a date', 'Tests pass: 120/120; day pass: 2026-11-02; pw: 12345678.'],
    ['the words bearer and basic', 'The bearer of this note may collect it. Basic authentication is on for staging (Basic plan).'],
    ['a bearer token named, not given', 'Authorization: Bearer <token from the host panel>'],
    ['mask tokens after a password label', 'Password: [phone removed]; password: [secret removed]; pass: [email removed].'],
  ])('does not flag %s', (_name, text) => {
    expect(scanForSecrets(text)).toEqual([]);
  });

  it('redacts only the secret, in place, whatever its encoding', () => {
    expect(redactSecrets(`Key ${ANTHROPIC} for the shop.`, '[x]')).toEqual({ text: 'Key [x] for the shop.', count: 1 });
    expect(redactSecrets(`See https://shop.example.com/${encodeURIComponent(PRIVATE_KEY)} now`, '[x]').text).toBe('See https://shop.example.com/[x] now');
    expect(redactSecrets(`${PRIVATE_KEY}\nAAAA\n-----END RSA PRIVATE KEY-----\nthen restart`, '[x]').text).toBe('[x]\nthen restart');
    expect(redactSecrets(`base64 ${btoa(PASSWORD)} here`, '[x]').text).toBe('base64 [x] here');
    expect(redactSecrets('Nothing to see.', '[x]')).toEqual({ text: 'Nothing to see.', count: 0 });
  });

  it('redacts a quoted passphrase up to its closing quote', () => {
    expect(redactSecrets(k('Set password: "correct horse ', 'battery staple" then log in.'), '[x]')).toEqual({ text: 'Set [x] then log in.', count: 1 });
    expect(redactSecrets(k("pass='correct horse ", "battery staple'"), '[x]').text).toBe('[x]');
  });

  it('never leaves a finding behind after redaction (property)', () => {
    const encode = fc.constantFrom<(s: string) => string>(
      (s) => s,
      (s) => encodeURIComponent(s),
      (s) => btoa(s),
      (s) => [...s].map((c) => `&#${c.charCodeAt(0)};`).join(''),
      (s) => s.replace(/-/g, '\\u002d'),
    );
    const word = fc.stringMatching(/^[a-z]{1,10}$/);
    const prose = fc.array(word, { maxLength: 12 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(prose, prose, encode, fc.stringMatching(/^[A-Za-z0-9]{24,32}$/), (before, after, enc, body) => {
        const text = `${before} ${enc(k('sk-proj-', body))} ${after}`;
        const out = redactSecrets(text, '[x]').text;
        return scanForSecrets(out).length === 0 && out.includes('[x]');
      }),
      { numRuns: 200 },
    );
  });
});

describe('secret scanner: passwords written the usual config way', () => {
  const PW = k('Tr0ub', '4dor3x');
  it.each([
    ['a PHP define', `define( 'DB_PASSWORD', '${PW}' );`],
    ['an environment line', `DB_PASSWORD=${PW}`],
    ['an environment line with a plain word', k('DB_PASS', 'WORD=sunshine')],
    ['YAML', `smtp_password: ${PW}`],
    ['a JSON object', `{"user":"admin","password":"${PW}"}`],
    ['a JSON api_key', `"api_key": "9f8e7d6c${PW}"`],
    ['a PHP array', `'password' => '${PW}'`],
    ['an OPENAI_API_KEY line', k('OPENAI_API_', 'KEY=', 'x9Y8z7W6v5U4')],
  ])('finds %s', (_name, text) => {
    expect(scanForSecrets(text).map((f) => f.kind)).toContain('assigned-secret');
  });

  it.each([
    'Admin password: managed by Priya in 1Password',
    'API key: rotated quarterly by the client',
    'Secret: provided by the client on request',
    'Access token: expires yearly, Ann renews it',
    'From June 2026 they will move from Kinsta to WP Engine.',
    'Password: 1Password',
    'Admin password: https://vault.example.com/items/42',
    'The password is stored in 1Password by Priya.',
    'Password: unknown',
    'Rules: "Never share the password", "Escalate"',
    'On 12 June 2026 they will move from Kinsta.',
    'Plan B: call Ann, then move from WP to Kinsta.',
  ])('accepts ordinary notes: %j', (text) => {
    expect(scanForSecrets(text)).toEqual([]);
  });
});

describe('secret scanner: WordPress application passwords', () => {
  it('finds generated ones (property): six groups of four random letters and digits', () => {
    const group = fc.stringMatching(/^[A-Za-z0-9]{4}$/);
    fc.assert(
      fc.property(fc.array(group, { minLength: 6, maxLength: 6 }), (groups) => {
        const text = `App password for the shop: ${groups.join(' ')}`;
        // A generator can, rarely, draw groups that read as words; those are judged as prose.
        const generated = groups.filter((g) => (/[0-9]/.test(g) && /[A-Za-z]/.test(g)) || /^.[a-z0-9]*[A-Z]/.test(g)).length;
        return scanForSecrets(text).some((f) => f.kind === 'wordpress-app-password') === generated >= 2;
      }),
      { numRuns: 500 },
    );
    expect(scanForSecrets('abcd EFGH 1234 ijkl MNOP qrst').map((f) => f.kind)).toContain('wordpress-app-password');
    expect(scanForSecrets('Xk3p Lm9Q 2wEr Tz7u Bn4a Yv8c').map((f) => f.kind)).toContain('wordpress-app-password');
  });
});

describe('secret scanner: hidden characters, look-alikes, form encoding, wrapped base64', () => {
  const ANTHROPIC = k('sk-ant-', 'api03-', 'Zq7'.repeat(10));
  it('finds a password typed with Cyrillic look-alike letters', () => {
    const found = scanForSecrets(k('Admin ра', 'ssword: Tr0ub4dor3x'));
    expect(found.map((f) => f.kind)).toEqual(['assigned-secret']);
    expect(found[0]!.encoding).toBe('written with hidden or look-alike characters');
    expect(scanForSecrets(k('ΑΡΙ_ΚΕΥ', '=x9Y8z7W6v5U4')).map((f) => f.kind)).toContain('assigned-secret');
  });

  it.each(['\uFE0F', '\u034F', '\u3164', '\u2800', '\u180B', '\u17B4', '\u115F', '\uFFA0'])('finds a key with U+%s between every character', (ch) => {
    expect(scanForSecrets([...ANTHROPIC].join(ch)).map((f) => f.kind)).toContain('anthropic-key');
  });

  it('reads "+" as a space in a form-encoded query', () => {
    expect(scanForSecrets('search=abcd+EFGH+1234+ijkl+MNOP+qrst')).toEqual([
      expect.objectContaining({ kind: 'wordpress-app-password', encoding: 'form-encoded' }),
    ]);
    expect(scanForSecrets(k('search=the+admin+pass', 'word+is+Tr0ub4dor3x')).map((f) => f.kind)).toContain('assigned-secret');
    expect(scanForSecrets('stage=pilot&search=Northwind+Shop+2026')).toEqual([]);
  });

  it('joins base64 wrapped at 76 characters before decoding it', () => {
    const env = `WP_ENV=productionxx\nOPENAI_API_KEY=${k('sk-proj-', 'Ab1'.repeat(52))}\n`;
    const wrapped = Buffer.from(env).toString('base64').replace(/.{76}/g, '$&\n');
    expect(wrapped.split('\n').length).toBeGreaterThan(3);
    const found = scanForSecrets(`Env file:\n${wrapped}`);
    expect(found.map((f) => f.kind)).toContain('openai-key');
    expect(found.find((f) => f.kind === 'openai-key')!.encoding).toBe('base64-encoded');
    expect(scanForSecrets(redactSecrets(`Env file:\n${wrapped}`, '[x]').text)).toEqual([]);
  });
});

describe('secret scanner: linear time on hostile input', () => {
  // 1 MB of each shape. The scan of the shapes that once blew up (runs of "a." took 2.5 s for 50 KB and
  // grew with the square of the length) would take many minutes here; a linear scan takes about a second.
  // scripts/bench-secrets.ts prints the time per MB of each shape.
  const MB = 1_000_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length));
  it.each<[string, string]>([
    ['runs of "a."', fill('a.')],
    ['runs of "ab-"', fill('ab-')],
    ['token-like runs without a token', fill('eyJaaaaaaaaaa.')],
    ['percent signs', fill('%')],
    ['percent escapes', fill('%4')],
    ['base64-like text', fill('QUJDRGVmZ2hp')],
    ['wrapped base64-like lines', fill('QUJDRGVmZ2hp\n')],
    ['HTML entity starts', fill('&#')],
    ['backslash-u starts', fill('\\u')],
    ['one long word', fill('abcdefghij')],
    ['long words', fill('abcdefghij ')],
    ['scheme starts', fill('a://')],
    ['key names without values', fill('password ')],
    ['key block openings without an end', fill('-----BEGIN PRIVATE KEY-----\n')],
    ['pluses', fill('a+')],
    ['header names without tokens', fill('Authorization: Bearer Basic ')],
    ['short names with quotes', fill('pass: "pw=\'')],
    ['quoted values never closed', fill('password: "abcdefgh ')],
    ['webhook prefixes', fill('whsec_')],
  ])(
    'scans and redacts 1 MB of %s',
    (_name, text) => {
      expect(Array.isArray(scanForSecrets(text))).toBe(true);
      expect(typeof redactSecrets(text, '[x]').text).toBe('string');
    },
    30_000,
  );
});
