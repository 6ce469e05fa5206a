/**
 * Descriptive statistics of one set of scores. Pure functions: no I/O, no mutation of input.
 */

/** Arithmetic mean. Throws on an empty list: an average of nothing is not zero. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('mean of an empty list');
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Sample standard deviation with Bessel's correction, s = sqrt(Σ(x − x̄)² / (n − 1))
 * (NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.5.6). Zero for a single value.
 */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

/** Median: the middle value, or the mean of the two middle values for an even count. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export type Trim = { k: number } | { fraction: number; atLeast?: number };

/**
 * Scores dropped (or replaced) at each end of n under a trim: k itself, or floor(fraction · n)
 * but at least `atLeast` (default 0). Throws unless that is a whole number ≥ 0.
 */
export function trimCount(trim: Trim, n: number): number {
  const k = 'k' in trim ? trim.k : Math.max(Math.floor(trim.fraction * n), trim.atLeast ?? 0);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`trim must be a whole number ≥ 0, got ${k}`);
  return k;
}

export interface TrimmedMean {
  value: number;
  /** Scores dropped from each end. */
  dropped: number;
  /** True when too few scores were left to drop k from each end, so the plain mean was taken. */
  fellBackToMean: boolean;
}

/**
 * Trimmed mean as Chinese contests and diving judges use it: sort, drop k scores from each end
 * by position (ties are dropped one at a time, not as a group), average the rest
 * (Wilcox, "Introduction to Robust Estimation and Hypothesis Testing", 4th ed., §3.3).
 * With a fraction, k = floor(fraction · n), but at least `atLeast` (default 0).
 * With n < 2k + 1 no score would be left in the middle to stand for the panel, so the plain
 * mean is returned and `fellBackToMean` says so.
 */
export function trimmedMean(xs: readonly number[], trim: Trim): TrimmedMean {
  if (xs.length === 0) throw new RangeError('trimmed mean of an empty list');
  const k = trimCount(trim, xs.length);
  if (xs.length < 2 * k + 1) return { value: mean(xs), dropped: 0, fellBackToMean: true };
  const s = [...xs].sort((a, b) => a - b);
  return { value: mean(s.slice(k, s.length - k)), dropped: k, fellBackToMean: false };
}

export interface WinsorizedMean {
  value: number;
  /** Scores replaced at each end (k), as trimmedMean's `dropped` counts scores dropped from each end. */
  replaced: number;
  /** True when too few scores were left to replace k at each end, so the plain mean was taken. */
  fellBackToMean: boolean;
}

/**
 * Winsorized mean: sort, replace the k lowest scores by the (k+1)-th lowest and the k highest by
 * the (k+1)-th highest, average all n (Wilcox, "Introduction to Robust Estimation and Hypothesis
 * Testing", 4th ed., 2017, §3.3). Unlike the trimmed mean, an extreme score still counts
 * as a ballot, only at the edge of the others. Same k rule and fallback as trimmedMean: k per
 * side, or floor(fraction · n) but at least `atLeast`; the plain mean when n < 2k + 1.
 */
export function winsorizedMean(xs: readonly number[], trim: Trim): WinsorizedMean {
  if (xs.length === 0) throw new RangeError('winsorized mean of an empty list');
  const k = trimCount(trim, xs.length);
  if (xs.length < 2 * k + 1) return { value: mean(xs), replaced: 0, fellBackToMean: true };
  const s = [...xs].sort((a, b) => a - b);
  const low = s[k]!;
  const high = s[s.length - 1 - k]!;
  return { value: mean(s.map((x, i) => (i < k ? low : i >= s.length - k ? high : x))), replaced: k, fellBackToMean: false };
}
