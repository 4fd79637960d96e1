// What electron-builder's real packaging needs to run without downloading anything: an unpacked
// "Electron distribution" whose executable is a stand-in (electron-builder copies and renames it, never
// runs it), and a project folder holding a fresh build of the app beside the checkout's own files.
import fs from 'node:fs';
import path from 'node:path';

/** An unpacked Electron for Linux as electron-builder's `electronDist` reads it: the executable and resources/. */
export function makeStandInElectron(dir: string): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const executable = path.join(dir, 'electron');
  fs.writeFileSync(executable, '#!/bin/sh\necho "stand-in for the Electron binary, which cannot be downloaded here" >&2\nexit 1\n');
  fs.chmodSync(executable, 0o755);
  return dir;
}

/**
 * A project folder electron-builder packages as it would the checkout: package.json, the configuration
 * file, build resources and migrations copied, node_modules linked (the checkout's installed packages),
 * and `out/` left for the caller to build into. The checkout's own out/ is never touched.
 */
export function stageProject(root: string, dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.ts']) fs.copyFileSync(path.join(root, file), path.join(dir, file));
  for (const folder of ['build', 'db/migrations']) fs.cpSync(path.join(root, folder), path.join(dir, folder), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  return dir;
}
