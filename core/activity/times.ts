/**
 * Reading the times an export writes, in the many ways exports write them, as one UTC instant each.
 *
 * Times written without an offset are read in the mapping's zone. Around a change of clocks:
 * - a time that happens twice (the hour the clocks go back) is the earlier one, at the offset before
 *   the change (01:30 on the first Sunday of November in New York is 05:30Z, not 06:30Z);
 * - a time that never happens (the hour the clocks go forward) is moved forward by the gap, i.e. read
 *   at the offset before the change (02:30 on the second Sunday of March in New York is 07:30Z, which
 *   the clock on the wall shows as 03:30).
 */
import { tzOffset } from '@date-fns/tz';
import type { DateOrder } from './vocabulary';

/** Years a time may fall in: outside them a cell is a typo or a placeholder, not a time. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/** A wall-clock time in `timeZone` -> epoch ms (see the file comment for the hours around a change of clocks). */
function wallToUtc(wallMs: number, timeZone: string): number {
  const before = tzOffset(timeZone, new Date(wallMs - 14 * HOUR_MS));
  const after = tzOffset(timeZone, new Date(wallMs + 14 * HOUR_MS));
  const a = wallMs - before * MINUTE_MS;
  const b = wallMs - after * MINUTE_MS;
  const aFits = tzOffset(timeZone, new Date(a)) === before;
  const bFits = tzOffset(timeZone, new Date(b)) === after;
  if (aFits && bFits) return Math.min(a, b);
  if (aFits) return a;
  if (bFits) return b;
  // In the gap: read at the offset before the change, which moves it forward by the gap.
  return a;
}

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?)?$/;
const DAY_FIRST_24H = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function inRange(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return y < MIN_YEAR || y > MAX_YEAR ? null : d.toISOString();
}

/** True when `value` is a day and month written first ("03/04/2026"), which needs a date order other than ymd. */
export function needsDateOrder(value: string): boolean {
  const v = value.trim();
  return DAY_FIRST.test(v) || DAY_FIRST_24H.test(v);
}

/** A time as written (ISO with or without offset, "2026-11-02 14:05", "02/11/2026 2:05 PM", epoch seconds or ms) -> ISO UTC; null when it cannot be read. */
export function parseActivityTime(value: string, timeZone: string, dateOrder: DateOrder): string | null {
  const v = value.trim();
  if (v === '') return null;
  if (/^\d{9,10}(?:\.\d{1,6})?$/.test(v)) return inRange(Math.round(Number(v) * 1000));
  if (/^\d{12,13}$/.test(v)) return inRange(Number(v));

  const iso = ISO.exec(v);
  if (iso) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(iso[i] ?? 0)) as [number, number, number, number, number, number];
    if (!validParts(y, mo, d, h, mi, s)) return null;
    const ms = iso[7] ? Math.floor(Number(`0.${iso[7]}`) * 1000) : 0;
    const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    const zone = iso[8]?.toUpperCase();
    if (zone === undefined) return inRange(wallToUtc(wall, timeZone));
    if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return inRange(wall);
    const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    if (Number(m[3] ?? 0) > 59) return null;
    const offset = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === '-' ? -1 : 1);
    if (Math.abs(offset) > 14 * 60) return null;
    return inRange(wall - offset * MINUTE_MS);
  }

  if (dateOrder === 'ymd') return null;
  const twelve = DAY_FIRST.exec(v);
  const dm = twelve ?? DAY_FIRST_24H.exec(v);
  if (!dm) return null;
  const a = Number(dm[1]);
  const b = Number(dm[2]);
  const [d, mo] = dateOrder === 'dmy' ? [a, b] : [b, a];
  const y = Number(dm[3]);
  let h = Number(dm[4] ?? 0);
  const mi = Number(dm[5] ?? 0);
  const s = Number(dm[6] ?? 0);
  if (twelve?.[7]) {
    if (h < 1 || h > 12) return null;
    const pm = twelve[7].toLowerCase() === 'p';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (!validParts(y, mo, d, h, mi, s)) return null;
  return inRange(wallToUtc(Date.UTC(y, mo - 1, d, h, mi, s), timeZone));
}
