/**
 * Finds credentials in free text before they are stored. The workbench records *who owns* a key,
 * never the key itself, so anything that looks like one is refused with advice on what to record.
 *
 * Patterns favour precision over recall for ordinary prose: a word like "password" alone is not a
 * finding, but "password: hunter2" is.
 */
export interface SecretFinding {
  /** Stable identifier of the pattern, for tests and logs. */
  kind: string;
  /** What was found, in words a user understands. */
  label: string;
  /** The found text with its middle masked, so the message never repeats the secret. */
  excerpt: string;
}

interface Pattern {
  kind: string;
  label: string;
  re: RegExp;
}

const PATTERNS: Pattern[] = [
  { kind: 'private-key', label: 'a private key block', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'anthropic-key', label: 'an Anthropic API key', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  { kind: 'openai-key', label: 'an OpenAI API key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/ },
  { kind: 'stripe-key', label: 'a Stripe secret key', re: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/ },
  { kind: 'aws-access-key', label: 'an AWS access key ID', re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { kind: 'google-api-key', label: 'a Google API key', re: /\bAIza[A-Za-z0-9_-]{35}\b/ },
  { kind: 'github-token', label: 'a GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/ },
  { kind: 'slack-token', label: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'huggingface-token', label: 'a Hugging Face token', re: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { kind: 'jwt', label: 'a signed token (JWT)', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  {
    kind: 'url-credentials',
    label: 'a password inside a URL',
    re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@[^\s/]+/i,
  },
  {
    // WordPress application passwords: six groups of four letters/digits.
    kind: 'wordpress-app-password',
    label: 'a WordPress application password',
    re: /\b[A-Za-z0-9]{4}(?: [A-Za-z0-9]{4}){5}\b/,
  },
  {
    kind: 'assigned-secret',
    label: 'a password or key written out',
    re: /\b(?:password|passwd|pwd|passphrase|secret|api[_ -]?key|access[_ -]?token|auth[_ -]?token|client[_ -]?secret|private[_ -]?key)\s*(?:is\s*|[:=]\s*)["']?[^\s"',;]{6,}/i,
  },
];

function mask(text: string): string {
  if (text.length <= 8) return `${text.slice(0, 2)}…`;
  return `${text.slice(0, 6)}…${text.slice(-2)}`;
}

export function scanForSecrets(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const seen = new Set<string>();
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m || seen.has(p.kind)) continue;
    // An OpenAI-looking match that is really an Anthropic key is reported once.
    if (p.kind === 'openai-key' && seen.has('anthropic-key')) continue;
    seen.add(p.kind);
    findings.push({ kind: p.kind, label: p.label, excerpt: mask(m[0]) });
  }
  return findings;
}

/** The sentence a user sees when a field is refused. `field` is the field's label. */
export function secretMessage(field: string, findings: SecretFinding[]): string {
  const what = findings.map((f) => `${f.label} (${f.excerpt})`).join(' and ');
  return (
    `${field} contains ${what}. Secrets are never stored in the workbench: remove it, keep it in your ` +
    `password manager or the host's secret store, and record here only who owns it (Owners → Provider key & billing) ` +
    `and when it is next rotated.`
  );
}
