import { describe, expect, it } from 'vitest';
import { clusterBootstrap, trimmedMeanScorer } from './bootstrap';
import { trimmedMean } from './descriptive';
import { seededRandom } from './random';
import { rankSpeakers, statisticallyTied } from './ranking';

type ByRater = { speaker: Int32Array; value: Float64Array }[];

function byRaterOf(ballots: number[][][]): ByRater {
  // ballots[r][s] = rater r's values for speaker s.
  return ballots.map((own) => ({
    speaker: Int32Array.from(own.flatMap((values, s) => values.map(() => s))),
    value: Float64Array.from(own.flat()),
  }));
}

/** The scorer's definition spelled out with trimmedMean, for comparison. */
function pooledTrimmedMeans(byRater: ByRater, speakers: number, sample: Int32Array, trim: Parameters<typeof trimmedMean>[1]): number[] {
  const pooled: number[][] = Array.from({ length: speakers }, () => []);
  for (const r of sample) {
    const own = byRater[r]!;
    for (let j = 0; j < own.speaker.length; j++) pooled[own.speaker[j]!]!.push(own.value[j]!);
  }
  return pooled.map((xs) => (xs.length ? trimmedMean(xs, trim).value : Number.NaN));
}

describe('clusterBootstrap', () => {
  it('takes the 25th and 976th of 1000 sorted replicates as the percentile interval', () => {
    // A scorer that returns the replicate number 1…1000 makes every order statistic known.
    let replicate = 0;
    const result = clusterBootstrap(3, 2, () => [++replicate, 500], { replicates: 1000 });
    expect(result.replicates).toBe(1000);
    expect(result.ci95[0]).toEqual([25, 976]);
    expect(result.ci95[1]).toEqual([500, 500]);
    // Speaker 0 beats 500 in replicates 501…1000 and ties in replicate 500: (500 + ½) / 1000.
    expect(result.pBeats[0 * 2 + 1]).toBeCloseTo(0.5005, 12);
    expect(result.pBeats[1 * 2 + 0]).toBeCloseTo(0.4995, 12);
    expect(result.pBeats[0]).toBe(0.5);
    // Speaker 0 ranks 2nd in replicates 1…499, 1st (tied counts as 1) from 500 on.
    expect(result.rankCi95[0]).toEqual([1, 2]);
  });

  it('skips replicates in which a speaker has no score, and takes the 25th and 975th of 999', () => {
    let replicate = 0;
    const result = clusterBootstrap(
      3,
      2,
      () => {
        replicate += 1;
        return [replicate, replicate % 2 === 0 ? Number.NaN : replicate];
      },
      { replicates: 1998 },
    );
    // Speaker 1 has the 999 odd replicates 1, 3, …, 1997: the 25th is 49, the 975th is 1949.
    expect(result.ci95[1]).toEqual([49, 1949]);
    expect(result.ci95[0]).toEqual([49, 1950]); // ⌊1999 · 0.025⌋ = 49 → 49th and 1950th of 1998
    // Where both are scored they are equal: P = ½ exactly.
    expect(result.pBeats[1]).toBe(0.5);
  });

  it('draws raterCount raters with replacement, all of them in range, reproducibly from the seed', () => {
    const draws = (seed: number) => {
      const samples: number[][] = [];
      clusterBootstrap(
        50,
        1,
        (sample) => {
          samples.push([...sample]);
          return [0];
        },
        { replicates: 20, seed },
      );
      return samples;
    };
    const a = draws(5);
    expect(a).toHaveLength(20);
    for (const sample of a) {
      expect(sample).toHaveLength(50);
      for (const r of sample) expect(r >= 0 && r < 50 && Number.isInteger(r)).toBe(true);
    }
    expect(a.some((sample) => new Set(sample).size < 50)).toBe(true); // with replacement: repeats occur
    expect(draws(5)).toEqual(a);
    expect(draws(6)).not.toEqual(a);
  });

  it('gives the same intervals for the same seed and different ones for another seed', () => {
    const random = seededRandom(9);
    const ballots = Array.from({ length: 40 }, () => Array.from({ length: 3 }, () => [1 + random.int(10), 1 + random.int(10)]));
    const scorer = trimmedMeanScorer(3, byRaterOf(ballots), { k: 1 });
    const a = clusterBootstrap(40, 3, scorer, { replicates: 200, seed: 17 });
    const b = clusterBootstrap(40, 3, scorer, { replicates: 200, seed: 17 });
    const c = clusterBootstrap(40, 3, scorer, { replicates: 200, seed: 18 });
    expect(b.ci95).toEqual(a.ci95);
    expect(b.rankCi95).toEqual(a.rankCi95);
    expect([...b.pBeats]).toEqual([...a.pBeats]);
    expect([...c.pBeats]).not.toEqual([...a.pBeats]);
  });

  it('puts a clearly best speaker at rank [1, 1] and finds two equally scored speakers near P = ½', () => {
    const random = seededRandom(31);
    const R = 200;
    const clamp = (x: number) => Math.min(10, Math.max(1, Math.round(x)));
    const middle = Array.from({ length: R }, () => [clamp(6 + 2 * random.next() - 1), clamp(6 + 2 * random.next() - 1)]);
    const ballots = Array.from({ length: R }, (_, r) => [
      [clamp(9 + random.next()), clamp(9 + random.next())], // speaker 0: clearly best
      middle[r]!, // speakers 1 and 2: the same ballots, dealt to different raters,
      middle[(r + 1) % R]!, // so the same distribution and the same full-sample score
      [clamp(3 + 2 * random.next()), clamp(3 + 2 * random.next())],
    ]);
    const result = clusterBootstrap(R, 4, trimmedMeanScorer(4, byRaterOf(ballots), { fraction: 0.1, atLeast: 1 }), { replicates: 1000, seed: 1 });
    expect(result.rankCi95[0]).toEqual([1, 1]);
    expect(result.rankCi95[3]).toEqual([4, 4]);
    expect(result.pBeats[0 * 4 + 1]).toBe(1);
    expect(statisticallyTied(result.pBeats[1 * 4 + 2]!)).toBe(true);
    expect(statisticallyTied(result.pBeats[0 * 4 + 1]!)).toBe(false);
    const fullSample = trimmedMeanScorer(4, byRaterOf(ballots), { fraction: 0.1, atLeast: 1 })(Int32Array.from({ length: R }, (_, r) => r));
    const tiedWith = Object.fromEntries(rankSpeakers(fullSample, result.pBeats).map((r) => [r.speaker, r.tiedWith]));
    expect(tiedWith).toEqual({ 0: [], 1: [2], 2: [1], 3: [] });
    expect(result.rankCi95[1]).toEqual([2, 3]);
    expect(result.rankCi95[2]).toEqual([2, 3]);
  });

  it('refuses a scorer that returns the wrong number of scores, and no raters', () => {
    expect(() => clusterBootstrap(2, 3, () => [1, 2])).toThrow(RangeError);
    expect(() => clusterBootstrap(0, 1, () => [1])).toThrow(RangeError);
  });
});

