import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactSecrets, scanForSecrets, secretMessage } from '../../core/domain/secret-scanner';

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
    ['zero-width characters', ANTHROPIC.replace('sk-', 'sk-\u200b').replace('ant-', 'ant\u2060-'), 'anthropic-key', 'written with hidden or look-alike characters'],
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
