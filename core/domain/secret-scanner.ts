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
  /** How it was hidden (e.g. "percent-encoded"), when it was not written out plainly. */
  encoding?: string;
}

interface Pattern {
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
const KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]{1,32} ){0,8}PRIVATE KEY(?: BLOCK)?-----/;
const KEY_END = /-----END (?:[A-Z0-9]{1,32} ){0,8}PRIVATE KEY(?: BLOCK)?-----/g;
/** The body of a key block that has lost its closing line: base64 and line breaks. */
const KEY_BODY = /[A-Za-z0-9+/=\s]*/y;

/** A group of a WordPress application password that a generator made: letters mixed with digits, or a capital inside. */
function generatedGroup(group: string): boolean {
  return (/[0-9]/.test(group) && /[A-Za-z]/.test(group)) || /^.[a-z0-9]*[A-Z]/.test(group);
}

/** Words that say where or how a secret is kept, never a secret themselves. */
const NOT_A_VALUE = new Set([
  'none', 'unknown', 'pending', 'required', 'redacted', 'hidden', 'missing', 'changed', 'rotated', 'provided', 'managed',
  'expired', 'expires', 'stored', 'removed', 'revoked', 'unset', 'elsewhere', 'onepassword', '1password', 'bitwarden',
  'lastpass', 'keepass', 'keepassxc', 'dashlane', 'keeper', 'vault',
]);

/**
 * Whether the value of "password: …" is a credential. A value with a digit, a symbol or a capital
 * inside (Tr0ub4dor3x, hunter2!) is one, unless it is an address (where the secret is kept) or the
 * name of a password manager. A plain word is one only when written as a setting (after ":" or "="
 * with nothing after it on the line: DB_PASSWORD=sunshine); followed by more words it is prose
 * ("managed by Priya", "rotated quarterly"), and after "is" a plain word never counts.
 */
function assignedValueIsSecret(match: string, after: string): boolean {
  const sep = /["']?\s{0,8}(=>|[:=]|,|is\s)\s{0,8}(["']?)([^\s"',;]+)$/i.exec(match);
  if (!sep) return false;
  const [, how, quote, raw] = sep as unknown as [string, string, string, string];
  const value = raw.replace(/[.!?)\]}]+$/, '');
  if (value.length < 6 || NOT_A_VALUE.has(value.toLowerCase())) return false;
  if (/^[a-z][a-z0-9+.-]{0,31}:\/\//i.test(value)) return false;
  const wordLike = /^[A-Za-z][a-z]*$/.test(value);
  if (!wordLike) return true;
  if (/^is/i.test(how) || how === ',') return false;
  // Quoted ("password": "sunshine") or alone at the end of its line (DB_PASSWORD=sunshine).
  return quote !== '' || !/^[\s.!?)\]}]*[A-Za-z0-9]/.test(after);
}

const PATTERNS: Pattern[] = [
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
    re: /(?<![A-Za-z])(?:password|passwd|pwd|passphrase|secret|api[_ -]?key|access[_ -]?token|auth[_ -]?token|client[_ -]?secret|private[_ -]?key)["']?\s{0,8}(?:=>|[:=]|,(?=\s{0,8}["'])|is\s)\s{0,8}["']?[^\s"',;]{6,256}/i,
    accept: (m, after) => assignedValueIsSecret(m, after),
  },
];

function mask(text: string): string {
  if (text.length <= 8) return `${text.slice(0, 2)}…`;
  return `${text.slice(0, 6)}…${text.slice(-2)}`;
}

/*
 * Decoding. A secret pasted through a URL, an HTML page, a JSON string or a base64 blob is still a
 * secret, so the scanner looks at the text the way a reader (or a browser, or a program) would decode
 * it. Each decoder turns one view of the text into another; views are decoded again (double
 * percent-encoding, base64 of an escaped string) up to a small depth, so a scan stays cheap.
 */

