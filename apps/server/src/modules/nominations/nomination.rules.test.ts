import { NOMINATION_STATES, type NominationState } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { type NominationTransition, transition } from './nomination.rules';

const ALLOWED: Array<[NominationState, NominationTransition, NominationState]> = [
  ['submitted', 'shortlist', 'shortlisted'],
  ['shortlisted', 'unshortlist', 'submitted'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['shortlisted', 'withdraw', 'withdrawn'],
  ['submitted', 'select', 'selected'],
  ['shortlisted', 'select', 'selected'],
  ['selected', 'select', 'selected'],
  ['submitted', 'not_select', 'not_selected'],
  ['shortlisted', 'not_select', 'not_selected'],
  ['selected', 'not_select', 'not_selected'],
];
const ACTIONS: NominationTransition[] = ['shortlist', 'unshortlist', 'withdraw', 'select', 'not_select'];

describe('nomination state machine', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toEqual({ ok: true, to });
  });

  const refused = NOMINATION_STATES.flatMap((from) =>
    ACTIONS.filter((a) => !ALLOWED.some(([f, x]) => f === from && x === a)).map((a) => [from, a] as [NominationState, NominationTransition]),
  );

  it('refuses every other step: 15 of the 25 pairs', () => {
    expect(refused).toHaveLength(15);
  });

  it.each(refused)('%s refuses %s', (from, action) => {
    const decided = from === 'selected' || from === 'not_selected' || from === 'withdrawn';
    expect(transition(from, action)).toEqual({ ok: false, error: decided ? 'nomination_closed' : 'conflict' });
  });

  it('a selected speaker can neither be withdrawn nor put back on the shortlist', () => {
    expect(transition('selected', 'withdraw')).toEqual({ ok: false, error: 'nomination_closed' });
    expect(transition('selected', 'unshortlist')).toEqual({ ok: false, error: 'nomination_closed' });
  });
});
