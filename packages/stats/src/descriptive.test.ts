import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mean, median, sd, trimmedMean, winsorizedMean } from './descriptive';

describe('descriptive statistics', () => {
  it('drops by position, not by value: [9,9,9,7,6] with k=1 averages 9,9,7', () => {
    const r = trimmedMean([9, 9, 9, 7, 6], { k: 1 });
    expect(r.value).toBeCloseTo(25 / 3, 12);
    expect(r.value.toFixed(2)).toBe('8.33');
    expect(r).toMatchObject({ dropped: 1, fellBackToMean: false });
  });

  it('falls back to the mean when fewer than 2k+1 scores remain, and says so', () => {
    expect(trimmedMean([8, 6], { k: 1 })).toEqual({ value: 7, dropped: 0, fellBackToMean: true });
  });

  it('trims 10 % per side with at least one: 12 scores drop one from each end', () => {
    const xs = [1, 5, 6, 6, 7, 7, 7, 8, 8, 9, 9, 10];
    const r = trimmedMean(xs, { fraction: 0.1, atLeast: 1 });
    expect(r.dropped).toBe(1);
    expect(r.value).toBeCloseTo(72 / 10, 12);
  });

  it('reproduces the published Sydney 2000 results: XIONG Ni 708.72, PLATAS Fernando 708.42', () => {
    // The 2000 rule: drop the highest and the lowest of 7 marks, sum the middle 5, times
    // difficulty and 0.6, rounded to 2 decimals; semifinal + final (testdata/diving-2000/README.md).
    const csv = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../shared/testdata/diving-2000/Diving2000.csv'), 'utf8');
    const dives = new Map<string, { difficulty: number; marks: number[] }>();
    for (const line of csv.trim().split('\n').slice(1)) {
      const [event, round, diver, , , diveNo, difficulty, mark] = line.split(',').map((f) => f.replace(/^"|"$/g, ''));
      if (event !== 'M3mSB' || (round !== 'Semi' && round !== 'Final')) continue;
      const key = `${diver}|${round}|${diveNo}`;
      const d = dives.get(key) ?? { difficulty: Number(difficulty), marks: [] };
      d.marks.push(Number(mark));
      dives.set(key, d);
    }
    const total = (diver: string) => {
      let cents = 0;
      for (const [key, d] of dives) {
        if (!key.startsWith(`${diver}|`)) continue;
        expect(d.marks).toHaveLength(7);
        cents += Math.round(trimmedMean(d.marks, { k: 1 }).value * 5 * d.difficulty * 0.6 * 100);
      }
      return cents / 100;
    };
    expect(total('XIONG Ni')).toBe(708.72);
    expect(total('PLATAS Fernando')).toBe(708.42);
  });

  it('computes mean, sample standard deviation and median', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    expect(sd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 9);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty list rather than inventing a zero', () => {
    expect(() => mean([])).toThrow(RangeError);
    expect(() => trimmedMean([], { k: 1 })).toThrow(RangeError);
  });
});

describe('winsorizedMean', () => {
  it('replaces the k lowest by the (k+1)-th lowest and the k highest likewise: [1,2,3,4,100] k=1 averages 2,2,3,4,4', () => {
    expect(winsorizedMean([100, 3, 1, 4, 2], { k: 1 })).toEqual({ value: 3, replaced: 1, fellBackToMean: false });
  });

  it('replaces by position, ties one at a time: [9,9,9,7,6] k=1 averages 7,7,9,9,9', () => {
    expect(winsorizedMean([9, 9, 9, 7, 6], { k: 1 }).value).toBeCloseTo(41 / 5, 12);
  });

  it('takes k = floor(fraction · n): 20 % of 10 scores replaces two at each end', () => {
    // Sorted 1 2 3 4 5 6 7 8 9 50 → 3 3 3 4 5 6 7 8 8 8, sum 55.
    const r = winsorizedMean([50, 9, 8, 7, 6, 5, 4, 3, 2, 1], { fraction: 0.2 });
    expect(r.replaced).toBe(2);
    expect(r.value).toBeCloseTo(5.5, 12);
  });

  it('falls back to the mean as trimmedMean does, and refuses an empty list', () => {
    expect(winsorizedMean([8, 6], { k: 1 })).toEqual({ value: 7, replaced: 0, fellBackToMean: true });
    expect(() => winsorizedMean([], { k: 1 })).toThrow(RangeError);
    expect(() => winsorizedMean([1, 2, 3], { k: -1 })).toThrow(RangeError);
  });
});
