/**
 * Up to this many pairs the p of a negative correlation is exact, over all n! orders (5,040 at
 * 7); above it, Student's t (negativeCorrelationP), whose assumptions matter less as n grows.
 */
export const EXACT_CORRELATION_MAX_PAIRS = 7;

/**
 * One-sided exact permutation p of "x is unrelated to c" (every order of x against c equally
 * likely) against a negative association: the share of the n! orders π of x whose Σ x_π(k)·c_k
 * is at most the observed Σ x_k·c_k (Pitman, "Significance tests which may be applied to
 * samples from any populations. II. The correlation coefficient test", Supplement to the
 * Journal of the Royal Statistical Society 4(2), 1937, pp. 225–232). Reordering x changes
 * neither its mean nor its spread, so Pearson's r ranks the orders exactly as Σ x·c does.
 *
 * Why not the t test at these sizes: with 3 speakers it has one degree of freedom and reads an
 * exactly reversed order (r = −1) as p = 0, while by chance alone one rater in 6 orders 3
 * speakers exactly against the consensus. Here that p is 1/6, and a single rater can never be
 * flagged against 3 speakers at α = 0.05 — nor should it be. Ties are counted as they fall
 * (orders giving the same sum as the observed one count against it).
 */
export function exactNegativeCorrelationP(xs: readonly number[], cs: readonly number[]): number {
  const n = xs.length;
  if (n !== cs.length) throw new RangeError(`x and c differ in length: ${n} and ${cs.length}`);
  if (n < 2) throw new RangeError(`a permutation test needs at least 2 pairs, got ${n}`);
  if (n > EXACT_CORRELATION_MAX_PAIRS) throw new RangeError(`at most ${EXACT_CORRELATION_MAX_PAIRS} pairs are enumerated, got ${n}`);
  const x = [...xs];
  let observed = 0;
  let scale = 0;
  for (let k = 0; k < n; k++) {
    observed += x[k]! * cs[k]!;
    scale += Math.abs(x[k]! * cs[k]!);
  }
  // Sums of the same products in another order differ in the last bits; that is a tie, not a difference.
  const limit = observed + 1e-12 * (1 + scale);
  const sum = () => {
    let s = 0;
    for (let k = 0; k < n; k++) s += x[k]! * cs[k]!;
    return s;
  };
  // Heap's algorithm, iterative (Heap, "Permutations by interchanges", The Computer Journal 6(3), 1963): each order once.
  const counter = new Array<number>(n).fill(0);
  let atMost = 1; // the identity order is the observed one
  let orders = 1;
  let i = 1;
  while (i < n) {
    if (counter[i]! < i) {
      const j = i % 2 === 0 ? 0 : counter[i]!;
      const t = x[j]!;
      x[j] = x[i]!;
      x[i] = t;
      orders += 1;
      if (sum() <= limit) atMost += 1;
      counter[i]! += 1;
      i = 1;
    } else {
      counter[i] = 0;
      i += 1;
    }
  }
  return atMost / orders;
}
