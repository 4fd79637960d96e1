import fs from 'node:fs';
import path from 'node:path';

/** Writes through a temporary file in the same folder and a rename, so no reader ever sees half a file. */
export function writeFileAtomically(file: string, bytes: Buffer): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** A file-name-safe slug of a name: "Ælfrid's Shop!" -> "lfrids-shop"; never empty. */
export function fileSlug(name: string): string {
  return name.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').toLowerCase().slice(0, 60) || 'site';
}
