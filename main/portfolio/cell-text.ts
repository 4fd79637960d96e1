/**
 * An XLSX cell's value as the text a person sees in the spreadsheet, so every cell reaches the importer
 * as text whatever its type: numbers without float noise, dates as YYYY-MM-DD, a formula as the value it
 * last computed. A cell with no value to read (a formula never calculated, an error such as #N/A) is ""
 * with why, for the reader to report.
 */

export type CellText = { text: string } | { text: ''; missing: 'formula' | 'error'; detail: string };

/** Significant digits a spreadsheet shows; past them a stored double only carries float noise (0.1 + 0.2). */
const SHOWN_DIGITS = 15;

/** A plain digits format: leading zeros before the point, fixed decimals after it ("000", "0.00"). */
const DIGITS_FORMAT = /^(0+)(?:\.(0+))?$/;

/**
 * A number as a spreadsheet shows it: in the cell's plain digits format when it has one (8.1 shown as
 * "8.10" stays "8.10": SophMate 8.10 is not 8.1; 7 shown as "007" keeps its zeros); otherwise integers
 * whole, fractions to 15 significant digits, shortest form (8.2 stays "8.2").
 */
export function numberText(n: number, numFmt?: string): string {
  if (!Number.isFinite(n)) return String(n);
  const digits = numFmt ? DIGITS_FORMAT.exec(numFmt.trim()) : null;
  if (digits) {
    const [whole, fraction] = Math.abs(n)
      .toFixed(digits[2]?.length ?? 0)
      .split('.');
    return `${n < 0 ? '-' : ''}${whole!.padStart(digits[1]!.length, '0')}${fraction !== undefined ? `.${fraction}` : ''}`;
  }
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(Number(n.toPrecision(SHOWN_DIGITS)));
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date cell as YYYY-MM-DD, with the time (YYYY-MM-DDTHH:MM, seconds when set) when it has one.
 * XLSX dates carry no time zone: the reader builds them in UTC, so they are read back in UTC.
 */
export function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day}T${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !(v instanceof Date);

function richText(v: unknown): string | null {
  if (!isObject(v) || !Array.isArray(v.richText)) return null;
  return (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
}

/** The text of a plain value (what a formula result or a hyperlink's text can be too). */
function plainText(v: unknown, numFmt?: string): string | null {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v, numFmt);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  return richText(v);
}

/** The text of one cell value as exceljs reads it. */
export function cellText(value: unknown, numFmt?: string): CellText {
  const plain = plainText(value, numFmt);
  if (plain !== null) return { text: plain };
  if (!isObject(value)) return { text: String(value) };
  if (typeof value.error === 'string') return { text: '', missing: 'error', detail: value.error };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || result === null) return { text: '', missing: 'formula', detail: '' };
    if (isObject(result) && typeof result.error === 'string') return { text: '', missing: 'error', detail: result.error };
    return { text: plainText(result, numFmt) ?? '' };
  }
  if ('hyperlink' in value) {
    const text = plainText(value.text) ?? '';
    return { text: text !== '' ? text : typeof value.hyperlink === 'string' ? value.hyperlink.replace(/^mailto:/i, '') : '' };
  }
  return { text: '' };
}
