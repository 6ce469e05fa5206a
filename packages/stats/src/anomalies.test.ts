import { describe, expect, it } from 'vitest';
import { ANOMALY_KIND_LABELS, ANOMALY_KINDS, type AnomalyFlag, detectAnomalies, type RatedBallot } from './anomalies';
import { negativeCorrelationPermutationP } from './anomalies/correlation-permutation';
import { permutationTestGreater } from './anomalies/favouritism';
import { pearson } from './anomalies/outlier-rater';
import { FIVE_SPEAKERS, raterName, simulatePanel, talkEnd } from './anomalies/simulated-panel';

const RATERS = 300;
/** Index of rater r's ballot for speaker s in a simulated panel (ballots come speaker by speaker). */
const at = (s: number, r: number) => s * RATERS + r;
const cleanPanel = (seed = 1) => simulatePanel({ seed, raters: RATERS, speakers: FIVE_SPEAKERS, units: 10 });
const summary = (flags: AnomalyFlag[]) => flags.map((f) => ({ kind: f.kind, rater: f.rater, speaker: f.speaker, ballots: f.ballots }));
const withScores = (b: RatedBallot, scores: number[]): RatedBallot => ({ ...b, scores });

describe('detectAnomalies on an honest simulated hall', () => {
  it('flags nothing in the seed-1 hall of 300 raters × 5 speakers', () => {
    expect(detectAnomalies(cleanPanel(1))).toEqual([]);
  });

  it('keeps chance flags rare over 30 honest halls: none from the rule-based detectors, own-unit flags under the false-discovery control', () => {
    // Under Benjamini–Hochberg at 0.05, an honest hall (all nulls true) shows any own-unit flag with
    // probability at most 0.05; Binomial(30, 0.05) exceeds 5 with probability 0.003.
    const counts = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) as Record<string, number>;
    for (let seed = 1; seed <= 30; seed++) for (const f of detectAnomalies(cleanPanel(seed))) counts[f.kind]! += 1;
    const { own_unit_favouritism: ownUnit, ...rest } = counts;
    expect(rest).toEqual({ straight_liner: 0, speeding: 0, before_talk_end: 0, outlier_rater: 0, identical_burst: 0 });
    expect(ownUnit).toBeLessThanOrEqual(5);
  });
});

