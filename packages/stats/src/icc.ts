/**
 * Intraclass correlations of a complete targets × judges table: the six forms of Shrout & Fleiss,
 * "Intraclass correlations: uses in assessing rater reliability", Psychological Bulletin 86(2), 1979,
 * 420–428, with F tests and 95 % confidence intervals as in McGraw & Wong, "Forming inferences about
 * some intraclass correlation coefficients", Psychological Methods 1(1), 1996, 30–46, Tables 7 and 8.
 * One pass to the ANOVA mean squares, O(n·k); everything after that is O(1).
 */
import { fQuantile, fUpperTail } from './distributions';

export interface IccEstimate {
  value: number;
  /** 95 % confidence interval [lower, upper]. */
  ci95: [number, number];
  /** F statistic for H0: ICC = 0. */
  F: number;
  /** Degrees of freedom of that F test (not the Satterthwaite df used for the ICC(2,·) interval). */
  df1: number;
  df2: number;
  /** One-sided p-value of the F test, P(F(df1, df2) > F). */
  p: number;
}

export interface IccForms {
  ICC1: IccEstimate;
  ICC2: IccEstimate;
  ICC3: IccEstimate;
  ICC1k: IccEstimate;
  ICC2k: IccEstimate;
  ICC3k: IccEstimate;
}

/** The ANOVA mean squares of Shrout & Fleiss (1979), Table 1, with the table's shape. */
export interface IccMeanSquares {
  /** Targets (rows). */
  n: number;
  /** Judges (columns). */
  k: number;
  /** Between-targets mean square, df n − 1. */
  BMS: number;
  /** Within-target mean square (one-way model), df n(k − 1). */
  WMS: number;
  /** Between-judges mean square, df k − 1. */
  JMS: number;
  /** Residual mean square (two-way model), df (n − 1)(k − 1). */
  EMS: number;
}

const CONFIDENCE = 0.95;

/**
 * Checks a complete table of finite scores with at least 2 rows and 2 columns, naming the
 * statistic and what its rows and columns are in the message (ICC: targets and judges; Kendall's
 * W: objects and raters); RangeError otherwise.
 */
export function requireCompleteTable(
  matrix: readonly (readonly number[])[],
  what: { statistic: string; rows: string; columns: string } = { statistic: 'ICC', rows: 'targets', columns: 'judges' },
): { n: number; k: number } {
  const n = matrix.length;
  if (n < 2) throw new RangeError(`${what.statistic} needs at least 2 ${what.rows} (rows), got ${n}`);
  const k = matrix[0]!.length;
  if (k < 2) throw new RangeError(`${what.statistic} needs at least 2 ${what.columns} (columns), got ${k}`);
  for (let i = 0; i < n; i++) {
    const row = matrix[i]!;
    if (row.length !== k) throw new RangeError(`${what.statistic} needs a complete table: row ${i} has ${row.length} scores, row 0 has ${k}`);
    for (let j = 0; j < k; j++) if (!Number.isFinite(row[j])) throw new RangeError(`${what.statistic} needs finite scores: row ${i}, column ${j} is ${row[j]}`);
  }
  return { n, k };
}

/**
 * ANOVA mean squares of a targets × judges table (Shrout & Fleiss 1979, Table 1). Residual and
 * within sums of squares are summed directly from residuals, not by subtracting totals, so that
 * perfectly consistent judges give exactly 0 rather than a rounding error of either sign.
 */
