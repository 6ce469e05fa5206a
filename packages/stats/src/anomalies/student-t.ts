/**
 * Lower tail of Student's t distribution, for the significance of a negative Pearson r.
 * Kept here rather than exported from the package: it serves the anomaly detectors only.
 */
import { regularizedIncompleteBeta } from '../distributions';

/**
 * P(T ≤ t) for Student's t with ν degrees of freedom, through the regularised incomplete beta
 * function: for t ≤ 0, P(T ≤ t) = ½ · I_{ν/(ν+t²)}(ν/2, ½)
 * (Abramowitz & Stegun, "Handbook of Mathematical Functions", 1964, eq. 26.7.1 with 26.5.27;
 * Press et al., "Numerical Recipes", 3rd ed., 2007, eq. 6.14.11).
 */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) throw new RangeError(`degrees of freedom must be positive, got ${degreesOfFreedom}`);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  if (t === Number.POSITIVE_INFINITY) return 1;
  const tail = 0.5 * regularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
  return t <= 0 ? tail : 1 - tail;
}

/**
 * One-sided p of H0: ρ ≥ 0 against ρ < 0 for a sample Pearson r over n pairs:
 * t = r·√(n − 2) / √(1 − r²) with n − 2 degrees of freedom (Fisher, "Frequency distribution of
 * the values of the correlation coefficient in samples from an indefinitely large population",
 * Biometrika 10, 1915; Sheskin, "Handbook of Parametric and Nonparametric Statistical
 * Procedures", 5th ed., 2011, Test 28, eq. 28.3). Needs n ≥ 3.
 */
export function negativeCorrelationP(r: number, n: number): number {
  if (n < 3) throw new RangeError(`a correlation test needs at least 3 pairs, got ${n}`);
  if (r <= -1) return 0;
  if (r >= 1) return 1;
  return studentTCdf((r * Math.sqrt(n - 2)) / Math.sqrt(1 - r * r), n - 2);
}
