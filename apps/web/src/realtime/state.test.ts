import type { LiveSnapshot } from '@lecture-hall/shared/api/live';
import type { ClientMessage } from '@lecture-hall/shared/realtime/events';
import { describe, expect, it } from 'vitest';
import { scaleValues } from '../audience/scale';
import { applyMessage, orderQuestions, scoringOpenFor } from './state';

const snapshot = {
  version: 1,
  window: null,
  counters: { checkedIn: 0, connected: 0, audienceBallots: {}, expertBallots: {} },
  questions: [],
} as unknown as LiveSnapshot;
const m = (type: string, version: number, payload: unknown) => ({ type, version, payload }) as ClientMessage;

describe('folding messages into the view', () => {
  it('needs a snapshot first, then applies parts', () => {
    expect(applyMessage(null, m('live.tally', 2, {}))).toBeNull();
    let v = applyMessage(null, m('live.snapshot', 1, snapshot));
    v = applyMessage(v, m('live.tally', 2, { checkedIn: 5, connected: 3, audienceBallots: { t1: 2 }, expertBallots: {} }));
    v = applyMessage(v, m('questions.queue', 2, { questions: [{ id: 'q' }] }));
    expect(v?.snapshot.counters.checkedIn).toBe(5);
    expect(v?.queue).toHaveLength(1);
    v = applyMessage(v, m('live.state', 3, { step: 'scoring', stepStartedAt: null, checkinOpen: true, currentTalkId: 't1', window: null, screen: 'speaker' }));
    expect(v?.snapshot.step).toBe('scoring');
    expect(v?.snapshot.version).toBe(3);
  });
});

describe('the scoring window', () => {
  const w = (over: object) => ({ window: { id: 'w', talkId: 't1', openedAt: '2025-01-01T00:00:00Z', closesAt: null, closedAt: null, ...over } });
  it('is open for its talk until closed or timed out', () => {
    const now = Date.parse('2025-01-01T00:01:00Z');
    expect(scoringOpenFor(w({}), 't1', now)).toBe(true);
    expect(scoringOpenFor(w({}), 't2', now)).toBe(false);
    expect(scoringOpenFor(w({ closedAt: '2025-01-01T00:00:30Z' }), 't1', now)).toBe(false);
    expect(scoringOpenFor(w({ closesAt: '2025-01-01T00:00:59Z' }), 't1', now)).toBe(false);
    expect(scoringOpenFor(w({ closesAt: '2025-01-01T00:02:00Z' }), 't1', now)).toBe(true);
    expect(scoringOpenFor({ window: null }, 't1', now)).toBe(false);
  });
});

describe('helpers', () => {
  it('orders questions pinned first, then by upvotes', () => {
    const q = (id: string, pinned: boolean, upvotes: number, createdAt = '2025') => ({ id, pinned, upvotes, createdAt });
    expect(orderQuestions([q('a', false, 1), q('b', false, 5), q('c', true, 0)]).map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });
  it('lists a rubric scale', () => {
    expect(scaleValues({ min: 1, max: 10, step: 1 })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(scaleValues({ min: 0, max: 1, step: 0.25 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(scaleValues({ min: 0, max: 5, step: 0 })).toEqual([]);
  });
});