/**
 * Characters that print nothing but split a pattern: format characters (Cf), every default-ignorable
 * code point (variation selectors, the combining grapheme joiner, Hangul fillers, Mongolian and Khmer
 * marks) and the blank Braille pattern.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/**
 * Cyrillic and Greek letters that look like Latin ones ("раssword" with Cyrillic р and а). A small
 * table of the common look-alikes rather than Unicode's full confusables skeleton, which also rewrites
 * Latin letters and digits (0 → O, 1 → l) and would change the shape of a real key.
 */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q',
  ԝ: 'w', һ: 'h', ӏ: 'l', к: 'k', м: 'm', н: 'h', т: 't', ɡ: 'g', ɑ: 'a', ı: 'i',
  А: 'A', В: 'B', Е: 'E', Ё: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y', Ѕ: 'S', І: 'I',
  Ј: 'J', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Һ: 'H', Ӏ: 'I',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

function unicodeView(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c] ?? c);
}

const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/** Percent-decodes each run of escapes; a run that is not UTF-8 is read byte by byte (Latin-1). */
function percentView(text: string): string {
  return text.replace(PERCENT_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
  });
}

/** A query string or form body writes a space as "+": `search=the+admin+password+is+…`. */
function formView(text: string): string {
  return percentView(text.replace(/\+/g, ' '));
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', colon: ':', semi: ';', sol: '/', bsol: '\\',
  period: '.', comma: ',', hyphen: '-', dash: '-', minus: '-', lowbar: '_', equals: '=', commat: '@', plus: '+',
  num: '#', excl: '!', quest: '?', percnt: '%', dollar: '$', ast: '*', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']',
  lcub: '{', rcub: '}', verbar: '|', tilde: '~', grave: '`', Hat: '^', NewLine: '\n', Tab: '\t',
};

function codePoint(n: number): string | null {
  return Number.isFinite(n) && n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : null;
}

const ENTITY = /&(?:#[xX]([0-9A-Fa-f]{1,6});?|#([0-9]{1,7});?|([A-Za-z]{2,8});)/g;

function htmlView(text: string): string {
  return text.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex) return codePoint(parseInt(hex, 16)) ?? whole;
    if (dec) return codePoint(parseInt(dec, 10)) ?? whole;
    return name && Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name]! : whole;
  });
}

