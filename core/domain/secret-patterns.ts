/**
 * The shapes of credentials the secret scanner knows: provider API keys and tokens, private key
 * blocks, passwords inside URLs, WordPress application passwords and "password: …" written out, each
 * with a further check where ordinary words can take the same shape. `matchPatterns` runs them on one
 * view of a text; secret-scanner.ts decides which views to look at and what to report.
 */

export interface Pattern {
  kind: string;
  label: string;
  re: RegExp;
  /**
   * A further check on a match, for shapes that ordinary words can also take. `after` is the text that
   * follows the match (up to the end of its line), for values that are judged by what comes next.
   */
  accept?: (match: string, after: string) => boolean;
}

/** Opening line of a PEM private key block. */
export const KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]{1,32} ){0,8}PRIVATE KEY(?: BLOCK)?-----/;
export const KEY_END = /-----END (?:[A-Z0-9]{1,32} ){0,8}PRIVATE KEY(?: BLOCK)?-----/g;
/** The body of a key block that has lost its closing line: base64 and line breaks. */
export const KEY_BODY = /[A-Za-z0-9+/=\s]*/y;

/** A group of a WordPress application password that a generator made: letters mixed with digits, or a capital inside. */
function generatedGroup(group: string): boolean {
  return (/[0-9]/.test(group) && /[A-Za-z]/.test(group)) || /^.[a-z0-9]*[A-Z]/.test(group);
}

/** Words that say where or how a secret is kept, never a secret themselves. */
const NOT_A_VALUE = new Set([
  'none',
  'unknown',
  'pending',
  'required',
  'redacted',
  'hidden',
  'missing',
  'changed',
  'rotated',
  'provided',
  'managed',
  'expired',
  'expires',
  'stored',
  'removed',
  'revoked',
  'unset',
  'elsewhere',
  'onepassword',
  '1password',
  'bitwarden',
  'lastpass',
  'keepass',
  'keepassxc',
  'dashlane',
  'keeper',
  'vault',
]);

/** A mask token ("[phone removed]", "[secret removed]"): what masking left, never a secret value. */
const MASK_TOKEN = /^\[[A-Za-z ]{1,40} removed\]/;

/** The separator and the value at the end of an "assigned-secret" match. */
const ASSIGNED_VALUE = /["']?\s{0,8}(=>|[:=]|,|is\s)\s{0,8}(?:"([^"\r\n]{1,256})"|'([^'\r\n]{1,256})'|(["']?)([^\s"',;]{1,256}))$/i;

/**
 * Whether the value of "password: …" is a credential. A value with a digit, a symbol or a capital
 * inside (Tr0ub4dor3x, hunter2!) is one, unless it is an address (where the secret is kept) or the
 * name of a password manager. A plain word is one only when written as a setting (after ":" or "="
 * with nothing after it on the line: DB_PASSWORD=sunshine); followed by more words it is prose
 * ("managed by Priya", "rotated quarterly"), and after "is" a plain word never counts. A quoted value
 * ("correct horse battery staple") is judged by its first word and runs to its closing quote. After
 * the short names "pass" and "pw" a plain word counts only when quoted, and another value needs a
 * letter and is not a date ("pass: hunter2" counts; "pass: printed", "pass: 2026-11-02" do not).
 * A mask token ("[phone removed]") is never a value, so masked text masks to itself.
 */
function assignedValueIsSecret(match: string, after: string): boolean {
  const sep = ASSIGNED_VALUE.exec(match);
  if (!sep) return false;
  const how = sep[1]!;
  const inner = sep[2] ?? sep[3];
  const quoted = inner !== undefined || (sep[4] ?? '') !== '';
  const written = inner ?? sep[5] ?? '';
  if (MASK_TOKEN.test(inner !== undefined ? inner : written + after)) return false;
  const raw = inner !== undefined ? (inner.trim().split(/\s+/)[0] ?? '') : written;
  const value = raw.replace(/^[[({<]+/, '').replace(/[.!?)\]}>]+$/, '');
  if (value.length < 6 || NOT_A_VALUE.has(value.toLowerCase())) return false;
  if (/^[a-z][a-z0-9+.-]{0,31}:\/\//i.test(value)) return false;
  const wordLike = /^[A-Za-z][a-z]*$/.test(value);
  if (/^(?:pass|pw)(?![A-Za-z])/i.test(match)) {
    // "Boarding pass: printed", "Tests pass: 120/120", "Day pass: 2026-11-02" are notes, not passwords.
    if (wordLike) return quoted && how !== ',' && !/^is/i.test(how);
    return /[A-Za-z]/.test(value) && !/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/.test(value);
  }
  if (!wordLike) return true;
  if (/^is/i.test(how) || how === ',') return false;
  // Quoted ("password": "sunshine") or alone at the end of its line (DB_PASSWORD=sunshine).
  return quoted || !/^[\s.!?)\]}]*[A-Za-z0-9]/.test(after);
}

