import { describe, expect, it } from 'vitest';
import { icc, iccMeanSquares } from './icc';
import { SHROUT_FLEISS_TABLE_2 } from './published-data';

// Shrout & Fleiss, "Intraclass correlations: uses in assessing rater reliability", Psychological
// Bulletin 86(2), 1979, Table 2: 6 targets (rows) rated by 4 judges (columns).
const shroutFleiss = SHROUT_FLEISS_TABLE_2;

describe('icc on Shrout & Fleiss (1979) Table 2', () => {
  it('reproduces the printed ANOVA mean squares BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02', () => {
    const ms = iccMeanSquares(shroutFleiss);
    expect(ms).toMatchObject({ n: 6, k: 4 });
    expect(ms.BMS).toBeCloseTo(11.24, 2);
    expect(ms.WMS).toBeCloseTo(6.26, 2);
    expect(ms.JMS).toBeCloseTo(32.49, 2);
    expect(ms.EMS).toBeCloseTo(1.02, 2);
  });

  it('reproduces the printed six ICCs .17 .29 .71 .44 .62 .91 (Table 4)', () => {
    const r = icc(shroutFleiss);
    expect(r.ICC1.value).toBeCloseTo(0.17, 2);
    expect(r.ICC2.value).toBeCloseTo(0.29, 2);
    expect(r.ICC3.value).toBeCloseTo(0.71, 2);
    expect(r.ICC1k.value).toBeCloseTo(0.44, 2);
    expect(r.ICC2k.value).toBeCloseTo(0.62, 2);
    expect(r.ICC3k.value).toBeCloseTo(0.91, 2);
  });

  // DescTools::ICC on the same data, printed in D. Wollschläger, "R Examples Repository",
  // interRaterICC (github.com/dwoll/RExRepos): est 0.166 0.290 0.715 0.443 0.620 0.909,
  // F 1.79 on (5, 18) with p 0.164769, F 11.03 on (5, 15) with p 0.000135.
  it('reproduces the F tests and p-values printed by DescTools::ICC', () => {
    const r = icc(shroutFleiss);
    expect(r.ICC1.value).toBeCloseTo(0.166, 3);
    expect(r.ICC3.value).toBeCloseTo(0.715, 3);
    expect(r.ICC3k.value).toBeCloseTo(0.909, 3);
    expect(r.ICC1).toMatchObject({ df1: 5, df2: 18 });
    expect(r.ICC1.F).toBeCloseTo(1.79, 2);
    expect(r.ICC1.p).toBeCloseTo(0.164769, 6);
    for (const form of [r.ICC2, r.ICC3, r.ICC2k, r.ICC3k]) {
      expect(form).toMatchObject({ df1: 5, df2: 15 });
      expect(form.F).toBeCloseTo(11.03, 2);
      expect(form.p).toBeCloseTo(0.000135, 6);
    }
    expect(r.ICC1k.p).toBe(r.ICC1.p);
  });

  // psych::ICC on the same data, same source: lower bounds −0.133 0.019 0.342 −0.884 0.071 0.676,
  // upper bounds 0.72 0.76 0.95 0.91 0.93 0.99 (ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k).
  it('reproduces the 95 % confidence bounds printed by psych::ICC, including the Satterthwaite ICC(2,·)', () => {
    const r = icc(shroutFleiss);
    const printed: [keyof typeof r, number, number][] = [
      ['ICC1', -0.133, 0.72],
      ['ICC2', 0.019, 0.76],
      ['ICC3', 0.342, 0.95],
      ['ICC1k', -0.884, 0.91],
      ['ICC2k', 0.071, 0.93],
      ['ICC3k', 0.676, 0.99],
    ];
    for (const [form, lower, upper] of printed) {
      expect(r[form].ci95[0]).toBeCloseTo(lower, 3);
      expect(r[form].ci95[1]).toBeCloseTo(upper, 2);
    }
  });
});

describe('icc edge cases', () => {
  it('gives 1 with F = Infinity, p = 0 and [1, 1] when judges agree exactly on differing targets', () => {
    const r = icc([
      [1, 1, 1],
      [3, 3, 3],
      [5, 5, 5],
    ]);
    for (const form of Object.values(r)) {
      expect(form).toMatchObject({ value: 1, F: Number.POSITIVE_INFINITY, p: 0, ci95: [1, 1] });
    }
  });

  it('separates consistency from agreement when one judge scores a constant 1 point higher', () => {
    const r = icc([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(r.ICC3.value).toBe(1);
    // Absolute agreement: BMS = 8, JMS = 1.5, EMS = 0 → 8 / (8 + 2·1.5/3) = 8/9.
    expect(r.ICC2.value).toBeCloseTo(8 / 9, 12);
    expect(r.ICC2.ci95[0]).toBeLessThan(r.ICC2.value);
    expect(r.ICC2.ci95[1]).toBeGreaterThan(r.ICC2.value);
  });

  it('returns NaN everywhere for constant data, where there is no variance to apportion', () => {
    const r = icc([
      [7, 7],
      [7, 7],
      [7, 7],
    ]);
    expect(r.ICC1.value).toBeNaN();
    expect(r.ICC2.value).toBeNaN();
    expect(r.ICC2.ci95[0]).toBeNaN();
    expect(r.ICC3k.p).toBeNaN();
  });

  it('throws RangeError on fewer than 2 targets or judges, ragged rows and non-finite scores', () => {
    expect(() => icc([[1, 2, 3]])).toThrow(RangeError);
    expect(() => icc([[1], [2]])).toThrow(RangeError);
    expect(() => icc([[1, 2], [3]])).toThrow(RangeError);
    expect(() =>
      icc([
        [1, 2],
        [3, Number.NaN],
      ]),
    ).toThrow(RangeError);
    expect(() => icc([])).toThrow(RangeError);
  });
});

describe('icc on a degenerate table', () => {
  it('gives undefined intervals rather than throwing when two judges order two targets oppositely', () => {
    // Row means equal and column means equal: BMS = JMS = 0, only error remains.
    const forms = icc([
      [1, 2],
      [2, 1],
    ]);
    expect(Number.isNaN(forms.ICC2.ci95[0]) && Number.isNaN(forms.ICC2.ci95[1])).toBe(true);
    expect(Number.isFinite(forms.ICC2.value)).toBe(false);
    expect(forms.ICC3.value).toBe(-1);
  });
});
