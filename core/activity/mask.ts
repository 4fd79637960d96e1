/**
 * Masking of personal data and secrets in imported text.
 *
 * What is masked, in this order (so that one kind never leaves pieces another would read wrongly):
 * - secrets, by the same scanner that refuses them everywhere else (core/domain/secret-scanner.ts);
 * - e-mail addresses;
 * - card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, that pass the Luhn check
 *   (a 16-digit order number that fails it stays);
 * - phone numbers: international ("+44 20 7946 0958", "+1 (555) 123-4567"), North American
 *   ("(555) 123-4567", "555-123-4567", "555.123.4567") and national numbers that start with 0 and are
 *   written in groups ("07700 900123", "020 7946 0958"). Dates, times, order numbers ("#100234"),
 *   versions, plan ids and ISO times are not phone numbers: a number glued to a letter, "#", "/",
 *   "-" or ":" is left alone.
 * Masking is idempotent: the tokens hold no digit, "@" or secret, so masked text masks to itself.
 */
import { redactSecrets } from '../domain/secret-scanner';
import { MASK_TOKENS, type MaskKind } from './vocabulary';

const EMAIL =
  /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g;
const CARD = /(?<![\w#/:.-])\d(?:[ -]?\d){12,18}(?![\w/-]|[.:]\d)/g;
const BEFORE = String.raw`(?<![\w#/:.+-])`;
const AFTER = String.raw`(?![\w/-]|[.:]\d)`;
const PHONES = [
  // +44 20 7946 0958, +1 (555) 123-4567, +447700900123
  new RegExp(String.raw`(?<![\w#/.+-])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){1,5}` + AFTER, 'g'),
  // (555) 123-4567
  new RegExp(String.raw`(?<![\w#/:.-])\(\d{3}\) ?\d{3}[ .-]\d{4}` + AFTER, 'g'),
  // 555-123-4567, 555.123.4567, 555 123 4567
  new RegExp(BEFORE + String.raw`\d{3}([-. ])\d{3}\1\d{4}` + AFTER, 'g'),
  // 07700 900123, 020 7946 0958, 0161 496 0000
  new RegExp(BEFORE + String.raw`0\d{2,4} \d{3,6}(?: \d{3,4})?` + AFTER, 'g'),
];

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
  const n = digitsOf(match).length;
  if (match.startsWith('+')) return n >= 8 && n <= 15;
  if (match.startsWith('0')) return n === 10 || n === 11;
  return n === 10;
}

/** `text` with emails, phone numbers, card numbers (Luhn-valid) and secrets replaced by MASK_TOKENS, and how many of each. */
export function maskText(text: string): { text: string; counts: Record<MaskKind, number> } {
  if (text === '') return { text, counts: { email: 0, phone: 0, card: 0, secret: 0 } };
  const secrets = redactSecrets(text, MASK_TOKENS.secret);
  const personal = maskPersonalData(secrets.text);
  return { text: personal.text, counts: { ...personal.counts, secret: secrets.count } };
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
  if (!/\d(?:\D*\d){7}/.test(out)) return { text: out, counts };
  out = out.replace(CARD, (m) => {
    const digits = digitsOf(m);
    if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) return m;
    counts.card++;
    return MASK_TOKENS.card;
  });
  for (const re of PHONES) {
    out = out.replace(re, (m) => {
      if (!phoneDigitsOk(m)) return m;
      counts.phone++;
      return MASK_TOKENS.phone;
    });
  }
  return { text: out, counts };
}
