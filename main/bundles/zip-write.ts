/** Writes a bundle's zip: every file hashed into the manifest, written as `.partial`, synced, then renamed. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import yazl from 'yazl';
import { MANIFEST_PATH, type Manifest } from './format';

export interface BundleFile {
  path: string;
  bytes: Buffer;
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Writes `files` plus their manifest to `target`; returns the size written. Nothing is left at `target` on failure. */
export async function writeBundleZip(target: string, files: BundleFile[], manifest: Omit<Manifest, 'files'>, mtime: Date): Promise<number> {
  const full: Manifest = { ...manifest, files: files.map((f) => ({ path: f.path, bytes: f.bytes.length, sha256: sha256(f.bytes) })) };
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(full, null, 2), 'utf8'), MANIFEST_PATH, { mtime });
  for (const f of files) zip.addBuffer(f.bytes, f.path, { mtime });
  zip.end();
  const partial = `${target}.partial`;
  try {
    await new Promise<void>((resolve, reject) => {
      const out = fs.createWriteStream(partial);
      out.on('error', reject);
      zip.outputStream.on('error', reject);
      out.on('close', resolve);
      zip.outputStream.pipe(out);
    });
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, target);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
  return fs.statSync(target).size;
}
