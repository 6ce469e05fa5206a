import type { CoachingFeedback } from '@lecture-hall/shared';
import { COACHING_DIMENSIONS, type CoachingDimension } from '@lecture-hall/shared/domain/programme';
import type { FeedbackBody } from './api';

export const SCORE_MIN = 1;
export const SCORE_MAX = 10;

/** The mean of whichever of the four dimension means are present, or null when none is. */
export function overallMean(mean: Partial<Record<CoachingDimension, number>> | null | undefined): number | null {
  if (!mean) return null;
  const values = COACHING_DIMENSIONS.map((d) => mean[d]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** One decimal, or a dash: 7.5, 8.0, —. */
export function formatScore(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(1) : '—';
}

/** The change from the first to the last session: +1.5, -0.5, ±0, or null with fewer than two sessions. */
export function trendDelta(values: readonly number[]): string | null {
  if (values.length < 2) return null;
  const d = Math.round(((values.at(-1) as number) - (values[0] as number)) * 10) / 10;
  if (d === 0) return '±0';
  return d > 0 ? `+${d.toFixed(1)}` : d.toFixed(1);
}

/** A cell's colour for a mean on the 1–10 scale: red below 6, gold to 8, green from 8. */
export function scoreColor(value: number | null | undefined): { background: string; color: string } {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { background: '#fafafa', color: 'rgba(0,0,0,0.45)' };
  if (value < 6) return { background: '#fff1f0', color: '#a8071a' };
  if (value < 8) return { background: '#fffbe6', color: '#ad6800' };
  return { background: '#f6ffed', color: '#237804' };
}

/** The polyline of a sparkline: values on the 1–10 scale spread across width, 10 at the top. */
export function sparkPoints(values: readonly number[], width: number, height: number, pad = 4): { x: number; y: number }[] {
  if (values.length === 0) return [];
  const span = SCORE_MAX - SCORE_MIN;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  return values.map((v, i) => {
    const clamped = Math.max(SCORE_MIN, Math.min(SCORE_MAX, v));
    const x = values.length > 1 ? pad + i * step : width / 2;
    const y = pad + ((SCORE_MAX - clamped) / span) * (height - 2 * pad);
    return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
  });
}

/** The form's starting values: an expert's earlier feedback when there is one, else 7 everywhere and no notes. */
export function feedbackDraft(existing?: Pick<CoachingFeedback, 'scores' | 'notes' | 'overall'> | null): FeedbackBody {
  const scores = {} as Record<CoachingDimension, number>;
  const notes = {} as Record<CoachingDimension, string>;
  for (const d of COACHING_DIMENSIONS) {
    scores[d] = existing?.scores[d] ?? 7;
    notes[d] = existing?.notes[d] ?? '';
  }
  return { scores, notes, overall: existing?.overall ?? '' };
}

/** The body to send: whole scores within 1–10 and trimmed notes. */
export function toFeedbackBody(draft: FeedbackBody): FeedbackBody {
  const scores = {} as Record<CoachingDimension, number>;
  const notes = {} as Record<CoachingDimension, string>;
  for (const d of COACHING_DIMENSIONS) {
    const raw = Number(draft.scores[d]);
    scores[d] = Math.max(SCORE_MIN, Math.min(SCORE_MAX, Math.round(Number.isFinite(raw) ? raw : SCORE_MIN)));
    notes[d] = (draft.notes[d] ?? '').trim();
  }
  return { scores, notes, overall: draft.overall.trim() };
}
