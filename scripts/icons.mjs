// Renders the one icon source, build/icon.svg, into every file the installers and the app read:
//   build/icons/<N>x<N>.png  the Linux targets (electron-builder reads the folder, named by size)
//   build/icon.png           1024 px, the fallback electron-builder converts from when nothing else fits
//   build/icon.icns          macOS (dmg, zip); build/icon.ico Windows (NSIS, the .exe's resources)
//   renderer/favicon.png     the page's icon, seen in the web harness's browser tab (renderer/index.html)
// The outputs are committed; tests/packaging/icons.test.ts regenerates them into a temporary folder and
// compares them, so run `npm run icons` after editing the SVG. On one machine the same SVG always gives
// the same bytes.
//
// Usage: node scripts/icons.mjs [--out <folder>] [--containers-from <1024 px png>]
//   --out              where to write (default: the repository; the paths above are relative to it)
//   --containers-from  write only icon.icns and icon.ico, made from that PNG instead of a new render.
//                      png2icons is plain JavaScript and gives the same bytes on every machine, while the
//                      rasteriser may round a few edge pixels differently on another CPU architecture;
//                      the test uses this to hold the committed containers to the committed icon.png.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(root, 'build/icon.svg');

/** Every PNG size of build/icons/ (the sizes Linux icon themes and electron-builder's targets ask for). */
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** Up to this size the margin around the body is dropped: at 16 px it would take 3 of the 16 pixels. */
const FULL_BLEED_MAX = 32;

const { values } = parseArgs({ options: { out: { type: 'string' }, 'containers-from': { type: 'string' } } });
const outRoot = path.resolve(values.out ?? root);

const svg = fs.readFileSync(SOURCE, 'utf8');
const fullBleed = withViewBoxOfBody(svg);

/** The same art with the root viewBox narrowed to the rounded square (the rect with id "body"). */
function withViewBoxOfBody(text) {
  const body = /<rect\b[^>]*\bid="body"[^>]*>/.exec(text)?.[0];
  const attr = (name) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(body ?? '')?.[1]);
  const box = ['x', 'y', 'width', 'height'].map(attr);
  if (!body || box.some((n) => !Number.isFinite(n))) {
    throw new Error(`${path.relative(root, SOURCE)}: needs a <rect id="body" x=… y=… width=… height=…> (the rounded square), to crop the small sizes to it.`);
  }
  if (!/<svg\b[^>]*\sviewBox="[^"]*"/.test(text)) throw new Error(`${path.relative(root, SOURCE)}: the <svg> element needs a viewBox.`);
  return text.replace(/(<svg\b[^>]*\sviewBox=")[^"]*"/, `$1${box.join(' ')}"`);
}

function render(size) {
  const source = size <= FULL_BLEED_MAX ? fullBleed : svg;
  // No fonts: the icon has no text, and system fonts would make the output depend on the machine.
  const resvg = new Resvg(source, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } });
  const image = resvg.render();
  if (image.width !== size || image.height !== size)
    throw new Error(`${path.relative(root, SOURCE)} must be square: got ${image.width}x${image.height} for ${size}.`);
  return image.asPng();
}

const written = [];
function write(relative, bytes) {
  const file = path.join(outRoot, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  written.push([relative, bytes.length]);
}

/** The macOS and Windows containers, both from the 1024 px render. */
function writeContainers(png1024) {
  // Bicubic scaling, 0 colours = lossless. The ICO keeps 256..64 as PNG and the smaller sizes as bitmaps
  // (forWinExe), which every Windows version shows, in Explorer's properties dialog too.
  const icns = png2icons.createICNS(png1024, png2icons.BICUBIC, 0);
  const ico = png2icons.createICO(png1024, png2icons.BICUBIC, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not read the 1024 px PNG it was given.');
  write('build/icon.icns', icns);
  write('build/icon.ico', ico);
}

if (values['containers-from']) {
  writeContainers(fs.readFileSync(path.resolve(values['containers-from'])));
} else {
  const pngs = new Map(PNG_SIZES.map((size) => [size, render(size)]));
  for (const [size, png] of pngs) write(`build/icons/${size}x${size}.png`, png);
  write('build/icon.png', pngs.get(1024));
  writeContainers(pngs.get(1024));
  write('renderer/favicon.png', pngs.get(32));
}

for (const [relative, bytes] of written) console.log(`wrote ${path.join(outRoot, relative)} (${bytes} bytes)`);
