import { DateInput } from '@mantine/dates';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { dayFormatOf, dayProblemMessage, formatDay, parseDay } from '@core/domain/day-format';

/** The numeric day format of the user's locale, e.g. DD/MM/YYYY; the same one every date field shows. */
export const DAY_FORMAT = dayFormatOf(typeof navigator === 'undefined' ? undefined : navigator.language);

/** True for an ISO day that exists (2026-02-30 has the shape but is not a day). */
const isDay = (text: string) => parseDay(text, 'YYYY-MM-DD').ok && /^\d{4}-\d{2}-\d{2}$/.test(text);

interface Props {
  label: string;
  /**
   * An ISO day (YYYY-MM-DD), '' for none, or (after the field reported it) the text typed when it is
   * not a day: the form then cannot save it, and the contract refuses it if it is sent.
   */
  value: string;
  onChange: (day: string) => void;
  error?: ReactNode;
  description?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  minDate?: string;
  maxDate?: string;
  /** Read views of an empty field say so, instead of showing the format. */
  emptyText?: string;
  'data-testid'?: string;
}

/**
 * A calendar day: typed in the locale's format or as YYYY-MM-DD, or picked in the calendar. A typed
 * text that is not a usable day stays in the field and is handed to the form as it is (so it is never
 * saved as something else), with a message naming the field and the format to write.
 */
export function DateField({ label, value, onChange, error, description, required, disabled, minDate, maxDate, emptyText, ...rest }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  // The calendar opens on focus and closes once a day is chosen, typed in full, or the field is left,
  // so it never stays over the fields and buttons below.
  const [calendar, setCalendar] = useState(false);
  // What this field last handed to the form; anything else arriving is the form's own change (a reset).
  const emitted = useRef(value);
  const lastDay = useRef(isDay(value) ? value : '');
  const [epoch, setEpoch] = useState(0);
  if (isDay(value) || value === '') lastDay.current = value;

  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setProblem(null);
    setEpoch((n) => n + 1);
  }, [value]);

  const emit = (day: string) => {
    emitted.current = day;
    onChange(day);
  };
  const outOfRange = (day: string) => (minDate && day < minDate) || (maxDate && day > maxDate);
  const range = () =>
    [minDate ? `from ${formatDay(minDate, DAY_FORMAT)}` : '', maxDate ? `to ${formatDay(maxDate, DAY_FORMAT)}` : ''].filter(Boolean).join(' ');

  return (
    <DateInput
      key={epoch}
      label={label}
      required={required}
      disabled={disabled}
      description={description}
      value={lastDay.current || null}
      onChange={(day) => {
        setProblem(null);
        setCalendar(false);
        emit(day ?? '');
      }}
      valueFormat={DAY_FORMAT}
      dateParser={(text) => {
        const parsed = parseDay(text, DAY_FORMAT);
        return parsed.ok ? parsed.day : null;
      }}
      fixOnBlur={false}
      onFocus={() => setCalendar(true)}
      onClick={() => setCalendar(true)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setCalendar(false);
        else if (e.key === 'ArrowDown') setCalendar(true);
      }}
      onBlur={(e) => {
        setCalendar(false);
        const text = e.currentTarget.value.trim();
        if (!text) {
          setProblem(null);
          if (value) emit('');
          return;
        }
        const parsed = parseDay(text, DAY_FORMAT);
        if (!parsed.ok) {
          setProblem(dayProblemMessage(label, text, parsed.problem, DAY_FORMAT));
          emit(text);
        } else if (outOfRange(parsed.day)) {
          setProblem(`${label}: ${formatDay(parsed.day, DAY_FORMAT)} cannot be chosen here: choose a day ${range()}.`);
          emit(text);
        } else {
          setProblem(null);
          if (parsed.day !== value) emit(parsed.day);
          // Typed as 2026-11-25 or 5/1/2026: shown again in the one format every date field uses.
          if (text !== formatDay(parsed.day, DAY_FORMAT)) setEpoch((n) => n + 1);
        }
      }}
      minDate={minDate}
      maxDate={maxDate}
      placeholder={disabled && emptyText ? emptyText : DAY_FORMAT}
      clearable={!required && !disabled}
      error={problem ?? error}
      popoverProps={{ withinPortal: true, opened: calendar, onClose: () => setCalendar(false) }}
      {...rest}
    />
  );
}
