import { createHash } from 'node:crypto';
import { type AggregationRule, EditionResults, type Rubric } from '@lecture-hall/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALGORITHM_VERSION,
  combineGroups,
  computeResults,
  groupAggregate,
  inputsHash,
  type ResultsBallot,
  type ResultsInputs,
  type ResultsTalk,
  raterCodes,
  resultDifferences,
  ruleText,
} from './results.rules';

/*
 * The edition-results method on small editions whose figures are worked by hand. Every ballot
 * gives one score on both dimensions (weights 0.5 and 0.5), so a ballot's total is that score.
 */

const RUBRIC: Rubric = {
  dimensions: [
    { key: 'depth', labelZh: '深度', labelEn: 'Depth', weight: 0.5 },
    { key: 'delivery', labelZh: '表达', labelEn: 'Delivery', weight: 0.5 },
  ],
  scale: { min: 1, max: 10, step: 1 },
} as Rubric;

const talkId = (t: number) => `0190a0a0-0000-7000-8000-0000000000${String(t).padStart(2, '0')}`;
const personId = (t: number) => `0190a0a0-0000-7000-8000-0000000001${String(t).padStart(2, '0')}`;

function talks(count: number): ResultsTalk[] {
  return Array.from({ length: count }, (_, t) => ({
    id: talkId(t),
    personId: personId(t),
    name: `主讲人${t + 1}`,
    unitId: `unit-${t}`,
    unitName: `单位${t + 1}`,
    title: `讲题${t + 1}`,
    position: t + 1,
  }));
}

function ballot(raterKey: string, talk: number, score: number, over: Partial<ResultsBallot> = {}): ResultsBallot {
  return {
    raterKey,
    group: 'audience',
    source: 'live',
    talkId: talkId(talk),
    scores: { depth: score, delivery: score },
    submittedAt: null,
    windowOpenedAt: null,
    raterUnitId: null,
    ...over,
  };
}

const SALT = 'a3f1c9e07b2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f';

function edition(talkCount: number, ballots: ResultsBallot[], rule: AggregationRule = { kind: 'trim_k', k: 0 }, audienceWeightPct = 70): ResultsInputs {
  return {
    edition: {
      id: '0190a0a0-0000-7000-8000-00000000ffff',
      title: '第1期',
      hallName: '大讲堂',
      date: '2026-01-09',
      rubric: RUBRIC,
      rule,
      audienceWeightPct,
      raterCodeSalt: SALT,
    },
    talks: talks(talkCount),
    ballots,
  };
}

/** Published results travel as JSON and are read back through the schema: NaN would become null and fail it. */
const throughJson = (r: EditionResults) => EditionResults.parse(JSON.parse(JSON.stringify(r)));

describe('ruleText', () => {
  it('states each rule in Chinese as the report prints it', () => {
    expect(ruleText({ kind: 'trim_k', k: 0 })).toBe('取全部评分的平均分');
    expect(ruleText({ kind: 'trim_k', k: 2 })).toBe('去掉最高分和最低分各 2 个后取平均');
    expect(ruleText({ kind: 'trim_fraction', fraction: 0.1, atLeast: 1 })).toBe('去掉最高和最低各 10% 的评分（每端至少 1 个）后取平均');
    expect(ruleText({ kind: 'trim_fraction', fraction: 0.125, atLeast: 0 })).toBe('去掉最高和最低各 12.5% 的评分（每端至少 0 个）后取平均');
  });
});

describe('combineGroups', () => {
  it('weighs the audience and the experts by the edition’s percentages and says how', () => {
    // 0.7 × 7.6667 + 0.3 × 8.5 = 5.36669 + 2.55 = 7.91669
    const both = combineGroups(7.6667, 8.5, 70);
    expect(both.final).toBeCloseTo(7.91669, 10);
    expect(both.formula).toBe('听众 70% × 7.67 + 专家 30% × 8.50 = 7.92');
  });

  it('takes the one group present alone, and nothing without ballots', () => {
    expect(combineGroups(8.25, null, 70)).toEqual({ final: 8.25, formula: '无专家评分，按听众成绩 8.25 计' });
    expect(combineGroups(null, 6.5, 70)).toEqual({ final: 6.5, formula: '无听众评分，按专家成绩 6.50 计' });
    expect(combineGroups(null, null, 70)).toEqual({ final: null, formula: '无有效评分' });
  });
});

