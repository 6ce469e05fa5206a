import { describe, expect, it } from 'vitest';
import { seededRandom, shuffleInPlace } from './random';

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('stays in [0, 1) and spreads integers evenly', () => {
    const r = seededRandom(7);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      counts[r.int(4)]! += 1;
    }
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(400);
  });

  it('shuffles to a permutation of the input', () => {
    const xs = shuffleInPlace([1, 2, 3, 4, 5, 6, 7, 8], seededRandom(1));
    expect([...xs].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(xs).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
