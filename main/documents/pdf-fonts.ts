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
export function fontRuns(text: string, weight: Weight): readonly Run[] {
  if (PLAIN.test(text)) return [{ font: faceName(FACES[0]!, weight), text, rtl: false }];
  // The same labels, names and sentences come back in every document: each split is kept (read-only).
  const key = `${weight}:${text}`;
  let runs = splitRuns.get(key);
  if (!runs) {
    if (splitRuns.size >= MAX_SPLIT_RUNS) splitRuns.clear();
    splitRuns.set(key, (runs = Object.freeze(splitIntoRuns(text, weight))));
  }
  return runs;
}

const splitRuns = new Map<string, readonly Run[]>();
const MAX_SPLIT_RUNS = 20_000;

function splitIntoRuns(text: string, weight: Weight): Run[] {
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

type FontInternals = fontkit.Font & { _tables: Record<string, unknown>; _glyphs: Record<number, fontkit.Glyph> };
const decodedTables = new Map<string, Record<string, unknown>>();

/** A word shaped once: its glyphs (by id, with the characters each was made from) and their positions. */
interface Shaped {
  ids: number[];
  codePoints: number[][];
  positions: fontkit.GlyphPosition[];
}
/** Shaped words by face; cleared when full, so memory stays bounded however many documents a process writes. */
const shapedWords = new Map<string, Map<string, Shaped>>();
const MAX_SHAPED_WORDS = 50_000;
/** One font per face that shapes words for every document; its glyph cache is emptied before each word. */
const shapers = new Map<string, FontInternals>();

function shape(name: string, text: string): Shaped {
  let words = shapedWords.get(name);
  if (!words) shapedWords.set(name, (words = new Map()));
  let shaped = words.get(text);
  if (!shaped) {
    let shaper = shapers.get(name);
    if (!shaper) shapers.set(name, (shaper = withSharedTables(name)));
    // Empty, the glyph cache gives each glyph the characters of its first use in this word: what a
    // document's own font gives it when the word is its first use there (see documentFont).
    shaper._glyphs = {};
    const run = shaper.layout(text);
    shaped = { ids: run.glyphs.map((g) => g.id), codePoints: run.glyphs.map((g) => [...g.codePoints]), positions: run.positions.map((p) => ({ ...p })) };
    if (words.size >= MAX_SHAPED_WORDS) words.clear();
    words.set(text, shaped);
  }
  return shaped;
}

/** A new font object for a face over the bytes read once, sharing the face's decoded tables (layout rules, metrics, character map). */
function withSharedTables(name: string): FontInternals {
  const font = fontkit.create(faceBytes(name)) as FontInternals;
  const tables = decodedTables.get(name);
  if (tables) font._tables = tables;
  else decodedTables.set(name, font._tables);
  return font;
}

/**
 * A font of its own for one document. A fontkit font shared between documents keeps glyphs cached
 * with the code points of an earlier document, and the text layer (what copy, search and screen
 * readers see) of a later one then loses characters; so each document gets a new font object with its
 * own glyph cache. What documents share is what is the same for all of them and most of the cost of
 * printing text: the decoded tables (fontkit shares them the same way between variations of a font)
 * and the shaping of each word pdfkit lays out (positions and glyph ids depend only on the word). A
 * shaped word's glyphs are looked up in the document's own font, created there with the characters
 * of the word when it is their first use in the document, exactly as its own shaping would.
 */
function documentFont(name: string): fontkit.Font {
  const font = withSharedTables(name);
  const ownLayout = font.layout.bind(font);
  font.layout = ((text: string, ...options: unknown[]) => {
    // Runs with their own features (right-to-left scripts) are shaped by the document's font.
    if (options.some((o) => o !== undefined)) return (ownLayout as (...a: unknown[]) => fontkit.GlyphRun)(text, ...options);
    const shaped = shape(name, text);
    // pdfkit scales the positions of a run in place: each run gets its own copies.
    const positions = shaped.positions.map((p) => ({ ...p }));
    const run = {
      glyphs: shaped.ids.map((id, i) => font.getGlyph(id, shaped.codePoints[i])),
      positions,
      get advanceWidth() {
        return positions.reduce((w, p) => w + p.xAdvance, 0);
      },
    };
    return run as unknown as fontkit.GlyphRun;
  }) as fontkit.Font['layout'];
  return font;
}

/** Selects a face in a pdfkit document, registering it there on first use. */
export function useFace(doc: FontDoc, name: string, registered: Set<string>): void {
  if (!registered.has(name)) {
    doc.registerFont(name, documentFont(name) as never);
    registered.add(name);
  }
  doc.font(name);
}
