import { z } from 'zod';
import { Id } from './common';
import { AggregationRuleSchema, RubricSchema } from './halls';

/*
 * Edition results: what the organisation department reads after scoring closes, and what a
 * hall admin publishes (frozen, with the hash of its inputs). Scores are on the rubric's scale
 * (e.g. 1–10); a ballot's total is the rubric-weighted sum of its dimension scores.
 */

export const RATER_GROUPS = ['audience', 'expert'] as const;
export type RaterGroupName = (typeof RATER_GROUPS)[number];
export const RATER_GROUP_LABELS: Record<RaterGroupName, { zh: string; en: string }> = {
  audience: { zh: '听众', en: 'Audience' },
  expert: { zh: '专家', en: 'Experts' },
};

const Interval = z.tuple([z.number(), z.number()]);

/** Five-number summary of ballot totals, for a box plot. */
export const BoxSummary = z.object({ min: z.number(), q1: z.number(), median: z.number(), q3: z.number(), max: z.number() });
export type BoxSummary = z.infer<typeof BoxSummary>;

export const GroupAggregate = z.object({
  /** Ballots counted (the last version of each rater's ballot, plus paper sheets). */
  n: z.number().int(),
  /** The group's score under the edition's rule (trimmed mean of ballot totals); null without ballots. */
  aggregate: z.number().nullable(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  sd: z.number().nullable(),
  /** Ballots dropped from each end by the rule. */
  dropped: z.number().int(),
  /** Too few ballots to drop from each end: the plain mean was taken. */
  fellBackToMean: z.boolean(),
  box: BoxSummary.nullable(),
  /** How many ballots gave each total, rounded to the scale's step: value → count. */
  histogram: z.array(z.object({ value: z.number(), count: z.number().int() })),
});
export type GroupAggregate = z.infer<typeof GroupAggregate>;

export const DimensionResult = z.object({
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  weight: z.number(),
  n: z.number().int(),
  mean: z.number().nullable(),
  trimmedMean: z.number().nullable(),
  audienceMean: z.number().nullable(),
  expertMean: z.number().nullable(),
  /** θ of the rater-effects model for this speaker and dimension. */
  adjusted: z.number().nullable(),
});
export type DimensionResult = z.infer<typeof DimensionResult>;

export const SpeakerResult = z.object({
  talkId: Id,
  personId: Id,
  name: z.string(),
  unitName: z.string(),
  talkTitle: z.string(),
  position: z.number().int(),
  /** The edition's audience/expert weights applied to each group's aggregate; null without ballots. */
  final: z.number().nullable(),
  /** How final was formed, in Chinese (e.g. "听众 70% × 8.41 + 专家 30% × 8.80"). */
  formula: z.string(),
  audience: GroupAggregate,
  expert: GroupAggregate,
  paperBallots: z.number().int(),
  dimensions: z.array(DimensionResult),
  /** Rater-adjusted score: the rubric-weighted θ of the rater-effects model (each rater's harshness removed). */
  adjusted: z.number().nullable(),
  /** Seeded cluster bootstrap over raters: 95 % interval of final, and of the rank position. */
  ci95: Interval.nullable(),
  rankCi95: Interval.nullable(),
  /** Competition rank by final (1 = best); null without ballots. */
  rank: z.number().int().nullable(),
  /** Talk ids of the neighbours in the ranking that are statistically tied with this speaker. */
  tiedWith: z.array(Id),
  /** Sensitivity: final and rank with every flagged ballot left out. */
  finalWithoutFlagged: z.number().nullable(),
  rankWithoutFlagged: z.number().int().nullable(),
});
export type SpeakerResult = z.infer<typeof SpeakerResult>;

const IccValues = z.object({
  ICC1: z.number(),
  ICC2: z.number(),
  ICC3: z.number(),
  ICC1k: z.number(),
  ICC2k: z.number(),
  ICC3k: z.number(),
});

export const PanelReliability = z.object({
  group: z.enum(RATER_GROUPS),
  /** Raters in the group, and how many of them scored every speaker (ICC and Kendall's W use those). */
  raters: z.number().int(),
  completeRaters: z.number().int(),
  icc: IccValues.nullable(),
  iccCi95: z.object({ ICC2: Interval, ICC2k: Interval }).nullable(),
  cronbachAlpha: z.number().nullable(),
  kendallW: z.number().nullable(),
  krippendorffAlpha: z.object({ nominal: z.number(), ordinal: z.number(), interval: z.number(), ratio: z.number() }).nullable(),
  /** Why a figure is missing, in Chinese (e.g. "评分人少于 2 名"). */
  notes: z.array(z.string()),
});
export type PanelReliability = z.infer<typeof PanelReliability>;

export const ANOMALY_KINDS = ['straight_liner', 'speeding', 'before_talk_end', 'outlier_rater', 'own_unit_favouritism', 'identical_burst'] as const;
export type AnomalyKindName = (typeof ANOMALY_KINDS)[number];
/** Chinese and English names of the anomaly kinds, as an analyst reads them: the console, the workbook and the PDF report alike. */
export const ANOMALY_KIND_LABELS: Record<AnomalyKindName, { zh: string; en: string }> = {
  straight_liner: { zh: '所有讲课人同一评分', en: 'Same marks for every speaker' },
  speeding: { zh: '评分过快', en: 'Scored too fast' },
  before_talk_end: { zh: '讲课结束前评分', en: 'Scored before the talk ended' },
  outlier_rater: { zh: '明显偏离其他评分人', en: 'Outlier rater' },
  own_unit_favouritism: { zh: '偏向本单位讲课人', en: 'Favours own unit' },
  identical_burst: { zh: '集中提交相同评分', en: 'Burst of identical ballots' },
};

export const AnomalyReport = z.object({
  kind: z.enum(ANOMALY_KINDS),
  /** An anonymous rater code (听众-017, 专家-2, 纸质-12): identities stay in the audit view. */
  rater: z.string().nullable(),
  talkId: Id.nullable(),
  detail: z.string(),
  ballots: z.number().int(),
});
export type AnomalyReport = z.infer<typeof AnomalyReport>;

export const RaterSummary = z.object({
  rater: z.string(),
  group: z.enum(RATER_GROUPS),
  source: z.enum(['live', 'paper']),
  n: z.number().int(),
  /** β of the rater-effects model: + lenient, − severe. */
  severity: z.number().nullable(),
  flags: z.array(z.enum(ANOMALY_KINDS)),
});
export type RaterSummary = z.infer<typeof RaterSummary>;

export const EditionResults = z.object({
  editionId: Id,
  editionTitle: z.string(),
  hallName: z.string(),
  date: z.string(),
  /** draft: computed now from the ballots; published: frozen at publication. */
  state: z.enum(['draft', 'published']),
  computedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** sha256 of the canonical inputs; a recomputation must match it. */
  inputsHash: z.string(),
  algorithmVersion: z.number().int(),
  rubric: RubricSchema,
  rule: AggregationRuleSchema,
  /** The rule in Chinese (e.g. "去掉最高分和最低分各 1 个后取平均"). */
  ruleText: z.string(),
  audienceWeightPct: z.number(),
  bootstrap: z.object({ replicates: z.number().int(), seed: z.number().int() }),
  ballotCounts: z.object({ audience: z.number().int(), expert: z.number().int(), paper: z.number().int(), flagged: z.number().int() }),
  speakers: z.array(SpeakerResult),
  reliability: z.array(PanelReliability),
  anomalies: z.array(AnomalyReport),
  raters: z.array(RaterSummary),
  /** Groups of talk ids that share no rater with each other: their adjusted scores are not comparable. */
  notComparable: z.array(z.array(Id)),
  /** Whether the ranking changes when flagged ballots are left out. */
  rankingChangesWithoutFlagged: z.boolean(),
});
export type EditionResults = z.infer<typeof EditionResults>;

export const VerifyResults = z.object({
  matches: z.boolean(),
  publishedHash: z.string(),
  recomputedHash: z.string(),
  /** Paths of figures that differ between the frozen and the recomputed results (empty when they match). */
  differences: z.array(z.string()),
});

/** A speaker's own view: its scores and the anonymous distribution, never others' ballots. */
export const MyResult = z.object({
  editionId: Id,
  editionTitle: z.string(),
  hallName: z.string(),
  date: z.string(),
  talkTitle: z.string(),
  final: z.number().nullable(),
  rank: z.number().int().nullable(),
  speakerCount: z.number().int(),
  ci95: Interval.nullable(),
  audience: GroupAggregate,
  expert: GroupAggregate,
  dimensions: z.array(DimensionResult),
  /** The edition's distribution of final scores, anonymous and sorted (no names). */
  editionFinals: z.array(z.number()),
  rubric: RubricSchema,
});
export type MyResult = z.infer<typeof MyResult>;
export const MyResultList = z.object({ items: z.array(MyResult) });

/** One published edition in a hall's trend. */
export const HallTrendPoint = z.object({
  editionId: Id,
  seq: z.number().int(),
  title: z.string(),
  date: z.string(),
  speakers: z.number().int(),
  ballots: z.number().int(),
  meanFinal: z.number().nullable(),
  topFinal: z.number().nullable(),
  audienceIcc2k: z.number().nullable(),
  attendance: z.number().int(),
});
export const HallTrend = z.object({ items: z.array(HallTrendPoint) });

export const PaperImportResult = z.object({
  importId: Id,
  ballots: z.number().int(),
  raters: z.number().int(),
  fileName: z.string(),
});
export const PaperImportList = z.object({
  items: z.array(z.object({ id: Id, fileName: z.string(), ballots: z.number().int(), importedBy: z.string(), createdAt: z.string() })),
});
