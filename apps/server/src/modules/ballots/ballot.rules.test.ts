import { DEFAULT_RUBRIC, type Rubric } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import {
  type BallotDraft,
  planGroup,
  type ScoringView,
  type StoredBallot,
  sameScores,
  scoreProblems,
  scoresJson,
  scoringRefusal,
  versionKey,
} from './ballot.rules';

const NOW = new Date('2026-03-15T06:30:00.000Z');
const open: ScoringView = { status: 'live', windowId: 'w1', windowTalkId: 't1', closesAt: null, closedAt: null };
const flat = (v: number) => ({ depth: v, breadth: v, practical_value: v, delivery: v, responsiveness: v });

describe('scoringRefusal', () => {
  it('takes a ballot for the talk of an open window', () => {
    expect(scoringRefusal(open, 't1', NOW)).toBeNull();
    expect(scoringRefusal({ ...open, closesAt: '2026-03-15T06:30:01.000Z' }, 't1', NOW)).toBeNull();
  });
  it('refuses outside a live edition, without an open window, and for another speaker', () => {
    expect(scoringRefusal({ ...open, status: 'ready' }, 't1', NOW)).toBe('not_live');
    expect(scoringRefusal({ ...open, status: 'closed' }, 't1', NOW)).toBe('not_live');
    expect(scoringRefusal({ ...open, windowId: null, windowTalkId: null }, 't1', NOW)).toBe('scoring_closed');
    expect(scoringRefusal({ ...open, closedAt: '2026-03-15T06:29:00.000Z' }, 't1', NOW)).toBe('scoring_closed');
    // An auto-close time reached counts as closed, to the millisecond.
    expect(scoringRefusal({ ...open, closesAt: NOW.toISOString() }, 't1', NOW)).toBe('scoring_closed');
    expect(scoringRefusal(open, 't2', NOW)).toBe('speaker_not_on_stage');
  });
});

describe('scoreProblems', () => {
  it('accepts exactly the dimensions on the scale', () => {
    expect(scoreProblems(DEFAULT_RUBRIC, flat(1))).toEqual([]);
    expect(scoreProblems(DEFAULT_RUBRIC, flat(10))).toEqual([]);
  });
  it('names each dimension off the scale, missing or unknown, in Chinese', () => {
    expect(scoreProblems(DEFAULT_RUBRIC, { ...flat(5), depth: 11, delivery: 0 })).toEqual([
      { path: 'body.scores.depth', message: '「思考深度」的评分应为 1–10 之间的整数' },
      { path: 'body.scores.delivery', message: '「语言表达」的评分应为 1–10 之间的整数' },
    ]);
    expect(scoreProblems(DEFAULT_RUBRIC, { ...flat(5), breadth: 7.5 })).toEqual([
      { path: 'body.scores.breadth', message: '「思考广度」的评分应为 1–10 之间的整数' },
    ]);
    const { responsiveness: _, ...missing } = flat(5);
    expect(scoreProblems(DEFAULT_RUBRIC, missing)).toEqual([{ path: 'body.scores.responsiveness', message: '「现场应变」未评分' }]);
    expect(scoreProblems(DEFAULT_RUBRIC, { ...flat(5), charisma: 5 })).toEqual([{ path: 'body.scores.charisma', message: '评分细则中没有「charisma」这一项' }]);
  });
  it('follows a half-point scale', () => {
    const half: Rubric = { ...DEFAULT_RUBRIC, scale: { min: 0, max: 5, step: 0.5 } };
    expect(scoreProblems(half, flat(3.5))).toEqual([]);
    expect(scoreProblems(half, flat(3.25))).toHaveLength(5);
    expect(scoreProblems(half, flat(3.25))[0]!.message).toBe('「思考深度」的评分应为 0–5 之间、以 0.5 为间隔的分值');
  });
});

describe('scoresJson and sameScores', () => {
  it('writes scores in the rubric order and compares them whatever the order', () => {
    expect(scoresJson(DEFAULT_RUBRIC, { responsiveness: 1, depth: 2, breadth: 3, delivery: 4, practical_value: 5 })).toBe(
      '{"depth":2,"breadth":3,"practical_value":5,"delivery":4,"responsiveness":1}',
    );
    expect(sameScores({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameScores({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(false);
    expect(sameScores({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe('planGroup', () => {
  let n = 0;
  const ids = () => `id${++n}`;
  const draft = (raterKey: string, key: string, v = 5, talkId = 't1'): BallotDraft => ({
    editionId: 'e1',
    talkId,
    raterGroup: 'audience',
    raterKey,
    attendeeId: raterKey,
    expertUserId: null,
    scores: flat(v),
    scoresJson: JSON.stringify(flat(v)),
    idempotencyKey: key,
  });

  it('numbers the versions of one rater within the group from the latest stored', () => {
    n = 0;
    const plan = planGroup([draft('a', 'k1'), draft('b', 'k2'), draft('a', 'k3', 6)], new Map(), new Map([[versionKey('t1', 'a'), 2]]), open, NOW, ids);
    expect(plan.map((p) => (p.kind === 'insert' ? [p.ballot.raterKey, p.ballot.version, p.ballot.id] : p.kind))).toEqual([
      ['a', 3, 'id1'],
      ['b', 1, 'id2'],
      ['a', 4, 'id3'],
    ]);
  });

  it('answers a retry with the original ballot, stored or earlier in the group, even once scoring has closed', () => {
    const stored: StoredBallot = {
      id: 'old',
      talkId: 't1',
      raterKey: 'a',
      version: 1,
      scores: flat(5),
      idempotencyKey: 'k1',
      createdAt: '2026-03-15T06:00:00.000Z',
    };
    const closed = { ...open, closedAt: '2026-03-15T06:10:00.000Z' };
    expect(planGroup([draft('a', 'k1')], new Map([['k1', stored]]), new Map(), closed, NOW, ids)).toEqual([{ kind: 'duplicate', ballot: stored }]);
    const twice = planGroup([draft('b', 'k9'), draft('b', 'k9')], new Map(), new Map(), open, NOW, ids);
    expect(twice[0]!.kind).toBe('insert');
    expect(twice[1]).toEqual({ kind: 'duplicate', ballot: (twice[0] as { ballot: StoredBallot }).ballot });
  });

  it('refuses a reused key with another body or rater, and a new ballot outside the window, leaving the others', () => {
    const plan = planGroup([draft('a', 'k1'), draft('a', 'k1', 7), draft('b', 'k1'), draft('c', 'k4', 5, 't2')], new Map(), new Map(), open, NOW, ids);
    expect(plan.map((p) => (p.kind === 'refuse' ? p.code : p.kind))).toEqual(['insert', 'conflict', 'conflict', 'speaker_not_on_stage']);
  });
});
