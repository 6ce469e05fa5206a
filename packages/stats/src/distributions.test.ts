import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareUpperTail, fCdf, fQuantile, fUpperTail, logGamma, regularizedIncompleteBeta } from './distributions';

describe('logGamma', () => {
  it('matches Γ(1/2) = √π and Γ(10) = 9! to 14 digits', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 13);
    expect(logGamma(1)).toBeCloseTo(0, 14);
  });

  it('satisfies Γ(x + 1) = xΓ(x) below 0.5, where the reflection formula is used', () => {
    expect(logGamma(1.25) - logGamma(0.25)).toBeCloseTo(Math.log(0.25), 13);
  });

  it('rejects x ≤ 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1.5)).toThrow(RangeError);
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches the closed forms I_x(1, b) = 1 − (1 − x)^b, I_x(a, 1) = x^a and I_½(a, a) = ½', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
    expect(regularizedIncompleteBeta(0.8, 3.5, 1)).toBeCloseTo(0.8 ** 3.5, 14);
    expect(regularizedIncompleteBeta(0.5, 40, 40)).toBeCloseTo(0.5, 12);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('rejects x outside [0, 1] and non-positive shapes', () => {
    expect(() => regularizedIncompleteBeta(1.1, 2, 3)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(0.5, 0, 3)).toThrow(RangeError);
  });
});

describe('F distribution', () => {
  // NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.3 "Upper critical values of the F
  // distribution": F(0.95; 5, 15) = 2.901, F(0.95; 1, 10) = 4.965, F(0.99; 5, 15) = 4.556.
  it('reproduces the NIST upper critical values of F', () => {
    expect(fQuantile(0.95, 5, 15)).toBeCloseTo(2.901, 3);
    expect(fQuantile(0.95, 1, 10)).toBeCloseTo(4.965, 3);
    expect(fQuantile(0.99, 5, 15)).toBeCloseTo(4.556, 3);
    expect(fCdf(2.901, 5, 15)).toBeCloseTo(0.95, 4);
  });

  it('inverts fCdf to 1e-10 over tails and fractional degrees of freedom', () => {
    for (const [p, d1, d2] of [
      [1e-9, 2, 3],
      [0.025, 5, 18],
      [0.5, 1000, 1000],
      [0.975, 5, 4.37],
      [0.999999, 7, 0.7],
    ] as const) {
      const x = fQuantile(p, d1, d2);
      expect(Math.abs(fCdf(x, d1, d2) - p)).toBeLessThan(1e-10 * Math.max(p, 1e-3));
    }
  });

  it('keeps small upper tails exact instead of computing 1 − cdf', () => {
    // With d1 = 2 the upper tail has the closed form (1 + 2x/d2)^(−d2/2): here about 1e-12.
    const x = 2e6;
    expect(fUpperTail(x, 2, 4) / (1 + x / 2) ** -2).toBeCloseTo(1, 10);
    expect(fCdf(3, 2, 4)).toBeCloseTo(1 - (1 + 3 / 2) ** -2, 14);
    expect(fUpperTail(2.901, 5, 15) + fCdf(2.901, 5, 15)).toBeCloseTo(1, 14);
  });

  it('has the limits 0 and Infinity at p = 0 and p = 1, and propagates NaN', () => {
    expect(fQuantile(0, 3, 4)).toBe(0);
    expect(fQuantile(1, 3, 4)).toBe(Number.POSITIVE_INFINITY);
    expect(fCdf(Number.NaN, 3, 4)).toBeNaN();
    expect(() => fQuantile(1.5, 3, 4)).toThrow(RangeError);
    expect(() => fCdf(1, 0, 4)).toThrow(RangeError);
  });
});

describe('chi-square distribution', () => {
  // NIST/SEMATECH e-Handbook, §1.3.6.7.4 "Critical values of the chi-square distribution":
  // χ²(0.95; 1) = 3.841, χ²(0.95; 10) = 18.307, χ²(0.99; 5) = 15.086.
  it('reproduces the NIST critical values of chi-square', () => {
    expect(chiSquareCdf(3.841, 1)).toBeCloseTo(0.95, 4);
    expect(chiSquareCdf(18.307, 10)).toBeCloseTo(0.95, 4);
    expect(chiSquareCdf(15.086, 5)).toBeCloseTo(0.99, 4);
  });

  it('matches the closed form 1 − e^(−x/2) for 2 degrees of freedom, in both tails', () => {
    expect(chiSquareCdf(3, 2)).toBeCloseTo(1 - Math.exp(-1.5), 14);
    expect(chiSquareUpperTail(90, 2) / Math.exp(-45)).toBeCloseTo(1, 10);
    expect(chiSquareCdf(0, 4)).toBe(0);
  });
});