describe('each planted behaviour is flagged, and nothing else', () => {
  it('a straight-liner giving (8,8,8,8,8) to all five speakers', () => {
    const ballots = cleanPanel();
    for (let s = 0; s < 5; s++) ballots[at(s, 6)] = withScores(ballots[at(s, 6)]!, [8, 8, 8, 8, 8]);
    const flags = detectAnomalies(ballots);
    expect(summary(flags)).toEqual([{ kind: 'straight_liner', rater: 'R0007', speaker: undefined, ballots: [6, 306, 606, 906, 1206] }]);
    expect(flags[0]!.detail).toBe('该评分人对全部 5 位主讲人给出完全相同的分数 (8,8,8,8,8)');
    expect(flags[0]!.evidence).toEqual({ speakers: 5, ballots: 5, scoreMean: 8 });
  });

  it('names the end of the scale when a straight-liner gives every speaker the top score', () => {
    const ballots = cleanPanel();
    for (let s = 0; s < 5; s++) ballots[at(s, 6)] = withScores(ballots[at(s, 6)]!, [10, 10, 10, 10, 10]);
    const flag = detectAnomalies(ballots, { scaleMin: 1, scaleMax: 10 }).find((f) => f.kind === 'straight_liner');
    expect(flag?.detail).toBe('该评分人对全部 5 位主讲人给出完全相同的分数 (10,10,10,10,10)，均为量表最高分 10');
  });

  it('a speeder submitting 2 s after the window opened', () => {
    const ballots = cleanPanel();
    const i = at(0, 41);
    ballots[i] = { ...ballots[i]!, submittedAt: ballots[i]!.windowOpenedAt! + 2000 };
    const flags = detectAnomalies(ballots);
    expect(summary(flags)).toEqual([{ kind: 'speeding', rater: 'R0042', speaker: 'S1', ballots: [i] }]);
    expect(flags[0]!.evidence).toEqual({ seconds: 2, thresholdSeconds: 5 });
    expect(flags[0]!.detail).toBe('该选票在评分窗口开启后仅 2.0 秒即提交（阈值 5 秒），不足以阅读并填写 5 项评分');
  });

  it('an early ballot submitted 60 s before the talk ended (window open 120 s before the end)', () => {
    const ballots = cleanPanel();
    const i = at(1, 99);
    ballots[i] = { ...ballots[i]!, submittedAt: talkEnd(1) - 60_000 };
    const flags = detectAnomalies(ballots);
    expect(summary(flags)).toEqual([{ kind: 'before_talk_end', rater: 'R0100', speaker: 'S2', ballots: [i] }]);
    expect(flags[0]!.evidence).toEqual({ secondsBeforeEnd: 60 });
    expect(flags[0]!.detail).toBe('该选票在讲授结束前 60.0 秒即已提交，评分人尚未听完讲授');
  });

  it('a rater scoring in reverse of the consensus (11 − score), its p exact over the 120 orders of 5 speakers', () => {
    const ballots = cleanPanel();
    for (let s = 0; s < 5; s++)
      ballots[at(s, 199)] = withScores(
        ballots[at(s, 199)]!,
        ballots[at(s, 199)]!.scores.map((x) => 11 - x),
      );
    const flags = detectAnomalies(ballots);
    expect(summary(flags)).toEqual([{ kind: 'outlier_rater', rater: 'R0200', speaker: undefined, ballots: [199, 499, 799, 1099, 1399] }]);
    const { correlation, correlationP, correlationExact, speakers } = flags[0]!.evidence;
    expect(speakers).toBe(5);
    expect(correlation).toBeLessThan(-0.8);
    // Five speakers: the p is exact, a whole number of the 120 orders; the reversed order is the lowest of them.
    expect(correlationExact).toBe(1);
    expect(correlationP! * 120).toBeCloseTo(1, 9);
    expect(flags[0]!.detail).toContain('与其他评分人的共识呈负相关');
    expect(flags[0]!.detail).toContain('单侧 p = 0.008，精确置换检验');
  });

  it('a unit bloc lifting its own speaker by +2 on every dimension', () => {
    const ballots = cleanPanel();
    const bloc = Array.from({ length: RATERS }, (_, r) => r).filter((r) => ballots[at(1, r)]!.raterUnit === 'U2');
    for (const r of bloc)
      ballots[at(1, r)] = withScores(
        ballots[at(1, r)]!,
        ballots[at(1, r)]!.scores.map((x) => Math.min(10, x + 2)),
      );
    const flags = detectAnomalies(ballots);
    expect(bloc).toHaveLength(30);
    expect(summary(flags)).toEqual([{ kind: 'own_unit_favouritism', rater: undefined, speaker: 'S2', ballots: bloc.map((r) => at(1, r)) }]);
    expect(flags[0]!.evidence).toMatchObject({ ownCount: 30, otherCount: 270, permutations: 2000 });
    // No relabelling of 300 raters comes near a +1.5 gap, so p is its floor 1/(B + 1).
    expect(flags[0]!.evidence.p).toBeCloseTo(1 / 2001, 12);
    expect(flags[0]!.evidence.difference).toBeGreaterThan(1.2);
  });

  it('a bloc of 8 accounts submitting the same vector for one speaker within 5 s', () => {
    const ballots = cleanPanel();
    const start = talkEnd(2) + 20_000;
    for (let k = 0; k < 8; k++) {
      ballots.push({
        rater: `B${k + 1}`,
        speaker: 'S3',
        scores: [9, 10, 9, 10, 9],
        submittedAt: start + k * 700,
        windowOpenedAt: talkEnd(2) - 120_000,
        talkEndedAt: talkEnd(2),
      });
    }
    const flags = detectAnomalies(ballots);
    expect(summary(flags)).toEqual([{ kind: 'identical_burst', rater: undefined, speaker: 'S3', ballots: [1500, 1501, 1502, 1503, 1504, 1505, 1506, 1507] }]);
    expect(flags[0]!.evidence).toMatchObject({ ballots: 8, raters: 8, largestWindowCount: 8, speakerBallots: 308 });
    expect(flags[0]!.evidence.spanSeconds).toBeCloseTo(4.9, 12);
    expect(flags[0]!.evidence.p).toBeLessThan(0.05);
  });

  it('does not call a popular vector a bloc: all-10s from 12 raters landing 5 in 10 s by chance', () => {
    // Seed 7's S5 (quality 8.6) has 12 honest all-10 ballots with 5 of them inside 10 s.
    const ballots = cleanPanel(7);
    const tens = ballots.flatMap((b, i) => (b.speaker === 'S5' && b.scores.every((x) => x === 10) ? [i] : []));
    expect(tens).toHaveLength(12);
    expect(detectAnomalies(ballots)).toEqual([]);
    const bare = detectAnomalies(ballots, { burstAlpha: 1 });
    expect(summary(bare).map((f) => [f.kind, f.speaker])).toEqual([['identical_burst', 'S5']]);
    expect(bare[0]!.evidence.vectorCount).toBe(12);
    expect(bare[0]!.evidence.p).toBeGreaterThan(0.05);
  });

  it('a lone rater favouring the 3 speakers of its own unit over ten is not flagged among 200 tests (false-discovery control)', () => {
    const speakers = Array.from({ length: 10 }, (_, s) => ({ name: `T${s + 1}`, unit: s < 3 ? 'U1' : `U${s}`, quality: 6 + 0.3 * s, windowLeadSeconds: 0 }));
    const raters = 200;
    const ballots = simulatePanel({ seed: 3, raters, speakers, units: 10 });
    // Rater R0001 is in U1 (rater r's unit is U(1 + r mod 10)).
    const own = [0, 1, 2].map((s) => s * raters);
    for (const i of own)
      ballots[i] = withScores(
        ballots[i]!,
        ballots[i]!.scores.map((x) => Math.min(10, x + 2)),
      );
    // Its exact permutation p is 1/C(10,3) = 1/120…
    const flags = detectAnomalies(ballots);
    const byRater = flags.filter((f) => f.kind === 'own_unit_favouritism' && f.rater !== undefined);
    // …but among the ~200 per-rater tests of this hall, 1/120 is far above the first
    // Benjamini–Hochberg threshold 0.05/200: one rater over ten speakers is not evidence enough,
    // and no honest rater is flagged either.
    expect(byRater).toEqual([]);
  });
});