export function iccMeanSquares(matrix: readonly (readonly number[])[]): IccMeanSquares {
  const { n, k } = requireCompleteTable(matrix);
  const rowMeans = new Float64Array(n);
  const colMeans = new Float64Array(k);
  let grand = 0;
  for (let i = 0; i < n; i++) {
    const row = matrix[i]!;
    let s = 0;
    for (let j = 0; j < k; j++) {
      s += row[j]!;
      colMeans[j]! += row[j]!;
    }
    rowMeans[i] = s / k;
    grand += s;
  }
  grand /= n * k;
  for (let j = 0; j < k; j++) colMeans[j]! /= n;

  let ssRows = 0;
  for (let i = 0; i < n; i++) ssRows += (rowMeans[i]! - grand) ** 2;
  ssRows *= k;
  let ssCols = 0;
  for (let j = 0; j < k; j++) ssCols += (colMeans[j]! - grand) ** 2;
  ssCols *= n;
  let ssWithin = 0;
  let ssResidual = 0;
  for (let i = 0; i < n; i++) {
    const row = matrix[i]!;
    const rm = rowMeans[i]!;
    for (let j = 0; j < k; j++) {
      ssWithin += (row[j]! - rm) ** 2;
      ssResidual += (row[j]! - rm - colMeans[j]! + grand) ** 2;
    }
  }
  return {
    n,
    k,
    BMS: ssRows / (n - 1),
    WMS: ssWithin / (n * (k - 1)),
    JMS: ssCols / (k - 1),
    EMS: ssResidual / ((n - 1) * (k - 1)),
  };
}

/** Spearman–Brown step-up of a single-rating bound to the mean of k ratings (Shrout & Fleiss 1979, eq. 5). */
function stepUp(r: number, k: number): number {
  return (k * r) / (1 + (k - 1) * r);
}

/** (F − 1) / (F + k − 1), the single-rating bound from an F bound; exactly 1 when F is infinite (no error variance at all). */
function singleFromF(f: number, k: number): number {
  return f === Number.POSITIVE_INFINITY ? 1 : (f - 1) / (f + k - 1);
}

/** 1 − 1/F, the average-rating bound from an F bound (McGraw & Wong 1996, Table 7). */
function averageFromF(f: number): number {
  return 1 - 1 / f;
}

/**
 * All six intraclass correlations of Shrout & Fleiss (1979) from a complete table,
 * matrix[i][j] = score of target i by judge j, with n ≥ 2 targets and k ≥ 2 judges (RangeError
 * otherwise, also for a ragged table or a non-finite score).
 *
 * - ICC1 (case 1, one-way random): (BMS − WMS) / (BMS + (k − 1)WMS); F = BMS/WMS on (n − 1, n(k − 1)).
 * - ICC2 (case 2, two-way random, absolute agreement): (BMS − EMS) / (BMS + (k − 1)EMS + k(JMS − EMS)/n);
 *   interval with Satterthwaite's approximate df ν (Shrout & Fleiss 1979, p. 425; McGraw & Wong 1996,
 *   Table 7, "ICC(A,1)").
 * - ICC3 (case 3, two-way mixed, consistency): (BMS − EMS) / (BMS + (k − 1)EMS); F = BMS/EMS on
 *   (n − 1, (n − 1)(k − 1)).
 * - ICC1k, ICC2k, ICC3k: the same for the mean of the k judges; ICC3k equals Cronbach's α.
 *
 * Constant data (every score equal) has no variance to apportion: values, F, p and bounds are NaN.
 * Judges who agree perfectly on targets that differ give ICC = 1, F = Infinity, p = 0, ci95 = [1, 1].
 */
