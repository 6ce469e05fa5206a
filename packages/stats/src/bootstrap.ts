/**
 * How sure is a speaker's score, and its place? The audience is a sample of raters, and one
 * rater's ballots on all speakers hang together (a lenient rater is lenient for everyone), so the
 * unit resampled is the rater with all of its ballots: the cluster (case) bootstrap of Davison &
 * Hinkley, "Bootstrap Methods and their Application", 1997, §3.8, as Field & Welsh, "Bootstrapping
 * clustered data", JRSS B 69(3), 2007, recommend when clusters are the sampled units.
 */
import { type Trim, trimCount } from './descriptive';
import { seededRandom } from './random';

export interface BootstrapOptions {
  /** Default 1000. */
  replicates?: number;
  /** Default 1: the same seed gives the same intervals on every machine. */
  seed?: number;
  /**
   * A stratum per rater (e.g. 0 audience, 1 expert): each replicate then draws, within every
   * stratum, as many raters as it has, with replacement — a stratified bootstrap (Davison &
   * Hinkley 1997, §3.7), so that a replicate keeps the panel's composition (a replicate with
   * no expert would score a weighted mix the edition never had).
   */
  strata?: ArrayLike<number>;
}

export interface SpeakerBootstrap {
  replicates: number;
  /** Per speaker, percentile 95 % interval of its score over replicates (NaN replicates — speaker with no rater drawn — skipped). */
  ci95: Array<[number, number]>;
  /** Per speaker, percentile 95 % interval of its rank position (1 = best). */
  rankCi95: Array<[number, number]>;
  /** pBeats[a * speakerCount + b] = P*(score_a > score_b) over replicates, exact ties counting one half. */
  pBeats: Float64Array;
}

/**
 * Draws raterCount raters with replacement per replicate (all of a drawn rater's ballots move
 * together) and re-scores every speaker with `score(sample)`, which receives the drawn rater
 * indices (with repeats, a fresh array each replicate) and returns a score per speaker.
 *
 * Percentile interval (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, §13.3;
 * Davison & Hinkley 1997, ch. 5, with their (B + 1)α order-statistic convention): of the B
 * replicates where the speaker has a score, sorted ascending, the k-th and the (B + 1 − k)-th, k = max(1, ⌊(B + 1)·0.025⌋) — for
 * B = 1000 the 25th and the 976th; for B = 999 the 25th and the 975th. Order statistics, not
 * interpolation, so a rank interval is made of ranks. With B < 39 that is the minimum and the
 * maximum. A speaker with no score in any replicate gets [NaN, NaN].
 *
 * Rank in a replicate: 1 + the number of speakers with a strictly higher score there
 * (competition ranking; speakers without a score in that replicate are left out of it).
 */
