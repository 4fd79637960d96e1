/**
 * The fonts PDFs print with, and which font prints each piece of text. DejaVu Sans prints Latin,
 * Greek, Cyrillic and symbols; text it has no glyph for falls back, run by run, to Noto fonts from
 * npm packages: Noto Sans Hans (Chinese characters, also used for Japanese kanji and kana), Noto
 * Sans KR (Hangul), Noto Naskh Arabic, Noto Sans Hebrew and Noto Emoji (monochrome). Arabic, Hebrew
 * and emoji prefer their Noto font even where DejaVu has a glyph, as those are drawn for the script.
 *
 * Each font file is read once per process, and only when some text needs it; pdfkit embeds a subset
 * holding just the glyphs a document uses.
 */
import * as fontkit from 'fontkit';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export type Weight = 'regular' | 'bold';

interface Face {
  id: string;
  file: Record<Weight, () => string>;
  /** Characters this face prints even where an earlier face has a glyph. */
  prefer?: RegExp;
  /** A right-to-left script: its runs are shaped and laid out as a whole (see Run.rtl). */
  rtl?: boolean;
}

/** A font file inside a package whose `exports` hide its font folder. */
const inPackage = (pkg: string, file: string) => () => path.join(path.dirname(require.resolve(pkg)), '..', 'fonts', file);
const emoji = (file: string) => () => require.resolve(`@expo-google-fonts/noto-emoji/${file}`);

/** Fallback order: the first face with a glyph prints a character (after any face that prefers it). */
const FACES: Face[] = [
  {
    id: 'dejavu',
    file: { regular: () => require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), bold: () => require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf') },
  },
  {
    id: 'noto-hans',
    file: { regular: inPackage('@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf'), bold: inPackage('@embedpdf/fonts-sc', 'NotoSansHans-Bold.otf') },
  },
  {
    id: 'noto-kr',
    file: { regular: inPackage('@embedpdf/fonts-kr', 'NotoSansKR-Regular.otf'), bold: inPackage('@embedpdf/fonts-kr', 'NotoSansKR-Bold.otf') },
    prefer: /\p{Script=Hangul}/u,
  },
  {
    id: 'noto-arabic',
    file: {
      regular: inPackage('@embedpdf/fonts-arabic', 'NotoNaskhArabic-Regular.ttf'),
      bold: inPackage('@embedpdf/fonts-arabic', 'NotoNaskhArabic-Bold.ttf'),
    },
    prefer: /\p{Script=Arabic}/u,
    rtl: true,
  },
  {
    id: 'noto-hebrew',
    file: { regular: inPackage('@embedpdf/fonts-hebrew', 'NotoSansHebrew-Regular.ttf'), bold: inPackage('@embedpdf/fonts-hebrew', 'NotoSansHebrew-Bold.ttf') },
    prefer: /\p{Script=Hebrew}/u,
    rtl: true,
  },
  {
    id: 'noto-emoji',
    file: { regular: emoji('400Regular/NotoEmoji_400Regular.ttf'), bold: emoji('700Bold/NotoEmoji_700Bold.ttf') },
    prefer: /\p{Extended_Pictographic}/u,
  },
];

const opened = new Map<string, fontkit.Font>();

/** The parsed font of a face and weight, to ask which characters it has (never handed to a document). */
export function faceFont(name: string): fontkit.Font {
  let font = opened.get(name);
  if (!font) {
    const [id, weight] = name.split(':') as [string, Weight];
    const face = FACES.find((f) => f.id === id);
    if (!face) throw new Error(`Unknown PDF font ${name}`);
    font = fontkit.openSync(face.file[weight]()) as fontkit.Font;
    opened.set(name, font);
  }
  return font;
}

const bytes = new Map<string, Buffer>();

/** The bytes of a face's font file, read once per process. */
function faceBytes(name: string): Buffer {
  let b = bytes.get(name);
  if (!b) {
    const [id, weight] = name.split(':') as [string, Weight];
    const face = FACES.find((f) => f.id === id);
    if (!face) throw new Error(`Unknown PDF font ${name}`);
    b = fs.readFileSync(face.file[weight]());
    bytes.set(name, b);
  }
  return b;
}

