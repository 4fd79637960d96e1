/**
 * Masking of personal data and secrets in imported text.
 *
 * What is masked, in this order (so that one kind never leaves pieces another would read wrongly):
 * - invisible format characters first (zero-width spaces, bidi marks: Unicode Cf), which could hide an
 *   address or a number from the patterns; the joiners inside emoji sequences stay;
 * - secrets, by the same scanner that refuses them everywhere else (core/domain/secret-scanner.ts);
 * - e-mail addresses, with letters of any script ("jöhn@exämple.de", "_bob@example.com");
 * - card numbers: 13 to 19 digits with a card prefix (Visa 4, Mastercard 51-55 and 2221-2720, Amex
 *   34/37, Discover 6011/644-649/65, JCB 35, Diners 30/36/38, UnionPay 62), optionally grouped by
 *   spaces (also no-break spaces) or dashes, that pass the Luhn check: an order number or a time stamp
 *   ("ticket 20261102140500") stays;
 * - phone numbers: international ("+44 20 7946 0958", "0044 20 7946 0958", "+1 (555) 123-4567"),
 *   North American ("(555) 123-4567", "555-123-4567", "5551234567", area code 2-9) and national
 *   numbers that start with 0 ("07700 900123", "07700900123", "(020) 7946 0958", "020-7946-0958",
 *   "06 12 34 56 78"), with an extension ("x123", "ext. 12") taken along. Dates, times, order
 *   numbers ("#100234"), versions, plan ids and ISO times are not phone numbers: a number glued to a
 *   letter, "#", "/", "-" or ":" is left alone, and so is a number right after a label that says what
 *   it is ("SKU 555-123-4567", "total +100 200 300 400").
 * Masking is idempotent: the tokens hold no digit, "@" or secret (and the secret patterns never take
 * a token as a value), so masked text masks to itself.
 * Every pattern is linear: bounded quantifiers only, no unbounded quantifier inside another, and a
 * match that fails its check is left whole (the pattern is not retried on a shorter piece of it).
 */
import { redactSecrets } from '../domain/secret-scanner';
import { MASK_TOKENS, type MaskKind } from './vocabulary';

const NON_ASCII_LETTER = /[^\P{L}\p{ASCII}]|\p{M}/u;
const EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;

/**
 * `text` without the Unicode format characters (Cf: zero-width spaces, bidi marks, soft hyphens) that
 * could split an address or a number. Kept: a zero-width joiner after an emoji part (joined emoji), the
 * tag characters of a flag, and a (non-)joiner between letters of scripts that write with them.
 */
export function withoutInvisible(text: string): string {
  if (!/\p{Cf}/u.test(text)) return text;
  return text.replace(/\p{Cf}/gu, (ch: string, at: number, whole: string) => {
    const code = ch.codePointAt(0)!;
    if (code >= 0xe0020 && code <= 0xe007f) return ch;
    if (code !== 0x200c && code !== 0x200d) return '';
    const before = String.fromCodePoint(whole.codePointAt(at - 1 >= 0 && /[\uDC00-\uDFFF]/.test(whole[at - 1]!) ? at - 2 : at - 1) ?? 32);
    const after = String.fromCodePoint(whole.codePointAt(at + 1) ?? 32);
    if (code === 0x200d && EMOJI_PART.test(before)) return ch;
    return NON_ASCII_LETTER.test(before) && NON_ASCII_LETTER.test(after) ? ch : '';
  });
}

