import { EXACT_CORRELATION_MAX_PAIRS, negativeCorrelationPermutationP } from './correlation-permutation';
import { testSeed } from './favouritism';
import { fixed, formatP, leaveOneOutConsensus, type Panel, raterBallots } from './panel';
import type { AnomalyFlag, ResolvedOptions } from './types';

/**
 * outlier_rater: a rater whose ranking of the speakers runs against everyone else's, or whose
 * scores scatter far more around the consensus than other raters' do. These are the rater-fit
 * screens of many-facet Rasch measurement — a negative point-measure correlation and a large
 * fit mean square (Myford & Wolfe, "Detecting and measuring rater effects using many-facet
 * Rasch measurement: Part I", J. Applied Measurement 4(4), 2003, pp. 386–422, and Part II,
 * 5(2), 2004, pp. 189–227; Wind & Engelhard, "Evaluating the quality of ratings", 2013) —
 * computed without a Rasch fit, on mean scores, so this module depends on no other model:
 *
 * For each rater r with at least 3 speakers s (each also scored by another rater):
 *   x_rs  the rater's mean score for s (over rubric dimensions and duplicate ballots);
 *   c_rs  the mean of the OTHER raters' x for s (leave-one-out consensus);
 *   o_r   = mean_s (x_rs − c_rs), the rater's own severity offset, which is NOT an anomaly;
 *   e_rs  = x_rs − c_rs − o_r, the residual.
 * σ = √(Σ_r Σ_s e_rs² / Σ_r (n_r − 1)), pooled over all raters (one degree of freedom per
 * rater goes to its offset). Flag when either
 *   (a) Pearson r(x_r·, c_r·) < 0 and its one-sided permutation p < correlationAlpha — a
 *       rater scoring in reverse of the consensus. The p is exact over every order of the
 *       rater's scores for up to 7 speakers, from `permutations` seeded random orders above
 *       (negativeCorrelationPermutationP; the seed is the rater's own, as for favouritism). A
 *       rater scoring at random reverses 3 speakers once in 6, so with 3 speakers this rule
 *       flags no one at 0.05, and with 4 only an exact reversal (1/24). The significance gate
 *       is there because with 3–5 speakers of similar quality an honest rater's r falls below
 *       0 by chance; the bare r < 0 rule is correlationAlpha ≥ 0.5. With no spread in x or c,
 *       r is undefined and this criterion is skipped; or
 *   (b) RMS_s(e_rs / σ) > residualZ — a rater whose scores have little to do with the talks.
 */
export function detectOutlierRaters(panel: Panel, options: ResolvedOptions): AnomalyFlag[] {
  interface RaterFit {
    rater: number;
    speakers: number;
    residualSquares: number;
    offset: number;
    correlation?: number;
    correlationP?: number;
  }
  const fits: RaterFit[] = [];
  let pooledSquares = 0;
  let pooledDf = 0;
  const xs: number[] = [];
  const cs: number[] = [];

  for (let r = 0; r < panel.raterNames.length; r++) {
    xs.length = 0;
    cs.length = 0;
    for (let cell = panel.raterCellStart[r]!; cell < panel.raterCellStart[r + 1]!; cell++) {
      const consensus = leaveOneOutConsensus(panel, cell);
      if (consensus === undefined) continue;
      xs.push(panel.cellMean[cell]!);
      cs.push(consensus);
    }
    const n = xs.length;
    if (n < 3) continue;
    let offset = 0;
    for (let k = 0; k < n; k++) offset += xs[k]! - cs[k]!;
    offset /= n;
    let residualSquares = 0;
    for (let k = 0; k < n; k++) residualSquares += (xs[k]! - cs[k]! - offset) ** 2;
    pooledSquares += residualSquares;
    pooledDf += n - 1;
    const correlation = pearson(xs, cs);
    const correlationP =
      correlation === undefined
        ? undefined
        : negativeCorrelationPermutationP(xs, cs, options.permutations, testSeed(options.seed, `correlation\u0000${panel.raterNames[r]!}`));
    fits.push({ rater: r, speakers: n, residualSquares, offset, correlation, correlationP });
  }

  const sigma = pooledDf > 0 ? Math.sqrt(pooledSquares / pooledDf) : 0;
  const flags: AnomalyFlag[] = [];
  for (const fit of fits) {
    const evidence: Record<string, number> = { speakers: fit.speakers, offset: fit.offset };
    const reasons: string[] = [];

    if (fit.correlation !== undefined && fit.correlationP !== undefined) {
      const p = fit.correlationP;
      const exact = fit.speakers <= EXACT_CORRELATION_MAX_PAIRS;
      evidence.correlation = fit.correlation;
      evidence.correlationP = p;
      evidence.correlationExact = exact ? 1 : 0;
      if (fit.correlation < 0 && p < options.correlationAlpha) {
        const test = exact ? '精确置换检验' : `${options.permutations} 次随机置换检验`;
        reasons.push(`与其他评分人的共识呈负相关 (r = ${fixed(fit.correlation, 2)}，单侧 p = ${formatP(p)}，${test})，排序与多数人相反`);
      }
    }
    // σ = 0 only when every rater agrees exactly with the consensus up to an offset: then no residual is large.
    if (sigma > 0) {
      const rmsResidualZ = Math.sqrt(fit.residualSquares / fit.speakers) / sigma;
      evidence.rmsResidualZ = rmsResidualZ;
      evidence.pooledResidualSd = sigma;
      if (rmsResidualZ > options.residualZ) {
        reasons.push(`扣除其自身宽严偏移后，与共识的标准化残差均方根为 ${fixed(rmsResidualZ, 2)}（阈值 ${options.residualZ}）`);
      }
    }
    if (reasons.length === 0) continue;
    flags.push({
      kind: 'outlier_rater',
      rater: panel.raterNames[fit.rater]!,
      detail: `该评分人对 ${fit.speakers} 位主讲人的评分${reasons.join('；且')}`,
      evidence,
      ballots: raterBallots(panel, fit.rater),
    });
  }
  return flags;
}

/**
 * Pearson's product-moment correlation (Pearson, "Mathematical contributions to the theory of
 * evolution III", Phil. Trans. R. Soc. A 187, 1896), computed on centred values for accuracy.
 * Undefined when either list has no spread (a straight-liner, or speakers the panel rates alike).
 */
export function pearson(xs: readonly number[], ys: readonly number[]): number | undefined {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += xs[k]!;
    my += ys[k]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = xs[k]! - mx;
    const dy = ys[k]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Relative thresholds: means of integer scores leave rounding noise near 1e-15, which is not spread.
  if (sxx <= 1e-12 * n * (1 + mx * mx) || syy <= 1e-12 * n * (1 + my * my)) return undefined;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
