/**
 * An override reason has the same minimum wherever it arrives (the app, the web harness, a script
 * calling the registry): the contract refuses a reason shorter than OVERRIDE_REASON_MIN_LENGTH, the
 * number the UI's live hint counts down, with a message naming the field and the fix.
 */
import { describe, expect, it } from 'vitest';
import { OVERRIDE_REASON_MIN_LENGTH } from '@core/contract/fields';
import { contract, type Channel } from '@core/contract/index';
import { ErrorCode } from '@core/errors';
import { openTestWorkspace } from '../db/helpers';

const TOO_SHORT = `Override reason is too short: say in at least ${OVERRIDE_REASON_MIN_LENGTH} characters why this cannot wait.`;

/** Every channel whose input takes an override reason. */
const withOverride = (Object.keys(contract) as Channel[]).filter((c) => {
  const input = contract[c].input as unknown as { shape?: Record<string, unknown> };
  return input.shape !== undefined && 'overrideReason' in input.shape;
});

describe('the override-reason minimum holds through the registry', () => {
  it('finds the channels that take an override (stage change, operator access, finishing the first-week review early)', () => {
    expect(withOverride).toEqual(expect.arrayContaining(['sites.changeStage', 'operators.grantAccess', 'reviews.completeFirstWeek']));
  });

  it.each(withOverride)('%s refuses a one-letter override reason as INVALID_INPUT on the overrideReason field', async (channel) => {
    const ws = openTestWorkspace();
    const err = await ws.fail(channel, { overrideReason: 'x' });
    expect(err.code).toBe(ErrorCode.INVALID_INPUT);
    expect((err.details?.issues as { path: string; message: string }[]).filter((i) => i.path === 'overrideReason')).toEqual([
      { path: 'overrideReason', message: TOO_SHORT },
    ]);
  });

  it('a stage change with a one-letter reason is refused and changes nothing; the minimum is accepted', async () => {
    const ws = openTestWorkspace();
    const site = await ws.factories.buildSite();
    const history = ws.count('change_log');
    const err = await ws.fail('sites.changeStage', { siteId: site.id, version: site.version, to: 'setup', overrideReason: 'x' });
    expect(err).toMatchObject({ code: ErrorCode.INVALID_INPUT, message: TOO_SHORT });
    expect((await ws.call('sites.get', { id: site.id })).stage).toBe('planning');
    expect(ws.count('change_log')).toBe(history);

    const justLongEnough = 'y'.repeat(OVERRIDE_REASON_MIN_LENGTH);
    await ws.call('sites.changeStage', { siteId: site.id, version: site.version, to: 'setup', overrideReason: justLongEnough });
    expect((await ws.call('sites.get', { id: site.id })).stage).toBe('setup');
  });
});
