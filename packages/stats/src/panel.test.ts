import { describe, expect, it } from 'vitest';
import { analyzePanel, type PanelObservation } from './panel';
import { SHROUT_FLEISS_TABLE_2 } from './published-data';

// Shrout & Fleiss (1979), Table 2: 6 targets (rows) × 4 judges (columns).
const SHROUT_FLEISS = SHROUT_FLEISS_TABLE_2;

function fromTable(table: readonly (readonly number[])[], dimension = '总体'): PanelObservation[] {
  return table.flatMap((row, s) => row.map((score, j) => ({ rater: `J${j + 1}`, speaker: `S${s + 1}`, dimension, score })));
}

const bySpeaker = (a: ReturnType<typeof analyzePanel>, name: string) => a.speakers.find((s) => s.speaker === name)!;

describe('analyzePanel on Shrout & Fleiss (1979) Table 2 as 6 speakers × 4 raters × 1 dimension', () => {
  const a = analyzePanel(fromTable(SHROUT_FLEISS), { trim: { k: 1 } });

  it('reproduces the six published ICC forms to their printed two decimals', () => {
    const icc = a.reliability.icc!;
    expect(icc.ICC1).toBeCloseTo(0.17, 2);
    expect(icc.ICC2).toBeCloseTo(0.29, 2);
    expect(icc.ICC3).toBeCloseTo(0.71, 2);
    expect(icc.ICC1k).toBeCloseTo(0.44, 2);
    expect(icc.ICC2k).toBeCloseTo(0.62, 2);
    expect(icc.ICC3k).toBeCloseTo(0.91, 2);
  });

  it('pools the four scores per speaker: mean, trimmed mean dropping one from each end, median, sd', () => {
    // S1 = 9 2 5 8: mean 6, middle two 5 and 8 → 6.5, sd √(30/3).
    expect(bySpeaker(a, 'S1')).toMatchObject({ n: 4, mean: 6, trimmedMean: 6.5, median: 6.5, trimFellBack: false });
    expect(bySpeaker(a, 'S1').sd).toBeCloseTo(Math.sqrt(10), 12);
    // S6 = 6 2 4 7: mean 4.75, middle two 4 and 6 → 5.
    expect(bySpeaker(a, 'S6')).toMatchObject({ mean: 4.75, trimmedMean: 5 });
    expect(bySpeaker(a, 'S6').dimensions).toEqual({ 总体: { n: 4, mean: 4.75, trimmedMean: 5 } });
  });

  it('ranks by the trimmed mean: S5 7.5, S3 7, S1 6.5, S6 5, S4 4, S2 2.5', () => {
    expect(a.speakers.map((s) => [s.speaker, s.rank])).toEqual([
      ['S5', 1],
      ['S3', 2],
      ['S1', 3],
      ['S6', 4],
      ['S4', 5],
      ['S2', 6],
    ]);
  });

  it('gives, in a complete design, adjusted = the row mean and severity = column mean − grand mean', () => {
    for (const s of a.speakers) expect(s.adjusted).toBeCloseTo(s.mean, 9);
    const grand = 127 / 24;
    expect(a.raters.map((r) => r.rater)).toEqual(['J1', 'J2', 'J3', 'J4']);
    expect(a.raters[0]!.severity).toBeCloseTo(46 / 6 - grand, 9);
    expect(a.raters[1]!.severity).toBeCloseTo(15 / 6 - grand, 9);
    expect(a.raters[2]!.severity).toBeCloseTo(26 / 6 - grand, 9);
    expect(a.raters[3]!.severity).toBeCloseTo(40 / 6 - grand, 9);
    expect(a.raters.map((r) => r.n)).toEqual([6, 6, 6, 6]);
  });

  it("computes Kendall's W with ties from the mid-ranks: rank sums 17, 6, 19, 7.5, 23.5, 11", () => {
    // 12·Σ(R − 14)² = 12·239.5; k²(n³ − n) − kΣT = 16·210 − 4·30 (five tie pairs, one judge with two).
    expect(a.reliability.kendallW).toBeCloseTo(2874 / 3240, 12);
  });

  it("gives Cronbach's α as null with a single dimension", () => {
    expect(a.reliability.cronbachAlpha).toBeNull();
  });

  it("computes Krippendorff's interval α with speakers as units and raters as observers", () => {
    // Pairwise form for complete data (Krippendorff 2011, §C): D_o = Σ_u Σ_{i≠j}(v_ui − v_uj)²/(m − 1) / n,
    // D_e = Σ_{all value pairs}(v − v')² / (n(n − 1)), n = 24 values.
    const values = SHROUT_FLEISS.flat();
    const n = values.length;
    let within = 0;
    for (const row of SHROUT_FLEISS) for (const x of row) for (const y of row) within += (x - y) ** 2;
    let between = 0;
    for (const x of values) for (const y of values) between += (x - y) ** 2;
    const expected = 1 - within / 3 / n / (between / (n * (n - 1)));
    expect(a.reliability.krippendorffAlpha!.interval).toBeCloseTo(expected, 12);
  });

  it('is reproducible: the same seed gives the same intervals, and they lie within the scores', () => {
    const again = analyzePanel(fromTable(SHROUT_FLEISS), { trim: { k: 1 } });
    expect(again).toEqual(a);
    for (const s of a.speakers) {
      const row = SHROUT_FLEISS[Number(s.speaker.slice(1)) - 1]!;
      expect(s.ci95[0]).toBeGreaterThanOrEqual(Math.min(...row));
      expect(s.ci95[1]).toBeLessThanOrEqual(Math.max(...row));
      expect(s.ci95[0]).toBeLessThanOrEqual(s.ci95[1]);
    }
    expect(a.method).toEqual({ trim: { k: 1 }, replicates: 1000, seed: 1 });
  });

  it('reports every speaker comparable', () => {
    expect(a.notComparable).toEqual([]);
  });
});

