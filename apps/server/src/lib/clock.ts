/** The time source. Tests replace it to move through lockouts and expiries without waiting. */
export interface Clock {
  now(): Date;
  /** IANA zone in which calendar days are counted (TIME_ZONE); Asia/Shanghai when unset. */
  timeZone?: string;
}
export const systemClock: Clock = { now: () => new Date() };

/** The real clock, counting calendar days in the given zone. */
export function zonedClock(timeZone: string): Clock {
  return { now: () => new Date(), timeZone };
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(instant);
}

/** How far a zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date(instant))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant (ISO) at which a calendar day begins in a time zone: for filters on stored UTC timestamps. */
export function startOfLocalDay(day: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const guess = Date.parse(`${day}T00:00:00Z`);
  const first = guess - zoneOffsetMs(guess, timeZone);
  // Once more at the found instant, for a zone whose offset changes near midnight (daylight saving).
  return new Date(guess - zoneOffsetMs(first, timeZone)).toISOString();
}

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}

/** Whole years between a birth date (YYYY-MM-DD) and a day (YYYY-MM-DD): age as the roster counts it. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Today's calendar day where the hall is, not in UTC: at 07:00 in Beijing it is already today
 * there while UTC still says yesterday. Ages, edition days and date filters use it.
 */
export function todayOf(clock: Clock): string {
  return localDate(clock.now(), clock.timeZone ?? DEFAULT_TIME_ZONE);
}
