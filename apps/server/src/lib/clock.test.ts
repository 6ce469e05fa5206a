import { describe, expect, it } from 'vitest';
import { ageOn, localDate, startOfLocalDay, todayOf } from './clock';

describe('calendar days in the hall’s time zone', () => {
  it('counts 07:00 in Beijing (23:00 UTC the day before) as the Beijing day', () => {
    const instant = new Date('2026-12-17T23:00:00Z');
    expect(todayOf({ now: () => instant })).toBe('2026-12-18');
    expect(todayOf({ now: () => instant, timeZone: 'UTC' })).toBe('2026-12-17');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-12-18');
  });

  it('finds the UTC instant a local day begins at, across a daylight-saving change', () => {
    expect(startOfLocalDay('2026-12-18', 'Asia/Shanghai')).toBe('2026-12-17T16:00:00.000Z');
    expect(startOfLocalDay('2026-12-18', 'UTC')).toBe('2026-12-18T00:00:00.000Z');
    // Berlin is UTC+1 in winter and UTC+2 in summer (from 2026-03-29).
    expect(startOfLocalDay('2026-03-29', 'Europe/Berlin')).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin')).toBe('2026-03-29T22:00:00.000Z');
  });

  it('reckons age in whole years: the day before a birthday and on it', () => {
    expect(ageOn('1986-12-18', '2026-12-17')).toBe(39);
    expect(ageOn('1986-12-18', '2026-12-18')).toBe(40);
    // Born on 29 February: a year older on 1 March of a common year.
    expect(ageOn('1988-02-29', '2026-02-28')).toBe(37);
    expect(ageOn('1988-02-29', '2026-03-01')).toBe(38);
  });
});