describe('analyzePanel on other designs', () => {
  it('separates a lenient rater who scored only one speaker from that speaker’s level', () => {
    // Exactly additive: θ(X) = 7, θ(Y) = 6; rater B one point severe, L two points lenient; L scored only X.
    const obs: PanelObservation[] = [
      { rater: 'A', speaker: 'X', dimension: 'd', score: 7 },
      { rater: 'A', speaker: 'Y', dimension: 'd', score: 6 },
      { rater: 'B', speaker: 'X', dimension: 'd', score: 6 },
      { rater: 'B', speaker: 'Y', dimension: 'd', score: 5 },
      { rater: 'L', speaker: 'X', dimension: 'd', score: 9 },
    ];
    const a = analyzePanel(obs, { trim: { k: 0 } });
    const x = a.speakers.find((s) => s.speaker === 'X')!;
    const y = a.speakers.find((s) => s.speaker === 'Y')!;
    expect(x.mean - y.mean).toBeCloseTo(22 / 3 - 5.5, 12);
    expect(x.adjusted - y.adjusted).toBeCloseTo(1, 9);
    const sev = Object.fromEntries(a.raters.map((r) => [r.rater, r.severity]));
    expect(sev.L! - sev.A!).toBeCloseTo(2, 9);
    expect(sev.A! - sev.B!).toBeCloseTo(1, 9);
    expect(sev.A! + sev.B! + sev.L!).toBeCloseTo(0, 9);
    // L did not score Y, so the table is incomplete.
    expect(a.reliability.icc).toBeNull();
    expect(a.reliability.kendallW).toBeNull();
  });

  it('lists the connected components when two groups of raters scored two groups of speakers', () => {
    const obs: PanelObservation[] = [
      ...['A', 'B'].flatMap((rater, j) => ['P', 'Q'].map((speaker, s) => ({ rater, speaker, dimension: 'd', score: 5 + s + j }))),
      ...['C', 'D'].flatMap((rater, j) => ['U', 'V', 'W'].map((speaker, s) => ({ rater, speaker, dimension: 'd', score: 6 + s - j }))),
    ];
    const a = analyzePanel(obs, { trim: { k: 0 } });
    expect(a.notComparable).toEqual([
      ['U', 'V', 'W'],
      ['P', 'Q'],
    ]);
    expect(a.reliability.icc).toBeNull();
    expect(a.reliability.kendallW).toBeNull();
    // Every speaker still had two raters, so Krippendorff's α has pairable units.
    expect(a.reliability.krippendorffAlpha).not.toBeNull();
  });

  it("computes Cronbach's α over complete ballots with dimensions as items, and flags the incomplete one", () => {
    // Ballots (cases) × 2 dimensions: (8,7) (6,6) (9,8) (5,6); α = 2·(1 − (s²₁ + s²₂)/s²_T).
    const cases = [
      [8, 7],
      [6, 6],
      [9, 8],
      [5, 6],
    ];
    const obs: PanelObservation[] = cases.flatMap(([a, b], i) => [
      { rater: `R${i}`, speaker: 'X', dimension: '内容', score: a! },
      { rater: `R${i}`, speaker: 'X', dimension: '表达', score: b! },
    ]);
    obs.push({ rater: 'R9', speaker: 'X', dimension: '内容', score: 7 });
    const a = analyzePanel(obs, { trim: { k: 1 } });
    const variance = (xs: number[]) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
    };
    const expected = 2 * (1 - (variance([8, 6, 9, 5]) + variance([7, 6, 8, 6])) / variance([15, 12, 17, 11]));
    expect(a.reliability.cronbachAlpha).toBeCloseTo(expected, 12);
    expect(a.flags.filter((f) => f.kind === 'incomplete_ballot')).toEqual([
      { kind: 'incomplete_ballot', rater: 'R9', speaker: 'X', detail: expect.stringContaining('表达') },
    ]);
    expect(a.raters.find((r) => r.rater === 'R9')!.flags).toEqual(['incomplete_ballot']);
    // The incomplete ballot's score still counts: 9 scores, k = 1 drops a 5 and a 9.
    const x = a.speakers[0]!;
    expect(x.n).toBe(9);
    expect(x.trimmedMean).toBeCloseTo((8 + 7 + 6 + 6 + 8 + 6 + 7) / 7, 12);
    expect(x.dimensions).toEqual({
      内容: { n: 5, mean: 7, trimmedMean: 7 },
      表达: { n: 4, mean: 6.75, trimmedMean: 6.5 },
    });
  });

  it('says when the trimmed mean fell back to the mean', () => {
    const a = analyzePanel(
      [
        { rater: 'A', speaker: 'X', dimension: 'd', score: 8 },
        { rater: 'B', speaker: 'X', dimension: 'd', score: 6 },
      ],
      { trim: { k: 1 } },
    );
    expect(a.speakers[0]).toMatchObject({ trimmedMean: 7, trimFellBack: true });
  });

  it("puts the straight-liner's flag on that rater", () => {
    const speakers = ['P', 'Q', 'R', 'S', 'T'];
    const obs: PanelObservation[] = [];
    for (const [j, rater] of ['A', 'B', 'C', 'D'].entries()) {
      for (const [s, speaker] of speakers.entries()) {
        for (const dimension of ['d1', 'd2', 'd3'])
          obs.push({ rater, speaker, dimension, score: rater === 'D' ? 8 : 4 + ((s * 3 + j + dimension.length * s) % 6) });
      }
    }
    const a = analyzePanel(obs, { trim: { k: 1 } });
    expect(a.raters.find((r) => r.rater === 'D')!.flags).toContain('straight_liner');
    expect(a.flags.some((f) => f.kind === 'straight_liner' && f.rater === 'D')).toBe(true);
  });

  it('reports own-unit favouritism on the speaker, not on each rater of that unit', () => {
    // 40 raters in 4 units; those of unit U0 give the speaker of U0 two points more.
    const obs: PanelObservation[] = [];
    for (let r = 0; r < 40; r++) {
      for (let s = 0; s < 4; s++) {
        const bonus = r % 4 === 0 && s === 0 ? 2 : 0;
        for (const [d, dimension] of ['d1', 'd2'].entries()) {
          obs.push({
            rater: `R${r}`,
            speaker: `S${s}`,
            dimension,
            score: 5 + s * 0.5 + ((r * 7 + s * 3 + d) % 5) * 0.5 + bonus,
            raterUnit: `U${r % 4}`,
            speakerUnit: `U${s}`,
          });
        }
      }
    }
    const a = analyzePanel(obs, { trim: { k: 1 } });
    expect(a.flags.filter((f) => f.kind === 'own_unit_favouritism').map((f) => [f.speaker, f.rater])).toEqual([['S0', undefined]]);
    expect(a.raters.filter((r) => r.flags.includes('own_unit_favouritism'))).toEqual([]);
  });

  it('rejects two scores for the same rater, speaker and dimension', () => {
    const o = { rater: 'A', speaker: 'X', dimension: 'd', score: 8 };
    expect(() => analyzePanel([o, o], { trim: { k: 1 } })).toThrow(/second score by A for X on d/);
  });
});