/** Whether a "Basic …" token is a user name and password in base64 ("admin:hunter2"). */
function basicCredentials(match: string): boolean {
  const token = /([A-Za-z0-9+/]+={0,2})$/.exec(match)?.[1] ?? '';
  let b64 = token.replace(/=+$/, '');
  if (b64.length % 4 === 1) return false;
  while (b64.length % 4 !== 0) b64 += '=';
  let text: string;
  try {
    text = atob(b64);
  } catch {
    return false;
  }
  return /^[\x21-\x7e]{1,128}:[\x20-\x7e]{1,256}$/.test(text) && !text.startsWith(':');
}

export const PATTERNS: Pattern[] = [
  {
    kind: 'private-key',
    label: 'a private key block',
    re: KEY_BEGIN,
  },
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
    kind: 'aws-secret-key',
    label: 'an AWS secret access key',
    re: /(?<![A-Za-z0-9])aws[_ -]?secret[_ -]?(?:access[_ -]?)?key["']?\s{0,8}(?:=>|[:=]|,)\s{0,8}["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i,
  },
  {
    kind: 'bearer-token',
    label: 'a bearer token (Authorization header)',
    // A token of letters and digits both, or a long one: "the bearer of this note" is prose.
    re: /\bbearer[ \t]{1,8}[A-Za-z0-9._~+/-]{16,1024}={0,2}/i,
    accept: (m) => {
      const token = m.replace(/^bearer[ \t]+/i, '');
      return (/[0-9]/.test(token) && /[A-Za-z]/.test(token)) || token.length >= 32;
    },
  },
  {
    kind: 'basic-credentials',
    label: 'a user name and password (Authorization: Basic)',
    re: /\bbasic[ \t]{1,8}[A-Za-z0-9+/]{8,1024}={0,2}(?![A-Za-z0-9+/=])/i,
    accept: (m) => basicCredentials(m),
  },
  { kind: 'webhook-secret', label: 'a webhook signing secret', re: /\bwhsec_[A-Za-z0-9+/=]{20,}/ },
  {
    kind: 'url-credentials',
    label: 'a password inside a URL',
    // A scheme is at most 32 characters, so a long run of letters, dots and hyphens is tried in linear time.
    re: /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s/:@]{1,256}:[^\s/@]{1,256}@[^\s/]{1,256}/i,
  },
  {
    // WordPress application passwords: six groups of four letters/digits.
    kind: 'wordpress-app-password',
    label: 'a WordPress application password',
    re: /\b[A-Za-z0-9]{4}(?: [A-Za-z0-9]{4}){5}\b/,
    accept: (m) => m.split(' ').filter(generatedGroup).length >= 2,
  },
  {
    kind: 'assigned-secret',
    label: 'a password or key written out',
    // The name may end a longer one (DB_PASSWORD, smtp_password, OPENAI_API_KEY) and be quoted
    // ("password": …, define( 'DB_PASSWORD', … )); the value follows ":", "=", "=>", "is" or, in a
    // call, a comma before a quoted value.
    // A quoted value runs to its closing quote, so a passphrase of several words is cut whole.
    re: /(?<![A-Za-z])(?:password|passwd|pwd|passphrase|pass|pw|secret|api[_ -]?key|access[_ -]?token|auth[_ -]?token|client[_ -]?secret|private[_ -]?key)["']?\s{0,8}(?:=>|[:=]|,(?=\s{0,8}["'])|is\s)\s{0,8}(?:"[^"\r\n]{6,256}"|'[^'\r\n]{6,256}'|["']?[^\s"',;]{6,256})/i,
    accept: (m, after) => assignedValueIsSecret(m, after),
  },
];

/** The rest of the line after `from`, at most 80 characters. */
export function lineAfter(text: string, from: number): string {
  const rest = text.slice(from, from + 80);
  const nl = rest.search(/[\r\n]/);
  return nl < 0 ? rest : rest.slice(0, nl);
}

export function matchPatterns(text: string): { pattern: Pattern; match: string }[] {
  const out: { pattern: Pattern; match: string }[] = [];
  for (const p of PATTERNS) {
    if (!p.accept) {
      const m = p.re.exec(text);
      if (m) out.push({ pattern: p, match: m[0] });
      continue;
    }
    for (const m of text.matchAll(new RegExp(p.re.source, `${p.re.flags}g`))) {
      if (p.accept(m[0], lineAfter(text, m.index + m[0].length))) {
        out.push({ pattern: p, match: m[0] });
        break;
      }
    }
  }
  return out;
}
