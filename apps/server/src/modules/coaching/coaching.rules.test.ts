import { describe, expect, it } from 'vitest';
import { coachingTrend, meanScores, round2 } from './coaching.rules';

describe('coaching means', () => {
  it('averages each dimension over the experts, to 2 decimals', () => {
    expect(
      meanScores([
        { language: 8, deportment: 7, timing: 6, structure: 9 },
        { language: 9, deportment: 7, timing: 5, structure: 8 },
        { language: 7, deportment: 6, timing: 5, structure: 8 },
      ]),
    ).toEqual({ language: 8, deportment: 6.67, timing: 5.33, structure: 8.33 });
  });

  it('is one expert’s scores as they are, and empty without feedback', () => {
    expect(meanScores([{ language: 10, deportment: 1, timing: 5, structure: 7 }])).toEqual({ language: 10, deportment: 1, timing: 5, structure: 7 });
    expect(meanScores([])).toEqual({});
  });

  it('rounds halves up, also where binary holds them inexactly', () => {
    expect(round2(8.125)).toBe(8.13);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(20 / 3)).toBe(6.67);
    expect(round2(7.5)).toBe(7.5);
  });
});

describe('coaching trend', () => {
  it('lists the session means per dimension in the order the sessions took place', () => {
    const trend = coachingTrend([
      { id: 's3', date: '2026-03-01', startTime: '09:00', mean: { language: 9, deportment: 8, timing: 8, structure: 9 } },
      { id: 's1', date: '2026-02-01', startTime: '14:00', mean: { language: 6.5, deportment: 7, timing: 5.33, structure: 7 } },
      { id: 's2', date: '2026-02-01', startTime: '09:00', mean: { language: 6, deportment: 6, timing: 5, structure: 6 } },
    ]);
    expect(trend).toEqual({ language: [6, 6.5, 9], deportment: [6, 7, 8], timing: [5, 5.33, 8], structure: [6, 7, 9] });
  });

  it('skips a session in which the speaker got no feedback', () => {
    expect(
      coachingTrend([
        { id: 'a', date: '2026-02-01', startTime: '09:00', mean: {} },
        { id: 'b', date: '2026-02-08', startTime: '09:00', mean: { language: 7, deportment: 7, timing: 7, structure: 7 } },
      ]),
    ).toEqual({ language: [7], deportment: [7], timing: [7], structure: [7] });
    expect(coachingTrend([])).toEqual({ language: [], deportment: [], timing: [], structure: [] });
  });
});
