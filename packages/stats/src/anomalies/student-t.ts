/**
 * Lower tail of Student's t distribution, for the significance of a negative Pearson r.
 * Kept here rather than exported from the package: it serves the anomaly detectors only.
 */

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

/** I_x(a, b) by the continued fraction of Press et al., "Numerical Recipes", 3rd ed., §6.4, eqs. 6.4.5–6.4.9 (modified Lentz). */
function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast only for x < (a+1)/(a+b+2); use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const epsilon = 1e-15;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < epsilon) break;
  }
  return h;
}

/**
 * ln Γ(x) by the Lanczos approximation (Lanczos, "A precision approximation of the gamma
 * function", SIAM J. Numer. Anal. B 1, 1964, eq. 1) with g = 7 and P. Godfrey's 9 coefficients
 * (2001), about 15 significant digits; reflection Γ(x)Γ(1−x) = π / sin πx below ½.
 */
function logGamma(x: number): number {
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = coefficients[0]!;
  for (let k = 1; k < 9; k++) sum += coefficients[k]! / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
