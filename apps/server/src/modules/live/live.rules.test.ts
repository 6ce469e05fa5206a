import type { LiveCommand } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { applyCommand, type CommandFacts, INITIAL_LIVE_STATE, isWindowOpen, type LiveState, settle, type WindowState } from './live.rules';

const T0 = '2026-03-15T06:30:00.000Z';
const NOW = '2026-03-15T07:00:00.000Z';
const facts = (over: Partial<CommandFacts> = {}): CommandFacts => ({ editionStatus: 'live', talkIds: ['t1', 't2'], now: NOW, newWindowId: 'w-new', ...over });
const state = (over: Partial<LiveState> = {}): LiveState => ({ ...INITIAL_LIVE_STATE, ...over });
const openWindow = (over: Partial<WindowState> = {}): WindowState => ({ id: 'w1', talkId: 't1', openedAt: T0, closesAt: null, closedAt: null, ...over });
const refused = (...reasons: string[]) => ({ ok: false, reasons });

describe('applyCommand', () => {
  it('refuses every command unless the edition is live, saying how to start', () => {
    const commands: LiveCommand[] = [
      { command: 'open_checkin' },
      { command: 'close_checkin' },
      { command: 'start_talk', talkId: 't1' },
      { command: 'start_qa' },
      { command: 'open_scoring', talkId: 't1', autoCloseSeconds: null },
      { command: 'close_scoring' },
      { command: 'screen', mode: 'speaker' },
      { command: 'end' },
    ];
    for (const c of commands) {
      expect(applyCommand(state(), c, facts({ editionStatus: 'ready' }))).toEqual(refused('本期尚未开讲：请先将本期状态改为“进行中”'));
      expect(applyCommand(state(), c, facts({ editionStatus: 'closed' }))).toEqual(refused('本期当前为“已结束”状态，不能操作现场'));
    }
  });

  it('opens check-in from idle into the check-in step; later it only opens the check-in', () => {
    expect(applyCommand(state(), { command: 'open_checkin' }, facts())).toEqual({
      ok: true,
      next: state({ step: 'checkin', stepStartedAt: NOW, checkinOpen: true }),
      effects: [],
    });
    const talking = state({ step: 'talk', stepStartedAt: T0, currentTalkId: 't1' });
    expect(applyCommand(talking, { command: 'open_checkin' }, facts())).toEqual({ ok: true, next: { ...talking, checkinOpen: true }, effects: [] });
    expect(applyCommand(state({ step: 'checkin', checkinOpen: true }), { command: 'open_checkin' }, facts())).toEqual(refused('签到已经开启'));
  });

  it('closes check-in: back to idle from the check-in step, the step unchanged otherwise', () => {
    expect(applyCommand(state({ step: 'checkin', stepStartedAt: T0, checkinOpen: true }), { command: 'close_checkin' }, facts())).toEqual({
      ok: true,
      next: state({ step: 'idle', stepStartedAt: NOW, checkinOpen: false }),
      effects: [],
    });
    const qa = state({ step: 'qa', stepStartedAt: T0, checkinOpen: true, currentTalkId: 't1' });
    expect(applyCommand(qa, { command: 'close_checkin' }, facts())).toEqual({ ok: true, next: { ...qa, checkinOpen: false }, effects: [] });
    expect(applyCommand(state(), { command: 'close_checkin' }, facts())).toEqual(refused('签到尚未开启'));
  });

  it('starts a talk of the edition from any step but scoring, keeping check-in open', () => {
    for (const step of ['idle', 'checkin', 'qa', 'between'] as const) {
      expect(applyCommand(state({ step, checkinOpen: true }), { command: 'start_talk', talkId: 't2' }, facts())).toEqual({
        ok: true,
        next: state({ step: 'talk', stepStartedAt: NOW, checkinOpen: true, currentTalkId: 't2' }),
        effects: [],
      });
    }
    // The host may move on to the next speaker straight from a talk.
    expect(applyCommand(state({ step: 'talk', currentTalkId: 't1' }), { command: 'start_talk', talkId: 't2' }, facts())).toMatchObject({ ok: true });
    expect(applyCommand(state({ step: 'talk', currentTalkId: 't1' }), { command: 'start_talk', talkId: 't1' }, facts())).toEqual(refused('该讲课人已在讲课'));
    expect(applyCommand(state(), { command: 'start_talk', talkId: 'elsewhere' }, facts())).toEqual(refused('该讲题不属于本期'));
    const scoring = state({ step: 'scoring', currentTalkId: 't1', window: openWindow() });
    expect(applyCommand(scoring, { command: 'start_talk', talkId: 't2' }, facts())).toEqual(refused('评分进行中：请先结束当前的评分'));
  });

  it('starts Q&A only during a talk', () => {
    expect(applyCommand(state({ step: 'talk', stepStartedAt: T0, currentTalkId: 't1' }), { command: 'start_qa' }, facts())).toEqual({
      ok: true,
      next: state({ step: 'qa', stepStartedAt: NOW, currentTalkId: 't1' }),
      effects: [],
    });
    for (const step of ['idle', 'checkin', 'qa', 'scoring', 'between'] as const) {
      expect(applyCommand(state({ step }), { command: 'start_qa' }, facts())).toEqual(refused('只有在讲课环节才能开始互动问答'));
    }
  });

  it('opens a scoring window for a talk, with an auto-close time when asked', () => {
    const qa = state({ step: 'qa', stepStartedAt: T0, currentTalkId: 't1', checkinOpen: true });
    const window = { id: 'w-new', talkId: 't1', openedAt: NOW, closesAt: '2026-03-15T07:01:30.000Z', closedAt: null };
    expect(applyCommand(qa, { command: 'open_scoring', talkId: 't1', autoCloseSeconds: 90 }, facts())).toEqual({
      ok: true,
      next: { ...qa, step: 'scoring', stepStartedAt: NOW, window },
      effects: [{ kind: 'open_window', window }],
    });
    const talk = state({ step: 'talk', currentTalkId: 't1' });
    expect(applyCommand(talk, { command: 'open_scoring', talkId: 't1', autoCloseSeconds: null }, facts())).toMatchObject({
      ok: true,
      next: { step: 'scoring', window: { id: 'w-new', closesAt: null } },
    });
    // Rescoring a speaker after its window closed opens a new window.
    const between = state({ step: 'between', currentTalkId: 't1', window: openWindow({ closedAt: T0 }) });
    expect(applyCommand(between, { command: 'open_scoring', talkId: 't1', autoCloseSeconds: null }, facts())).toMatchObject({ ok: true });
  });

  it('opening scoring for another talk closes the open window first', () => {
    const scoring = state({ step: 'scoring', stepStartedAt: T0, currentTalkId: 't1', window: openWindow() });
    const window = { id: 'w-new', talkId: 't2', openedAt: NOW, closesAt: null, closedAt: null };
    expect(applyCommand(scoring, { command: 'open_scoring', talkId: 't2', autoCloseSeconds: null }, facts())).toEqual({
      ok: true,
      next: { ...scoring, stepStartedAt: NOW, currentTalkId: 't2', window },
      effects: [
        { kind: 'close_window', windowId: 'w1', at: NOW, by: 'host' },
        { kind: 'open_window', window },
      ],
    });
  });

  it('refuses to open scoring before any talk, twice for one talk, or for a talk of another edition', () => {
    for (const step of ['idle', 'checkin'] as const) {
      expect(applyCommand(state({ step }), { command: 'open_scoring', talkId: 't1', autoCloseSeconds: null }, facts())).toEqual(
        refused('讲课尚未开始，不能开始评分'),
      );
    }
    const scoring = state({ step: 'scoring', currentTalkId: 't1', window: openWindow() });
    expect(applyCommand(scoring, { command: 'open_scoring', talkId: 't1', autoCloseSeconds: null }, facts())).toEqual(refused('该讲课人的评分已经开始'));
    expect(applyCommand(scoring, { command: 'open_scoring', talkId: 'x', autoCloseSeconds: null }, facts())).toEqual(refused('该讲题不属于本期'));
  });

  it('closes the open window into the between step', () => {
    const scoring = state({ step: 'scoring', stepStartedAt: T0, currentTalkId: 't1', window: openWindow() });
    expect(applyCommand(scoring, { command: 'close_scoring' }, facts())).toEqual({
      ok: true,
      next: { ...scoring, step: 'between', stepStartedAt: NOW, window: openWindow({ closedAt: NOW }) },
      effects: [{ kind: 'close_window', windowId: 'w1', at: NOW, by: 'host' }],
    });
    expect(applyCommand(state({ step: 'talk', currentTalkId: 't1' }), { command: 'close_scoring' }, facts())).toEqual(refused('当前没有进行中的评分'));
    const closed = state({ step: 'between', currentTalkId: 't1', window: openWindow({ closedAt: T0 }) });
    expect(applyCommand(closed, { command: 'close_scoring' }, facts())).toEqual(refused('当前没有进行中的评分'));
  });

  it('changes the screen at any step, even after the end', () => {
    for (const step of ['idle', 'checkin', 'talk', 'qa', 'scoring', 'between', 'ended'] as const) {
      expect(applyCommand(state({ step }), { command: 'screen', mode: 'questions' }, facts())).toEqual({
        ok: true,
        next: state({ step, screen: 'questions' }),
        effects: [],
      });
    }
  });

  it('ends the session: the window and the check-in close, and nothing but the screen moves after', () => {
    const scoring = state({ step: 'scoring', stepStartedAt: T0, currentTalkId: 't1', checkinOpen: true, window: openWindow() });
    const ended = state({ step: 'ended', stepStartedAt: NOW, checkinOpen: false, currentTalkId: null, window: openWindow({ closedAt: NOW }) });
    expect(applyCommand(scoring, { command: 'end' }, facts())).toEqual({
      ok: true,
      next: ended,
      effects: [{ kind: 'close_window', windowId: 'w1', at: NOW, by: 'host' }],
    });
    expect(applyCommand(state({ step: 'checkin', checkinOpen: true }), { command: 'end' }, facts())).toEqual({
      ok: true,
      next: state({ step: 'ended', stepStartedAt: NOW }),
      effects: [],
    });
    for (const c of [
      { command: 'open_checkin' },
      { command: 'close_checkin' },
      { command: 'start_talk', talkId: 't1' },
      { command: 'start_qa' },
      { command: 'open_scoring', talkId: 't1', autoCloseSeconds: null },
      { command: 'close_scoring' },
      { command: 'end' },
    ] as LiveCommand[]) {
      expect(applyCommand(ended, c, facts())).toEqual(refused('本场已散场，不能再操作'));
    }
  });

  it('treats a window past its auto-close time as closed at that time, before judging the command', () => {
    const expired = state({ step: 'scoring', stepStartedAt: T0, currentTalkId: 't1', window: openWindow({ closesAt: '2026-03-15T06:59:00.000Z' }) });
    expect(applyCommand(expired, { command: 'close_scoring' }, facts())).toEqual(refused('当前没有进行中的评分'));
    expect(applyCommand(expired, { command: 'start_talk', talkId: 't2' }, facts())).toEqual({
      ok: true,
      next: state({
        step: 'talk',
        stepStartedAt: NOW,
        currentTalkId: 't2',
        window: openWindow({ closesAt: '2026-03-15T06:59:00.000Z', closedAt: '2026-03-15T06:59:00.000Z' }),
      }),
      effects: [{ kind: 'close_window', windowId: 'w1', at: '2026-03-15T06:59:00.000Z', by: 'timer' }],
    });
  });
});

