/**
 * The text rules every field of the app keeps, wherever its text comes from (a form, the CLI, an
 * imported playbook file). Characters that print nothing or change how text displays are refused
 * where they can only do harm: a line break in a name breaks headings and titles in every document,
 * a control character reaches terminals and cron mail, a bidi control shows text in another order
 * than it is stored, an annotation or tag character hides text that people cannot see but programs
 * (and AI models) read, and half of a surrogate pair is not a character at all.
 *
 * One-line fields (names, titles, labels) also refuse the bidi marks; multi-line fields (notes,
 * bodies, reasons) keep line breaks and tabs, and the marks that right-to-left prose needs.
 */
import type { z } from 'zod';

export type TextKind = 'one-line' | 'multi-line';

/**
 * Characters that print nothing: white space, format characters (zero-width, bidi marks, tags) and
 * the Hangul fillers, which are letters to Unicode but show as blank space.
 */
const INVISIBLE = /[\s\p{Cf}\u115F\u1160\u3164\uFFA0]/gu;
const MARKS_ONLY = /^\p{M}*$/u;

/**
 * How many characters of a text a reader sees. A text of invisible characters only says nothing,
 * and neither do combining marks (accents, vowel signs) with no letter to sit on.
 */
export function visibleLength(text: string): number {
  const seen = text.replace(INVISIBLE, '');
  return MARKS_ONLY.test(seen) ? 0 : seen.length;
}

const LINE_BREAKS = /\r\n|[\r\u2028\u2029\u0085]/g;
const LINE_BREAK = /[\n\r\u2028\u2029\u0085]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NUL = /\u0000/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_ONE_LINE = /[\u0001-\u0009\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/;
/** In notes a tab is kept (it comes with text pasted from tables and code); other controls are not. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_MULTI_LINE = /[\u0001-\u0008\u000B-\u001F\u007F-\u009F]/;
/** Embeddings, overrides and isolates reorder everything after them. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** The marks (LRM, RLM, ALM) too, in a name: it has no right-to-left sentence around it that needs them. */
const BIDI_CONTROL_OR_MARK = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** Interlinear annotation anchor, separator and terminator: most programs hide the text between them. */
const ANNOTATION = /[\uFFF9-\uFFFB]/;
/** Tag characters are part of a text only in an emoji tag sequence: a black flag, tags, a cancel tag. */
const EMOJI_TAG_SEQUENCE = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
const TAG = /[\u{E0000}-\u{E007F}]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Format characters and fillers, for text (an e-mail address) that has no use for any of them. */
const ANY_INVISIBLE = /[\p{Cf}\u115F\u1160\u3164\uFFA0]/u;

const codeOf = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Every way `value` breaks the text rules of a one-line or multi-line field, as messages naming the field. */
export function textProblems(label: string, value: string, kind: TextKind): string[] {
  const problems: string[] = [];
  if (kind === 'one-line' && LINE_BREAK.test(value)) problems.push(`${label} must fit on one line: remove the line break.`);
  if (NUL.test(value)) problems.push(`${label} contains a NUL character (U+0000): remove it; it often comes with text copied from a binary file.`);
  const control = (kind === 'one-line' ? CONTROL_ONE_LINE : CONTROL_MULTI_LINE).exec(value);
  if (control) {
    problems.push(
      control[0] === '\t'
        ? `${label} contains a tab: replace it with a space.`
        : `${label} contains an invisible control character (${codeOf(control[0])}): remove it; it often comes with text copied from a terminal or a PDF.`,
    );
  }
  const bidi = (kind === 'one-line' ? BIDI_CONTROL_OR_MARK : BIDI_CONTROL).exec(value);
  if (bidi)
    problems.push(`${label} contains a text-direction control (${codeOf(bidi[0])}): remove it; it makes the text display in another order than it is stored.`);
  const hiding = ANNOTATION.exec(value) ?? TAG.exec(value.replace(EMOJI_TAG_SEQUENCE, ''));
  if (hiding)
    problems.push(`${label} contains an invisible character that hides text (${codeOf(hiding[0])}): remove it; what it hides is not what readers see.`);
  const half = LONE_SURROGATE.exec(value);
  if (half) problems.push(`${label} contains a broken character (half of an emoji or symbol, ${codeOf(half[0])}): retype that part of the text.`);
  return problems;
}

/**
 * The one-line rule plus no invisible character at all, for text that is an identifier rather than
 * prose (an e-mail address): a zero-width space or a joiner in it only makes a look-alike.
 */
export function identifierProblems(label: string, value: string): string[] {
  const problems = textProblems(label, value, 'one-line');
  if (problems.length > 0) return problems;
  const invisible = ANY_INVISIBLE.exec(value);
  return invisible ? [`${label} contains an invisible character (${codeOf(invisible[0])}): remove it; retype the address if you cannot see where it is.`] : [];
}

/** Line breaks as every platform writes them (\r\n, \r, U+2028, U+2029, NEL) become \n. */
export function lineBreaksAsLf(text: string): string {
  return text.replace(LINE_BREAKS, '\n');
}

/** lineBreaksAsLf for a value that may not be text (before a schema has checked it). */
export function normaliseLineBreaks(value: unknown): unknown {
  return typeof value === 'string' ? lineBreaksAsLf(value) : value;
}

/** The text rules as a zod refinement, reporting each problem on the field it was found in. */
export function cleanText(label: string, kind: TextKind) {
  return (value: string, ctx: z.RefinementCtx) => {
    for (const message of textProblems(label, value, kind)) ctx.addIssue({ code: 'custom', message });
  };
}