describe('trimmedMeanScorer', () => {
  it('pools the drawn raters, a rater drawn twice counting twice, and trims k per side', () => {
    const byRater = byRaterOf([
      [[10], [5, 6]],
      [[8], [7]],
      [[2], []],
    ]);
    const score = trimmedMeanScorer(2, byRater, { k: 1 });
    // Speaker 0 pooled 10, 10, 8, 2 → drop 2 and one 10 → (10 + 8) / 2 = 9.
    // Speaker 1 pooled 5, 6, 5, 6, 7 → drop 5 and 7 → (5 + 6 + 6) / 3.
    const out = score(Int32Array.from([0, 0, 1, 2]));
    expect(out[0]).toBeCloseTo(9, 12);
    expect(out[1]).toBeCloseTo(17 / 3, 12);
  });

  it('falls back to the mean under 2k + 1 scores and gives NaN to a speaker nobody drawn scored', () => {
    const score = trimmedMeanScorer(
      2,
      byRaterOf([
        [[9], []],
        [[6], [4]],
      ]),
      { k: 1 },
    );
    const out = score(Int32Array.from([0, 0]));
    expect(out[0]).toBeCloseTo(9, 12);
    expect(Number.isNaN(out[1]!)).toBe(true);
    expect(score(Int32Array.from([0, 1]))[0]).toBeCloseTo(7.5, 12);
  });

  it('equals trimmedMean of the pooled scores on a ballot scale and on arbitrary real scores', () => {
    const random = seededRandom(77);
    for (const realValued of [false, true]) {
      for (const trim of [{ k: 2 }, { fraction: 0.1, atLeast: 1 }, { fraction: 0.25 }]) {
        const R = 30;
        const S = 4;
        const ballots = Array.from({ length: R }, () =>
          Array.from({ length: S }, () => Array.from({ length: random.int(4) }, () => (realValued ? 10 * random.next() : 1 + random.int(10)))),
        );
        const byRater = byRaterOf(ballots);
        const score = trimmedMeanScorer(S, byRater, trim);
        for (let rep = 0; rep < 20; rep++) {
          const sample = Int32Array.from({ length: R }, () => random.int(R));
          const expected = pooledTrimmedMeans(byRater, S, sample, trim);
          const got = score(sample);
          expected.forEach((e, s) => {
            if (Number.isNaN(e)) expect(Number.isNaN(got[s]!)).toBe(true);
            else expect(got[s]).toBeCloseTo(e, 10);
          });
        }
      }
    }
  });
});
