import type { EditionResults, SpeakerResult } from '@lecture-hall/shared';
import { isApiError } from '../../api/client';

/*
 * Pure helpers of the results screens: how figures are printed, which speakers are tied with
 * whom, the sensitivity rows, and how a reliability figure reads. No React, so they are tested
 * in plain Node.
 */

const NONE = '—';

/** A score with a fixed number of decimals (two, as the ranking is read); null prints as a dash. */
export function formatScore(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NONE : value.toFixed(digits);
}

/** A 95 % interval of a score: "[8.12, 8.71]". */
export function formatInterval(interval: readonly [number, number] | null | undefined, digits = 2): string {
  if (!interval) return NONE;
  return `[${interval[0].toFixed(digits)}, ${interval[1].toFixed(digits)}]`;
}

/**
 * A rank interval from the bootstrap: positions are whole numbers, so the bounds are rounded
 * outward (a bound of 1.4 still allows rank 1); "2" when both ends agree, else "1–3".
 */
export function formatRankInterval(interval: readonly [number, number] | null | undefined): string {
  if (!interval) return NONE;
  const lo = Math.floor(interval[0] + 1e-9);
  const hi = Math.ceil(interval[1] - 1e-9);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

/** The first 12 hex digits of a sha256, enough to compare by eye; the full hash is in a tooltip. */
export const shortHash = (hash: string): string => (hash.length > 12 ? hash.slice(0, 12) : hash);

/** The ranking's order: by rank (speakers without ballots last), then by talk order. */
export function rankedSpeakers(speakers: readonly SpeakerResult[]): SpeakerResult[] {
  return [...speakers].sort((a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || a.position - b.position);
}

/** Names of the speakers a speaker is statistically tied with, in ranking order. */
export function tiedNames(speaker: Pick<SpeakerResult, 'tiedWith'>, speakers: readonly SpeakerResult[]): string[] {
  if (speaker.tiedWith.length === 0) return [];
  const ids = new Set(speaker.tiedWith);
  return rankedSpeakers(speakers)
    .filter((s) => ids.has(s.talkId))
    .map((s) => s.name);
}

export interface SensitivityRow {
  talkId: string;
  name: string;
  rank: number | null;
  rankWithout: number | null;
  final: number | null;
  finalWithout: number | null;
  /** finalWithout − final, rounded to the printed two decimals; null when either is missing. */
  finalDelta: number | null;
  rankChanged: boolean;
}

/** The ranking with and without the flagged ballots, side by side, in the ranking's order. */
export function sensitivityRows(results: Pick<EditionResults, 'speakers'>): SensitivityRow[] {
  return rankedSpeakers(results.speakers).map((s) => ({
    talkId: s.talkId,
    name: s.name,
    rank: s.rank,
    rankWithout: s.rankWithoutFlagged,
    final: s.final,
    finalWithout: s.finalWithoutFlagged,
    finalDelta: s.final === null || s.finalWithoutFlagged === null ? null : Math.round((s.finalWithoutFlagged - s.final) * 100) / 100,
    rankChanged: s.rank !== s.rankWithoutFlagged,
  }));
}

/** A change with its sign and two decimals: +0.12, -0.05, 0.00. */
export function formatSigned(d: number): string {
  return d > 0 ? `+${d.toFixed(2)}` : d.toFixed(2);
}

/**
 * How an ICC reads, after Koo & Li, "A Guideline of Selecting and Reporting Intraclass
 * Correlation Coefficients for Reliability Research", J Chiropr Med 15(2):155–163, 2016, p. 158:
 * below 0.5 poor, 0.5–0.75 moderate, 0.75–0.9 good, above 0.9 excellent.
 */
export type Verdict = 'poor' | 'moderate' | 'good' | 'excellent';
export function iccVerdict(icc: number): Verdict {
  if (icc < 0.5) return 'poor';
  if (icc < 0.75) return 'moderate';
  if (icc <= 0.9) return 'good';
  return 'excellent';
}

/**
 * Krippendorff's α: data are relied on at α ≥ .800, tentative conclusions at α ≥ .667, else
 * not (Krippendorff, "Content Analysis: An Introduction to Its Methodology", 2nd ed., 2004, p. 241).
 * Cronbach's α: ≥ .70 is the usual floor for a scale (Nunnally, "Psychometric Theory", 2nd ed., 1978, p. 245).
 */
export function alphaVerdict(alpha: number, kind: 'krippendorff' | 'cronbach'): 'acceptable' | 'tentative' | 'poor' {
  if (kind === 'cronbach') return alpha >= 0.7 ? 'acceptable' : 'poor';
  if (alpha >= 0.8) return 'acceptable';
  if (alpha >= 0.667) return 'tentative';
  return 'poor';
}

export type ResultsErrorKind = 'not_published' | 'not_ready' | 'forbidden' | 'other';

/** What a failed results request means for the page: not published yet (404), scoring still open (409), not allowed (403). */
export function resultsErrorKind(err: unknown): ResultsErrorKind {
  if (!isApiError(err)) return 'other';
  const reason = (err.details as { reason?: unknown } | undefined)?.reason;
  if (err.code === 'results_not_published' || reason === 'results_not_published') return 'not_published';
  if (err.code === 'results_not_ready') return 'not_ready';
  if (err.status === 403) return 'forbidden';
  return 'other';
}

/**
 * The problems of a rejected paper-sheet import as lines a person can fix in Excel: "工作表 A 第 5 行
 * 维度 x：…". The details are an import report ({problems: [...]}) or a bare list; a problem is a
 * string or an object with sheet/row/column and reason (or message).
 */
export function importProblemLines(details: unknown): string[] {
  const list: unknown[] = Array.isArray(details)
    ? details
    : details && typeof details === 'object'
      ? ((['problems', 'errors', 'issues'].map((k) => (details as Record<string, unknown>)[k]).find(Array.isArray) as unknown[] | undefined) ?? [])
      : [];
  return list.map((p) => {
    if (typeof p === 'string') return p;
    if (!p || typeof p !== 'object') return String(p);
    const o = p as Record<string, unknown>;
    const where = [
      typeof o.sheet === 'string' && o.sheet ? `工作表「${o.sheet}」` : '',
      typeof o.row === 'number' ? `第 ${o.row} 行` : '',
      typeof o.column === 'string' && o.column ? `「${o.column}」` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const why = typeof o.reason === 'string' ? o.reason : typeof o.message === 'string' ? o.message : JSON.stringify(o);
    return where ? `${where}：${why}` : why;
  });
}
