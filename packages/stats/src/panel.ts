/**
 * One panel's scores in, every figure an analyst or an auditor asks for out: per speaker the raw
 * and robust aggregates, the rater-adjusted score, a bootstrap interval and a rank with honest
 * ties; the panel's reliability; each rater's severity; the anomaly flags; and which speakers
 * cannot be compared at all. The `analyze` command prints it (an edition's results are computed
 * from the same functions in the server's results.rules.ts).
 *
 * Pure and deterministic: the same observations, trim, replicates and seed give the same result,
 * to the last bit, on every machine. Each figure's method and source are in the function that
 * computes it (descriptive, rater-model, icc, cronbach, kendall, krippendorff, bootstrap,
 * ranking, anomalies); this file only decides what goes into each and how the answers line up.
 */
import { ANOMALY_KINDS, type AnomalyKind, detectAnomalies, type RatedBallot } from './anomalies';
import { clusterBootstrap, trimmedMeanScorer } from './bootstrap';
import { cronbachAlpha } from './cronbach';
import { mean, median, sd, type Trim, trimmedMean } from './descriptive';
import { icc } from './icc';
import { kendallW } from './kendall';
import { type KrippendorffLevel, krippendorffAlpha } from './krippendorff';
import { rankSpeakers } from './ranking';
import { fitRaterModel } from './rater-model';

export type RaterGroup = 'audience' | 'expert';

/** One score: one rater, one speaker, one rubric dimension. */
export interface PanelObservation {
  rater: string;
  speaker: string;
  dimension: string;
  score: number;
  raterGroup?: RaterGroup;
  raterUnit?: string;
  speakerUnit?: string;
  /** Epoch milliseconds. */
  submittedAt?: number;
}

export interface PanelOptions {
  trim: Trim;
  /** Bootstrap replicates; default 1000. */
  replicates?: number;
  /** Bootstrap seed; default DEFAULT_PANEL_SEED, so a published result can be recomputed. */
  seed?: number;
}

export interface PanelDimensionFigures {
  n: number;
  mean: number;
  trimmedMean: number;
}

export interface PanelSpeaker {
  speaker: string;
  /** Scores pooled over raters and dimensions. */
  n: number;
  mean: number;
  trimmedMean: number;
  /** True when the speaker had fewer than 2k + 1 scores, so trimmedMean is the plain mean. */
  trimFellBack: boolean;
  median: number;
  sd: number;
  /** Mean over dimensions of θ(speaker, dimension) of the rater-effects model. */
  adjusted: number;
  /** Percentile 95 % interval of trimmedMean from the cluster bootstrap over raters (NaN bounds: no replicate scored the speaker). */
  ci95: [number, number];
  /** Competition rank by trimmedMean (1 = best). */
  rank: number;
  /** Neighbours in the ranking that the bootstrap cannot separate from this speaker (or with an equal score). */
  tiedWith: string[];
  /** Per dimension, in the order the dimensions first appear in the input. */
  dimensions: Record<string, PanelDimensionFigures>;
}

export interface PanelIcc {
  ICC1: number;
  ICC2: number;
  ICC3: number;
  ICC1k: number;
  ICC2k: number;
  ICC3k: number;
}

export interface PanelReliability {
  /** Null unless every rater scored every speaker (and there are at least 2 of each). */
  icc: PanelIcc | null;
  /** Null with fewer than 2 dimensions or fewer than 2 complete ballots; NaN when the ballots' totals do not vary. */
  cronbachAlpha: number | null;
  /** Null unless every rater scored every speaker (and there are at least 2 of each); NaN when no rater ranked anyone apart. */
  kendallW: number | null;
  /** Null with fewer than 2 raters or no speaker scored by 2 raters; a level is NaN when the values do not vary, and ratio is NaN with a negative score. */
  krippendorffAlpha: Record<KrippendorffLevel, number> | null;
}

export interface PanelRater {
  rater: string;
  group?: RaterGroup;
  /** Scores given. */
  n: number;
  /** β of the rater-effects model: positive = lenient, negative = severe, relative to its component. */
  severity: number;
  /** Kinds of the flags that name this rater, in ANOMALY_KINDS order (then incomplete_ballot). */
  flags: PanelFlagKind[];
}

/**
 * The anomaly detectors' kinds, plus `incomplete_ballot`: a rater who scored a speaker on some
 * dimensions but not all. Such a ballot's scores are used everywhere except the detectors (which
 * compare whole vectors) and Cronbach's α, and the flag says so.
 */
export type PanelFlagKind = AnomalyKind | 'incomplete_ballot';

