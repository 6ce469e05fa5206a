import { describe, expect, it } from 'vitest';
import { cronbachAlpha, cronbachAlphaFromVariances } from './cronbach';
import { icc } from './icc';
import { SHROUT_FLEISS_TABLE_2 } from './published-data';

// Shrout & Fleiss (1979), Table 2, read as 6 cases × 4 items. Coefficient α is the reliability of the
// sum of the items, i.e. ICC(3,k) = (BMS − EMS)/BMS (Hoyt 1941; McGraw & Wong, Psychological Methods
// 1(1), 1996, p. 35), which Shrout & Fleiss print as .91 in Table 4 and DescTools::ICC as 0.909
// (RExRepos, interRaterICC).
const shroutFleiss = SHROUT_FLEISS_TABLE_2;

describe('cronbachAlpha', () => {
  it('reproduces the published ICC(3,k) = .909 of Shrout & Fleiss Table 2, which α equals', () => {
    expect(cronbachAlpha(shroutFleiss)).toBeCloseTo(0.909, 3);
    expect(cronbachAlpha(shroutFleiss)).toBeCloseTo(icc(shroutFleiss).ICC3k.value, 12);
  });

  it('follows Cronbach (1951) eq. 2 on a table small enough to check by hand', () => {
    // Item variances 1, 1, 1 (sum 3); totals 3, 6, 9 have variance 9: α = 3/2 · (1 − 3/9) = 1.
    expect(
      cronbachAlpha([
        [1, 1, 1],
        [2, 2, 2],
        [3, 3, 3],
      ]),
    ).toBeCloseTo(1, 12);
    // Item 2 reversed: totals 4, 4, 4 never vary → undefined.
    expect(
      cronbachAlpha([
        [1, 3],
        [2, 2],
        [3, 1],
      ]),
    ).toBeNaN();
    // Item variances 1 and 4/3 … worked: items (1,2,3) and (2,2,4): s² = 1 and 4/3, totals 3,4,7 → s² = 13/3.
    expect(
      cronbachAlpha([
        [1, 2],
        [2, 2],
        [3, 4],
      ]),
    ).toBeCloseTo(2 * (1 - (1 + 4 / 3) / (13 / 3)), 12);
  });

  it('returns NaN for constant data, where the total variance is 0', () => {
    expect(
      cronbachAlpha([
        [4, 4, 4],
        [4, 4, 4],
      ]),
    ).toBeNaN();
  });

  it('throws RangeError on fewer than 2 cases or items, ragged rows and non-finite scores', () => {
    expect(() => cronbachAlpha([[1, 2, 3]])).toThrow(RangeError);
    expect(() => cronbachAlpha([[1], [2], [3]])).toThrow(RangeError);
    expect(() => cronbachAlpha([[1, 2], [3]])).toThrow(RangeError);
    expect(() =>
      cronbachAlpha([
        [1, 2],
        [3, Number.POSITIVE_INFINITY],
      ]),
    ).toThrow(RangeError);
  });
});

describe('cronbachAlphaFromVariances', () => {
  it('reproduces a published SAS worked example from its printed item and total variances', () => {
    // K. L. Wuensch, "Cronbach's Alpha & Maximized λ4" (East Carolina University course notes), the
    // Idealism Scale, ten items: PROC MEANS variances q1–q10 and TOT, then "Alpha=0.7438254943",
    // equal to PROC CORR's "Raw 0.743825".
    const items = [0.7279195, 0.9817002, 1.046264, 0.8286801, 0.6897539, 0.5516331, 1.1234452, 0.798613, 1.352349, 1.1051902];
    expect(cronbachAlphaFromVariances(items, 27.8485906)).toBeCloseTo(0.7438254943, 7);
  });

  it('refuses fewer than two items and is undefined when totals do not vary', () => {
    expect(() => cronbachAlphaFromVariances([1], 2)).toThrow(RangeError);
    expect(cronbachAlphaFromVariances([1, 1], 0)).toBeNaN();
  });
});
