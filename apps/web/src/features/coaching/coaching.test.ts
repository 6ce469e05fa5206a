import { CoachingFeedbackBody } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { feedbackDraft, formatScore, overallMean, scoreColor, sparkPoints, toFeedbackBody, trendDelta } from './coaching';

describe('coaching means', () => {
  it('averages the dimensions present', () => {
    expect(overallMean({ language: 8, deportment: 6, timing: 7, structure: 9 })).toBe(7.5);
    expect(overallMean({ language: 8 })).toBe(8);
    expect(overallMean({})).toBeNull();
    expect(overallMean(null)).toBeNull();
  });

  it('formats one decimal or a dash', () => {
    expect(formatScore(7.25)).toBe('7.3');
    expect(formatScore(8)).toBe('8.0');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
  });

  it('states the trend from first to last session', () => {
    expect(trendDelta([6, 7, 7.5])).toBe('+1.5');
    expect(trendDelta([8, 7.5])).toBe('-0.5');
    expect(trendDelta([7, 7])).toBe('±0');
    expect(trendDelta([7])).toBeNull();
  });

  it('colours by band', () => {
    expect(scoreColor(5.9).color).toBe('#a8071a');
    expect(scoreColor(6).color).toBe('#ad6800');
    expect(scoreColor(8).color).toBe('#237804');
    expect(scoreColor(null).background).toBe('#fafafa');
  });
});

describe('sparkline', () => {
  it('puts 10 at the top and 1 at the bottom, spread across the width', () => {
    expect(sparkPoints([1, 10], 100, 40, 4)).toEqual([
      { x: 4, y: 36 },
      { x: 96, y: 4 },
    ]);
    expect(sparkPoints([5], 100, 40)).toHaveLength(1);
    expect(sparkPoints([5], 100, 40)[0]?.x).toBe(50);
    expect(sparkPoints([], 100, 40)).toEqual([]);
  });
});

describe('feedback form', () => {
  it('starts from earlier feedback or 7s, and sends whole scores within 1–10 with trimmed notes', () => {
    const fresh = feedbackDraft();
    expect(fresh.scores).toEqual({ language: 7, deportment: 7, timing: 7, structure: 7 });
    const body = toFeedbackBody({
      scores: { language: 11, deportment: 0, timing: 7.6, structure: 8 },
      notes: { language: ' 语速偏快 ', deportment: '', timing: '', structure: '' },
      overall: ' 整体不错 ',
    });
    expect(body.scores).toEqual({ language: 10, deportment: 1, timing: 8, structure: 8 });
    expect(body.notes.language).toBe('语速偏快');
    expect(body.overall).toBe('整体不错');
    expect(CoachingFeedbackBody.safeParse(body).success).toBe(true);
  });
});
