/**
 * Which raters and speakers can be compared at all. Two speakers are on one scale only when a
 * chain of shared raters links them (speaker A and rater 1, rater 1 and speaker B, …): a rater
 * effects model can separate "this rater is severe" from "this speaker is weak" only inside such
 * a connected component, so every severity and every adjusted score is relative to its own
 * component (Searle, "Linear Models", 1971, ch. 7, on connectedness in the two-way
 * classification; Abowd, Kramarz & Margolis, "High wage workers and high wage firms",
 * Econometrica 67(2), 1999, for the same normalisation per connected set).
 */

/**
 * Components of a bipartite graph given as an edge list (left[i] — right[i]), by union–find with
 * union by size and path halving (Tarjan, "Efficiency of a good but not linear set union
 * algorithm", JACM 22(2), 1975; Tarjan & van Leeuwen, JACM 31(2), 1984): near-linear in the
 * number of edges. Every node gets a label, an isolated node a component of its own; labels
 * are 0 … count − 1 in order of each component's first node (left nodes first, then right).
 */
export function bipartiteComponentLabels(
  leftCount: number,
  rightCount: number,
  left: ArrayLike<number>,
  right: ArrayLike<number>,
): { leftLabel: Int32Array; rightLabel: Int32Array; count: number } {
  checkCount('leftCount', leftCount);
  checkCount('rightCount', rightCount);
  if (left.length !== right.length) throw new RangeError(`left has ${left.length} entries, right ${right.length}`);
  const nodes = leftCount + rightCount;
  const parent = new Int32Array(nodes);
  const size = new Int32Array(nodes).fill(1);
  for (let v = 0; v < nodes; v++) parent[v] = v;
  for (let i = 0; i < left.length; i++) {
    const a = left[i]!;
    const b = right[i]!;
    // (x >>> 0) === x: a whole number in [0, 2³²), in one comparison on the hot path.
    if (!(a >>> 0 === a && a < leftCount)) throw new RangeError(`left[${i}] = ${a} is not an index below ${leftCount}`);
    if (!(b >>> 0 === b && b < rightCount)) throw new RangeError(`right[${i}] = ${b} is not an index below ${rightCount}`);
    let ra = find(parent, a);
    let rb = find(parent, leftCount + b);
    if (ra === rb) continue;
    if (size[ra]! < size[rb]!) {
      const t = ra;
      ra = rb;
      rb = t;
    }
    parent[rb] = ra;
    size[ra]! += size[rb]!;
  }
  const labelOfRoot = new Int32Array(nodes).fill(-1);
  const labels = new Int32Array(nodes);
  let count = 0;
  for (let v = 0; v < nodes; v++) {
    const root = find(parent, v);
    if (labelOfRoot[root] === -1) labelOfRoot[root] = count++;
    labels[v] = labelOfRoot[root]!;
  }
  return { leftLabel: labels.slice(0, leftCount), rightLabel: labels.slice(leftCount), count };
}

/**
 * Speakers grouped by connected component (a rater links every speaker it scored); components
 * sorted largest first (equal sizes by their lowest speaker), speakers ascending inside. Every
 * speaker is in exactly one component: one that nobody scored stands alone. Union–find over the
 * bipartite rater–speaker graph (Tarjan 1975).
 */
export function speakerComponents(raterCount: number, speakerCount: number, rater: ArrayLike<number>, speaker: ArrayLike<number>): number[][] {
  const { rightLabel, count } = bipartiteComponentLabels(raterCount, speakerCount, rater, speaker);
  const groups: number[][] = Array.from({ length: count }, () => []);
  for (let s = 0; s < speakerCount; s++) groups[rightLabel[s]!]!.push(s);
  // Components holding only raters (a rater with no ballot) have no speaker to report.
  return groups.filter((g) => g.length > 0).sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/** Root of v's tree, halving the path on the way (every node on it then points to its grandparent). */
function find(parent: Int32Array, v: number): number {
  while (parent[v] !== v) {
    const grand = parent[parent[v]!]!;
    parent[v] = grand;
    v = grand;
  }
  return v;
}

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${n}`);
}