export function clusterBootstrap(
  raterCount: number,
  speakerCount: number,
  score: (raterSample: Int32Array) => ArrayLike<number>,
  options: BootstrapOptions = {},
): SpeakerBootstrap {
  const replicates = options.replicates ?? 1000;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(raterCount) || raterCount < 1) throw new RangeError(`raterCount must be a whole number ≥ 1, got ${raterCount}`);
  if (!Number.isInteger(speakerCount) || speakerCount < 0) throw new RangeError(`speakerCount must be a whole number ≥ 0, got ${speakerCount}`);
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`replicates must be a whole number ≥ 1, got ${replicates}`);
  const random = seededRandom(seed);
  const members = options.strata ? strataMembers(options.strata, raterCount) : null;
  const S = speakerCount;
  // scores[b * S + s]: speaker s in replicate b.
  const scores = new Float64Array(replicates * S);
  for (let b = 0; b < replicates; b++) {
    const sample = new Int32Array(raterCount);
    if (members) {
      let i = 0;
      for (const m of members) for (let j = 0; j < m.length; j++) sample[i++] = m[random.int(m.length)]!;
    } else for (let i = 0; i < raterCount; i++) sample[i] = random.int(raterCount);
    const got = score(sample);
    if (got.length !== S) throw new RangeError(`the scorer returned ${got.length} scores for ${S} speakers`);
    for (let s = 0; s < S; s++) scores[b * S + s] = got[s]!;
  }

  const ranks = new Float64Array(replicates * S);
  const wins = new Float64Array(S * S); // wins + ½ ties, per ordered pair
  const pairs = new Float64Array(S * S); // replicates where both have a score
  for (let b = 0; b < replicates; b++) {
    const row = b * S;
    for (let a = 0; a < S; a++) {
      const sa = scores[row + a]!;
      if (Number.isNaN(sa)) {
        ranks[row + a] = Number.NaN;
        continue;
      }
      let above = 0;
      for (let o = 0; o < S; o++) {
        const so = scores[row + o]!;
        if (Number.isNaN(so)) continue;
        if (so > sa) above += 1;
        pairs[a * S + o]! += 1;
        if (sa > so) wins[a * S + o]! += 1;
        else if (sa === so) wins[a * S + o]! += 0.5;
      }
      ranks[row + a] = above + 1;
    }
  }
  const pBeats = new Float64Array(S * S);
  for (let j = 0; j < S * S; j++) pBeats[j] = pairs[j]! > 0 ? wins[j]! / pairs[j]! : Number.NaN;

  const column = new Float64Array(replicates);
  const interval = (values: Float64Array, s: number): [number, number] => {
    let m = 0;
    for (let b = 0; b < replicates; b++) {
      const v = values[b * S + s]!;
      if (!Number.isNaN(v)) column[m++] = v;
    }
    return percentileInterval95(column.subarray(0, m));
  };
  const ci95: Array<[number, number]> = [];
  const rankCi95: Array<[number, number]> = [];
  for (let s = 0; s < S; s++) {
    ci95.push(interval(scores, s));
    rankCi95.push(interval(ranks, s));
  }
  return { replicates, ci95, rankCi95, pBeats };
}

/** The raters of each stratum, strata in ascending order of their label. */
function strataMembers(strata: ArrayLike<number>, raterCount: number): Int32Array[] {
  if (strata.length !== raterCount) throw new RangeError(`strata has ${strata.length} entries for ${raterCount} raters`);
  const byLabel = new Map<number, number[]>();
  for (let r = 0; r < raterCount; r++) {
    const label = strata[r]!;
    if (!byLabel.has(label)) byLabel.set(label, []);
    byLabel.get(label)!.push(r);
  }
  return [...byLabel.entries()].sort((a, b) => a[0] - b[0]).map(([, rs]) => Int32Array.from(rs));
}

/** Sorts `values` in place and returns the k-th and (B + 1 − k)-th order statistics, k = max(1, ⌊(B + 1)·0.025⌋). */
function percentileInterval95(values: Float64Array): [number, number] {
  const B = values.length;
  if (B === 0) return [Number.NaN, Number.NaN];
  values.sort();
  const k = Math.max(1, Math.floor((B + 1) * 0.025));
  return [values[k - 1]!, values[B - k]!];
}

/**
 * Builds a scorer for clusterBootstrap: per speaker, the trimmed mean (trimmedMean's rule, k per
 * side or fraction; the plain mean when fewer than 2k + 1 scores; NaN when none) of the pooled
 * scores of the drawn raters, a rater drawn twice counting twice. `byRater[r]` lists rater r's
 * observations as (speaker, value) pairs in two parallel arrays.
 *
 * Hot path without a sort: the distinct values each speaker received are ranked once, here;
 * a replicate then counts the drawn ballots per (speaker, value) and drops k from each end of
 * the counts (counting sort, Knuth, TAOCP vol. 3, 2nd ed., §5.2, Algorithm D). Per replicate
 * that is O(drawn ballots + distinct (speaker, value) pairs) whatever the values are: on a ballot
 * scale with 10 levels the second term is 10 per speaker; with arbitrary real scores it is at
 * most the number of ballots, so it stays linear and exact. Gives trimmedMean's value up to the
 * order of floating-point addition (value × count instead of one addition per ballot).
 */
