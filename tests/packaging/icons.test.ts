// The app's icon in every file an installer reads, made by scripts/icons.mjs from build/icon.svg: each
// exists at its size, shows the mark, the macOS and Windows containers hold the sizes their systems ask
// for, and nothing committed is stale against the SVG.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const PNG_FILES = [...SIZES.map((n) => `build/icons/${n}x${n}.png`), 'build/icon.png', 'renderer/favicon.png'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const read = (relative: string): Buffer => fs.readFileSync(path.join(root, relative));

/** Width and height from a PNG's IHDR chunk (always the first chunk, at byte 8). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The RGBA pixels of an 8-bit RGBA, non-interlaced PNG (what resvg writes). */
function decodeRgba(png: Buffer): { width: number; height: number; pixels: Buffer } {
  const { width, height } = pngSize(png);
  expect([png[24], png[25], png[28]], 'bit depth 8, colour type 6 (RGBA), not interlaced').toEqual([8, 6, 0]);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const paeth = () => {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      };
      const predictor = [0, a, b, (a + b) >> 1, filter === 4 ? paeth() : 0][filter!];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

/** The four-character chunks of an ICNS file and their data, after checking the header's length. */
function icnsChunks(icns: Buffer): Map<string, Buffer> {
  expect(icns.toString('latin1', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4), 'the length in the header is the file length').toBe(icns.length);
  const chunks = new Map<string, Buffer>();
  for (let at = 8; at < icns.length;) {
    const length = icns.readUInt32BE(at + 4);
    expect(length, 'chunk length').toBeGreaterThan(8);
    chunks.set(icns.toString('latin1', at, at + 4), icns.subarray(at + 8, at + length));
    at += length;
  }
  return chunks;
}

/** Each image of an ICO's directory: its size (0 in the byte means 256) and its data. */
function icoImages(ico: Buffer): { size: number; height: number; data: Buffer }[] {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)], 'reserved 0, type 1 (icon)').toEqual([0, 1]);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const entry = 6 + 16 * i;
    const [length, offset] = [ico.readUInt32LE(entry + 8), ico.readUInt32LE(entry + 12)];
    expect(offset + length, 'image data inside the file').toBeLessThanOrEqual(ico.length);
    return { size: ico[entry] || 256, height: ico[entry + 1] || 256, data: ico.subarray(offset, offset + length) };
  });
}