const L = String.raw`[\p{L}\p{N}]`;
const LM = String.raw`[\p{L}\p{M}\p{N}]`;
const LABEL = String.raw`${L}(?:[\p{L}\p{M}\p{N}-]{0,62}${LM})?`;
const EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{M}\p{N}_.%+-])[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.%+-]{0,63}@${LABEL}(?:\.${LABEL}){0,8}\.\p{L}[\p{L}\p{M}]{1,23}(?![\p{L}\p{M}\p{N}_-])`,
  'gu',
);

/** Spaces that group digits: space, no-break space, figure space, narrow no-break space. */
const SP = String.raw`[ \u00a0\u2007\u202f]`;
const CARD = new RegExp(String.raw`(?<![\w/.-])\d(?:(?:${SP}|-)?\d){12,18}`, 'g');
/** Card prefixes (IIN ranges) of the networks that issue cards to people. */
const CARD_PREFIX = /^(?:4|5[1-5]|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|3[47]|3[0689]|35|6011|64[4-9]|65|62)/;

const BEFORE = String.raw`(?<![\w#/:.+-])`;
const G = String.raw`(?:${SP}|[.-])`;
const EXT = String.raw`(?:${SP}?(?:x|ext\.?|extension)${SP}?\d{1,6})?`;
const PHONES = [
  // +44 20 7946 0958, +1 (555) 123-4567, +447700900123, 0044 20 7946 0958, 0033 6 12 34 56 78
  new RegExp(String.raw`(?<![\w#/.+-])(?:\+|00(?=[1-9]))\d{1,3}(?:${G}?\(?\d{1,4}\)?){1,6}` + EXT, 'gi'),
  // (555) 123-4567, (020) 7946 0958
  new RegExp(String.raw`(?<![\w#/:.-])\(\d{3,5}\)${SP}?\d{3,4}${G}\d{4}` + EXT, 'gi'),
  // 555-123-4567, 555.123.4567, 555 123 4567, 020-7946-0958, 0161 496 0000
  new RegExp(BEFORE + String.raw`\d{3,5}(${G})\d{3,4}\1\d{4}` + EXT, 'gi'),
  // 07700 900123, 020 7946 0958
  new RegExp(BEFORE + String.raw`0\d{2,4}${SP}\d{3,6}(?:${SP}\d{3,4})?` + EXT, 'gi'),
  // 06 12 34 56 78, 06.12.34.56.78
  new RegExp(BEFORE + String.raw`0[1-9](${G})\d\d(?:\1\d\d){3}` + EXT, 'gi'),
  // 5551234567, 07700900123
  new RegExp(BEFORE + String.raw`(?:[2-9]\d{9}|0[1-9]\d{8,9})` + EXT, 'gi'),
];
/** A number right after one of these labels is what the label says, not a phone number. */
const NOT_A_PHONE_LABEL =
  /(?:^|[^\p{L}\p{N}])(?:sku|batch|lot|items?|qty|quantity|total|subtotal|sum|amount|price|cost|order|invoice|ticket|ref|reference|serial|tracking|isbn|ean|upc|part|model|version|build|id)\s{0,3}(?:no\.?|nr\.?|number)?\s{0,3}[:#=]?\s{0,3}$/iu;
/** After a number: glued to a letter, a "/" or "-", or a further ".5" / ":30", it is part of something else. */
const GLUED_AFTER = /^(?:[\w/-]|[.:]\d)/;

const digitsOf = (s: string) => s.replace(/\D/g, '');
/** True when the digits pass the Luhn check used by every card number. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function phoneDigitsOk(match: string): boolean {
  const main = match.replace(/\s?(?:x|ext\.?|extension)\s?\d{1,6}$/i, '');
  const d = digitsOf(main);
  const international = main.startsWith('+') ? d : main.startsWith('00') ? d.slice(2) : null;
  if (international !== null) {
    if (international.length < 8 || international.length > 15 || international.startsWith('0')) return false;
    // Country code 1 (North America): ten digits after it, the area code starting 2-9.
    return !international.startsWith('1') || /^1[2-9]\d{9}$/.test(international);
  }
  if (d.startsWith('0')) return d.length === 10 || d.length === 11;
  return /^[2-9]\d{9}$/.test(d);
}

/** Whether a number at `offset` of `whole` may be masked: not glued to what follows, not labelled as something else. */
function standsAlone(m: string, offset: number, whole: string): boolean {
  if (GLUED_AFTER.test(whole.slice(offset + m.length, offset + m.length + 2))) return false;
  return !NOT_A_PHONE_LABEL.test(whole.slice(Math.max(0, offset - 24), offset));
}

/** Whether `digits` is a card number: 13 to 19 digits, a card prefix and the Luhn check. */
export function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && passesLuhn(digits);
}

/**
 * The card number a match holds: the whole match, or, when more digits follow a card in the same run
 * ("4111 1111 1111 1111 123"), the longest piece up to a space or dash that is one. -1 when none.
 */
function cardLength(m: string, glued: boolean): number {
  if (!glued && isCardNumber(digitsOf(m))) return m.length;
  for (let end = m.length - 1; end > 0; end--) {
    if (/\d/.test(m[end]!) || !/\d/.test(m[end - 1]!)) continue;
    if (isCardNumber(digitsOf(m.slice(0, end)))) return end;
  }
  return -1;
}

type Masked = { readonly text: string; readonly counts: Readonly<Record<MaskKind, number>> };

/**
 * Results remembered per text: an export repeats the same notes, record lists and templated prompts
 * thousands of times, and the rules quote texts that were masked on import. Masking is pure, so a
 * remembered result is the result. Only short texts are remembered (a long prompt is rarely repeated
 * word for word), and the memory starts over when it is full: at most about 200 MB of text.
 */
const remembered = new Map<string, Masked>();
const REMEMBERED_MAX = 50_000;
/** Longest text remembered, in characters. */
export const REMEMBERED_TEXT_MAX = 2048;
const NOTHING: Readonly<Record<MaskKind, number>> = Object.freeze({ email: 0, phone: 0, card: 0, secret: 0 });

/** `text` with emails, phone numbers, card numbers and secrets replaced by MASK_TOKENS (and invisible format characters removed), and how many of each. */
export function maskText(text: string): { text: string; counts: Record<MaskKind, number> } {
  if (text === '') return { text, counts: { ...NOTHING } };
  let m = remembered.get(text);
  if (m === undefined) {
    const secrets = redactSecrets(withoutInvisible(text), MASK_TOKENS.secret);
    const personal = maskPersonalData(secrets.text);
    m = { text: personal.text, counts: { ...personal.counts, secret: secrets.count } };
    if (text.length <= REMEMBERED_TEXT_MAX) {
      if (remembered.size >= REMEMBERED_MAX - 1) remembered.clear();
      remembered.set(text, m);
      // Masking is idempotent: the masked text masks to itself, with nothing found.
      if (m.text !== text) remembered.set(m.text, { text: m.text, counts: NOTHING });
    }
  }
  return { text: m.text, counts: { ...m.counts } };
}

/** How many times remembered results were kept (for tests of the memory's bound). */
export function rememberedTexts(): number {
  return remembered.size;
}

/** Emails, card numbers and phone numbers only (no secret scanning): what the personal-data rule reads. */
export function maskPersonalData(text: string): { text: string; counts: Record<MaskKind, number> } {
  const counts: Record<MaskKind, number> = { email: 0, phone: 0, card: 0, secret: 0 };
  let out = text;
  if (out.includes('@')) {
    out = out.replace(EMAIL, () => {
      counts.email++;
      return MASK_TOKENS.email;
    });
  }
  // Numbers only from here: text without enough digits cannot hold any.
  if (!hasDigits(out, 8)) return { text: out, counts };
  out = out.replace(CARD, (m: string, offset: number, whole: string) => {
    const n = cardLength(m, GLUED_AFTER.test(whole.slice(offset + m.length, offset + m.length + 2)));
    if (n < 0) return m;
    counts.card++;
    return MASK_TOKENS.card + m.slice(n);
  });
  for (const re of PHONES) {
    out = out.replace(re, (m: string, ...rest: unknown[]) => {
      const offset = rest[rest.length - 2] as number;
      const whole = rest[rest.length - 1] as string;
      if (!phoneDigitsOk(m) || !standsAlone(m, offset, whole)) return m;
      counts.phone++;
      return MASK_TOKENS.phone;
    });
  }
  return { text: out, counts };
}

function hasDigits(text: string, n: number): boolean {
  let found = 0;
  for (let i = 0; i < text.length && found < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) found++;
  }
  return found >= n;
}
