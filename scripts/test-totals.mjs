// Prints "N passed, N failed[, N skipped]" totalled over vitest's and Playwright's JSON reports.
// A missing report counts as a failure: a suite that never ran must not look green.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    console.error(`test report missing or unreadable: ${file}`);
    missing++;
    return null;
  }
}

const [vitestFile, playwrightFile] = process.argv.slice(2);
const v = read(vitestFile);
if (v) {
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numTodoTests ?? 0) * 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
const p = read(playwrightFile);
if (p) {
  const s = p.stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
}
failed += missing;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
