import { seededRandom, shuffleInPlace } from '../random';

/** Up to this many pairs every one of the n! orders is counted (5,040 at 7); above, a seeded random sample of orders. */
export const EXACT_CORRELATION_MAX_PAIRS = 7;

/**
 * One-sided permutation p of "x is unrelated to c" (every order of x against c equally likely)
 * against a negative association (Pitman, "Significance tests which may be applied to samples
 * from any populations. II. The correlation coefficient test", Supplement to the Journal of the
 * Royal Statistical Society 4(2), 1937, pp. 225–232): the share of orders π of x whose
 * Σ x_π(k)·c_k is at most the observed Σ x_k·c_k. Reordering x changes neither its mean nor its
 * spread, so Pearson's r ranks the orders exactly as Σ x·c does.
 *
 * - n ≤ EXACT_CORRELATION_MAX_PAIRS: exact, over all n! orders (the observed one among them).
 * - Above: B random orders drawn from `seed`, p = (count + 1) / (B + 1), which counts the
 *   observed order too and so is never 0 (Phipson & Smyth, "Permutation p-values should never
 *   be zero", Statistical Applications in Genetics and Molecular Biology 9(1), 2010).
 *
 * Why not Student's t of r, as before: its normal assumption cannot be judged from a handful of
 * mean scores, and one extreme point decides it. A rater whose 3 means run exactly against the
 * consensus got p = 0 there, and a rater with 8 speakers, all scored alike but the weakest
 * scored highest, p = 2·10⁻¹¹; the order alone gives 1/6 and 1/8. A rater scoring at random
 * reverses 3 speakers once in 6, so with 3 speakers the correlation rule can flag no one at
 * α = 0.05. Sums reached in another order that differ only in the last bits are ties, and
 * orders tying the observed sum count against it.
 */
export function negativeCorrelationPermutationP(xs: readonly number[], cs: readonly number[], permutations: number, seed: number): number {
  const n = xs.length;
  if (n !== cs.length) throw new RangeError(`x and c differ in length: ${n} and ${cs.length}`);
  if (n < 2) throw new RangeError(`a permutation test needs at least 2 pairs, got ${n}`);
  if (!(Number.isInteger(permutations) && permutations >= 1)) throw new RangeError(`permutations must be a positive integer, got ${permutations}`);
  const x = [...xs];
  let observed = 0;
  let scale = 0;
  for (let k = 0; k < n; k++) {
    observed += x[k]! * cs[k]!;
    scale += Math.abs(x[k]! * cs[k]!);
  }
  const limit = observed + 1e-12 * (1 + scale);
  const atMostObserved = () => {
    let s = 0;
    for (let k = 0; k < n; k++) s += x[k]! * cs[k]!;
    return s <= limit;
  };

  if (n > EXACT_CORRELATION_MAX_PAIRS) {
    const random = seededRandom(seed);
    let atMost = 0;
    for (let b = 0; b < permutations; b++) {
      // Each shuffle is a uniform order, whatever order x was left in.
      shuffleInPlace(x, random);
      if (atMostObserved()) atMost += 1;
    }
    return (atMost + 1) / (permutations + 1);
  }

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
      if (atMostObserved()) atMost += 1;
      counter[i]! += 1;
      i = 1;
    } else {
      counter[i] = 0;
      i += 1;
    }
  }
  return atMost / orders;
}
