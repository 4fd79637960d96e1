import { describe, expect, it } from 'vitest';
import { OVERRIDE_REASON_MIN_LENGTH, overrideReasonShortBy } from '@core/contract/fields';
import { sitesContract } from '@core/contract/sites';
import { LocalDateField } from '@core/contract/fields';

const changeStage = sitesContract['sites.changeStage'].input;
const base = { siteId: '01JTESTSITE0000000000000000', version: 1, to: 'pilot' as const };

describe('the override-reason minimum is one number for the contract and the live hint', () => {
  it('the hint counts down to 0 exactly where the contract starts to accept the reason', () => {
    const short = 'x'.repeat(OVERRIDE_REASON_MIN_LENGTH - 1);
    const enough = 'x'.repeat(OVERRIDE_REASON_MIN_LENGTH);
    expect(overrideReasonShortBy('')).toBe(OVERRIDE_REASON_MIN_LENGTH);
    expect(overrideReasonShortBy(short)).toBe(1);
    expect(overrideReasonShortBy(enough)).toBe(0);
    expect(changeStage.safeParse({ ...base, overrideReason: short }).success).toBe(false);
    expect(changeStage.safeParse({ ...base, overrideReason: enough }).success).toBe(true);
  });

  it('surrounding blanks do not count in either', () => {
    const padded = `   ${'x'.repeat(OVERRIDE_REASON_MIN_LENGTH - 1)}   `;
    expect(overrideReasonShortBy(padded)).toBe(1);
    expect(changeStage.safeParse({ ...base, overrideReason: padded }).success).toBe(false);
  });

  it('a day written in another format gets only the format message, not "does not exist"', () => {
    const issues = LocalDateField.safeParse('25/11/2026').error!.issues.map((i) => i.message);
    expect(issues).toEqual(['Write the date as YYYY-MM-DD.']);
    expect(LocalDateField.safeParse('2026-02-30').error!.issues.map((i) => i.message)).toEqual(['That date does not exist.']);
  });
});