export function trimmedMeanScorer(
  speakerCount: number,
  byRater: { speaker: Int32Array; value: Float64Array }[],
  trim: Trim,
): (raterSample: Int32Array) => Float64Array {
  const S = speakerCount;
  if (!Number.isInteger(S) || S < 0) throw new RangeError(`speakerCount must be a whole number ≥ 0, got ${S}`);
  if ('k' in trim) trimCount(trim, 0);
  else if (!(trim.fraction >= 0) || !Number.isFinite(trim.fraction)) throw new RangeError(`trim fraction must be a finite number ≥ 0, got ${trim.fraction}`);
  const kFor = (n: number): number => trimCount(trim, n);

  // Each speaker's distinct values, ascending, laid end to end: levels[first[s] … first[s + 1]).
  const valuesOf: Array<Set<number>> = Array.from({ length: S }, () => new Set());
  for (const [r, own] of byRater.entries()) {
    if (own.speaker.length !== own.value.length) throw new RangeError(`rater ${r}: ${own.speaker.length} speakers but ${own.value.length} values`);
    for (let j = 0; j < own.value.length; j++) {
      const s = own.speaker[j]!;
      const v = own.value[j]!;
      if (!(s >= 0 && s < S)) throw new RangeError(`rater ${r}: speaker ${s} is not an index below ${S}`);
      if (!Number.isFinite(v)) throw new RangeError(`rater ${r}: score ${v} is not a finite number`);
      valuesOf[s]!.add(v);
    }
  }
  const first = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) first[s + 1] = first[s]! + valuesOf[s]!.size;
  const levels = new Float64Array(first[S]!);
  const slotOfValue = valuesOf.map((values, s) => {
    const sorted = Float64Array.from(values).sort();
    levels.set(sorted, first[s]!);
    return new Map(Array.from(sorted, (v, rank) => [v, first[s]! + rank]));
  });
  // Per rater, the slot of each ballot, so that a replicate only increments counters.
  const slots = byRater.map((own) => Int32Array.from(own.value, (v, j) => slotOfValue[own.speaker[j]!]!.get(v)!));
  const counts = new Int32Array(levels.length);

  return (raterSample) => {
    counts.fill(0);
    for (let i = 0; i < raterSample.length; i++) {
      const own = slots[raterSample[i]!];
      if (!own) throw new RangeError(`rater ${raterSample[i]} has no entry in byRater`);
      for (let j = 0; j < own.length; j++) counts[own[j]!]! += 1;
    }
    const out = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      const start = first[s]!;
      const end = first[s + 1]!;
      let n = 0;
      for (let v = start; v < end; v++) n += counts[v]!;
      if (n === 0) {
        out[s] = Number.NaN;
        continue;
      }
      let k = kFor(n);
      if (n < 2 * k + 1) k = 0; // trimmedMean's fallback to the plain mean
      // Drop k ballots from the bottom, one at a time: whole levels while they fit, then part of
      // level lo; likewise from the top. n ≥ 2k + 1 keeps lo ≤ hi.
      let drop = k;
      let lo = start;
      while (counts[lo]! <= drop) drop -= counts[lo++]!;
      const loDropped = drop;
      drop = k;
      let hi = end - 1;
      while (counts[hi]! <= drop) drop -= counts[hi--]!;
      const hiDropped = drop;
      let sum: number;
      if (lo === hi) sum = levels[lo]! * (counts[lo]! - loDropped - hiDropped);
      else {
        sum = levels[lo]! * (counts[lo]! - loDropped) + levels[hi]! * (counts[hi]! - hiDropped);
        for (let v = lo + 1; v < hi; v++) sum += levels[v]! * counts[v]!;
      }
      out[s] = sum / (n - 2 * k);
    }
    return out;
  };
}
