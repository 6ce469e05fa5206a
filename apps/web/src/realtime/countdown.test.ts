import { describe, expect, it } from 'vitest';
import { formatCountdown, formatElapsed, secondsLeft } from './countdown';

describe('countdown formatting', () => {
  it('shows minutes and seconds, hours when needed', () => {
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(5)).toBe('00:05');
    expect(formatCountdown(75)).toBe('01:15');
    expect(formatCountdown(3599)).toBe('59:59');
    expect(formatCountdown(3725)).toBe('1:02:05');
  });
  it('clamps negatives and rounds fractions up', () => {
    expect(formatCountdown(-10)).toBe('00:00');
    expect(formatCountdown(59.2)).toBe('01:00');
    expect(formatCountdown(Number.NaN)).toBe('00:00');
  });
  it('counts down to a deadline and never below zero', () => {
    const now = Date.parse('2025-05-01T10:00:00Z');
    expect(secondsLeft('2025-05-01T10:01:30Z', now)).toBe(90);
    expect(secondsLeft('2025-05-01T10:00:00.400Z', now)).toBe(1);
    expect(secondsLeft('2025-05-01T09:00:00Z', now)).toBe(0);
    expect(secondsLeft(null, now)).toBeNull();
    expect(secondsLeft('nonsense', now)).toBeNull();
  });
  it('times a step since it started', () => {
    const now = Date.parse('2025-05-01T10:12:34Z');
    expect(formatElapsed('2025-05-01T10:00:00Z', now)).toBe('12:34');
    expect(formatElapsed(null, now)).toBe('—');
  });
});
