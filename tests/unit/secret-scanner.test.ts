import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanForSecrets, secretMessage } from '../../core/domain/secret-scanner';

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
