import { describe, expect, it } from 'vitest';
import { contract } from '@core/contract/index';
import { REVOKE_REASON_MIN_LENGTH } from '@core/contract/fields';

const parse = (reason: string) => contract['operators.revokeAccess'].input.safeParse({ operatorId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', reason });

describe('revoke reason: one minimum for the form, the CLI and HTTP', () => {
  it('refuses a reason shorter than the minimum, naming the field', () => {
    const r = parse('x'.repeat(REVOKE_REASON_MIN_LENGTH - 1));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      path: ['reason'],
      message: `Revoke reason is too short: say in at least ${REVOKE_REASON_MIN_LENGTH} characters why.`,
    });
  });
  it('accepts a reason of the minimum length', () => {
    expect(parse('Left'.slice(0, REVOKE_REASON_MIN_LENGTH)).success).toBe(true);
  });
});
