/**
 * The special functions and distribution functions that the reliability statistics need for their
 * p-values and confidence intervals. Pure functions, written here rather than imported so that every
 * figure in a cadre's evaluation can be traced to a cited formula.
 *
 * Parameters that make no sense (a non-positive degree of freedom, a probability outside [0, 1])
 * throw RangeError; a NaN argument in the variable position propagates as NaN, as Math functions do,
 * so that an undefined statistic (e.g. an F ratio of 0/0 from constant data) stays visibly undefined.
 */

/** Lanczos coefficients for g = 7, n = 9 (Godfrey, "A note on the computation of the convergent Lanczos complex Gamma approximation", 2001). */
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Relative accuracy at which the series and continued fractions below stop: a few ulps of a double. */
const EPSILON = 1e-16;
/** Stands in for zero in Lentz's algorithm so that no denominator is exactly 0 (Press et al. 2007, §5.2). */
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

function requirePositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive finite number, got ${value}`);
}

function requireProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must lie in [0, 1], got ${p}`);
}

/**
 * ln Γ(x) for x > 0 by the Lanczos approximation (Lanczos, "A precision approximation of the gamma
 * function", SIAM J. Numer. Anal. B 1, 1964, 86–96; Press et al., "Numerical Recipes", 3rd ed., 2007,
 * §6.1), with the reflection formula Γ(x)Γ(1 − x) = π / sin(πx) below 0.5 where the series is less
 * accurate. Relative error about 1e-15.
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (!(x > 0)) throw new RangeError(`logGamma is defined here for x > 0 only, got ${x}`);
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0]!;
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) sum += LANCZOS_COEFFICIENTS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/**
 * Continued fraction for I_x(a, b), evaluated by the modified Lentz method (Press et al., "Numerical
 * Recipes in C", 2nd ed., 1992, §6.4 `betacf`, eq. 6.4.5; Lentz, Applied Optics 15, 1976, 668–671).
 * Converges quickly for x < (a + 1) / (a + b + 2).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return h;
  }
  throw new RangeError(`incomplete beta did not converge for a=${a}, b=${b}, x=${x}`);
}

/**
 * I_x(a, b) given both x and 1 − x, so that callers who know 1 − x more exactly than by subtraction
 * (the F distribution's upper tail) keep their precision.
 */
function incompleteBeta(x: number, oneMinusX: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (oneMinusX <= 0) return 1;
  const logFront = a * Math.log(x) + b * Math.log(oneMinusX) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  // Symmetry I_x(a, b) = 1 − I_{1−x}(b, a) keeps the continued fraction in its fast-converging region.
  return 1 - (Math.exp(logFront) * betaContinuedFraction(oneMinusX, b, a)) / b;
}

/**
 * Regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b) for 0 ≤ x ≤ 1, a, b > 0
 * (Abramowitz & Stegun, "Handbook of Mathematical Functions", 1964, 26.5.1; computed as in Press et al.,
 * "Numerical Recipes in C", 2nd ed., 1992, §6.4, eq. 6.4.5 with the modified Lentz method).
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  requirePositive('a', a);
  requirePositive('b', b);
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0 || x > 1) throw new RangeError(`x must lie in [0, 1], got ${x}`);
  return incompleteBeta(x, 1 - x, a, b);
}

/**
 * Cumulative distribution function of Snedecor's F with d1 and d2 degrees of freedom (real, not
 * necessarily whole): P(X ≤ x) = I_{d1·x/(d1·x + d2)}(d1/2, d2/2) (Abramowitz & Stegun 1964, 26.6.2).
 */
export function fCdf(x: number, d1: number, d2: number): number {
  requirePositive('d1', d1);
  requirePositive('d2', d2);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  const denominator = d1 * x + d2;
  return incompleteBeta((d1 * x) / denominator, d2 / denominator, d1 / 2, d2 / 2);
}

