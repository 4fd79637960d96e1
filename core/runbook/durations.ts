/** How a runbook's durations print in a document: "15 minutes", "4 hours", "1 day", "1 hour 30 minutes". */

const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function humanMinutes(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return unit(0, 'minute');
  const m = Math.round(minutes);
  if (m % 1440 === 0) return unit(m / 1440, 'day');
  if (m % 60 === 0) return unit(m / 60, 'hour');
  if (m > 60) return `${unit(Math.floor(m / 60), 'hour')} ${unit(m % 60, 'minute')}`;
  return unit(m, 'minute');
}

/** A whole number of minutes or hours stored as digits (a runbook fact), or null when absent or not a number. */
export function storedNumber(v: string | null | undefined): number | null {
  if (v === null || v === undefined || !/^\d+$/.test(v.trim())) return null;
  return Number(v.trim());
}
