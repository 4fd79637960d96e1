/**
 * The one case fold every search uses, in SQL (registered on every workspace connection as
 * `fold(text)`) and in TypeScript. Case-insensitive for every script, accent-preserving:
 *
 * - Unicode NFKC first, so a composed "é" and "e" + combining accent are the same text, and so are
 *   compatibility forms (full-width "ＡＢＣ" is "ABC", the ligature "ﬁ" is "fi").
 * - Then Unicode lower case for every script: Ärzte/ÄRZTE -> ärzte, ÉCOLE -> école, Ωmega -> ωmega,
 *   Ангстрем -> ангстрем.
 * - German ß and ẞ fold to "ss" (so "STRASSE" finds "Straße"), Greek final ς to σ.
 * - Turkish dotted İ and dotless ı fold to plain "i", whatever the typist's keyboard: "istanbul",
 *   "İSTANBUL" and "ıstanbul" all find "İstanbul", and so does "i̇stanbul" (i + U+0307, which is
 *   what lower-casing "İ" gives in JavaScript and most other languages).
 *
 * Accents stay: "ecole" does not find "École", and "arzte" does not find "Ärzte".
 */
export function foldForSearch(text: string): string {
  // Plain ASCII (most URLs, e-mail addresses and many names) needs only the ASCII lower case.
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase();
  return (
    text
      .normalize('NFKC')
      .replace(/[İı]/g, 'i')
      .toLowerCase()
      // "İ".toLowerCase() is "i" + U+0307 (combining dot above): what a lower-cased İ looks like as typed.
      .replace(/i\u0307/g, 'i')
      .replace(/ß/g, 'ss')
      .replace(/ς/g, 'σ')
      .normalize('NFKC')
  );
}

/** The name of the deterministic SQL function that applies foldForSearch. */
export const SEARCH_FOLD_SQL = 'fold';