export function icc(matrix: readonly (readonly number[])[]): IccForms {
  const { n, k, BMS, WMS, JMS, EMS } = iccMeanSquares(matrix);
  const tail = (1 + CONFIDENCE) / 2;

  // Case 1: one-way random effects.
  const df1One = n - 1;
  const df2One = n * (k - 1);
  const fOne = BMS / WMS;
  const pOne = fUpperTail(fOne, df1One, df2One);
  const fOneLower = fOne / fQuantile(tail, df1One, df2One);
  const fOneUpper = fOne * fQuantile(tail, df2One, df1One);

  // Cases 2 and 3 share the two-way F test of targets against the residual.
  const df1Two = n - 1;
  const df2Two = (n - 1) * (k - 1);
  const fTwo = BMS / EMS;
  const pTwo = fUpperTail(fTwo, df1Two, df2Two);
  const fThreeLower = fTwo / fQuantile(tail, df1Two, df2Two);
  const fThreeUpper = fTwo * fQuantile(tail, df2Two, df1Two);

  const icc1 = (BMS - WMS) / (BMS + (k - 1) * WMS);
  const icc2 = (BMS - EMS) / (BMS + (k - 1) * EMS + (k * (JMS - EMS)) / n);
  const icc3 = (BMS - EMS) / (BMS + (k - 1) * EMS);

  const icc2Bounds = absoluteAgreementBounds(n, k, BMS, JMS, EMS, icc2, tail);

  const estimate = (value: number, ci95: [number, number], F: number, df1: number, df2: number, p: number): IccEstimate => ({ value, ci95, F, df1, df2, p });
  return {
    ICC1: estimate(icc1, [singleFromF(fOneLower, k), singleFromF(fOneUpper, k)], fOne, df1One, df2One, pOne),
    ICC2: estimate(icc2, icc2Bounds, fTwo, df1Two, df2Two, pTwo),
    ICC3: estimate(icc3, [singleFromF(fThreeLower, k), singleFromF(fThreeUpper, k)], fTwo, df1Two, df2Two, pTwo),
    ICC1k: estimate((BMS - WMS) / BMS, [averageFromF(fOneLower), averageFromF(fOneUpper)], fOne, df1One, df2One, pOne),
    ICC2k: estimate((BMS - EMS) / (BMS + (JMS - EMS) / n), [stepUp(icc2Bounds[0], k), stepUp(icc2Bounds[1], k)], fTwo, df1Two, df2Two, pTwo),
    ICC3k: estimate((BMS - EMS) / BMS, [averageFromF(fThreeLower), averageFromF(fThreeUpper)], fTwo, df1Two, df2Two, pTwo),
  };
}

/**
 * Confidence bounds of ICC(2,1) (Shrout & Fleiss 1979, p. 425; McGraw & Wong 1996, Table 7, ICC(A,1)),
 * with Satterthwaite's df ν = (k − 1)(n − 1)[kρF_J + n(1 + (k − 1)ρ) − kρ]² /
 * [(n − 1)k²ρ²F_J² + (n(1 + (k − 1)ρ) − kρ)²], F_J = JMS/EMS, ρ the point estimate. The bounds for
 * the mean of k judges are their Spearman–Brown step-up, which is algebraically McGraw & Wong's
 * ICC(A,k) interval.
 */
function absoluteAgreementBounds(n: number, k: number, BMS: number, JMS: number, EMS: number, rho: number, tail: number): [number, number] {
  if (!Number.isFinite(rho)) return [Number.NaN, Number.NaN];
  // No residual and no judge effect: the judges agree exactly, and both bounds equal 1 whatever ν is.
  if (EMS === 0 && JMS === 0) return [1, 1];
  const fJ = JMS / EMS;
  const centre = n * (1 + (k - 1) * rho) - k * rho;
  let nu: number;
  if (EMS === 0) {
    // Only judge offsets remain: the residual term of Satterthwaite's sum vanishes and ν = k − 1.
    nu = k - 1;
  } else {
    nu = ((k - 1) * (n - 1) * (k * rho * fJ + centre) ** 2) / ((n - 1) * k * k * rho * rho * fJ * fJ + centre ** 2);
  }
  // A degenerate table (e.g. no spread between targets and none between judges) leaves no
  // degrees of freedom for the interval: it is undefined, not an error.
  if (!(nu > 0) || !Number.isFinite(nu)) return [Number.NaN, Number.NaN];
  const fStar = fQuantile(tail, n - 1, nu);
  const fStarStar = fQuantile(tail, nu, n - 1);
  const spread = k * JMS + (k * n - k - n) * EMS;
  const lower = (n * (BMS - fStar * EMS)) / (fStar * spread + n * BMS);
  const upper = (n * (fStarStar * BMS - EMS)) / (spread + n * fStarStar * BMS);
  return [lower, upper];
}
