import { describe, expect, it } from 'vitest';
import { dayFormatOf, dayProblemMessage, formatDay, parseDay } from '@core/domain/day-format';

describe('days typed in the locale format or as ISO', () => {
  it('reads the numeric format of a locale', () => {
    expect(dayFormatOf('en-GB')).toBe('DD/MM/YYYY');
    expect(dayFormatOf('en-US')).toBe('MM/DD/YYYY');
    expect(dayFormatOf('de-DE')).toBe('DD.MM.YYYY');
    expect(dayFormatOf('sv-SE')).toBe('YYYY-MM-DD');
  });

  it('takes 25/11/2026 in DD/MM/YYYY and ISO everywhere; one-digit day and month too', () => {
    expect(parseDay('25/11/2026', 'DD/MM/YYYY')).toEqual({ ok: true, day: '2026-11-25' });
    expect(parseDay(' 2026-11-25 ', 'DD/MM/YYYY')).toEqual({ ok: true, day: '2026-11-25' });
    expect(parseDay('5/1/2026', 'DD/MM/YYYY')).toEqual({ ok: true, day: '2026-01-05' });
    expect(parseDay('11/25/2026', 'MM/DD/YYYY')).toEqual({ ok: true, day: '2026-11-25' });
    expect(parseDay('25.11.2026', 'DD.MM.YYYY')).toEqual({ ok: true, day: '2026-11-25' });
  });

  it('tells an unreadable text from a day that does not exist', () => {
    expect(parseDay('25/11/2026', 'MM/DD/YYYY')).toEqual({ ok: false, problem: 'no-such-day' });
    expect(parseDay('31/11/2026', 'DD/MM/YYYY')).toEqual({ ok: false, problem: 'no-such-day' });
    expect(parseDay('2026-02-29', 'DD/MM/YYYY')).toEqual({ ok: false, problem: 'no-such-day' });
    expect(parseDay('2028-02-29', 'DD/MM/YYYY')).toEqual({ ok: true, day: '2028-02-29' });
    expect(parseDay('next tuesday', 'DD/MM/YYYY')).toEqual({ ok: false, problem: 'format' });
    expect(parseDay('25/11', 'DD/MM/YYYY')).toEqual({ ok: false, problem: 'format' });
  });

  it('names the field and the format to write in its message', () => {
    expect(formatDay('2026-11-25', 'DD.MM.YYYY')).toBe('25.11.2026');
    expect(dayProblemMessage('Last backup', 'soon', 'format', 'DD/MM/YYYY')).toBe(
      'Last backup: “soon” is not a date. Write it as DD/MM/YYYY (e.g. 25/11/2026) or as YYYY-MM-DD, or pick it in the calendar.',
    );
  });
});
