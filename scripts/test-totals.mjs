// Prints "N passed, N failed[, N skipped]" totalled over the JSON reports of every suite (vitest's
// runs and Playwright's), given as arguments. A missing report counts as a failure: a suite that never
// ran must not look green.
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

for (const file of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    console.error(`test report missing or unreadable: ${file}`);
    failed++;
    continue;
  }
  if (report.stats) {
    // Playwright
    const s = report.stats;
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
    skipped += s.skipped ?? 0;
  } else {
    // vitest
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
