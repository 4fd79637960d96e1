/**
 * Release notes as plain text. electron-updater hands over what the release says: HTML (a GitHub
 * release body), Markdown or plain text, or a list of { version, note } when several versions are
 * skipped. The page shows text only, never HTML: tags are dropped (script and style with their
 * content), entities decoded, list items start with "- ", paragraphs stay apart, and the whole is
 * capped so a huge body cannot flood the banner.
 */

export const RELEASE_NOTES_MAX_CHARS = 4000;
/** A version and a release name are one short line on the banner. */
export const VERSION_MAX_CHARS = 64;
export const RELEASE_NAME_MAX_CHARS = 200;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  copy: '©',
  reg: '®',
  trade: '™',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // A code point that is not a character (or a control character) is dropped, not shown.
      if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
      if (code < 0x20 && code !== 0x0a && code !== 0x09) return '';
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i.test(text);
}

function htmlToText(html: string): string {
  return (
    html
      // Content that is never text.
      .replace(/<(script|style|template|noscript|iframe|object)\b[^]*?(<\/\1\s*>|$)/gi, '')
      .replace(/<!--[^]*?(-->|$)/g, '')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<li\b[^>]*>/gi, '\n- ')
      .replace(/<\/(p|div|ul|ol|h[1-6]|pre|blockquote|table|section|article)\s*>/gi, '\n\n')
      .replace(/<(p|div|ul|ol|h[1-6]|pre|blockquote|table|section|article|tr)\b[^>]*>/gi, '\n\n')
      .replace(/<\/li\s*>/gi, '')
      .replace(/<\/tr\s*>/gi, '\n')
      .replace(/<\/?[a-z][^>]*>/gi, '')
      // A stray "<" that opened no tag stays as text; one left open at the end is cut.
      .replace(/<[a-z/!][^>]*$/i, '')
  );
}

/** Markdown's list markers as "- ", headings and emphasis as plain words; the rest is already text. */
function markdownToText(md: string): string {
  return md
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^(\s*)[*+]\s+/, '$1- ')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/__([^_]+)__/g, '$1')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1'),
    )
    .join('\n');
}

function tidy(text: string): string {
  return (
    text
      .replace(/\r\n?|[\u2028\u2029]/g, '\n')
      // Control, bidi (marks, embeddings, overrides, isolates) and annotation characters have no place in a
      // banner: a bidi override can make text read as something else.
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]/g, '')
      .replace(/\t/g, ' ')
      .split('\n')
      .map((l) => l.replace(/[ \u00a0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

function oneNote(note: string): string {
  const text = looksLikeHtml(note) ? htmlToText(note) : markdownToText(note);
  return tidy(decodeEntities(text));
}

function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never half a surrogate pair (an emoji cut in two shows as a broken glyph).
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  // End at a word, not inside one, and say that more was left out.
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export type RawReleaseNotes = string | readonly { version: string; note: string | null }[] | null | undefined;

/**
 * What a feed gave as release notes, kept only in the shapes electron-updater documents (text, or a
 * list of { version, note }); anything else (a number, an object, a list holding null) is no notes,
 * so a malformed feed never stops an update.
 */
export function releaseNotesOf(raw: unknown): RawReleaseNotes {
  if (typeof raw === 'string') return raw;
  if (!Array.isArray(raw)) return null;
  const notes = raw.flatMap((n: unknown) => {
    if (typeof n !== 'object' || n === null) return [];
    const { version, note } = n as { version?: unknown; note?: unknown };
    if (typeof version !== 'string' || (typeof note !== 'string' && note != null)) return [];
    return [{ version, note: typeof note === 'string' ? note : null }];
  });
  return notes.length > 0 ? notes : null;
}

/** One short line of text (a version, a release name): no controls, no breaks, capped; null when empty or not text. */
export function plainLine(raw: unknown, max: number): string | null {
  if (typeof raw !== 'string') return null;
  const text = tidy(raw).replace(/\s+/g, ' ');
  return text ? cap(text, max) : null;
}

/** The release notes as plain text, or null when there are none; total over whatever the feed gave. */
export function releaseNotesText(raw: unknown, max = RELEASE_NOTES_MAX_CHARS): string | null {
  const notes = releaseNotesOf(raw);
  if (notes == null) return null;
  const text =
    typeof notes === 'string'
      ? oneNote(notes)
      : notes
          .map((n) => {
            const body = n.note ? oneNote(n.note) : '';
            return body ? `${plainLine(n.version, VERSION_MAX_CHARS) ?? ''}\n${body}` : '';
          })
          .filter(Boolean)
          .join('\n\n');
  return text ? cap(text, max) : null;
}
