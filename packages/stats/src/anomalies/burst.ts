import { isTime } from './careless';
import { compareVectors, fixed, formatP, type Panel } from './panel';
import type { AnomalyFlag, ResolvedOptions } from './types';

/**
 * identical_burst: at least burstMinSize ballots for one speaker with the same score vector,
 * submitted within burstWindowSeconds of one another — a bloc scoring to instructions or a
 * script. Ballots without submittedAt are not judged.
 *
 * Rule: group the timed ballots by (speaker, vector), sort each group by time, slide a window
 * [t_i, t_i + W]; every window holding ≥ burstMinSize ballots qualifies, and overlapping
 * qualifying windows are merged into one flag (a long bloc is one flag; its span may exceed W).
 *
 * Chance gate: in a full hall, a popular vector (all 10s for a well-liked talk) given by a
 * dozen honest raters lands 5 times in 10 s by chance — the simulated 300-rater hall does so
 * in about one panel in four. So the run is flagged only when it is also improbable given how
 * common its vector is: under H0 the m ballots carrying the vector are a random m of the
 * speaker's N timed ballots, times fixed, and the largest count k found in one window is
 * compared by the scan bound p ≤ Σ_j P(Hypergeometric(N, m, w_j) ≥ k) over the N windows
 * [t_j, t_j + W] of the speaker's ballots holding w_j ballots each (Bonferroni over windows;
 * Glaz, Naus & Wallenstein, "Scan Statistics", 2001, §1.2 and ch. 2; hypergeometric tail as in
 * Johnson, Kemp & Kotz, "Univariate Discrete Distributions", 3rd ed., 2005, eq. 6.1).
 * Flagged when p < burstAlpha; burstAlpha ≥ 1 keeps the bare size-and-window rule.
 * O(n log n) overall; the bound is computed only for runs that pass the rule.
 */
export function detectIdenticalBursts(panel: Panel, options: ResolvedOptions): AnomalyFlag[] {
  const ballots = panel.ballots;
  // Timed ballots by speaker, then sorted by vector and time: equal vectors become adjacent
  // without building a string key for each of 150,000 ballots.
  const bySpeaker: number[][] = panel.speakerNames.map(() => []);
  for (let i = 0; i < ballots.length; i++) if (isTime(ballots[i]!.submittedAt)) bySpeaker[panel.ballotSpeaker[i]!]!.push(i);
  const time = (i: number) => ballots[i]!.submittedAt!;

  const logFactorial = logFactorials(Math.max(0, ...bySpeaker.map((timed) => timed.length)));
  const flags: AnomalyFlag[] = [];
  for (const timed of bySpeaker) {
    if (timed.length < options.burstMinSize) continue;
    timed.sort((a, b) => compareVectors(ballots[a]!.scores, ballots[b]!.scores) || time(a) - time(b) || a - b);
    let sortedTimes: number[] | undefined;
    for (let from = 0; from < timed.length; ) {
      let to = from + 1;
      while (to < timed.length && compareVectors(ballots[timed[from]!]!.scores, ballots[timed[to]!]!.scores) === 0) to++;
      const runs = to - from >= options.burstMinSize ? burstRuns(timed.slice(from, to), time, options) : [];
      for (const run of runs) {
        sortedTimes ??= timed.map(time).sort((a, b) => a - b);
        const p = scanBound(sortedTimes, to - from, run.largestWindow, options.burstWindowSeconds * 1000, logFactorial);
        if (options.burstAlpha >= 1 || p < options.burstAlpha) flags.push(burstFlag(panel, run, to - from, timed.length, p, options));
      }
      from = to;
    }
  }
  return flags;
}

interface BurstRun {
  ballots: number[];
  /** The most ballots of the run inside one window of W seconds. */
  largestWindow: number;
}

/** Qualifying windows of one time-sorted group of identical vectors, overlapping ones merged. */
function burstRuns(group: number[], time: (i: number) => number, options: ResolvedOptions): BurstRun[] {
  const windowMs = options.burstWindowSeconds * 1000;
  const runs: BurstRun[] = [];
  let runStart = -1;
  let runEnd = -1; // exclusive
  let largestWindow = 0;
  let j = 0;
  for (let i = 0; i < group.length; i++) {
    if (j < i) j = i;
    while (j < group.length && time(group[j]!) - time(group[i]!) <= windowMs) j++;
    if (j - i < options.burstMinSize) continue;
    if (runStart >= 0 && i < runEnd) {
      runEnd = Math.max(runEnd, j);
      largestWindow = Math.max(largestWindow, j - i);
    } else {
      if (runStart >= 0) runs.push({ ballots: group.slice(runStart, runEnd), largestWindow });
      runStart = i;
      runEnd = j;
      largestWindow = j - i;
    }
  }
  if (runStart >= 0) runs.push({ ballots: group.slice(runStart, runEnd), largestWindow });
  return runs;
}

/** Σ_j P(X_j ≥ k), X_j ~ Hypergeometric(N, m, w_j), w_j the ballots in [t_j, t_j + W]; capped at 1. */
function scanBound(sortedTimes: readonly number[], vectorCount: number, k: number, windowMs: number, logFactorial: Float64Array): number {
  const logChoose = (n: number, r: number) => logFactorial[n]! - logFactorial[r]! - logFactorial[n - r]!;
  const n = sortedTimes.length;
  let bound = 0;
  let end = 0;
  for (let start = 0; start < n && bound < 1; start++) {
    if (end < start) end = start;
    while (end < n && sortedTimes[end]! - sortedTimes[start]! <= windowMs) end++;
    const w = end - start;
    if (w < k) continue;
    let tail = 0;
    const denominator = logChoose(n, w);
    // x can be no smaller than the window's excess over the ballots without the vector.
    for (let x = Math.max(k, w - (n - vectorCount)); x <= Math.min(w, vectorCount); x++)
      tail += Math.exp(logChoose(vectorCount, x) + logChoose(n - vectorCount, w - x) - denominator);
    bound += tail;
  }
  return Math.min(1, bound);
}

/** ln k! for k = 0 … n, summed once so that each hypergeometric term costs three look-ups. */
function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
}

function burstFlag(
  panel: Panel,
  { ballots: run, largestWindow }: BurstRun,
  vectorCount: number,
  speakerBallots: number,
  p: number,
  options: ResolvedOptions,
): AnomalyFlag {
  const first = panel.ballots[run[0]!]!;
  const spanSeconds = (panel.ballots[run[run.length - 1]!]!.submittedAt! - first.submittedAt!) / 1000;
  const raters = new Set(run.map((i) => panel.ballotRater[i]!)).size;
  return {
    kind: 'identical_burst',
    speaker: first.speaker,
    detail:
      `${run.length} 张选票（${raters} 名评分人）在 ${fixed(spanSeconds, 1)} 秒内对该主讲人给出完全相同的分数 (${first.scores.join(',')})，` +
      `而该主讲人全部 ${speakerBallots} 张选票中此组分数共 ${vectorCount} 张，偶然如此集中的概率 p ≤ ${formatP(p)}，疑似有组织或脚本投票`,
    evidence: {
      ballots: run.length,
      raters,
      spanSeconds,
      largestWindowCount: largestWindow,
      vectorCount,
      speakerBallots,
      p,
      windowSeconds: options.burstWindowSeconds,
      minSize: options.burstMinSize,
    },
    ballots: [...run].sort((a, b) => a - b),
  };
}