export interface PanelFlag {
  kind: PanelFlagKind;
  rater?: string;
  speaker?: string;
  detail: string;
}

export interface PanelAnalysis {
  /** By rank, equal ranks in the order the speakers first appear in the input. */
  speakers: PanelSpeaker[];
  reliability: PanelReliability;
  /** In the order the raters first appear in the input. */
  raters: PanelRater[];
  flags: PanelFlag[];
  /** The connected components of the rater–speaker graph (speaker names) when there is more than one; else []. */
  notComparable: string[][];
  /** What was computed with, so that the figures can be reproduced. */
  method: { trim: Trim; replicates: number; seed: number };
}

export const DEFAULT_PANEL_SEED = 1;
export const DEFAULT_PANEL_REPLICATES = 1000;

const KRIPPENDORFF_LEVELS: readonly KrippendorffLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/**
 * Analyses one panel. Throws RangeError on no observations, a non-finite score, or two scores
 * for the same (rater, speaker, dimension) — a reader of files reports those with line numbers
 * before calling this.
 */
export function analyzePanel(observations: readonly PanelObservation[], options: PanelOptions): PanelAnalysis {
  const replicates = options.replicates ?? DEFAULT_PANEL_REPLICATES;
  const seed = options.seed ?? DEFAULT_PANEL_SEED;
  const p = indexPanel(observations);
  const { R, S, D } = p;

  // Rater-effects model: θ per (speaker, dimension), β per rater.
  const fit = fitRaterModel({ raterCount: R, speakerCount: S, dimensionCount: D, rater: p.rater, speaker: p.speaker, dimension: p.dimension, score: p.score });

  // Cluster bootstrap over raters of each speaker's pooled trimmed mean.
  const byRater = p.raterRows.map((rows) => ({
    speaker: Int32Array.from(rows, (i) => p.speaker[i]!),
    value: Float64Array.from(rows, (i) => p.score[i]!),
  }));
  const boot = clusterBootstrap(R, S, trimmedMeanScorer(S, byRater, options.trim), { replicates, seed });

  const pooled = p.speakerRows.map((rows) => rows.map((i) => p.score[i]!));
  const trimmed = pooled.map((xs) => trimmedMean(xs, options.trim));
  const ranking = rankSpeakers(
    trimmed.map((t) => t.value),
    boot.pBeats,
  );

  const speakers: PanelSpeaker[] = ranking.map(({ speaker: s, rank, tiedWith }) => {
    const xs = pooled[s]!;
    const dimensions: Record<string, PanelDimensionFigures> = {};
    for (let d = 0; d < D; d++) {
      const ys = p.cellRows[s * D + d]!.map((i) => p.score[i]!);
      if (ys.length === 0) continue;
      dimensions[p.dimensionNames[d]!] = { n: ys.length, mean: mean(ys), trimmedMean: trimmedMean(ys, options.trim).value };
    }
    const thetas: number[] = [];
    for (let d = 0; d < D; d++) {
      const t = fit.theta[s * D + d]!;
      if (!Number.isNaN(t)) thetas.push(t);
    }
    return {
      speaker: p.speakerNames[s]!,
      n: xs.length,
      mean: mean(xs),
      trimmedMean: trimmed[s]!.value,
      trimFellBack: trimmed[s]!.fellBackToMean,
      median: median(xs),
      sd: sd(xs),
      adjusted: mean(thetas),
      ci95: boot.ci95[s]!,
      rank,
      tiedWith: tiedWith.map((t) => p.speakerNames[t]!),
      dimensions,
    };
  });

  // Each rater's ballot per speaker, gathered once for the flags and the reliability.
  const ballots = ballotsOf(p);
  const { flags, raterKinds } = panelFlags(p, ballots);
  const raters: PanelRater[] = p.raterNames.map((name, r) => ({
    rater: name,
    ...(p.raterGroup[r] ? { group: p.raterGroup[r] } : {}),
    n: p.raterRows[r]!.length,
    severity: fit.severity[r]!,
    flags: [...(raterKinds[r] ?? [])].sort((a, b) => kindRank(a) - kindRank(b)),
  }));

  return {
    speakers,
    reliability: reliability(p, ballots),
    raters,
    flags,
    notComparable: fit.components.length > 1 ? fit.components.map((c) => c.map((s) => p.speakerNames[s]!)) : [],
    method: { trim: options.trim, replicates, seed },
  };
}