describe('settle', () => {
  it('closes an expired window at its closing time and moves scoring to between; leaves anything else alone', () => {
    const w = openWindow({ closesAt: '2026-03-15T06:45:00.000Z' });
    const s = state({ step: 'scoring', stepStartedAt: T0, currentTalkId: 't1', window: w });
    expect(settle(s, '2026-03-15T06:44:59.999Z')).toEqual({ next: s, effects: [] });
    expect(settle(s, '2026-03-15T06:45:00.000Z')).toEqual({
      next: { ...s, step: 'between', stepStartedAt: '2026-03-15T06:45:00.000Z', window: { ...w, closedAt: '2026-03-15T06:45:00.000Z' } },
      effects: [{ kind: 'close_window', windowId: 'w1', at: '2026-03-15T06:45:00.000Z', by: 'timer' }],
    });
    const noLimit = state({ step: 'scoring', window: openWindow() });
    expect(settle(noLimit, '2099-01-01T00:00:00.000Z')).toEqual({ next: noLimit, effects: [] });
    expect(settle(state(), NOW)).toEqual({ next: state(), effects: [] });
  });

  it('tells an open window from a closed or expired one', () => {
    expect(isWindowOpen(openWindow(), NOW)).toBe(true);
    expect(isWindowOpen(openWindow({ closesAt: '2026-03-15T07:00:00.001Z' }), NOW)).toBe(true);
    expect(isWindowOpen(openWindow({ closesAt: NOW }), NOW)).toBe(false);
    expect(isWindowOpen(openWindow({ closedAt: T0 }), NOW)).toBe(false);
    expect(isWindowOpen(null, NOW)).toBe(false);
  });
});