describe('detectAnomalies, order, determinism and missing data', () => {
  const everything = () => {
    const ballots = cleanPanel();
    for (let s = 0; s < 5; s++) ballots[at(s, 6)] = withScores(ballots[at(s, 6)]!, [8, 8, 8, 8, 8]);
    for (let s = 0; s < 5; s++)
      ballots[at(s, 199)] = withScores(
        ballots[at(s, 199)]!,
        ballots[at(s, 199)]!.scores.map((x) => 11 - x),
      );
    ballots[at(0, 41)] = { ...ballots[at(0, 41)]!, submittedAt: ballots[at(0, 41)]!.windowOpenedAt! + 2000 };
    ballots[at(3, 12)] = { ...ballots[at(3, 12)]!, submittedAt: ballots[at(3, 12)]!.windowOpenedAt! + 1000 };
    ballots[at(1, 99)] = { ...ballots[at(1, 99)]!, submittedAt: talkEnd(1) - 60_000 };
    for (let r = 1; r < RATERS; r += 10)
      ballots[at(1, r)] = withScores(
        ballots[at(1, r)]!,
        ballots[at(1, r)]!.scores.map((x) => Math.min(10, x + 2)),
      );
    for (let k = 0; k < 8; k++) ballots.push({ rater: `B${k + 1}`, speaker: 'S3', scores: [9, 10, 9, 10, 9], submittedAt: talkEnd(2) + 20_000 + k * 700 });
    return ballots;
  };

  it('reports by kind, then rater, then speaker', () => {
    expect(detectAnomalies(everything()).map((f) => [f.kind, f.rater ?? '', f.speaker ?? ''])).toEqual([
      ['straight_liner', 'R0007', ''],
      ['speeding', 'R0013', 'S4'],
      ['speeding', 'R0042', 'S1'],
      ['before_talk_end', 'R0100', 'S2'],
      ['outlier_rater', 'R0200', ''],
      ['own_unit_favouritism', '', 'S2'],
      ['identical_burst', '', 'S3'],
    ]);
  });

  it('gives the same flags for the same seed, and only the permutation p moves with another seed', () => {
    const ballots = everything();
    const first = detectAnomalies(ballots, { seed: 1 });
    expect(detectAnomalies(ballots, { seed: 1 })).toEqual(first);
    const other = detectAnomalies(ballots, { seed: 2, permutations: 200 });
    expect(summary(other)).toEqual(summary(first));
  });

  it('gives the same p to a speaker whatever other speakers are in the analysis', () => {
    const ballots = everything();
    const p = (bs: RatedBallot[]) => detectAnomalies(bs).find((f) => f.kind === 'own_unit_favouritism')!.evidence.p;
    expect(p(ballots.filter((b) => b.speaker !== 'S5'))).toBe(p(ballots));
  });

  it('makes no time-based flag when the times are missing', () => {
    const untimed = everything().map(({ submittedAt: _s, windowOpenedAt: _w, talkEndedAt: _t, ...rest }) => rest);
    expect(detectAnomalies(untimed).map((f) => f.kind)).toEqual(['straight_liner', 'outlier_rater', 'own_unit_favouritism']);
    const halfTimed = [
      { rater: 'A', speaker: 'X', scores: [5], submittedAt: 1000 },
      { rater: 'A', speaker: 'Y', scores: [5], windowOpenedAt: 1000, talkEndedAt: 5000 },
    ];
    expect(detectAnomalies(halfTimed)).toEqual([]);
  });

  it('says when a ballot is stamped before its window opened', () => {
    const flags = detectAnomalies([{ rater: 'A', speaker: 'X', scores: [7, 7], submittedAt: 10_000, windowOpenedAt: 13_500 }]);
    expect(flags.map((f) => [f.kind, f.evidence.seconds])).toEqual([['speeding', -3.5]]);
    expect(flags[0]!.detail).toBe('该选票的提交时间早于评分窗口开启 3.5 秒（阈值 5 秒），请核对设备与服务器时钟');
  });

  it('returns no flags for no ballots, and refuses scores that are not numbers and options out of range', () => {
    expect(detectAnomalies([])).toEqual([]);
    expect(() => detectAnomalies([{ rater: 'A', speaker: 'X', scores: [7, Number.NaN] }])).toThrow(RangeError);
    expect(() => detectAnomalies([{ rater: 'A', speaker: 'X', scores: [] }])).toThrow(RangeError);
    expect(() => detectAnomalies([], { permutations: 0 })).toThrow(RangeError);
    expect(() => detectAnomalies([], { favouritismAlpha: 0 })).toThrow(RangeError);
    expect(() => detectAnomalies([], { burstMinSize: 1 })).toThrow(RangeError);
  });

  it('labels every kind in Chinese and English', () => {
    for (const kind of ANOMALY_KINDS) expect(ANOMALY_KIND_LABELS[kind].zh).toMatch(/[\u4e00-\u9fff]/);
    expect(Object.keys(ANOMALY_KIND_LABELS).sort()).toEqual([...ANOMALY_KINDS].sort());
  });
});

