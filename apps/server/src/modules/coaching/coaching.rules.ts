import { COACHING_DIMENSIONS, type CoachingDimension } from '@lecture-hall/shared';

/** One expert's four scores (1–10) for one speaker in one session. */
export type CoachingScores = Record<CoachingDimension, number>;

/**
 * Rounded to 2 decimals, halves up, as the scores are shown. Scores are positive; the nudge keeps
 * a half that binary cannot hold exactly (8.125 is exact, 1.005 is not) from rounding down.
 */
export function round2(x: number): number {
  return Math.round(x * 100 + 1e-9) / 100;
}

/**
 * The per-dimension mean of several experts' scores, to 2 decimals; empty when nobody scored
 * (the speaker was not coached in that session, or not yet).
 */
export function meanScores(scores: readonly CoachingScores[]): Partial<CoachingScores> {
  if (scores.length === 0) return {};
  const mean: Partial<CoachingScores> = {};
  for (const d of COACHING_DIMENSIONS) mean[d] = round2(scores.reduce((sum, s) => sum + s[d], 0) / scores.length);
  return mean;
}

export interface SessionMean {
  date: string;
  startTime: string;
  /** Tie-breaker for two sessions at the same time. */
  id: string;
  mean: Partial<CoachingScores>;
}

/** Sessions in the order they took place: date, then start time, then id. */
export function bySessionTime(a: Pick<SessionMean, 'date' | 'startTime' | 'id'>, b: Pick<SessionMean, 'date' | 'startTime' | 'id'>): number {
  return a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * A speaker's trend: per dimension, the session means in the order the sessions took place.
 * A session without feedback for the speaker adds no point.
 */
export function coachingTrend(sessions: readonly SessionMean[]): Record<CoachingDimension, number[]> {
  const ordered = [...sessions].sort(bySessionTime);
  const trend = Object.fromEntries(COACHING_DIMENSIONS.map((d) => [d, [] as number[]])) as Record<CoachingDimension, number[]>;
  for (const s of ordered) {
    for (const d of COACHING_DIMENSIONS) {
      const v = s.mean[d];
      if (v !== undefined) trend[d].push(v);
    }
  }
  return trend;
}
