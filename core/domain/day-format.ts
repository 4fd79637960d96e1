/**
 * Calendar days as people type and read them: ISO (2026-11-25) everywhere, and the numeric format of
 * the user's locale (25/11/2026 in en-GB, 11/25/2026 in en-US, 25.11.2026 in de). Stored days are
 * always ISO; these rules only translate at the edge of a form.
 */
import type { LocalDate } from './cadence';

/** A numeric day format written with DD, MM and YYYY, e.g. 'DD/MM/YYYY'. */
export type DayFormat = string;

const ISO_FORMAT: DayFormat = 'YYYY-MM-DD';

/** The numeric day format of a locale (undefined: the runtime's own), e.g. 'DD/MM/YYYY' for en-GB. */
export function dayFormatOf(locale?: string): DayFormat {
  try {
    const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(
      new Date(Date.UTC(2026, 10, 25)),
    );
    const format = parts.map((p) => (p.type === 'day' ? 'DD' : p.type === 'month' ? 'MM' : p.type === 'year' ? 'YYYY' : p.value)).join('');
    return /^(?=.*DD)(?=.*MM)(?=.*YYYY)[DMY\s./-]+$/.test(format) ? format : ISO_FORMAT;
  } catch {
    return ISO_FORMAT;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** True when the day exists in the calendar (no 30 February). */
export function dayExists(year: number, month: number, day: number): boolean {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function fieldsOf(text: string, format: DayFormat): { year: number; month: number; day: number } | null {
  const order: string[] = format.match(/DD|MM|YYYY/g) ?? [];
  const separators = format.split(/DD|MM|YYYY/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*'));
  const pattern = order.map((token, i) => `${separators[i] ?? ''}(\\d{${token === 'YYYY' ? '4' : '1,2'}})`).join('') + (separators[order.length] ?? '');
  const m = new RegExp(`^\\s*${pattern}\\s*$`).exec(text);
  if (!m) return null;
  const value = (token: string) => Number(m[order.indexOf(token) + 1]);
  return { year: value('YYYY'), month: value('MM'), day: value('DD') };
}

export type DayParse = { ok: true; day: LocalDate } | { ok: false; problem: 'format' | 'no-such-day' };

/** Reads a typed day in ISO or in `format`; says whether the text is unreadable or names a day that does not exist. */
export function parseDay(text: string, format: DayFormat): DayParse {
  const f = fieldsOf(text, ISO_FORMAT) ?? fieldsOf(text, format);
  if (!f) return { ok: false, problem: 'format' };
  if (!dayExists(f.year, f.month, f.day)) return { ok: false, problem: 'no-such-day' };
  return { ok: true, day: `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}` };
}

/** An ISO day written in `format`. */
export function formatDay(day: LocalDate, format: DayFormat): string {
  const [y, m, d] = day.split('-');
  return format
    .replace('YYYY', y ?? '')
    .replace('MM', m ?? '')
    .replace('DD', d ?? '');
}

/** What a person reads when a typed day cannot be used, naming the field and the format to write. */
export function dayProblemMessage(label: string, text: string, problem: 'format' | 'no-such-day', format: DayFormat): string {
  const example = formatDay('2026-11-25', format);
  return problem === 'no-such-day'
    ? `${label}: “${text.trim()}”: that date does not exist. Write a day of the calendar as ${format} (e.g. ${example}), or pick it in the calendar.`
    : `${label}: “${text.trim()}” is not a date. Write it as ${format} (e.g. ${example}) or as YYYY-MM-DD, or pick it in the calendar.`;
}
