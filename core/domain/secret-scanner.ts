/**
 * Finds credentials in free text before they are stored. The workbench records *who owns* a key,
 * never the key itself, so anything that looks like one is refused with advice on what to record.
 *
 * Patterns favour precision over recall for ordinary prose: a word like "password" alone is not a
 * finding, but "password: hunter2" is.
 *
 * The patterns live in secret-patterns.ts and the decoded views (percent, HTML, escapes, base64,
 * look-alike characters) in secret-views.ts; this file scans, redacts and words the findings.
 */
import { KEY_BEGIN, KEY_BODY, KEY_END, lineAfter, matchPatterns, PATTERNS } from './secret-patterns';
import { viewsOf } from './secret-views';

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

function mask(text: string): string {
  if (text.length <= 8) return `${text.slice(0, 2)}…`;
  return `${text.slice(0, 6)}…${text.slice(-2)}`;
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
