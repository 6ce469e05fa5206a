import type { ErrorCode, Rubric } from '@lecture-hall/shared';

/*
 * The rules of a ballot, without a database: whether scoring is open for a talk, whether the
 * scores fit the rubric, and how a group of ballots written in one transaction is planned —
 * which are new (and their versions), which are retries of one already stored, which refused.
 */

export type RaterGroup = 'audience' | 'expert';

/** What the edition's live state says about scoring, as read for a request or inside a group's transaction. */
export interface ScoringView {
  status: string;
  windowId: string | null;
  windowTalkId: string | null;
  closesAt: string | null;
  closedAt: string | null;
}

/**
 * Why a ballot for this talk cannot be taken now, or null when it can: the edition is not live;
 * no scoring window is open (none yet, closed by the host, or past its auto-close time); or
 * the open window is another speaker's.
 */
export function scoringRefusal(view: ScoringView, talkId: string, now: Date): ErrorCode | null {
  if (view.status !== 'live') return 'not_live';
  if (!view.windowId || view.closedAt !== null) return 'scoring_closed';
  if (view.closesAt !== null && Date.parse(view.closesAt) <= now.getTime()) return 'scoring_closed';
  if (view.windowTalkId !== talkId) return 'speaker_not_on_stage';
  return null;
}

export interface ScoreProblem {
  /** body.scores.<key>, as the validation details name a field. */
  path: string;
  /** In Chinese, naming the dimension. */
  message: string;
}

function stepsOf(value: number, min: number, step: number): boolean {
  const n = (value - min) / step;
  return Math.abs(n - Math.round(n)) < 1e-9;
}

/** Every way the scores miss the rubric: a dimension missing, one the rubric does not have, a value off the scale. */
export function scoreProblems(rubric: Rubric, scores: Record<string, number>): ScoreProblem[] {
  const { min, max, step } = rubric.scale;
  const keys = new Set(rubric.dimensions.map((d) => d.key));
  const problems: ScoreProblem[] = [];
  for (const d of rubric.dimensions) {
    const value = scores[d.key];
    if (value === undefined) {
      problems.push({ path: `body.scores.${d.key}`, message: `「${d.labelZh}」未评分` });
    } else if (!Number.isFinite(value) || value < min || value > max || !stepsOf(value, min, step)) {
      const grid = step === 1 && Number.isInteger(min) ? '之间的整数' : `之间、以 ${step} 为间隔的分值`;
      problems.push({ path: `body.scores.${d.key}`, message: `「${d.labelZh}」的评分应为 ${min}–${max} ${grid}` });
    }
  }
  for (const key of Object.keys(scores)) {
    if (!keys.has(key)) problems.push({ path: `body.scores.${key}`, message: `评分细则中没有「${key}」这一项` });
  }
  return problems;
}

/** Scores in the rubric's order, so that a stored ballot and its retry serialise alike. */
export function scoresJson(rubric: Rubric, scores: Record<string, number>): string {
  return JSON.stringify(Object.fromEntries(rubric.dimensions.map((d) => [d.key, scores[d.key]])));
}

/** Whether two score sets are the same ballot, whatever the order of their keys. */
export function sameScores(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/** One ballot waiting to be written. */
export interface BallotDraft {
  editionId: string;
  talkId: string;
  raterGroup: RaterGroup;
  raterKey: string;
  attendeeId: string | null;
  expertUserId: string | null;
  scores: Record<string, number>;
  scoresJson: string;
  idempotencyKey: string;
}

/** A ballot as stored: enough to acknowledge a retry of it. */
export interface StoredBallot {
  id: string;
  talkId: string;
  raterKey: string;
  version: number;
  scores: Record<string, number>;
  idempotencyKey: string;
  createdAt: string;
}

export type Planned =
  | { kind: 'insert'; ballot: StoredBallot }
  | { kind: 'duplicate'; ballot: StoredBallot }
  | { kind: 'refuse'; status: number; code: ErrorCode };

export const versionKey = (talkId: string, raterKey: string) => `${talkId}\u0000${raterKey}`;

/**
 * How a group of ballots is written in one transaction, given what the transaction read:
 * the ballots already stored under the group's idempotency keys, the latest version of each
 * (talk, rater), and the scoring state. In order, each draft is
 * - a retry (its key is stored, or an earlier draft of the group has it) with the same rater,
 *   talk and scores: acknowledged again with the original ballot, however scoring stands now;
 *   with anything different: refused as a conflict (409);
 * - refused when scoring is not open for its talk (checked only for new ballots);
 * - otherwise new, with the next version of its (talk, rater): amendments are kept, never replaced.
 * The unique indexes therefore never fire inside a group, and one draft's refusal leaves the others.
 */
export function planGroup(
  drafts: readonly BallotDraft[],
  stored: ReadonlyMap<string, StoredBallot>,
  latestVersions: ReadonlyMap<string, number>,
  view: ScoringView,
  now: Date,
  newId: () => string,
): Planned[] {
  const byKey = new Map(stored);
  const versions = new Map(latestVersions);
  const createdAt = now.toISOString();
  return drafts.map((d): Planned => {
    const prior = byKey.get(d.idempotencyKey);
    if (prior) {
      const same = prior.raterKey === d.raterKey && prior.talkId === d.talkId && sameScores(prior.scores, d.scores);
      return same ? { kind: 'duplicate', ballot: prior } : { kind: 'refuse', status: 409, code: 'conflict' };
    }
    const refusal = scoringRefusal(view, d.talkId, now);
    if (refusal) return { kind: 'refuse', status: 409, code: refusal };
    const vk = versionKey(d.talkId, d.raterKey);
    const version = (versions.get(vk) ?? 0) + 1;
    versions.set(vk, version);
    const ballot: StoredBallot = {
      id: newId(),
      talkId: d.talkId,
      raterKey: d.raterKey,
      version,
      scores: d.scores,
      idempotencyKey: d.idempotencyKey,
      createdAt,
    };
    byKey.set(d.idempotencyKey, ballot);
    return { kind: 'insert', ballot };
  });
}
