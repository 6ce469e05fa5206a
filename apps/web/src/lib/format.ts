import dayjs from 'dayjs';

const NONE = '—';

/** A timestamp from the API (ISO 8601, usually UTC) shown in the browser's local time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

/**
 * A calendar date as the roster keeps it (YYYY-MM-DD). It is shown as written, never through
 * Date, so a birth date cannot shift by a day in a time zone west of UTC.
 */
export function formatDate(date: string | null | undefined): string {
  if (!date) return NONE;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : date;
}

/**
 * A phone number for display. The server already masks numbers the viewer may not see in full
 * (138****1234); a full number is grouped 3-4-4 for reading aloud, a masked one is left as given.
 */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return NONE;
  const trimmed = phone.trim();
  if (/^1\d{10}$/.test(trimmed)) return `${trimmed.slice(0, 3)} ${trimmed.slice(3, 7)} ${trimmed.slice(7)}`;
  return trimmed;
}

/** The mobile number rule of the roster: 11 digits starting with 1 (spaces and dashes ignored). */
export function normalisePhone(input: string): string {
  return input.replace(/[\s-]/g, '');
}
export const isValidPhone = (input: string): boolean => /^1\d{10}$/.test(normalisePhone(input));

/** Whole minutes to wait, rounded up, and at least one, from a Retry-After in seconds. */
export function minutesToWait(seconds: unknown): number | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return null;
  return Math.max(1, Math.ceil(seconds / 60));
}

/** Audit before/after values, pretty-printed; absent values are reported as null. */
export function prettyJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}