const ESCAPE = /\\(?:u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|x([0-9A-Fa-f]{2})|([nrt/\\'"]))/g;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '/': '/', '\\': '\\', "'": "'", '"': '"' };

/** Backslash escapes as JSON, JavaScript and most config formats write them. Surrogate pairs are joined. */
function escapeView(text: string): string {
  return text.replace(ESCAPE, (whole, brace: string | undefined, u4: string | undefined, x2: string | undefined, simple: string | undefined) => {
    if (brace) return codePoint(parseInt(brace, 16)) ?? whole;
    if (u4) return String.fromCharCode(parseInt(u4, 16));
    if (x2) return String.fromCharCode(parseInt(x2, 16));
    return (simple && SIMPLE_ESCAPES[simple]) ?? whole;
  });
}

/**
 * Runs worth decoding as base64: 16 or more characters of the standard or the URL-safe alphabet.
 * The first also takes the following lines of a wrapped block (`base64` writes 76 characters a line),
 * joined across single line breaks before decoding, so a secret cut at a line end is read whole.
 */
const BASE64_RUNS = [/[A-Za-z0-9+/_-]{16,}={0,2}(?:\r?\n[A-Za-z0-9+/_-]+={0,2})*/g, /[A-Za-z0-9+_-]{16,}={0,2}/g];

function decodeBase64(run: string): string | null {
  let b64 = run.replace(/\s+/g, '').replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (b64.length % 4 === 1) b64 = b64.slice(0, -1);
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    return null;
  }
  let text = binary;
  try {
    text = decodeURIComponent(binary.replace(/[\x80-\xff%]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  } catch {
    // Not UTF-8: judge the bytes as they are.
  }
  // Decoded text must read as text: random ids, hashes and image bytes decode to mostly unprintable bytes.
  let printable = 0;
  for (const ch of text) if (/[\t\n\r\x20-\x7e]/.test(ch) || ch.charCodeAt(0) > 0xa0) printable++;
  return text.length >= 8 && printable / [...text].length >= 0.9 ? text : null;
}

function base64Views(text: string): string[] {
  const views: string[] = [];
  for (const re of BASE64_RUNS) {
    let changed = false;
    const view = text.replace(re, (run) => {
      const decoded = decodeBase64(run);
      if (decoded === null) return run;
      changed = true;
      return ` ${decoded} `;
    });
    if (changed) views.push(view);
  }
  return views;
}

interface View {
  text: string;
  /** How the text was decoded to reach this view, outermost first; empty for the text as written. */
  via: string[];
}

const DECODERS: { name: string; applies: RegExp; decode: (text: string) => string[] }[] = [
  { name: 'written with hidden or look-alike characters', applies: /[\u0080-\uffff]/, decode: (t) => [unicodeView(t)] },
  { name: 'percent-encoded', applies: /%[0-9A-Fa-f]{2}/, decode: (t) => [percentView(t)] },
  { name: 'form-encoded', applies: /[^\s+]\+[^\s+]/, decode: (t) => [formView(t)] },
  { name: 'HTML-encoded', applies: /&#?[A-Za-z0-9]+;?/, decode: (t) => [htmlView(t)] },
  { name: 'escaped', applies: /\\[unrtx/\\'"]/, decode: (t) => [escapeView(t)] },
  { name: 'base64-encoded', applies: /[A-Za-z0-9+/_-]{16,}/, decode: base64Views },
];

const MAX_DEPTH = 3;
const MAX_VIEWS = 32;

/** The text as written, then every distinct decoded view of it, breadth first. */
function viewsOf(text: string): View[] {
  const views: View[] = [{ text, via: [] }];
  const seen = new Set([text]);
  for (let i = 0; i < views.length && views.length < MAX_VIEWS; i++) {
    const v = views[i]!;
    if (v.via.length >= MAX_DEPTH) continue;
    for (const d of DECODERS) {
      if (!d.applies.test(v.text)) continue;
      for (const decoded of d.decode(v.text)) {
        if (seen.has(decoded) || views.length >= MAX_VIEWS) continue;
        seen.add(decoded);
        views.push({ text: decoded, via: [...v.via, d.name] });
      }
    }
  }
  return views;
}

/** The rest of the line after `from`, at most 80 characters. */
function lineAfter(text: string, from: number): string {
  const rest = text.slice(from, from + 80);
  const nl = rest.search(/[\r\n]/);
  return nl < 0 ? rest : rest.slice(0, nl);
}

function matchPatterns(text: string): { pattern: Pattern; match: string }[] {
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

/** "percent-encoded twice, then base64-encoded": the decoders that led to a view, outermost first. */
function describeEncoding(via: string[]): string {
  const steps: string[] = [];
  for (let i = 0; i < via.length; i++) {
    let n = 1;
    while (via[i + 1] === via[i]) {
      n++;
      i++;
    }
    steps.push(n === 1 ? via[i]! : `${via[i]!} ${n === 2 ? 'twice' : `${n} times`}`);
  }
  return steps.join(', then ');
}

/**
 * Every kind of credential found in `text`, once each: first as written, then in its decoded views
 * (percent, HTML entities, backslash escapes, base64 runs, and Unicode look-alikes or hidden characters).
 */
export function scanForSecrets(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const seen = new Set<string>();
  for (const view of viewsOf(text)) {
    for (const { pattern, match } of matchPatterns(view.text)) {
      if (seen.has(pattern.kind)) continue;
      // An OpenAI-looking match that is really an Anthropic key is reported once.
      if (pattern.kind === 'openai-key' && seen.has('anthropic-key')) continue;
      seen.add(pattern.kind);
      const finding: SecretFinding = { kind: pattern.kind, label: pattern.label, excerpt: mask(match) };
      if (view.via.length) finding.encoding = describeEncoding(view.via);
      findings.push(finding);
    }
  }
  return findings;
}

/** True when `text` holds anything the scanner would refuse. */
export function hasSecret(text: string): boolean {
  return scanForSecrets(text).length > 0;
}

/** In a word such as a URL, only the path segments that hold the secret: "https://host/[marker]". */
function narrowWithinWord(word: string, marker: string): string {
  const segments = word.split('/');
  // Each width is tried at each place: kept to words of a few dozen segments, a URL's length.
  if (segments.length > 64) return marker;
  for (let width = 1; width < segments.length; width++) {
    for (let i = 0; i + width <= segments.length; i++) {
      if (hasSecret(segments.slice(i, i + width).join('/'))) {
        const kept = [...segments.slice(0, i), marker, ...segments.slice(i + width)].join('/');
        if (!hasSecret(kept)) return kept;
      }
    }
  }
  return marker;
}

/**
 * Private key blocks replaced whole: from the BEGIN line to the next END line, or, when the END line
 * is missing, through the base64 body. The END lines are found in one pass first, so many BEGIN lines
 * without an END cost no more than one reading of the text.
 */
function redactKeyBlocks(text: string, marker: string): { text: string; count: number } {
  const begin = new RegExp(KEY_BEGIN.source, 'g');
  if (!begin.test(text)) return { text, count: 0 };
  const ends = [...text.matchAll(KEY_END)].map((m) => m.index + m[0].length);
  let out = '';
  let from = 0;
  let count = 0;
  let e = 0;
  begin.lastIndex = 0;
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const start = m.index;
    const afterBegin = start + m[0].length;
    while (e < ends.length && ends[e]! <= afterBegin) e++;
    let stop: number;
    if (e < ends.length) {
      stop = ends[e]!;
    } else {
      KEY_BODY.lastIndex = afterBegin;
      KEY_BODY.exec(text);
      stop = KEY_BODY.lastIndex;
    }
    out += text.slice(from, start) + marker;
    count++;
    from = stop;
    begin.lastIndex = Math.max(stop, afterBegin);
  }
  return { text: out + text.slice(from), count };
}

/**
 * `text` with every secret replaced by `marker`. Secrets written out plainly are cut exactly; an
 * encoded one takes the whole word (or the few words) it was hidden in, and text that still holds a
 * secret after that is replaced as a whole, so nothing the scanner finds survives.
 */
export function redactSecrets(text: string, marker: string): { text: string; count: number } {
  if (!hasSecret(text)) return { text, count: 0 };
  const keys = redactKeyBlocks(text, marker);
  let count = keys.count;
  let out = keys.text;
  for (const p of PATTERNS) {
    if (p.kind === 'private-key') continue;
    const re = new RegExp(p.re.source, 'g' + (p.re.flags.includes('i') ? 'i' : ''));
    out = out.replace(re, (m: string, offset: number, whole: string) => {
      if (p.accept && !p.accept(m, lineAfter(whole, offset + m.length))) return m;
      count++;
      return marker;
    });
  }
  if (!hasSecret(out)) return { text: out, count };
  // Encoded secrets: replace the shortest run of words (up to four) that still holds one.
  for (let width = 1; width <= 4 && hasSecret(out); width++) {
    const parts = out.split(/(\s+)/);
    const words = parts.map((p, i) => ({ p, i })).filter(({ p }) => p !== '' && !/^\s+$/.test(p));
    for (let w = 0; w + width <= words.length; w++) {
      const from = words[w]!.i;
      const to = words[w + width - 1]!.i;
      const span = parts.slice(from, to + 1).join('');
      if (span.includes(marker) && span.replaceAll(marker, '').trim() === '') continue;
      if (!hasSecret(span)) continue;
      parts.splice(from, to - from + 1, width === 1 ? narrowWithinWord(span, marker) : marker, ...new Array<string>(to - from).fill(''));
      count++;
    }
    out = parts.join('');
  }
  if (hasSecret(out)) return { text: marker, count: count + 1 };
  return { text: out, count };
}

/** "an Anthropic API key, percent-encoded (sk-ant…aa)": what was found, never the secret itself. */
export function describeFindings(findings: SecretFinding[]): string {
  return findings.map((f) => `${f.label}${f.encoding ? `, ${f.encoding}` : ''} (${f.excerpt})`).join(' and ');
}

/** The sentence a user sees when a field is refused. `field` is the field's label. */
export function secretMessage(field: string, findings: SecretFinding[]): string {
  const what = describeFindings(findings);
  return (
    `${field} contains ${what}. Secrets are never stored in the workbench: remove it, keep it in your ` +
    `password manager or the host's secret store, and record here only who owns it (Owners → Provider key & billing) ` +
    `and when it is next rotated.`
  );
}
