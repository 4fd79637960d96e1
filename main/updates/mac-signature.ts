/**
 * macOS installs an update (Squirrel.Mac) only into an app signed with a Developer ID: an ad-hoc signed
 * build (a release made without the signing secrets) would download every version and then fail at the
 * restart. `codesign -dv` names the signing authority; no Developer ID there means no self-update.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export type RunCodesign = (bundle: string) => { status: number | null; stderr: string };

const runCodesign: RunCodesign = (bundle) => {
  const r = spawnSync('/usr/bin/codesign', ['-dv', '--verbose=2', bundle], { encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, stderr: r.stderr ?? '' };
};

/** The .app folder around the running executable (…/X.app/Contents/MacOS/X), or null outside one. */
export function appBundleOf(execPath: string): string | null {
  const bundle = path.resolve(path.dirname(execPath), '..', '..');
  return bundle.endsWith('.app') ? bundle : null;
}

/** Whether the app at `execPath` is signed with a Developer ID (what Squirrel.Mac needs to install an update). */
export function signedWithDeveloperId(execPath: string, run: RunCodesign = runCodesign): boolean {
  const bundle = appBundleOf(execPath);
  if (!bundle) return false;
  const out = run(bundle);
  return out.status === 0 && /^Authority=Developer ID Application:/m.test(out.stderr);
}

export const UNSIGNED_MAC_REASON =
  'This copy is not signed with a Developer ID, and macOS installs updates only into signed apps: download new versions from the releases page.';