/**
 * Upper tail P(X > x) of the F distribution, computed directly as I_{d2/(d1·x + d2)}(d2/2, d1/2)
 * (Abramowitz & Stegun 1964, 26.6.2 with 26.5.2) rather than as 1 − fCdf, so that small p-values keep
 * their significant digits.
 */
export function fUpperTail(x: number, d1: number, d2: number): number {
  requirePositive('d1', d1);
  requirePositive('d2', d2);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const denominator = d1 * x + d2;
  return incompleteBeta(d2 / denominator, (d1 * x) / denominator, d2 / 2, d1 / 2);
}

/**
 * Solves I_y(a, b) = target for y in (0, 1) by Newton's method on the beta density, falling back to
 * bisection whenever a step would leave the bracket (Press et al., "Numerical Recipes", 3rd ed., 2007,
 * §9.4 `rtsafe`). Converges to the last representable digit of y.
 */
function inverseIncompleteBeta(target: number, a: number, b: number): number {
  const logB = logBeta(a, b);
  let lo = 0;
  let hi = 1;
  let y = a / (a + b);
  for (let i = 0; i < 2000; i++) {
    const f = incompleteBeta(y, 1 - y, a, b) - target;
    if (f === 0) return y;
    if (f < 0) lo = y;
    else hi = y;
    const density = Math.exp((a - 1) * Math.log(y) + (b - 1) * Math.log1p(-y) - logB);
    let next = y - f / density;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - y) <= EPSILON * Math.abs(y) || next === lo || next === hi) return next;
    y = next;
  }
  return y;
}

/**
 * Quantile (inverse CDF) of the F distribution: the x with fCdf(x, d1, d2) = p. Found through the beta
 * distribution, since d1·X / (d1·X + d2) ~ Beta(d1/2, d2/2) (Abramowitz & Stegun 1964, 26.6.2); for
 * p ≥ 0.5 the equivalent upper-tail equation I_z(d2/2, d1/2) = 1 − p is solved for z = 1 − y, so
 * large quantiles are not lost to the subtraction 1 − y. Accurate to about 1e-13 relative.
 * fQuantile(0) = 0 and fQuantile(1) = Infinity.
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  requirePositive('d1', d1);
  requirePositive('d2', d2);
  requireProbability(p);
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p < 0.5) {
    const y = inverseIncompleteBeta(p, d1 / 2, d2 / 2);
    return (d2 * y) / (d1 * (1 - y));
  }
  const z = inverseIncompleteBeta(1 - p, d2 / 2, d1 / 2);
  return (d2 * (1 - z)) / (d1 * z);
}

/**
 * Regularized lower incomplete gamma P(a, x) by its series (x < a + 1) or by Legendre's continued
 * fraction for Q = 1 − P otherwise (Press et al., "Numerical Recipes in C", 2nd ed., 1992, §6.2,
 * eqs. 6.2.5 and 6.2.7, `gser` and `gcf`). Returns [P, Q], each computed without cancellation.
 */
function incompleteGamma(a: number, x: number): [number, number] {
  if (x <= 0) return [0, 1];
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let term = 1 / a;
    let sum = term;
    for (let n = 0; n < MAX_ITERATIONS; n++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) {
        const p = sum * Math.exp(logFront);
        return [p, 1 - p];
      }
    }
    throw new RangeError(`incomplete gamma series did not converge for a=${a}, x=${x}`);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) {
      const q = Math.exp(logFront) * h;
      return [1 - q, q];
    }
  }
  throw new RangeError(`incomplete gamma continued fraction did not converge for a=${a}, x=${x}`);
}

/** Chi-square CDF with df degrees of freedom: P(df/2, x/2) (Abramowitz & Stegun 1964, 26.4.19). */
export function chiSquareCdf(x: number, df: number): number {
  requirePositive('df', df);
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return incompleteGamma(df / 2, x / 2)[0];
}

/** Chi-square upper tail Q(df/2, x/2), computed directly so that small p-values keep their digits (A&S 1964, 26.4.19). */
export function chiSquareUpperTail(x: number, df: number): number {
  requirePositive('df', df);
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return incompleteGamma(df / 2, x / 2)[1];
}
