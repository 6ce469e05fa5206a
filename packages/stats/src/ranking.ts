/**
 * The published order of speakers, and which neighbours in it the data cannot tell apart.
 * A rank printed without its uncertainty invites reading a 0.01 difference as a verdict on a
 * cadre; marking adjacent speakers as tied where the bootstrap cannot separate them prevents it
 * (Goldstein & Spiegelhalter, "League tables and their limitations", JRSS A 159(3), 1996).
 */

/**
 * Adjacent speakers are statistically tied when min(p, 1 − p) > 0.025 for p = P*(A > B): the
 * bootstrap puts more than 2.5 % of its mass on either order — in effect the two-sided 95 %
 * percentile interval of score_A − score_B covers 0, a two-sided bootstrap test at 5 % that does
 * not reject (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 16). A NaN p (no replicate scored both) is not a tie: it is no evidence.
 */
export function statisticallyTied(pAB: number): boolean {
  // Written as 0.025 < p < 0.975 rather than min(p, 1 − p) > 0.025: in floating point
  // 1 − 0.975 is 0.025000000000000022, which would call 975 wins of 1000 a tie but 25 not.
  return pAB > 0.025 && pAB < 0.975;
}

export interface RankedSpeaker {
  speaker: number;
  rank: number;
  tiedWith: number[];
}

/**
 * Orders speakers by score descending (NaN last; equal scores by speaker index, so the order is
 * reproducible); rank is standard competition ranking ("1224") on exactly
 * equal scores, speakers without a score sharing the rank after the last scored one;
 * tiedWith lists the neighbours in that order (the one above, then the one below) that are
 * statistically tied per pBeats (`statisticallyTied(pBeats[a * n + b])`) or have exactly the same
 * score. pBeats may be omitted (then only exact equality ties). A speaker without a score is tied
 * with no one.
 */
export function rankSpeakers(scores: ArrayLike<number>, pBeats?: Float64Array): RankedSpeaker[] {
  const n = scores.length;
  if (pBeats && pBeats.length !== n * n) throw new RangeError(`pBeats has ${pBeats.length} entries, expected ${n * n}`);
  const order = Array.from({ length: n }, (_, s) => s);
  order.sort((a, b) => {
    const na = Number.isNaN(scores[a]!);
    const nb = Number.isNaN(scores[b]!);
    if (na !== nb) return na ? 1 : -1;
    return scores[b]! - scores[a]! || a - b; // NaN from ∞ − ∞ falls through to the index
  });
  const tied = (a: number, b: number): boolean => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (Number.isNaN(sa) || Number.isNaN(sb)) return false;
    if (sa === sb) return true;
    return pBeats !== undefined && statisticallyTied(pBeats[a * n + b]!);
  };
  const ranked: RankedSpeaker[] = [];
  for (let i = 0; i < n; i++) {
    const speaker = order[i]!;
    const previous = ranked[i - 1];
    const sameAsPrevious =
      previous !== undefined && (scores[previous.speaker] === scores[speaker] || (Number.isNaN(scores[previous.speaker]!) && Number.isNaN(scores[speaker]!)));
    const tiedWith: number[] = [];
    if (i > 0 && tied(speaker, order[i - 1]!)) tiedWith.push(order[i - 1]!);
    if (i < n - 1 && tied(speaker, order[i + 1]!)) tiedWith.push(order[i + 1]!);
    ranked.push({ speaker, rank: sameAsPrevious ? previous.rank : i + 1, tiedWith });
  }
  return ranked;
}
