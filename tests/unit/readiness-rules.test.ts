/**
 * Stored readiness rows are trusted only under the rules that computed them (READINESS_RULES_VERSION
 * in main/services/readiness-store.ts). This test notices when the sources of those rules change, so a
 * change that alters what a row holds for the same data cannot ship without a new version.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { READINESS_RULES_VERSION } from '@main/services/readiness-store';

const RULE_SOURCES = ['core/domain/readiness.ts', 'core/domain/rollback-currency.ts', 'core/domain/setup-record.ts', 'main/services/readiness-batch.ts'];

/** The sources' hash for each version, as recorded when that version was set. */
const RECORDED: Record<number, string> = { 1: '19b012e8634cb333', 2: '13640fde795519b2' };

describe('readiness rules version', () => {
  it('changes whenever the sources of the readiness rules change', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const hash = crypto.createHash('sha256');
    for (const file of RULE_SOURCES) hash.update(fs.readFileSync(path.join(root, file), 'utf8').replace(/\r\n/g, '\n'));
    const now = hash.digest('hex').slice(0, 16);
    expect(
      now,
      `${RULE_SOURCES.join(', ')} changed. If what a stored readiness row holds changes for the same data (a gate, a reason's words, reasonKey, a figure), ` +
        `bump READINESS_RULES_VERSION in main/services/readiness-store.ts and record ${now} for it here; otherwise record ${now} for version ${READINESS_RULES_VERSION}.`,
    ).toBe(RECORDED[READINESS_RULES_VERSION]);
  });
});