/** The observations as parallel index arrays, with names in order of first appearance. */
interface IndexedPanel {
  R: number;
  S: number;
  D: number;
  raterNames: string[];
  speakerNames: string[];
  dimensionNames: string[];
  raterGroup: (RaterGroup | undefined)[];
  raterUnit: (string | undefined)[];
  speakerUnit: (string | undefined)[];
  rater: Int32Array;
  speaker: Int32Array;
  dimension: Int32Array;
  score: Float64Array;
  submittedAt: (number | undefined)[];
  /** Observation indices per rater, per speaker, and per (speaker, dimension) cell at [s * D + d]. */
  raterRows: number[][];
  speakerRows: number[][];
  cellRows: number[][];
}

function indexPanel(observations: readonly PanelObservation[]): IndexedPanel {
  if (observations.length === 0) throw new RangeError('a panel needs at least one observation');
  const intern = (names: string[], lookup: Map<string, number>, name: string): number => {
    let i = lookup.get(name);
    if (i === undefined) {
      i = names.length;
      lookup.set(name, i);
      names.push(name);
    }
    return i;
  };
  const raterNames: string[] = [];
  const speakerNames: string[] = [];
  const dimensionNames: string[] = [];
  const raterIds = new Map<string, number>();
  const speakerIds = new Map<string, number>();
  const dimensionIds = new Map<string, number>();
  const n = observations.length;
  const rater = new Int32Array(n);
  const speaker = new Int32Array(n);
  const dimension = new Int32Array(n);
  const score = new Float64Array(n);
  const submittedAt: (number | undefined)[] = [];
  const raterGroup: (RaterGroup | undefined)[] = [];
  const raterUnit: (string | undefined)[] = [];
  const speakerUnit: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const o = observations[i]!;
    if (!Number.isFinite(o.score)) throw new RangeError(`observation ${i}: score ${o.score} is not a finite number`);
    const r = intern(raterNames, raterIds, o.rater);
    const s = intern(speakerNames, speakerIds, o.speaker);
    rater[i] = r;
    speaker[i] = s;
    dimension[i] = intern(dimensionNames, dimensionIds, o.dimension);
    score[i] = o.score;
    submittedAt.push(o.submittedAt);
    // The first value given wins; a reader of files rejects contradictions before this.
    raterGroup[r] ??= o.raterGroup;
    raterUnit[r] ??= o.raterUnit;
    speakerUnit[s] ??= o.speakerUnit;
  }
  const R = raterNames.length;
  const S = speakerNames.length;
  const D = dimensionNames.length;
  const raterRows: number[][] = Array.from({ length: R }, () => []);
  const speakerRows: number[][] = Array.from({ length: S }, () => []);
  const cellRows: number[][] = Array.from({ length: S * D }, () => []);
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const key = (rater[i]! * S + speaker[i]!) * D + dimension[i]!;
    if (seen.has(key)) {
      const o = observations[i]!;
      throw new RangeError(`observation ${i}: a second score by ${o.rater} for ${o.speaker} on ${o.dimension}`);
    }
    seen.add(key);
    raterRows[rater[i]!]!.push(i);
    speakerRows[speaker[i]!]!.push(i);
    cellRows[speaker[i]! * D + dimension[i]!]!.push(i);
  }
  return {
    R,
    S,
    D,
    raterNames,
    speakerNames,
    dimensionNames,
    raterGroup,
    raterUnit,
    speakerUnit,
    rater,
    speaker,
    dimension,
    score,
    submittedAt,
    raterRows,
    speakerRows,
    cellRows,
  };
}

/** A rater's ballots: per (rater, speaker) it scored, the scores by dimension index (NaN where missing) and its observations. */
/** One rater's scores for one speaker (NaN where a dimension was not scored) and the observations they came from. */
interface PanelBallot {
  r: number;
  s: number;
  scores: number[];
  rows: number[];
}

function ballotsOf(p: IndexedPanel): PanelBallot[] {
  const byPair = new Map<number, PanelBallot>();
  for (let r = 0; r < p.R; r++) {
    for (const i of p.raterRows[r]!) {
      const s = p.speaker[i]!;
      let b = byPair.get(r * p.S + s);
      if (!b) {
        b = { r, s, scores: new Array<number>(p.D).fill(Number.NaN), rows: [] };
        byPair.set(r * p.S + s, b);
      }
      b.scores[p.dimension[i]!] = p.score[i]!;
      b.rows.push(i);
    }
  }
  return [...byPair.values()];
}

/**
 * ICC and Kendall's W on the speakers × raters table of each rater's mean over the dimensions it
 * scored for that speaker, only when that table is complete; Cronbach's α over the complete
 * ballots (cases) and the dimensions (items); Krippendorff's α with speakers as units and raters
 * as observers, a missing pair as null.
 */