const faceName = (face: Face, weight: Weight) => `${face.id}:${weight}`;
// A font's character map decodes lazily on every lookup, and documents ask about the same few
// hundred characters again and again: each answer is kept.
const coverage = new Map<Face, Map<number, boolean>>();
function has(face: Face, cp: number): boolean {
  let known = coverage.get(face);
  if (!known) coverage.set(face, (known = new Map()));
  let answer = known.get(cp);
  if (answer === undefined) {
    answer = faceFont(faceName(face, 'regular')).hasGlyphForCodePoint(cp);
    known.set(cp, answer);
  }
  return answer;
}

/** Characters that belong to the run before them: combining marks, joiners, variation selectors, skin tones, line breaks. */
const CLINGS = {
  test(ch: string): boolean {
    const cp = ch.codePointAt(0)!;
    return (
      /\p{M}/u.test(ch) ||
      cp === 0x0a ||
      cp === 0x200c ||
      cp === 0x200d ||
      (cp >= 0xfe00 && cp <= 0xfe0f) ||
      (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
      (cp >= 0xe0020 && cp <= 0xe007f)
    );
  },
};

const chosen = new Map<string, Face>();
function faceFor(ch: string): Face {
  let face = chosen.get(ch);
  if (!face) {
    const cp = ch.codePointAt(0)!;
    face = FACES.find((f) => f.prefer?.test(ch) && has(f, cp)) ?? FACES.find((f) => has(f, cp)) ?? FACES[0]!;
    chosen.set(ch, face);
  }
  return face;
}

/** Printable ASCII and line breaks: the primary face prints all of it, and no other face prefers any of it. */
const PLAIN = /^[\x20-\x7e\n]*$/;

export interface Run {
  /** Name of the face and weight, as registered in the document (see useFace). */
  font: string;
  text: string;
  /**
   * Right to left: the run must be laid out whole (pdfkit's `features` option does that), so that
   * its words come out right to left; laid out word by word they would read left to right.
   */
  rtl: boolean;
}

/**
 * Splits text into runs that one font prints. Spaces between two runs of the same font stay in that
 * run, so a phrase of Arabic or Hebrew words is laid out right to left as one piece.
 */
export function fontRuns(text: string, weight: Weight): Run[] {
  if (PLAIN.test(text)) return [{ font: faceName(FACES[0]!, weight), text, rtl: false }];
  const chars = [...text];
  const faces: (Face | null)[] = chars.map((ch) => (CLINGS.test(ch) || /\s/u.test(ch) ? null : faceFor(ch)));
  // Spaces take the face of the characters around them when both sides agree, else the first face.
  for (let i = 0; i < chars.length; i++) {
    if (faces[i] || CLINGS.test(chars[i]!)) continue;
    let j = i;
    while (j < chars.length && !faces[j] && !CLINGS.test(chars[j]!)) j++;
    const before = i > 0 ? faces[i - 1] : null;
    const after = j < chars.length ? faces[j] : null;
    const face = before && before === after && chars.slice(i, j).every((c) => has(before, c.codePointAt(0)!)) ? before : FACES[0]!;
    for (let k = i; k < j; k++) faces[k] = face;
    i = j - 1;
  }
  const runs: Run[] = [];
  let current: Face | null = null;
  chars.forEach((ch, i) => {
    const face = faces[i] ?? current ?? FACES[0]!;
    if (face !== current || runs.length === 0) {
      runs.push({ font: faceName(face, weight), text: ch, rtl: face.rtl ?? false });
      current = face;
    } else {
      runs[runs.length - 1]!.text += ch;
    }
  });
  return runs.length ? runs : [{ font: faceName(FACES[0]!, weight), text: '', rtl: false }];
}

/** The name of the primary face at a weight (what static labels print with). */
export const primaryFont = (weight: Weight) => faceName(FACES[0]!, weight);

type FontDoc = {
  font(name: string): unknown;
  registerFont(name: string, src: never): unknown;
};

/** Selects a face in a pdfkit document, registering it there on first use. */
export function useFace(doc: FontDoc, name: string, registered: Set<string>): void {
  if (!registered.has(name)) {
    // Each document parses its own font from the bytes read once: a fontkit font shared between
    // documents keeps glyphs cached with the code points of an earlier document, and the text layer
    // (what copy, search and screen readers see) of a later one then loses characters.
    doc.registerFont(name, faceBytes(name) as never);
    registered.add(name);
  }
  doc.font(name);
}
