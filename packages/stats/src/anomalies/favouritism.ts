import { seededRandom } from '../random';
import { ballotsOfCells, fixed, formatP, leaveOneOutConsensus, type Panel, raterSpeakerCount } from './panel';
import type { AnomalyFlag, ResolvedOptions } from './types';

export interface PermutationResult {
  /** mean(favoured) − mean(others). */
  difference: number;
  /** Relabellings whose difference reached the observed one. */
  atLeastObserved: number;
  /** Relabellings drawn: `permutations`, or fewer when the test stopped early. */
  permutationsRun: number;
  /**
   * (atLeastObserved + 1) / (permutations + 1). After an early stop it is a lower bound that
   * already reaches the level the caller asked about, so the decision is the same as a full run's.
   */
  p: number;
}

/**
 * One-sided two-sample permutation test of H0 "labels are exchangeable" against "the favoured
 * group scores higher", statistic mean(favoured) − mean(others) (Good, "Permutation, Parametric
 * and Bootstrap Tests of Hypotheses", 3rd ed., 2005, §3.3). p = (b + 1) / (B + 1), b the number
 * of B random relabellings reaching the observed difference, which counts the observed
 * labelling and so is never 0 (Phipson & Smyth, "Permutation p-values should never be zero",
 * Stat. Appl. Genet. Mol. Biol. 9(1), 2010, eq. 2).
 *
 * Each relabelling draws only the smaller group by a partial Fisher–Yates shuffle (Knuth, TAOCP
 * vol. 2, §3.4.2, Algorithm P, stopped after k steps), so a test costs B · min(n₁, n₂), not
 * B · (n₁ + n₂): a speaker with 3,000 raters stays cheap. With `stopAtCount`, the test stops as
 * soon as that many relabellings reached the observed difference — once b + 1 ≥ α(B + 1) the
 * p-value cannot fall below α whatever the rest would give, so an honest rater's test ends after
 * a few hundred relabellings instead of B, and every flag's p is still the full run's.
 */