describe('groupAggregate', () => {
  it('trims by position and summarises the totals: 9 8 8 7 6 with one dropped at each end is 23/3', () => {
    const g = groupAggregate([9, 8, 8, 7, 6], { k: 1 }, 1);
    // sd: deviations from 7.6 are 1.4 .4 .4 −.6 −1.6, squares sum 5.2, /4 = 1.3, √1.3 = 1.1402
    expect(g).toEqual({
      n: 5,
      aggregate: 7.6667,
      mean: 7.6,
      median: 8,
      sd: 1.1402,
      dropped: 1,
      fellBackToMean: false,
      box: { min: 6, q1: 7, median: 8, q3: 8, max: 9 },
      histogram: [
        { value: 6, count: 1 },
        { value: 7, count: 1 },
        { value: 8, count: 2 },
        { value: 9, count: 1 },
      ],
    });
  });

  it('interpolates the quartiles (Hyndman & Fan type 7) and bins totals to the scale’s step', () => {
    // 1 2 3 4: q1 at h = 0.75 → 1.75, median 2.5, q3 at h = 2.25 → 3.25
    expect(groupAggregate([4, 1, 3, 2], { k: 0 }, 1).box).toEqual({ min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
    // step 0.5: 7.2 → 7, 7.3 → 7.5, 8.9 → 9, 9 → 9
    expect(groupAggregate([7.2, 7.3, 8.9, 9], { k: 0 }, 0.5).histogram).toEqual([
      { value: 7, count: 1 },
      { value: 7.5, count: 1 },
      { value: 9, count: 2 },
    ]);
  });

  it('falls back to the mean with too few ballots to trim, and is empty without ballots', () => {
    expect(groupAggregate([9, 8], { k: 1 }, 1)).toMatchObject({ n: 2, aggregate: 8.5, dropped: 0, fellBackToMean: true });
    expect(groupAggregate([], { k: 1 }, 1)).toEqual({
      n: 0,
      aggregate: null,
      mean: null,
      median: null,
      sd: null,
      dropped: 0,
      fellBackToMean: false,
      box: null,
      histogram: [],
    });
  });
});

describe('raterCodes', () => {
  const ballots = [
    ballot('attendee-a', 0, 8),
    ballot('attendee-b', 0, 7),
    ballot('attendee-a', 1, 6),
    ballot('expert-x', 0, 9, { group: 'expert' }),
    ballot('paper:audience:12', 0, 5, { source: 'paper' }),
    ballot('paper:expert:3', 1, 5, { source: 'paper', group: 'expert' }),
  ];

  it('numbers each group and source apart, with its own prefix and width, one code per rater', () => {
    const codes = raterCodes(ballots, SALT);
    expect([...codes.keys()].sort()).toEqual(['attendee-a', 'attendee-b', 'expert-x', 'paper:audience:12', 'paper:expert:3']);
    expect([codes.get('attendee-a'), codes.get('attendee-b')].sort()).toEqual(['听众-001', '听众-002']);
    expect(codes.get('expert-x')).toBe('专家-01');
    expect([codes.get('paper:audience:12'), codes.get('paper:expert:3')].sort()).toEqual(['纸质-001', '纸质-002']);
  });

  it('gives the same codes whatever the order of the ballots, and codes that contain nothing of the key', () => {
    const forward = raterCodes(ballots, SALT);
    expect(raterCodes([...ballots].reverse(), SALT)).toEqual(forward);
    for (const [key, code] of forward) expect(code).not.toContain(key.replace(/^paper:\w+:/, ''));
  });

  it('orders paper sheets by the edition’s secret: the codes cannot be mapped back to sheet numbers by hashing the numbers', () => {
    const sheets = Array.from({ length: 40 }, (_, i) => ballot(`paper:audience:${i + 1}`, 0, 5, { source: 'paper' }));
    const order = (codes: Map<string, string>) => [...codes.entries()].sort((a, b) => (a[1] < b[1] ? -1 : 1)).map(([key]) => key);
    const mine = order(raterCodes(sheets, SALT));
    // What one who knows only the numbers could compute: the order of their plain SHA-256.
    const guessed = sheets
      .map((b) => b.raterKey)
      .sort((x, y) => (createHash('sha256').update(x).digest('hex') < createHash('sha256').update(y).digest('hex') ? -1 : 1));
    expect(mine).not.toEqual(guessed);
    expect(order(raterCodes(sheets, `${SALT}0`))).not.toEqual(mine);
    // Yet one secret gives one order: the codes are stable for the edition.
    expect(order(raterCodes([...sheets].reverse(), SALT))).toEqual(mine);
    expect(new Set(mine)).toEqual(new Set(sheets.map((b) => b.raterKey)));
  });
});

describe('inputsHash', () => {
  const base = edition(2, [ballot('a', 0, 8), ballot('b', 0, 7), ballot('a', 1, 6), ballot('b', 1, 9, { submittedAt: '2026-01-09T06:01:00.000Z' })]);

  it('does not depend on the order of ballots or talks', () => {
    expect(inputsHash({ ...base, ballots: [...base.ballots].reverse(), talks: [...base.talks].reverse() })).toBe(inputsHash(base));
  });

  it('changes with any score, time, unit, the rule or the weights', () => {
    const h = inputsHash(base);
    const changed = (i: number, over: Partial<ResultsBallot>) => ({ ...base, ballots: base.ballots.map((b, j) => (j === i ? { ...b, ...over } : b)) });
    expect(inputsHash(changed(2, { scores: { depth: 6, delivery: 7 } }))).not.toBe(h);
    expect(inputsHash(changed(3, { submittedAt: '2026-01-09T06:01:01.000Z' }))).not.toBe(h);
    expect(inputsHash(changed(0, { raterUnitId: 'unit-1' }))).not.toBe(h);
    expect(inputsHash(changed(0, { group: 'expert' }))).not.toBe(h);
    expect(inputsHash({ ...base, edition: { ...base.edition, rule: { kind: 'trim_k', k: 1 } } })).not.toBe(h);
    expect(inputsHash({ ...base, edition: { ...base.edition, audienceWeightPct: 60 } })).not.toBe(h);
  });
});

describe('resultDifferences', () => {
  it('ignores when and in which state results were computed, and names every figure that differs', () => {
    const a = computeResults(edition(2, [ballot('a', 0, 8), ballot('b', 0, 7), ballot('a', 1, 6), ballot('b', 1, 9)]), '2026-01-10T00:00:00.000Z');
    expect(resultDifferences(a, { ...a, state: 'published', computedAt: 'later', publishedAt: 'later' })).toEqual([]);
    const b = { ...a, speakers: a.speakers.map((s, i) => (i === 1 ? { ...s, final: 7.6 } : s)) };
    expect(resultDifferences(a, b)).toEqual(['speakers.1.final']);
  });
});

describe('computeResults', () => {
  it(`names the algorithm version ${ALGORITHM_VERSION} it was computed with`, () => {
    expect(computeResults(edition(1, [ballot('a', 0, 8)]), 'now').algorithmVersion).toBe(ALGORITHM_VERSION);
  });

  it('gives the same figures whatever order the database returns the ballots in', () => {
    // PostgreSQL orders text by its collation, SQLite by bytes: the rows of one edition can come
    // back in another order after a restore into the other dialect, and a verification must match.
    const scores = [
      [8, 7, 9, 6, 8, 7],
      [7, 7, 8, 6, 9, 6],
      [9, 8, 9, 7, 9, 8],
    ];
    const ballots = scores.flatMap((row, t) =>
      row.map((v, r) => ballot(r < 4 ? `attendee-${r}` : `expert-${r}`, t, v, r < 4 ? {} : { group: 'expert' as const })),
    );
    const forward = computeResults(edition(3, ballots), 'now');
    const backward = computeResults(edition(3, [...ballots].reverse()), 'now');
    const interleaved = computeResults(edition(3, [...ballots.filter((_, i) => i % 2), ...ballots.filter((_, i) => i % 2 === 0)]), 'now');
    expect(resultDifferences(forward, backward)).toEqual([]);
    expect(resultDifferences(forward, interleaved)).toEqual([]);
  });

  it('computes an edition without a single ballot: no scores, no ranks, notes for every reliability figure', () => {
    const r = throughJson(computeResults(edition(2, []), 'now'));
    expect(r.speakers.map((s) => [s.final, s.rank, s.ci95, s.adjusted, s.finalWithoutFlagged])).toEqual([
      [null, null, null, null, null],
      [null, null, null, null, null],
    ]);
    expect(r.raters).toEqual([]);
    expect(r.notComparable).toEqual([]);
    expect(r.reliability.map((x) => [x.group, x.raters, x.icc, x.krippendorffAlpha])).toEqual([
      ['audience', 0, null, null],
      ['expert', 0, null, null],
    ]);
  });

  it('ranks a speaker with one rater, and gives no interval that one rater cannot support', () => {
    const r = throughJson(computeResults(edition(2, [ballot('a', 0, 6), ballot('a', 1, 8)]), 'now'));
    expect(r.speakers.map((s) => [s.final, s.rank, s.ci95])).toEqual([
      [6, 2, null],
      [8, 1, null],
    ]);
    expect(r.raters).toEqual([{ rater: '听众-001', group: 'audience', source: 'live', n: 2, severity: 0, flags: [] }]);
  });

  it('ranks a speaker nobody scored last with no rank, and does not call it not comparable', () => {
    // Talks 1 and 2 share both raters; talk 3 has no ballot, so there is no adjusted score to compare.
    const r = throughJson(computeResults(edition(3, [ballot('a', 0, 8), ballot('b', 0, 7), ballot('a', 1, 6), ballot('b', 1, 6)]), 'now'));
    expect(r.speakers.map((s) => [s.final, s.rank])).toEqual([
      [7.5, 1],
      [6, 2],
      [null, null],
    ]);
    expect(r.speakers[2]!.tiedWith).toEqual([]);
    expect(r.notComparable).toEqual([]);
  });

  it('still reports speakers scored by disjoint raters as not comparable', () => {
    const r = computeResults(edition(2, [ballot('a', 0, 8), ballot('b', 0, 7), ballot('c', 1, 6), ballot('d', 1, 6)]), 'now');
    expect(r.notComparable).toEqual([[talkId(0)], [talkId(1)]]);
  });

  it('gives equal finals the same rank and ties them', () => {
    const r = computeResults(
      edition(3, [ballot('a', 0, 8), ballot('b', 0, 6), ballot('a', 1, 7), ballot('b', 1, 7), ballot('a', 2, 5), ballot('b', 2, 6)]),
      'now',
    );
    expect(r.speakers.map((s) => [s.final, s.rank])).toEqual([
      [7, 1],
      [7, 1],
      [5.5, 3],
    ]);
    expect(r.speakers[0]!.tiedWith).toContain(talkId(1));
    expect(r.speakers[1]!.tiedWith).toContain(talkId(0));
  });

  it('counts paper sheets in their group and in the ballot counts', () => {
    const r = computeResults(
      edition(1, [
        ballot('a', 0, 8),
        ballot('paper:audience:1', 0, 6, { source: 'paper' }),
        ballot('paper:expert:1', 0, 9, { source: 'paper', group: 'expert' }),
      ]),
      'now',
    );
    // audience (8 + 6)/2 = 7, experts 9: 0.7 × 7 + 0.3 × 9 = 7.6
    expect(r.speakers[0]).toMatchObject({ final: 7.6, paperBallots: 2, audience: { n: 2, aggregate: 7 }, expert: { n: 1, aggregate: 9 } });
    expect(r.ballotCounts).toEqual({ audience: 2, expert: 1, paper: 2, flagged: 0 });
  });

  it('scores an experts-only edition on the experts alone', () => {
    const r = computeResults(edition(1, [ballot('x', 0, 9, { group: 'expert' }), ballot('y', 0, 8, { group: 'expert' })]), 'now');
    expect(r.speakers[0]).toMatchObject({ final: 8.5, formula: '无听众评分，按专家成绩 8.50 计', audience: { n: 0, aggregate: null } });
  });

  it('shows the same final without flagged ballots when none of the speaker’s ballots is flagged', () => {
    // 50/50 weights: audience 1; experts 1 2 2 → 5/3, published 1.6667. The final is formed from the
    // published group scores: 0.5 × 1 + 0.5 × 1.6667 = 1.33335 → 1.3334 (from 5/3 itself it would be 1.3333).
    const r = computeResults(
      edition(
        1,
        [ballot('a', 0, 1), ballot('x', 0, 1, { group: 'expert' }), ballot('y', 0, 2, { group: 'expert' }), ballot('z', 0, 2, { group: 'expert' })],
        { kind: 'trim_k', k: 0 },
        50,
      ),
      'now',
    );
    expect(r.ballotCounts.flagged).toBe(0);
    expect(r.speakers[0]).toMatchObject({ final: 1.3334, finalWithoutFlagged: 1.3334, rank: 1, rankWithoutFlagged: 1 });
    expect(r.rankingChangesWithoutFlagged).toBe(false);
  });

  describe('reliability on degenerate panels, reported as not computable rather than failing', () => {
    it('gives no ICC when every rater gives every speaker the same total (no variance to apportion)', () => {
      const r = throughJson(computeResults(edition(2, [ballot('a', 0, 7), ballot('b', 0, 7), ballot('a', 1, 7), ballot('b', 1, 7)]), 'now'));
      const audience = r.reliability[0]!;
      expect(audience).toMatchObject({ raters: 2, completeRaters: 2, icc: null, iccCi95: null, kendallW: null, krippendorffAlpha: null });
      expect(audience.notes).toContain('评分没有差异（所有评分人给所有主讲人的总分相同），无法计算组内相关系数');
    });

    it('gives no ICC when two raters order two speakers oppositely, so both speakers average the same', () => {
      // rater a: 1 then 2; rater b: 2 then 1. BMS = JMS = 0: ICC(k) forms divide by zero and ICC(2,1)'s
      // interval has a Satterthwaite df of 0/0 (icc() throws RangeError on it).
      const r = throughJson(computeResults(edition(2, [ballot('a', 0, 1), ballot('b', 0, 2), ballot('a', 1, 2), ballot('b', 1, 1)]), 'now'));
      const audience = r.reliability[0]!;
      expect(audience.icc).toBeNull();
      expect(audience.iccCi95).toBeNull();
      expect(audience.notes).toContain('各主讲人的平均总分完全相同，无法计算组内相关系数');
      // Kendall's W: each rater's ranks are 1 2 and 2 1, rank sums 3 and 3, so W = 0.
      expect(audience.kendallW).toBe(0);
      // Krippendorff's α (interval) = 1 − (n − 1)·D_o/D_e: values 1 1 2 2 over two units, each unit one (1,2) pair.
      // o(1,2) = o(2,1) = 2 (each unit contributes 1 + 1 with weight 1/(2 − 1)); n = 4, n_1 = n_2 = 2.
      // D_o ∝ 2·2·1 = 4; D_e ∝ 2·2·2·1 = 8; α = 1 − 3 · 4/8 = −0.5
      expect(audience.krippendorffAlpha?.interval).toBeCloseTo(-0.5, 4);
    });

    it('gives no Krippendorff’s α when no speaker was scored by two raters of the group', () => {
      const r = throughJson(
        computeResults(
          edition(2, [ballot('x', 0, 8, { group: 'expert' }), ballot('y', 1, 6, { group: 'expert' }), ballot('a', 0, 7), ballot('a', 1, 7)]),
          'now',
        ),
      );
      const experts = r.reliability[1]!;
      expect(experts.krippendorffAlpha).toBeNull();
      expect(experts.notes).toContain('没有主讲人得到 2 名及以上该组评分人的评分，无法计算克里彭多夫 α');
    });
  });

  it('gives schema-valid results for any small edition: no NaN, no exception', () => {
    const smallBallot = fc.record({
      rater: fc.integer({ min: 0, max: 5 }),
      talk: fc.integer({ min: 0, max: 2 }),
      score: fc.integer({ min: 1, max: 10 }),
      expert: fc.boolean(),
      paper: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(smallBallot, { maxLength: 14 }), fc.boolean(), (rows, constant) => {
        const seen = new Set<string>();
        const ballots: ResultsBallot[] = [];
        for (const row of rows) {
          const group = row.expert ? 'expert' : 'audience';
          const key = row.paper ? `paper:${group}:${row.rater}` : `${group}-${row.rater}`;
          if (seen.has(`${key}/${row.talk}`)) continue;
          seen.add(`${key}/${row.talk}`);
          ballots.push(ballot(key, row.talk, constant ? 7 : row.score, { group, source: row.paper ? 'paper' : 'live' }));
        }
        throughJson(computeResults(edition(3, ballots, { kind: 'trim_fraction', fraction: 0.1, atLeast: 1 }), 'now'));
      }),
      { seed: 20_261_201, numRuns: 150 },
    );
  });
});
