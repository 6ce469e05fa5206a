/**
 * A seeded pseudo-random generator, so that a bootstrap or a permutation test gives the same
 * figures on every run and every machine (an auditor re-running an analysis must get the
 * published numbers). Math.random cannot be seeded.
 *
 * mulberry32 (Tommy Ettinger, 2017; public domain): a 32-bit state, full period 2^32,
 * passes gjrand and PractRand to 2^32 bytes — ample for B = 1000 resamples of a few thousand
 * raters. Not for secrets.
 */
export interface Random {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform integer on [0, n). */
  int(n: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

/** Fisher–Yates shuffle in place (Knuth, TAOCP vol. 2, §3.4.2, Algorithm P). */
export function shuffleInPlace<T>(xs: T[], random: Random): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = t;
  }
  return xs;
}
