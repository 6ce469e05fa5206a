/** The time source. Tests replace it to move through lockouts and expiries without waiting. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}

/** Whole years between a birth date (YYYY-MM-DD) and a day (YYYY-MM-DD): age as the roster counts it. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function todayOf(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}
