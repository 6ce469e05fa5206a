import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatPhone, isValidPhone, minutesToWait, prettyJson } from './format';

describe('formatPhone', () => {
  it('groups a full mobile number 3-4-4', () => {
    expect(formatPhone('13800138000')).toBe('138 0013 8000');
  });
  it('shows a masked number exactly as the server gave it', () => {
    expect(formatPhone('138****8000')).toBe('138****8000');
  });
  it('shows a dash when there is no number', () => {
    expect(formatPhone(null)).toBe('—');
    expect(formatPhone('')).toBe('—');
  });
});

describe('isValidPhone', () => {
  it('accepts 11 digits starting with 1, ignoring spaces and dashes', () => {
    expect(isValidPhone('13800138000')).toBe(true);
    expect(isValidPhone('138 0013 8000')).toBe(true);
    expect(isValidPhone('138-0013-8000')).toBe(true);
  });
  it('rejects other lengths, other first digits and letters', () => {
    expect(isValidPhone('1380013800')).toBe(false);
    expect(isValidPhone('23800138000')).toBe(false);
    expect(isValidPhone('1380013800a')).toBe(false);
  });
});

describe('dates', () => {
  it('shows a roster date as written, with no time-zone shift', () => {
    expect(formatDate('1990-01-01')).toBe('1990-01-01');
    expect(formatDate(null)).toBe('—');
  });

  it('shows an API timestamp in the local time zone', () => {
    const iso = '2026-03-05T16:30:05.000Z';
    const d = new Date(iso);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    expect(formatDateTime(iso)).toBe(local);
  });

  it('passes through what it cannot parse rather than showing Invalid Date', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(formatDateTime(undefined)).toBe('—');
  });
});

describe('minutesToWait', () => {
  it('rounds seconds up to whole minutes, at least one', () => {
    expect(minutesToWait(900)).toBe(15);
    expect(minutesToWait(61)).toBe(2);
    expect(minutesToWait(5)).toBe(1);
  });
  it('gives null for a missing or nonsensical value', () => {
    expect(minutesToWait(undefined)).toBeNull();
    expect(minutesToWait(-3)).toBeNull();
    expect(minutesToWait('900')).toBeNull();
  });
});

describe('prettyJson', () => {
  it('indents objects and reports absence as null', () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyJson(null)).toBeNull();
    expect(prettyJson(undefined)).toBeNull();
  });
});
