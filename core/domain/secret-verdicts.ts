/** Remembered verdicts of the secret scanner, for texts scanned again and again (documents site after site, imported activity row after row). */
import { scanForSecrets } from './secret-scanner';

/**
 * The scanner's verdict per text, remembered: the same SOP and playbook text is in every site's
 * snapshot, and a bulk export builds thousands of documents. The scanner is pure, so a remembered
 * verdict is the verdict; the memory is bounded by starting over when it is full.
 */
const verdicts = new Map<string, boolean>();
const VERDICTS_MAX = 50_000;

export function looksSecret(text: string): boolean {
  let v = verdicts.get(text);
  if (v === undefined) {
    v = scanForSecrets(text).length > 0;
    if (verdicts.size >= VERDICTS_MAX) verdicts.clear();
    verdicts.set(text, v);
  }
  return v;
}
