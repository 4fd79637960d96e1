/**
 * The command-line tool, compiled: `npm run build:cli` (also part of `npm run build`, and run by
 * `prepare` after `npm install`) bundles main/cli.ts and everything it imports into out/cli/ as plain
 * JavaScript, so `rollout-workbench` starts with plain `node` and no TypeScript transpiler.
 *
 * - ESM for Node 20. The path aliases (@core/…, @db/…, @main/…) are resolved from tsconfig.base.json
 *   (through tsconfig.node.json), where they are declared once.
 * - Bundled: the app's code and the pure-JavaScript libraries it uses (drizzle-orm, zod, date-fns…),
 *   so starting reads and compiles one file instead of resolving hundreds of modules.
 * - Left in node_modules: better-sqlite3 (a native module), the PDF engine, pdfkit and fontkit
 *   (they read their data files next to their own code), and exceljs (spreadsheets; its dependencies
 *   call the deprecated Buffer(), which Node warns about only outside node_modules). The PDF
 *   renderer is a separate chunk that main/services/documents.ts imports on the first PDF, so a
 *   command that renders none never loads it.
 * - Two more entries share the chunks: the worker threads' (main/workers/worker.ts → out/cli/worker.js,
 *   which main/workers/pool.ts starts when it runs from a build) and the web harness (main/web.ts →
 *   out/cli/web.js, run with `--static out/web`: the app's Node side compiled, without Electron, as
 *   tests/bench/sections/memory.ts measures it).
 * - Found at run time, as from the sources: the migrations (`defaultMigrationsFolder` in db/migrate.ts
 *   looks in db/migrations from out/cli/) and the PDF fonts (resolved from their packages).
 * - out/cli/build.json records when the build started and every file it read. The launcher
 *   (bin/rollout-workbench.mjs) asks `buildState()` before it starts the tool and rebuilds when any of
 *   them changed since, so a stale build never runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = path.join(ROOT, 'out', 'cli');
export const ENTRY = path.join(OUT_DIR, 'cli.js');
const MANIFEST = path.join(OUT_DIR, 'build.json');
const SOURCE = 'main/cli.ts';
/** The web harness, built beside it as web.js: the compiled Node side without Electron (the memory benchmark runs it). */
const WEB = 'main/web.ts';
/** The worker thread's entry: built as worker.js beside cli.js, where main/workers/pool.ts starts it from. */
const WORKER = 'main/workers/worker.ts';
/** Files that change the output without being imported by it. */
const SETTINGS = ['cli.build.mjs', 'tsconfig.base.json', 'tsconfig.node.json', 'package.json', 'node_modules/.package-lock.json'];
/** Loaded from node_modules at run time, never bundled. */
const EXTERNAL = ['better-sqlite3', 'pdfkit', 'fontkit', 'exceljs'];

/**
 * Whether out/cli can run: 'fresh', or why not ('missing', or the first file changed since the
 * build). Without the sources (main/cli.ts absent) there is nothing to compare, and a build is fresh.
 */
export function buildState() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return fs.existsSync(path.join(ROOT, SOURCE)) || !fs.existsSync(ENTRY) ? { state: 'missing' } : { state: 'fresh' };
  }
  if (!fs.existsSync(ENTRY)) return { state: 'missing' };
  if (!fs.existsSync(path.join(ROOT, SOURCE))) return { state: 'fresh' };
  for (const file of manifest.inputs) {
    let changed;
    try {
      changed = fs.statSync(path.join(ROOT, file)).mtimeMs > manifest.startedAt;
    } catch {
      changed = true; // removed or renamed since the build
    }
    if (changed) return { state: 'stale', changed: file };
  }
  return { state: 'fresh' };
}

/** Writes a file so that a program reading it at the same time sees the old or the new one, never half of it. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

/**
 * Builds out/cli. `prune` removes files an earlier build left that this one did not write (an explicit
 * build does; the launcher's rebuild does not, as another run of the tool may still load them).
 * Returns the time taken and the files written; a build error throws with esbuild's messages.
 */
export async function buildCli({ prune = true } = {}) {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: SOURCE, web: WEB, ...(fs.existsSync(path.join(ROOT, WORKER)) ? { worker: WORKER } : {}) },
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: 'tsconfig.node.json',
    external: EXTERNAL,
    // CommonJS libraries in the bundle call require() for Node's own modules.
    banner: { js: "import { createRequire as __cliCreateRequire } from 'node:module';\nconst require = __cliCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  // Chunks first, the entry after them and the manifest last: a run starting meanwhile loads a complete build.
  const outputs = [...result.outputFiles].sort(
    (a, b) => Number(a.path === ENTRY || a.path === `${ENTRY}.map`) - Number(b.path === ENTRY || b.path === `${ENTRY}.map`),
  );
  for (const f of outputs) writeAtomically(f.path, f.contents);
  const inputs = [
    ...SETTINGS.filter((f) => fs.existsSync(path.join(ROOT, f))),
    ...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')),
  ];
  writeAtomically(MANIFEST, `${JSON.stringify({ startedAt, inputs }, null, 1)}\n`);
  if (prune) {
    const keep = new Set([...outputs.map((f) => path.basename(f.path)), path.basename(MANIFEST)]);
    for (const name of fs.readdirSync(OUT_DIR)) if (!keep.has(name)) fs.rmSync(path.join(OUT_DIR, name), { force: true });
  }
  return { ms: Date.now() - startedAt, files: outputs.map((f) => path.relative(ROOT, f.path)) };
}

/** Whether esbuild, a development dependency, is installed here. */
export async function canBuild() {
  try {
    await import('esbuild');
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `--if-possible` (the prepare script): an install without development dependencies has no esbuild; say so and go on.
  if (process.argv.includes('--if-possible') && !(await canBuild())) {
    console.warn(
      'rollout-workbench: esbuild is not installed (a development dependency), so the command-line tool was not built. Install with development dependencies and run `npm run build:cli`.',
    );
  } else {
    try {
      const { ms, files } = await buildCli();
      console.log(
        `Built the command-line tool into ${path.relative(process.cwd(), OUT_DIR) || '.'} (${files.filter((f) => f.endsWith('.js')).length} files, ${ms} ms).`,
      );
    } catch (e) {
      console.error(`The command-line tool could not be built:\n${e.message}`);
      process.exitCode = 1;
    }
  }
}
