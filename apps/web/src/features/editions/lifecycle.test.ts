import { EDITION_STATUSES } from '@lecture-hall/shared/domain/programme';
import { describe, expect, it } from 'vitest';
import { nextActions, refusalReasons, stepIndex } from './lifecycle';

describe('edition lifecycle actions', () => {
  it('offers one step forward from every status but published', () => {
    const forward = EDITION_STATUSES.map((s) => nextActions(s).find((a) => a.direction === 'forward')?.to ?? null);
    expect(forward).toEqual(['recruiting', 'preparing', 'ready', 'live', 'closed', 'published', null]);
  });

  it('names the forward actions after the seed cycle', () => {
    expect(nextActions('planning')[0]?.key).toBe('startRecruiting');
    expect(nextActions('recruiting')[0]?.key).toBe('confirmSpeakers');
    expect(nextActions('preparing')[0]?.key).toBe('preparationDone');
    expect(nextActions('ready')[0]?.key).toBe('goLive');
    expect(nextActions('live')[0]?.key).toBe('close');
    expect(nextActions('closed')[0]?.key).toBe('publish');
  });

  it('offers a step back before going live, never from live, closed or published', () => {
    const back = (s: (typeof EDITION_STATUSES)[number]) => nextActions(s).find((a) => a.direction === 'backward')?.to ?? null;
    expect(back('planning')).toBeNull();
    expect(back('recruiting')).toBe('planning');
    expect(back('preparing')).toBe('recruiting');
    expect(back('ready')).toBe('preparing');
    expect(back('live')).toBeNull();
    expect(back('closed')).toBeNull();
    expect(back('published')).toBeNull();
    expect(nextActions('published')).toEqual([]);
  });

  it('places each status on the steps', () => {
    expect(stepIndex('planning')).toBe(0);
    expect(stepIndex('published')).toBe(6);
  });

  it('reads refusal reasons as strings or {message}', () => {
    expect(refusalReasons({ reasons: ['讲课人未确定', { code: 'x', message: '课件未审核' }] })).toEqual(['讲课人未确定', '课件未审核']);
    expect(refusalReasons(undefined)).toEqual([]);
    expect(refusalReasons({ reasons: 'no' })).toEqual([]);
  });
});