describe('the PNG icons', () => {
  it.each(PNG_FILES.map((file) => [file]))('%s has its pixel size and shows a white mark on the coloured body', (file) => {
    const expected = file === 'build/icon.png' ? 1024 : file === 'renderer/favicon.png' ? 32 : Number(/(\d+)x/.exec(file)![1]);
    const { width, height, pixels } = decodeRgba(read(file));
    expect({ width, height }).toEqual({ width: expected, height: expected });
    let transparent = 0;
    let white = 0;
    let coloured = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, alpha] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!];
      if (alpha === 0) transparent++;
      else if (alpha === 255 && Math.min(r, g, b) >= 240) white++;
      else if (alpha === 255 && b > r + 60) coloured++;
    }
    // The rounded corners are see-through; the tick is white; the body is blue to teal.
    const total = width * height;
    expect(transparent, 'transparent corners').toBeGreaterThan(0);
    expect(white / total, 'share of white pixels (the mark)').toBeGreaterThan(0.03);
    expect(coloured / total, 'share of blue/teal pixels (the body)').toBeGreaterThan(0.3);
  });

  it('renderer/index.html links the favicon, and its CSP lets the page load it', () => {
    const html = read('renderer/index.html').toString('utf8');
    expect(html).toMatch(/<link rel="icon" type="image\/png" href="\.\/favicon\.png" \/>/);
    // Vite serves the file from the page's own origin or inlines it as a data: URL: img-src needs both.
    expect(/img-src ([^;"]*)/.exec(html)?.[1]?.split(' ')).toEqual(expect.arrayContaining(["'self'", 'data:']));
  });
});

describe('the macOS icon (build/icon.icns)', () => {
  it('holds every Retina and standard size as PNG, and the 16 and 32 px bitmaps with their masks', () => {
    const chunks = icnsChunks(read('build/icon.icns'));
    // Apple's type codes: ic04/ic05 are left out, Finder on older macOS reads is32/il32 with masks instead.
    const png = { ic11: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 };
    const bitmaps = { is32: 16, s8mk: 16, il32: 32, l8mk: 32 };
    expect([...chunks.keys()].sort()).toEqual([...Object.keys(png), ...Object.keys(bitmaps)].sort());
    for (const [type, size] of Object.entries(png)) expect(pngSize(chunks.get(type)!), type).toEqual({ width: size, height: size });
    // A mask is one alpha byte per pixel, uncompressed.
    expect(chunks.get('s8mk')!.length).toBe(16 * 16);
    expect(chunks.get('l8mk')!.length).toBe(32 * 32);
  });
});

describe('the Windows icon (build/icon.ico)', () => {
  it('lists 16 to 256 px, PNG from 64 px up and bitmaps below (older Windows shows no PNG there)', () => {
    const images = icoImages(read('build/icon.ico'));
    expect(images.map((image) => image.size)).toEqual([256, 128, 96, 72, 64, 48, 32, 24, 16]);
    for (const { size, height, data } of images) {
      expect(height, `${size} px is square`).toBe(size);
      if (size >= 64) expect(pngSize(data), `${size} px PNG`).toEqual({ width: size, height: size });
      // BITMAPINFOHEADER: 40 bytes, the width, then twice the height (the colour rows and the mask's), 32 bits per pixel.
      else
        expect([data.readUInt32LE(0), data.readInt32LE(4), data.readInt32LE(8), data.readUInt16LE(14)], `${size} px bitmap`).toEqual([40, size, size * 2, 32]);
    }
  });
});

describe('the committed icon files are up to date with build/icon.svg', () => {
  let fresh: string;
  let containers: string;
  beforeAll(() => {
    fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-icons-'));
    containers = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-icons-'));
    const script = path.join(root, 'scripts/icons.mjs');
    execFileSync(process.execPath, [script, '--out', fresh], { stdio: 'pipe' });
    execFileSync(process.execPath, [script, '--out', containers, '--containers-from', path.join(root, 'build/icon.png')], { stdio: 'pipe' });
  }, 120_000); // two runs of a few seconds each: generous for a busy machine
  afterAll(() => {
    for (const dir of [fresh, containers]) fs.rmSync(dir, { recursive: true, force: true });
  });

  const stale = (file: string) => `${file} is stale: run \`npm run icons\` and commit the result`;

  it.each(PNG_FILES.map((file) => [file]))('%s is what the SVG renders to', (file) => {
    const committed = read(file);
    const made = fs.readFileSync(path.join(fresh, file));
    // x64 renders the committed bytes exactly. resvg's rasteriser takes other SIMD paths on other CPUs
    // (Apple silicon), which may round edge pixels by a few levels; there the pixels must agree closely.
    if (process.arch === 'x64') {
      expect(made.equals(committed), stale(file)).toBe(true);
      return;
    }
    const [a, b] = [decodeRgba(committed), decodeRgba(made)];
    expect(b.width, stale(file)).toBe(a.width);
    let far = 0;
    for (let i = 0; i < a.pixels.length; i++) if (Math.abs(a.pixels[i]! - b.pixels[i]!) > 8) far++;
    expect(far / a.pixels.length, stale(file)).toBeLessThan(0.002);
  });

  it.each([['build/icon.icns'], ['build/icon.ico']])('%s is what png2icons makes of the committed build/icon.png', (file) => {
    expect(fs.readFileSync(path.join(containers, file)).equals(read(file)), stale(file)).toBe(true);
  });

  it('the generator writes these files and nothing else', () => {
    const files = (fs.readdirSync(fresh, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(fresh, f)).isFile());
    expect(files.map((f) => f.split(path.sep).join('/')).sort()).toEqual([...PNG_FILES, 'build/icon.icns', 'build/icon.ico'].sort());
  });
});