export function permutationTestGreater(
  favoured: readonly number[],
  others: readonly number[],
  permutations: number,
  seed: number,
  stopAtCount = Number.POSITIVE_INFINITY,
): PermutationResult {
  const nA = favoured.length;
  const nB = others.length;
  if (nA === 0 || nB === 0) throw new RangeError('a permutation test needs both groups non-empty');
  const pool = [...favoured, ...others];
  const n = pool.length;
  let total = 0;
  for (const x of pool) total += x;
  let sumA = 0;
  for (const x of favoured) sumA += x;
  const difference = sumA / nA - (total - sumA) / nB;
  // Sums taken in another order differ in the last bits; a relabelling equal to the observed one must count.
  const tolerance = 1e-9 * (1 + Math.abs(difference));
  const drawFavoured = nA <= nB;
  const k = drawFavoured ? nA : nB;
  const random = seededRandom(seed);
  let atLeastObserved = 0;
  let permutationsRun = 0;
  while (permutationsRun < permutations && atLeastObserved < stopAtCount) {
    permutationsRun++;
    let drawn = 0;
    for (let i = 0; i < k; i++) {
      const j = i + random.int(n - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
      drawn += pool[i]!;
    }
    const relabelledA = drawFavoured ? drawn : total - drawn;
    if (relabelledA / nA - (total - relabelledA) / nB >= difference - tolerance) atLeastObserved++;
  }
  return { difference, atLeastObserved, permutationsRun, p: (atLeastObserved + 1) / (permutations + 1) };
}

/**
 * own_unit_favouritism: raters lifting the speaker from their own unit (raterUnit ===
 * speakerUnit). A unit is taken from a rater's (speaker's) first ballot that names one; raters
 * or speakers with no unit are left out of these tests rather than guessed.
 *
 * Per speaker (≥ 2 own-unit raters, ≥ 5 raters of other units): each rater's score is
 * severity-adjusted, x_rs − mean_s' x_rs' over the speakers that rater scored, so a lenient
 * rater does not look like a favourer; raters who scored a single speaker have no such
 * adjustment and are left out. The own-unit and other raters' adjusted scores are compared by
 * permutationTestGreater; flagged when p < favouritismAlpha, listing the own-unit ballots.
 *
 * Per rater (≥ 2 own-unit speakers, ≥ 3 others): within one rater the severity adjustment is a
 * constant and does nothing, but the speakers differ in quality, so the rater's deviations from
 * the leave-one-out consensus, x_rs − c_rs, are compared instead. With so few speakers the
 * smallest attainable p is 1 / C(n₁ + n₂, n₁) (0.1 for 2 + 3), so a rater is flagged only on a
 * programme long enough to show it.
 *
 * Each test has its own seed, derived from the seed option and the speaker's or rater's name,
 * so a p-value does not change when another speaker or rater is added to the analysis.
 * Every speaker and rater is a test, so a hall of 3,000 raters runs thousands of them, and at a
 * per-test level α about α·T honest raters would be flagged by chance. The flags are therefore
 * kept under the Benjamini–Hochberg step-up rule over all favouritism tests run (Benjamini &
 * Hochberg, "Controlling the false discovery rate", JRSS B 57(1), 1995, §3): the expected share
 * of wrongly flagged among the flagged stays at most α. A test stopped early has p ≥ α, which no
 * BH threshold (i·α/T ≤ α) accepts, so stopping early changes nothing.
 */
export function detectFavouritism(panel: Panel, options: ResolvedOptions): AnomalyFlag[] {
  const flags: AnomalyFlag[] = [];
  let tests = 0;
  // (b + 1) / (B + 1) < α  ⇔  b < α(B + 1) − 1: from the first b at or past that, no flag can follow.
  const stopAtCount = Math.max(0, Math.ceil(options.favouritismAlpha * (options.permutations + 1) - 1));
  const raterMean = new Float64Array(panel.raterNames.length);
  for (let r = 0; r < raterMean.length; r++) {
    let sum = 0;
    for (let c = panel.raterCellStart[r]!; c < panel.raterCellStart[r + 1]!; c++) sum += panel.cellMean[c]!;
    raterMean[r] = sum / raterSpeakerCount(panel, r);
  }

  for (let s = 0; s < panel.speakerNames.length; s++) {
    const unit = panel.speakerUnit[s];
    if (unit === undefined) continue;
    const ownCells: number[] = [];
    const own: number[] = [];
    const others: number[] = [];
    for (let k = panel.speakerCellStart[s]!; k < panel.speakerCellStart[s + 1]!; k++) {
      const c = panel.speakerCellIndex[k]!;
      const r = panel.cellRater[c]!;
      const raterUnit = panel.raterUnit[r];
      if (raterUnit === undefined || raterSpeakerCount(panel, r) < 2) continue;
      const adjusted = panel.cellMean[c]! - raterMean[r]!;
      if (raterUnit === unit) {
        own.push(adjusted);
        ownCells.push(c);
      } else others.push(adjusted);
    }
    if (own.length < 2 || others.length < 5) continue;
    const speaker = panel.speakerNames[s]!;
    tests++;
    const test = permutationTestGreater(own, others, options.permutations, testSeed(options.seed, `speaker\u0000${speaker}`), stopAtCount);
    if (!(test.p < options.favouritismAlpha)) continue;
    flags.push({
      kind: 'own_unit_favouritism',
      speaker,
      detail: `本单位（${unit}）${own.length} 名评分人给该主讲人的分数经宽严校正后平均比其他单位 ${others.length} 名评分人高 ${fixed(test.difference, 2)} 分（置换检验单侧 p = ${formatP(test.p)}）`,
      evidence: evidenceOf(test, own.length, others.length, options.permutations),
      ballots: ballotsOfCells(panel, ownCells),
    });
  }

  for (let r = 0; r < panel.raterNames.length; r++) {
    const unit = panel.raterUnit[r];
    if (unit === undefined || raterSpeakerCount(panel, r) < 5) continue;
    const ownCells: number[] = [];
    const own: number[] = [];
    const others: number[] = [];
    for (let c = panel.raterCellStart[r]!; c < panel.raterCellStart[r + 1]!; c++) {
      const speakerUnit = panel.speakerUnit[panel.cellSpeaker[c]!];
      const consensus = leaveOneOutConsensus(panel, c);
      if (speakerUnit === undefined || consensus === undefined) continue;
      const deviation = panel.cellMean[c]! - consensus;
      if (speakerUnit === unit) {
        own.push(deviation);
        ownCells.push(c);
      } else others.push(deviation);
    }
    if (own.length < 2 || others.length < 3) continue;
    const rater = panel.raterNames[r]!;
    tests++;
    const test = permutationTestGreater(own, others, options.permutations, testSeed(options.seed, `rater\u0000${rater}`), stopAtCount);
    if (!(test.p < options.favouritismAlpha)) continue;
    flags.push({
      kind: 'own_unit_favouritism',
      rater,
      detail: `该评分人给本单位（${unit}）${own.length} 位主讲人的分数相对共识平均比给其他 ${others.length} 位主讲人高 ${fixed(test.difference, 2)} 分（置换检验单侧 p = ${formatP(test.p)}）`,
      evidence: evidenceOf(test, own.length, others.length, options.permutations),
      ballots: ballotsOfCells(panel, ownCells),
    });
  }
  return benjaminiHochberg(flags, tests, options.favouritismAlpha);
}

/** The flags the Benjamini–Hochberg step-up rule keeps at level α among `tests` tests (candidates all have p < α). */
export function benjaminiHochberg(candidates: AnomalyFlag[], tests: number, alpha: number): AnomalyFlag[] {
  const byP = [...candidates].sort((a, b) => a.evidence.p! - b.evidence.p!);
  let keep = 0;
  byP.forEach((f, i) => {
    if (f.evidence.p! <= ((i + 1) * alpha) / tests) keep = i + 1;
  });
  const kept = new Set(byP.slice(0, keep));
  return candidates.filter((f) => kept.has(f)).map((f) => ({ ...f, evidence: { ...f.evidence, tests } }));
}

function evidenceOf(test: PermutationResult, ownCount: number, otherCount: number, permutations: number): Record<string, number> {
  return { ownCount, otherCount, difference: test.difference, p: test.p, atLeastObserved: test.atLeastObserved, permutations };
}

/** FNV-1a (Fowler, Noll, Vo; IETF draft-eastlake-fnv) of the label, mixed with the seed by a golden-ratio multiply. */
export function testSeed(seed: number, label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ h) >>> 0;
}
