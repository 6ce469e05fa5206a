import { describe, expect, it } from 'vitest';
import { rankSpeakers, statisticallyTied } from './ranking';

describe('statisticallyTied', () => {
  it('ties when more than 2.5 % of replicates fall on either side, and not at or beyond it', () => {
    expect(statisticallyTied(0.5)).toBe(true);
    expect(statisticallyTied(0.97)).toBe(true);
    expect(statisticallyTied(0.03)).toBe(true);
    expect(statisticallyTied(975 / 1000)).toBe(false); // 1 − 0.975 rounds above 0.025: must not tip it
    expect(statisticallyTied(0.025)).toBe(false);
    expect(statisticallyTied(1)).toBe(false);
    expect(statisticallyTied(Number.NaN)).toBe(false);
  });
});

describe('rankSpeakers', () => {
  it('orders by score descending with competition ranks 1, 2, 2, 4 and NaN last', () => {
    const ranked = rankSpeakers([7.5, Number.NaN, 9, 7.5, 6]);
    expect(ranked.map((r) => [r.speaker, r.rank])).toEqual([
      [2, 1],
      [0, 2],
      [3, 2],
      [4, 4],
      [1, 5],
    ]);
    // Without pBeats only exact equality ties; a speaker without a score is tied with no one.
    expect(ranked.map((r) => r.tiedWith)).toEqual([[], [3], [0], [], []]);
  });

  it('marks neighbours statistically tied per pBeats, the one above first, then the one below', () => {
    // Scores 9 > 8.9 > 8.8 > 5; the bootstrap cannot separate 0/1 nor 1/2, but 2 clearly beats 3.
    const p = [
      [0.5, 0.6, 0.99, 1],
      [0.4, 0.5, 0.9, 1],
      [0.01, 0.1, 0.5, 1],
      [0, 0, 0, 0.5],
    ];
    const ranked = rankSpeakers([9, 8.9, 8.8, 5], Float64Array.from(p.flat()));
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(ranked.map((r) => r.tiedWith)).toEqual([[1], [0, 2], [1], []]);
  });

  it('refuses a pBeats of the wrong size', () => {
    expect(() => rankSpeakers([1, 2], new Float64Array(3))).toThrow(RangeError);
  });
});