describe('the statistics behind the flags', () => {
  it('Pearson r of Anscombe\'s first set is 0.816 (Anscombe, "Graphs in statistical analysis", 1973)', () => {
    const x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
    const y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
    expect(pearson(x, y)).toBeCloseTo(0.816, 3);
  });

  it('leaves r undefined for a constant list: a straight-liner has no ranking to correlate', () => {
    expect(pearson([8, 8, 8], [6, 7, 8])).toBeUndefined();
  });

  it('estimates the exact permutation p: {3,4} against {0,1,2} is the most extreme of C(5,2) = 10 splits', () => {
    const r = permutationTestGreater([3, 4], [0, 1, 2], 20_000, 5);
    expect(r.difference).toBeCloseTo(2.5, 12);
    expect(r.p).toBeCloseTo(0.1, 2);
  });

  it('never returns p = 0 (Phipson & Smyth 2010): the observed labelling counts', () => {
    const r = permutationTestGreater(
      [100, 101, 102],
      Array.from({ length: 50 }, (_, k) => k % 7),
      99,
      1,
    );
    expect(r.atLeastObserved).toBe(0);
    expect(r.p).toBeCloseTo(1 / 100, 12);
  });
});

describe('simulated hall', () => {
  it('names raters with four digits so that their order is their number', () => {
    expect([raterName(0), raterName(41), raterName(299)]).toEqual(['R0001', 'R0042', 'R0300']);
  });
});

