/**
 * The decoded views of a text the secret scanner looks at. A secret pasted through a URL, an HTML
 * page, a JSON string or a base64 blob is still a secret, so the scanner looks at the text the way a
 * reader (or a browser, or a program) would decode it: Unicode look-alikes and hidden characters,
 * percent and form encoding, HTML entities, backslash escapes and base64 runs. Each decoder turns one
 * view of the text into another; views are decoded again (double percent-encoding, base64 of an
 * escaped string) up to a small depth, so a scan stays cheap.
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
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  к: 'k',
  м: 'm',
  н: 'h',
  т: 't',
  ɡ: 'g',
  ɑ: 'a',
  ı: 'i',
  А: 'A',
  В: 'B',
  Е: 'E',
  Ё: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Ԁ: 'D',
  Ԛ: 'Q',
  Ԝ: 'W',
  Һ: 'H',
  Ӏ: 'I',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
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
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  colon: ':',
  semi: ';',
  sol: '/',
  bsol: '\\',
  period: '.',
  comma: ',',
  hyphen: '-',
  dash: '-',
  minus: '-',
  lowbar: '_',
  equals: '=',
  commat: '@',
  plus: '+',
  num: '#',
  excl: '!',
  quest: '?',
  percnt: '%',
  dollar: '$',
  ast: '*',
  lpar: '(',
  rpar: ')',
  lsqb: '[',
  rsqb: ']',
  lcub: '{',
  rcub: '}',
  verbar: '|',
  tilde: '~',
  grave: '`',
  Hat: '^',
  NewLine: '\n',
  Tab: '\t',
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

export interface View {
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
export function viewsOf(text: string): View[] {
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
