/**
 * Kendall's coefficient of concordance W: how far several raters rank the same objects alike.
 */
import { chiSquareUpperTail } from './distributions';
import { requireCompleteTable } from './icc';

export interface KendallW {
  /** Tie-corrected W in [0, 1]; NaN when every rater ties every object (nothing was ranked). */
  W: number;
  /** k(n − 1)W, approximately χ² with n − 1 df under no agreement (Siegel & Castellan 1988, eq. 9.17). */
  chiSquare: number;
  df: number;
  /** Upper-tail p of chiSquare; the large-sample approximation, fair from about n ≥ 7 objects. */
  p: number;
  /** True when some rater tied some objects, so the correction for ties changed the denominator. */
  tieCorrected: boolean;
}

/**
 * Kendall's W with the correction for ties (Kendall & Babington Smith, "The problem of m rankings",
 * Ann. Math. Statist. 10, 1939, 275–287; Siegel & Castellan, "Nonparametric Statistics for the
 * Behavioral Sciences", 2nd ed., 1988, §9.5, eq. 9.16):
 *   W = 12 Σ (R_i − k(n + 1)/2)² / (k²(n³ − n) − k Σ_j T_j),   T_j = Σ (t³ − t) over rater j's tie groups,
 * where R_i is object i's rank sum.
 *
 * matrix[i][j] = score of object i (a speaker) by rater j: a complete table with n ≥ 2 objects and
 * k ≥ 2 raters, every score finite, else RangeError. Each rater's column is ranked ascending with
 * mid-ranks for ties (the direction does not change W). O(k · n log n).
 */
export function kendallW(matrix: readonly (readonly number[])[]): KendallW {
  const { n, k } = requireCompleteTable(matrix, { statistic: "Kendall's W", rows: 'objects', columns: 'raters' });

  const rankSums = new Float64Array(n);
  const order = new Int32Array(n);
  let tieSum = 0;
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => matrix[a]![j]! - matrix[b]![j]!);
    let start = 0;
    while (start < n) {
      const value = matrix[order[start]!]![j]!;
      let end = start + 1;
      while (end < n && matrix[order[end]!]![j]! === value) end++;
      const t = end - start;
      // Positions start..end−1 hold ranks start+1..end; each tied object gets their mean.
      const midRank = (start + 1 + end) / 2;
      for (let m = start; m < end; m++) rankSums[order[m]!]! += midRank;
      if (t > 1) tieSum += t * t * t - t;
      start = end;
    }
  }

  const meanRankSum = (k * (n + 1)) / 2;
  let s = 0;
  for (let i = 0; i < n; i++) s += (rankSums[i]! - meanRankSum) ** 2;
  const denominator = k * k * (n * n * n - n) - k * tieSum;
  const W = denominator > 0 ? (12 * s) / denominator : Number.NaN;
  const df = n - 1;
  const chiSquare = k * df * W;
  return { W, chiSquare, df, p: chiSquareUpperTail(chiSquare, df), tieCorrected: tieSum > 0 };
}
