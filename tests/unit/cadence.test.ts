import { describe, expect, it } from 'vitest';
import { firstWeekDue, isValidTimeZone, localDate, localTimeInstant, nextPeriodicDue, reviewState } from '@core/domain/cadence';

describe('calendar days in the workspace time zone', () => {
  it('puts an instant on the right local day on both sides of midnight', () => {
    const t = new Date('2026-03-01T23:30:00Z');
    expect(localDate(t, 'Europe/London')).toBe('2026-03-01');
    expect(localDate(t, 'Europe/Berlin')).toBe('2026-03-02');
    expect(localDate(t, 'America/Los_Angeles')).toBe('2026-03-01');
    expect(localDate(t, 'Pacific/Auckland')).toBe('2026-03-02');
  });

  it('keeps the 09:00 reminder at 09:00 local across DST changes', () => {
    // London moves to BST on 2026-03-29; New York to EDT on 2026-03-08.
    expect(localTimeInstant('2026-03-28', '09:00', 'Europe/London').toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(localTimeInstant('2026-03-30', '09:00', 'Europe/London').toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(localTimeInstant('2026-03-07', '09:00', 'America/New_York').toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(localTimeInstant('2026-03-09', '09:00', 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
    // Auckland leaves daylight time on 2026-04-05.
    expect(localTimeInstant('2026-04-06', '09:00', 'Pacific/Auckland').toISOString()).toBe('2026-04-05T21:00:00.000Z');
  });

  it('validates time zone names', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('review state', () => {
  const tz = 'America/New_York';
  it('is upcoming, due on its day, overdue after, whatever the UTC date says', () => {
    // 2026-03-09T03:00Z is still 8 March in New York.
    const now = new Date('2026-03-09T03:00:00Z');
    expect(reviewState({ dueOn: '2026-03-09' }, now, tz)).toBe('upcoming');
    expect(reviewState({ dueOn: '2026-03-08' }, now, tz)).toBe('due');
    expect(reviewState({ dueOn: '2026-03-07' }, now, tz)).toBe('overdue');
    expect(reviewState({ dueOn: '2026-03-01', doneAt: '2026-03-02T10:00:00Z' }, now, tz)).toBe('done');
    expect(reviewState({ dueOn: '2026-03-01', skippedAt: '2026-03-02T10:00:00Z' }, now, tz)).toBe('skipped');
    expect(reviewState({ dueOn: '2026-03-01', snoozedUntil: '2026-03-10' }, now, tz)).toBe('upcoming');
  });
});

describe('due dates', () => {
  it('first week: pilot start + 7 calendar days in the workspace zone, across a DST change', () => {
    // Pilot starts 23:30 on Saturday 28 March in London (UTC+0); a week later is 4 April, after BST began.
    expect(firstWeekDue(new Date('2026-03-28T23:30:00Z'), 'Europe/London')).toBe('2026-04-04');
    // The same instant is already Sunday in Berlin.
    expect(firstWeekDue(new Date('2026-03-28T23:30:00Z'), 'Europe/Berlin')).toBe('2026-04-05');
  });

  it('periodic: quarterly from the start date, the next one after a given day', () => {
    expect(nextPeriodicDue('FREQ=MONTHLY;INTERVAL=3', '2026-01-15', '2026-01-15')).toBe('2026-04-15');
    expect(nextPeriodicDue('FREQ=MONTHLY;INTERVAL=3', '2026-01-15', '2026-05-01')).toBe('2026-07-15');
    expect(nextPeriodicDue('FREQ=WEEKLY;BYDAY=MO', '2026-03-02', '2026-03-27')).toBe('2026-03-30');
  });

  it('refuses a rule that is not an RRULE, in plain words', () => {
    expect(() => nextPeriodicDue('every quarter', '2026-01-15', '2026-01-15')).toThrow(
      '“every quarter” is not a recurrence rule; write it like FREQ=MONTHLY;INTERVAL=3.',
    );
  });
});