function reliability(p: IndexedPanel, ballots: readonly PanelBallot[]): PanelReliability {
  const cellMean: (number | null)[][] = Array.from({ length: p.S }, () => new Array<number | null>(p.R).fill(null));
  for (const b of ballots) {
    const given = b.scores.filter((x) => !Number.isNaN(x));
    cellMean[b.s]![b.r] = mean(given);
  }
  const complete = ballots.length === p.R * p.S;
  const tableOk = complete && p.S >= 2 && p.R >= 2;
  const matrix = cellMean as number[][];

  let iccValues: PanelIcc | null = null;
  let w: number | null = null;
  if (tableOk) {
    const forms = icc(matrix);
    iccValues = {
      ICC1: forms.ICC1.value,
      ICC2: forms.ICC2.value,
      ICC3: forms.ICC3.value,
      ICC1k: forms.ICC1k.value,
      ICC2k: forms.ICC2k.value,
      ICC3k: forms.ICC3k.value,
    };
    w = kendallW(matrix).W;
  }

  const cases = ballots.filter((b) => b.scores.every((x) => !Number.isNaN(x))).map((b) => b.scores);
  const alpha = p.D >= 2 && cases.length >= 2 ? cronbachAlpha(cases) : null;

  // observers × units
  const byObserver: (number | null)[][] = Array.from({ length: p.R }, (_, r) => cellMean.map((row) => row[r]!));
  const pairable = cellMean.some((row) => row.filter((x) => x !== null).length >= 2);
  let kripp: Record<KrippendorffLevel, number> | null = null;
  if (p.R >= 2 && pairable) {
    const negative = cellMean.some((row) => row.some((x) => x !== null && x < 0));
    kripp = Object.fromEntries(
      KRIPPENDORFF_LEVELS.map((level) => [level, level === 'ratio' && negative ? Number.NaN : krippendorffAlpha(byObserver, level)]),
    ) as Record<KrippendorffLevel, number>;
  }
  return { icc: iccValues, cronbachAlpha: alpha, kendallW: w, krippendorffAlpha: kripp };
}

function kindRank(kind: PanelFlagKind): number {
  const k = (ANOMALY_KINDS as readonly string[]).indexOf(kind);
  return k === -1 ? ANOMALY_KINDS.length : k;
}

/** The detectors run on complete ballots; an incomplete one is flagged instead. */
function panelFlags(p: IndexedPanel, all: readonly PanelBallot[]): { flags: PanelFlag[]; raterKinds: Set<PanelFlagKind>[] } {
  const complete = all.filter((b) => b.scores.every((x) => !Number.isNaN(x)));
  const rated: RatedBallot[] = complete.map((b) => {
    const times = b.rows.map((i) => p.submittedAt[i]).filter((t): t is number => t !== undefined);
    const raterUnit = p.raterUnit[b.r];
    const speakerUnit = p.speakerUnit[b.s];
    return {
      rater: p.raterNames[b.r]!,
      speaker: p.speakerNames[b.s]!,
      scores: b.scores,
      // A paper sheet's or a phone's ballot is in when its last score is.
      ...(times.length ? { submittedAt: Math.max(...times) } : {}),
      ...(raterUnit !== undefined ? { raterUnit } : {}),
      ...(speakerUnit !== undefined ? { speakerUnit } : {}),
    };
  });
  const raterKinds: Set<PanelFlagKind>[] = Array.from({ length: p.R }, () => new Set());
  const flags: PanelFlag[] = [];
  const raterIndex = new Map(p.raterNames.map((name, r) => [name, r]));
  for (const f of detectAnomalies(rated)) {
    flags.push({
      kind: f.kind,
      ...(f.rater !== undefined ? { rater: f.rater } : {}),
      ...(f.speaker !== undefined ? { speaker: f.speaker } : {}),
      detail: f.detail,
    });
    // Only a flag that names the rater is put on the rater: a speaker-level flag (own-unit
    // favouritism, a burst) concerns many raters' ballots without finding each of them at fault.
    if (f.rater !== undefined) raterKinds[raterIndex.get(f.rater)!]!.add(f.kind);
  }
  for (const b of all) {
    const missing = b.scores.flatMap((x, d) => (Number.isNaN(x) ? [p.dimensionNames[d]!] : []));
    if (missing.length === 0) continue;
    flags.push({
      kind: 'incomplete_ballot',
      rater: p.raterNames[b.r]!,
      speaker: p.speakerNames[b.s]!,
      detail: `该评分人对该主讲人缺少 ${missing.length} 个维度的分数（${missing.join('、')}），此评分未参加异常检测和 Cronbach α 计算`,
    });
    raterKinds[b.r]!.add('incomplete_ballot');
  }
  return { flags, raterKinds };
}
