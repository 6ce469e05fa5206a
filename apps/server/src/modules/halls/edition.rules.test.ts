import { DEFAULT_RUBRIC, EDITION_STATUSES, type EditionStatus } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { checkTransition, isRubricLocked, isSpeakerCountOpen, nextStatuses, type TransitionFacts } from './edition.rules';
import { rubricIssues } from './rubric';

/** An edition that meets every precondition: each test spoils exactly one fact. */
const ok: TransitionFacts = {
  title: '以高质量党建引领高质量发展',
  date: '2026-03-15',
  today: '2026-03-15',
  rubricIssues: [],
  speakerCount: 5,
  talkCount: 5,
  untitledTalkCount: 0,
  decks: [
    { order: 1, speakerName: '张伟', status: 'approved' },
    { order: 2, speakerName: '王芳', status: 'approved' },
  ],
  readinessOverridden: false,
};
const facts = (patch: Partial<TransitionFacts> = {}): TransitionFacts => ({ ...ok, ...patch });

describe('edition lifecycle: checkTransition', () => {
  it('allows exactly the forward steps and the three backward ones', () => {
    const allowed: Array<[EditionStatus, EditionStatus]> = [
      ['planning', 'recruiting'],
      ['recruiting', 'preparing'],
      ['preparing', 'ready'],
      ['ready', 'live'],
      ['live', 'closed'],
      ['closed', 'published'],
      ['recruiting', 'planning'],
      ['preparing', 'recruiting'],
      ['ready', 'preparing'],
    ];
    // recruiting → planning needs no speakers yet; every other move is checked against the complete edition.
    for (const [from, to] of allowed) {
      const f = from === 'recruiting' && to === 'planning' ? facts({ talkCount: 0 }) : facts();
      expect({ from, to, check: checkTransition(from, to, f) }).toEqual({ from, to, check: { ok: true } });
    }
    const allowedKeys = new Set(allowed.map(([a, b]) => `${a}>${b}`));
    for (const from of EDITION_STATUSES) {
      for (const to of EDITION_STATUSES) {
        if (from === to || allowedKeys.has(`${from}>${to}`)) continue;
        expect(checkTransition(from, to, facts({ talkCount: 0 }))).toEqual({ ok: false, reasons: [expect.stringMatching(/^不能从“.+”转为“.+”$/)] });
      }
    }
  });

  it('refuses forward skips and backward jumps by name', () => {
    expect(checkTransition('planning', 'live', facts())).toEqual({ ok: false, reasons: ['不能从“筹备中”转为“进行中”'] });
    expect(checkTransition('recruiting', 'ready', facts())).toEqual({ ok: false, reasons: ['不能从“推选中”转为“待开讲”'] });
    expect(checkTransition('live', 'ready', facts())).toEqual({ ok: false, reasons: ['不能从“进行中”转为“待开讲”'] });
    expect(checkTransition('published', 'closed', facts())).toEqual({ ok: false, reasons: ['不能从“已发布”转为“已结束”'] });
    expect(checkTransition('closed', 'live', facts())).toEqual({ ok: false, reasons: ['不能从“已结束”转为“进行中”'] });
  });

  it('refuses a move to the status the edition already has', () => {
    expect(checkTransition('recruiting', 'recruiting', facts())).toEqual({ ok: false, reasons: ['本期已处于“推选中”状态'] });
  });

  it('opens recruiting only with a title and a valid rubric', () => {
    expect(checkTransition('planning', 'recruiting', facts({ title: '  ' }))).toEqual({ ok: false, reasons: ['请先填写本期标题'] });
    expect(checkTransition('planning', 'recruiting', facts({ date: '' }))).toEqual({ ok: false, reasons: ['请先确定本期举办日期'] });
    const broken = { ...DEFAULT_RUBRIC, dimensions: DEFAULT_RUBRIC.dimensions.map((d, i) => (i === 0 ? { ...d, weight: 0.3 } : d)) };
    expect(checkTransition('planning', 'recruiting', facts({ rubricIssues: rubricIssues(broken) }))).toEqual({
      ok: false,
      reasons: ['评分细则有误：各维度权重之和必须等于 1'],
    });
    expect(checkTransition('planning', 'recruiting', facts({ rubricIssues: rubricIssues(DEFAULT_RUBRIC) }))).toEqual({ ok: true });
  });

  it('closes recruiting with exactly the speaker count selected, not one fewer nor one more', () => {
    expect(checkTransition('recruiting', 'preparing', facts({ talkCount: 5 }))).toEqual({ ok: true });
    expect(checkTransition('recruiting', 'preparing', facts({ talkCount: 4 }))).toEqual({ ok: false, reasons: ['本期需要 5 名讲课人，目前已选定 4 名'] });
    expect(checkTransition('recruiting', 'preparing', facts({ talkCount: 6 }))).toEqual({ ok: false, reasons: ['本期需要 5 名讲课人，目前已选定 6 名'] });
  });

  it('is ready only when every talk has a title and the speakers are complete', () => {
    expect(checkTransition('preparing', 'ready', facts({ untitledTalkCount: 1 }))).toEqual({ ok: false, reasons: ['还有 1 个讲题未填写题目'] });
    expect(checkTransition('preparing', 'ready', facts({ talkCount: 4, untitledTalkCount: 2 }))).toEqual({
      ok: false,
      reasons: ['本期需要 5 名讲课人，目前已选定 4 名', '还有 2 个讲题未填写题目'],
    });
  });

  it('is ready only when every latest deck is approved, naming each speaker whose deck is not, in running order', () => {
    const decks = [
      { order: 3, speakerName: '李强', status: 'none' as const },
      { order: 1, speakerName: '张伟', status: 'approved' as const },
      { order: 2, speakerName: '王芳', status: 'revise' as const },
      { order: 4, speakerName: '赵敏', status: 'awaiting_review' as const },
      { order: 5, speakerName: '陈静', status: 'rejected' as const },
    ];
    expect(checkTransition('preparing', 'ready', facts({ decks }))).toEqual({
      ok: false,
      reasons: [
        '第2位讲课人王芳的课件尚未审核通过（需修改）',
        '第3位讲课人李强的课件尚未审核通过（未上传）',
        '第4位讲课人赵敏的课件尚未审核通过（待审核）',
        '第5位讲课人陈静的课件尚未审核通过（未通过）',
      ],
    });
    // The deck reasons come after the talks' own, each gate in its turn.
    expect(checkTransition('preparing', 'ready', facts({ untitledTalkCount: 1, decks: [{ order: 1, speakerName: '张伟', status: 'revise' }] }))).toEqual({
      ok: false,
      reasons: ['还有 1 个讲题未填写题目', '第1位讲课人张伟的课件尚未审核通过（需修改）'],
    });
  });

  it("lets a hall admin's recorded override through the deck gate, and only that gate", () => {
    const decks = [{ order: 1, speakerName: '张伟', status: 'revise' as const }];
    expect(checkTransition('preparing', 'ready', facts({ decks, readinessOverridden: true }))).toEqual({ ok: true });
    expect(checkTransition('preparing', 'ready', facts({ decks, readinessOverridden: true, untitledTalkCount: 1 }))).toEqual({
      ok: false,
      reasons: ['还有 1 个讲题未填写题目'],
    });
  });

  it('judges the decks on the move to ready only', () => {
    const decks = [{ order: 1, speakerName: '张伟', status: 'none' as const }];
    expect(checkTransition('recruiting', 'preparing', facts({ decks }))).toEqual({ ok: true });
    expect(checkTransition('ready', 'live', facts({ decks }))).toEqual({ ok: true });
    expect(checkTransition('ready', 'preparing', facts({ decks }))).toEqual({ ok: true });
  });

  it('goes live whenever the host decides: before the day (an early session, a rehearsal), on it or after it', () => {
    expect(checkTransition('ready', 'live', facts({ date: '2026-03-15', today: '2026-03-15' }))).toEqual({ ok: true });
    expect(checkTransition('ready', 'live', facts({ date: '2026-03-14', today: '2026-03-15' }))).toEqual({ ok: true });
    expect(checkTransition('ready', 'live', facts({ date: '2026-03-16', today: '2026-03-15' }))).toEqual({ ok: true });
  });

  it('returns to planning only while no speaker has been selected', () => {
    expect(checkTransition('recruiting', 'planning', facts({ talkCount: 0 }))).toEqual({ ok: true });
    expect(checkTransition('recruiting', 'planning', facts({ talkCount: 1 }))).toEqual({ ok: false, reasons: ['已选定 1 名讲课人，不能退回筹备阶段'] });
  });

  it('reopens recruiting and steps back from ready whatever the talks', () => {
    expect(checkTransition('preparing', 'recruiting', facts({ talkCount: 2, untitledTalkCount: 2 }))).toEqual({ ok: true });
    expect(checkTransition('ready', 'preparing', facts({ date: '2099-01-01' }))).toEqual({ ok: true });
  });

  it('closes and publishes without preconditions', () => {
    const anything = facts({ talkCount: 0, untitledTalkCount: 3, date: '2099-01-01', rubricIssues: ['x'] });
    expect(checkTransition('live', 'closed', anything)).toEqual({ ok: true });
    expect(checkTransition('closed', 'published', anything)).toEqual({ ok: true });
  });

  it('lists the moves out of each status for the console', () => {
    expect(nextStatuses('planning')).toEqual(['recruiting']);
    expect(nextStatuses('recruiting')).toEqual(['preparing', 'planning']);
    expect(nextStatuses('ready')).toEqual(['live', 'preparing']);
    expect(nextStatuses('published')).toEqual([]);
  });

  it('locks the rubric from live on, and the speaker count once recruiting is over', () => {
    expect(EDITION_STATUSES.filter(isRubricLocked)).toEqual(['live', 'closed', 'published']);
    expect(EDITION_STATUSES.filter(isSpeakerCountOpen)).toEqual(['planning', 'recruiting']);
  });
});

describe('rubric validation', () => {
  it('accepts the default rubric and names each fault in Chinese', () => {
    expect(rubricIssues(DEFAULT_RUBRIC)).toEqual([]);
    const dup = { ...DEFAULT_RUBRIC, dimensions: DEFAULT_RUBRIC.dimensions.map((d) => (d.key === 'breadth' ? { ...d, key: 'depth' } : d)) };
    expect(rubricIssues(dup)).toEqual(['维度代码不能重复']);
    expect(rubricIssues({ ...DEFAULT_RUBRIC, scale: { min: 10, max: 10, step: 1 } })).toEqual(['分值上限必须大于下限']);
    expect(rubricIssues({ ...DEFAULT_RUBRIC, scale: { min: 0, max: 10, step: 3 } })).toEqual(['分值步长必须能整除分值范围']);
    expect(rubricIssues({ ...DEFAULT_RUBRIC, dimensions: [] })).toContain('至少需要一个评分维度');
  });
});