describe('negativeCorrelationPermutationP (Pitman’s permutation test)', () => {
  const p = (xs: number[], cs: number[], permutations = 2000, seed = 1) => negativeCorrelationPermutationP(xs, cs, permutations, seed);

  it('gives an exactly reversed order of n distinct x against n distinct c the one order in n!', () => {
    expect(p([1, 2, 3], [3, 2, 1])).toBeCloseTo(1 / 6, 15);
    expect(p([7.2, 8.1, 6.4, 9.0], [6.1, 5.0, 7.3, 4.4])).toBeCloseTo(1 / 24, 15);
    expect(p([1, 2, 3, 4, 5, 6, 7], [7, 6, 5, 4, 3, 2, 1])).toBeCloseTo(1 / 5040, 15);
  });

  it('gives an order in agreement p = 1, and counts tied sums against the observed one', () => {
    expect(p([1, 2, 3, 4], [1, 2, 3, 4])).toBe(1);
    // x = (1, 1, 2) against c = (3, 2, 1): the 2 meets c = 3, 2 or 1 in two orders each; the observed meets 1, the lowest sum.
    expect(p([1, 1, 2], [3, 2, 1])).toBeCloseTo(2 / 6, 15);
    // Scores that are means of integers: a sum reached in another order differs in the last bits and is still a tie.
    expect(p([0.1 + 0.2, 0.3, 0.6], [0.7, 0.7, 0.1])).toBeCloseTo(2 / 6, 15);
  });

  it('agrees with counting every order by hand for 6 pairs', () => {
    const xs = [6.2, 7.8, 7.1, 8.4, 5.9, 7.1];
    const cs = [7.0, 6.9, 7.7, 6.1, 8.0, 7.3];
    const observed = xs.reduce((a, x, k) => a + x * cs[k]!, 0);
    let atMost = 0;
    let total = 0;
    const walk = (left: number[], placed: number[]) => {
      if (left.length === 0) {
        total += 1;
        if (placed.reduce((a, x, k) => a + x * cs[k]!, 0) <= observed + 1e-9) atMost += 1;
        return;
      }
      for (const [i, x] of left.entries()) walk([...left.slice(0, i), ...left.slice(i + 1)], [...placed, x]);
    };
    walk(xs, []);
    expect(total).toBe(720);
    expect(p(xs, cs)).toBeCloseTo(atMost / 720, 15);
  });

  it('samples orders above 7 pairs: the same p for the same seed, never 0, and no jump from the exact p at 7', () => {
    // Every speaker scored 7 but the consensus' weakest, scored 9: the order says 1 in n, whatever r says.
    const lifted = (n: number) => {
      const cs = Array.from({ length: n }, (_, k) => 8 - k * 0.01);
      const xs = cs.map((_, k) => (k === n - 1 ? 9 : 7));
      return { xs, cs };
    };
    const seven = lifted(7);
    expect(p(seven.xs, seven.cs)).toBeCloseTo(1 / 7, 15);
    const eight = lifted(8);
    const sampled = p(eight.xs, eight.cs, 20_000, 7);
    expect(sampled).toBe(p(eight.xs, eight.cs, 20_000, 7));
    // Binomial(20,000, 1/8): within ±0.01 of 1/8 with probability above 0.999 (sd 0.0023).
    expect(Math.abs(sampled - 1 / 8)).toBeLessThan(0.01);
    // An exact reversal of 10: true p = 1/10!, so no sampled order reaches it and p is its floor 1/(B + 1).
    const ten = Array.from({ length: 10 }, (_, k) => k);
    expect(p(ten, [...ten].reverse())).toBeCloseTo(1 / 2001, 15);
  });

  it('refuses what it cannot pair or test', () => {
    expect(() => p([1], [1])).toThrow(RangeError);
    expect(() => p([1, 2], [1])).toThrow(RangeError);
    expect(() => p([1, 2, 3], [3, 2, 1], 0)).toThrow(RangeError);
  });
});

describe('outlier raters in a small hall', () => {
  it('does not flag, by its ordering alone, a rater who orders 3 speakers exactly against the consensus: one scoring at random does so once in 6', () => {
    const three = FIVE_SPEAKERS.slice(0, 3);
    const ballots = simulatePanel({ seed: 3, raters: 150, speakers: three, units: 10 });
    const byTalk = (s: number, r: number) => s * 150 + r;
    // Rater 10 reverses its own scores: 11 − score on every dimension for each of the 3 speakers.
    for (let s = 0; s < 3; s++)
      ballots[byTalk(s, 9)] = withScores(
        ballots[byTalk(s, 9)]!,
        ballots[byTalk(s, 9)]!.scores.map((x) => 11 - x),
      );
    // (The t test of r this replaced gave this rater p = 0.003 and flagged it.)
    expect(detectAnomalies(ballots).filter((f) => f.kind === 'outlier_rater')).toEqual([]);
    // What the test saw, with the gate opened (α = 1 flags every negative r): r = −0.99995, exact p 1/6.
    const seen = detectAnomalies(ballots, { correlationAlpha: 1 }).find((f) => f.kind === 'outlier_rater' && f.rater === raterName(9))!;
    expect(seen.evidence.correlation).toBeLessThan(-0.9999);
    expect(seen.evidence.correlationP).toBeCloseTo(1 / 6, 15);
    expect(seen.evidence.correlationExact).toBe(1);
  });
});
