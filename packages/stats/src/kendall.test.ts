import { describe, expect, it } from 'vitest';
import { kendallW } from './kendall';

/** The published examples list one rater per row; kendallW takes one rater per column. */
const ratersAsColumns = (byRater: number[][]): number[][] => byRater[0]!.map((_, object) => byRater.map((rater) => rater[object]!));

describe('kendallW', () => {
  // NAG Library Manual, Mark 27, G08DAF (nagf_nonpar_concordance_kendall) example program: 3
  // comparisons of 10 objects with tied scores; printed "Kendall's coefficient = 0.828,
  // Significance = 0.008". NAG corrects W for ties as Siegel & Castellan eq. 9.16 does.
  it('reproduces the NAG G08DAF example with ties: W = 0.828, p = 0.008', () => {
    const r = kendallW(
      ratersAsColumns([
        [1.0, 4.5, 2.0, 4.5, 3.0, 7.5, 6.0, 9.0, 7.5, 10.0],
        [2.5, 1.0, 2.5, 4.5, 4.5, 8.0, 9.0, 6.5, 10.0, 6.5],
        [2.0, 1.0, 4.5, 4.5, 4.5, 4.5, 8.0, 8.0, 8.0, 10.0],
      ]),
    );
    expect(r.W).toBeCloseTo(0.828, 3);
    expect(r.p).toBeCloseTo(0.008, 3);
    expect(r.df).toBe(9);
    expect(r.chiSquare).toBeCloseTo(3 * 9 * r.W, 12);
    expect(r.tieCorrected).toBe(true);
  });

  // irr::kendall on 6 subjects × 3 raters without ties, printed in D. Wollschläger, "R Examples
  // Repository", interRaterICC (github.com/dwoll/RExRepos): W = 0.568, Chisq(5) = 8.52, p = 0.13.
  it('reproduces the irr::kendall example without ties: W = 0.568, χ²(5) = 8.52, p = 0.13', () => {
    const r = kendallW(
      ratersAsColumns([
        [1, 6, 3, 2, 5, 4],
        [1, 5, 6, 2, 4, 3],
        [2, 3, 6, 5, 4, 1],
      ]),
    );
    expect(r.W).toBeCloseTo(0.568, 3);
    expect(r.chiSquare).toBeCloseTo(8.52, 2);
    expect(r.df).toBe(5);
    expect(r.p).toBeCloseTo(0.13, 2);
    expect(r.tieCorrected).toBe(false);
  });

  it('ranks raw scores with mid-ranks, so scores and their ranks give the same W', () => {
    const scores = [
      [92, 7.5, 60],
      [85, 7.5, 71],
      [85, 9.0, 71],
      [70, 6.0, 55],
    ];
    const ranks = [
      [4, 2.5, 2],
      [2.5, 2.5, 3.5],
      [2.5, 4, 3.5],
      [1, 1, 1],
    ];
    expect(kendallW(scores).W).toBeCloseTo(kendallW(ranks).W, 14);
  });

  it('gives W = 1 for identical rankings and W = 0 for two opposite rankings', () => {
    expect(
      kendallW([
        [1, 10, 3],
        [2, 20, 4],
        [3, 30, 5],
      ]).W,
    ).toBeCloseTo(1, 14);
    expect(
      kendallW([
        [1, 3],
        [2, 2],
        [3, 1],
      ]).W,
    ).toBeCloseTo(0, 14);
  });

  it('returns NaN when every rater ties every object (constant data), since nothing was ranked', () => {
    const r = kendallW([
      [5, 5],
      [5, 5],
      [5, 5],
    ]);
    expect(r.W).toBeNaN();
    expect(r.p).toBeNaN();
    expect(r.tieCorrected).toBe(true);
  });

  it('throws RangeError on fewer than 2 objects or raters, ragged rows and non-finite scores', () => {
    expect(() => kendallW([[1, 2, 3]])).toThrow(RangeError);
    expect(() => kendallW([[1], [2]])).toThrow(RangeError);
    expect(() => kendallW([[1, 2], [3]])).toThrow(RangeError);
    expect(() =>
      kendallW([
        [1, 2],
        [Number.NaN, 3],
      ]),
    ).toThrow(RangeError);
  });
});
