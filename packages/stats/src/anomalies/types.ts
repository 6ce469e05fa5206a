/**
 * Types of the ballot anomaly detectors. The public ones are re-exported by `../anomalies.ts`;
 * callers (server `results` module, exports) code against them, so their shape is fixed.
 */

export interface RatedBallot {
  rater: string;
  speaker: string;
  /** One score per rubric dimension, in rubric order. */
  scores: readonly number[];
  /** Epoch milliseconds, when known. */
  submittedAt?: number;
  /** When the scoring window for this speaker opened / when the talk ended (epoch ms), when known. */
  windowOpenedAt?: number;
  talkEndedAt?: number;
  raterUnit?: string;
  speakerUnit?: string;
}

/** The detectors, in the order their flags are reported. */
export const ANOMALY_KINDS = ['straight_liner', 'speeding', 'before_talk_end', 'outlier_rater', 'own_unit_favouritism', 'identical_burst'] as const;

export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface AnomalyFlag {
  kind: AnomalyKind;
  rater?: string;
  speaker?: string;
  /** One Chinese sentence with the figures, for the report (e.g. "该评分人对全部 5 位主讲人给出完全相同的分数 (8,8,8,8,8)"). */
  detail: string;
  /** The figures behind the flag (correlation, z, p, count, seconds …). */
  evidence: Record<string, number>;
  /** The ballots this flag concerns, as indices into the input array (so the caller can compute a ranking without them). */
  ballots: number[];
}

export interface AnomalyOptions {
  /** Default 5: a ballot submitted less than this many seconds after its window opened is flagged. */
  speedingSeconds?: number;
  /** Default 3: a rater whose RMS standardised residual exceeds this is flagged. */
  residualZ?: number;
  /**
   * Default 0.05: a rater's negative correlation with the consensus is flagged only when its
   * one-sided permutation p (exact up to 7 speakers, from `permutations` random orders above)
   * is below this. 0.5 or more gives the bare rule r < 0.
   */
  correlationAlpha?: number;
  /** Default 0.05: significance level of the one-sided own-unit permutation test. */
  favouritismAlpha?: number;
  /** Default 2000: random relabellings per permutation test. */
  permutations?: number;
  /** Default 1: seed of the permutation tests, so an auditor gets the published p-values. */
  seed?: number;
  /** Default 10: identical ballots for one speaker within this many seconds form a burst. */
  burstWindowSeconds?: number;
  /** Default 5: the fewest identical ballots that make a burst. */
  burstMinSize?: number;
  /**
   * Default 0.05: a burst is flagged only when so many copies of its vector that close together
   * are improbable given how common the vector is for the speaker (scan bound p < this).
   * 1 keeps the bare size-and-window rule.
   */
  burstAlpha?: number;
  /** The rubric's scale, used only in the wording of messages. */
  scaleMin?: number;
  scaleMax?: number;
}

export interface ResolvedOptions {
  speedingSeconds: number;
  residualZ: number;
  correlationAlpha: number;
  favouritismAlpha: number;
  permutations: number;
  seed: number;
  burstWindowSeconds: number;
  burstMinSize: number;
  burstAlpha: number;
  scaleMin?: number;
  scaleMax?: number;
}
