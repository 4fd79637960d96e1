/**
 * Text made safe for a terminal, a log or a cron mail: characters that a terminal would act on
 * instead of showing are written as escapes. C0 controls (ESC, BEL, CR, backspace, NUL...) show as
 * \x1b; DEL, C1 controls (e.g. U+009B, which some terminals take as ESC [), bidirectional controls
 * (U+202E and friends, which reorder what follows), line and paragraph separators and lone
 * surrogates show as \u202e. The \u form is also a JSON escape, so JSON output stays valid JSON.
 */

// eslint-disable-next-line no-control-regex
const C0 = /[\x00-\x08\x0a-\x1f]/g;
// eslint-disable-next-line no-control-regex
const C0_KEEP_LINES = /[\x00-\x08\x0b-\x1f]/g;
const OTHER = /[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/**
 * `text` with every control, bidi control and lone surrogate escaped. Tabs stay; line feeds stay only
 * with `keepLineBreaks` (for messages of several lines), else they show as \x0a too.
 */
export function printable(text: string, opts: { keepLineBreaks?: boolean } = {}): string {
  return text.replace(opts.keepLineBreaks ? C0_KEEP_LINES : C0, (c) => `\\x${hex(c, 2)}`).replace(OTHER, (c) => `\\u${hex(c, 4)}`);
}
