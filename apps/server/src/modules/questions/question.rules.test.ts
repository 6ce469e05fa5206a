import type { QuestionState } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { cleanQuestionText, heldReasonFor, type ModerateAction, type ModeratedQuestion, moderate } from './question.rules';

const q = (state: QuestionState, fields: Partial<ModeratedQuestion> = {}): ModeratedQuestion => ({
  id: 'q1',
  editionId: 'e1',
  state,
  pinned: false,
  mergedInto: null,
  ...fields,
});

describe('cleanQuestionText', () => {
  it('keeps the text as given, full-width punctuation and markup characters included', () => {
    expect(cleanQuestionText('请问<b>基层</b>减负 & 增效如何落实？')).toEqual({ ok: true, text: '请问<b>基层</b>减负 & 增效如何落实？' });
  });

  it('collapses runs of whitespace, keeping one line break where a run held one', () => {
    expect(cleanQuestionText('第一，  如何\t落实？\r\n\r\n\n第二，\u3000\u3000成效如何？')).toEqual({
      ok: true,
      text: '第一， 如何 落实？\n第二， 成效如何？',
    });
  });

  it('refuses control characters and bidirectional overrides', () => {
    for (const raw of ['问题\u0000', '问题\u0007响铃', '问题\u001b[31m', '问题\u0085', '\u202e题问']) {
      expect(cleanQuestionText(raw)).toEqual({ ok: false, reason: '问题中含有不可见的控制字符，请删除后重新提交' });
    }
  });

  it('refuses a text of nothing but invisible characters', () => {
    expect(cleanQuestionText('\u200b\u200b')).toEqual({ ok: false, reason: '请输入问题' });
  });
});

describe('heldReasonFor', () => {
  it('names the words that matched', () => {
    expect(heldReasonFor([])).toBeNull();
    expect(heldReasonFor(['加微信'])).toBe('含敏感词“加微信”，待主持人审核');
    expect(heldReasonFor(['加微信', '代开发票'])).toBe('含敏感词“加微信”“代开发票”，待主持人审核');
  });
});

describe('moderate: the question lifecycle', () => {
  const allowed: Array<[QuestionState, ModerateAction, QuestionState]> = [
    ['pending', 'approve', 'approved'],
    ['pending', 'hide', 'hidden'],
    ['approved', 'answer', 'answered'],
    ['approved', 'hide', 'hidden'],
    ['hidden', 'approve', 'approved'],
    ['answered', 'approve', 'approved'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, action, to) => {
    expect(moderate(q(from), action)).toEqual({ ok: true, next: { state: to, pinned: false, mergedInto: null } });
  });

  const refused: Array<[QuestionState, ModerateAction, string]> = [
    ['pending', 'answer', '只有已通过审核的问题才能标记为已回答'],
    ['hidden', 'answer', '只有已通过审核的问题才能标记为已回答'],
    ['answered', 'answer', '该问题已标记为已回答'],
    ['approved', 'approve', '该问题已通过审核'],
    ['hidden', 'hide', '该问题已隐藏'],
    ['answered', 'hide', '已回答的问题不能直接隐藏，请先撤销“已回答”'],
    ['pending', 'pin', '只有已通过审核的问题才能置顶'],
    ['hidden', 'pin', '只有已通过审核的问题才能置顶'],
    ['approved', 'unpin', '该问题未置顶'],
  ];
  it.each(refused)('%s --%s--> refused', (from, action, reason) => {
    expect(moderate(q(from), action)).toEqual({ ok: false, reason });
  });

  it('pins and unpins approved and answered questions; hiding unpins, undoing "answered" keeps the pin', () => {
    expect(moderate(q('approved'), 'pin')).toEqual({ ok: true, next: { state: 'approved', pinned: true, mergedInto: null } });
    expect(moderate(q('answered'), 'pin')).toEqual({ ok: true, next: { state: 'answered', pinned: true, mergedInto: null } });
    expect(moderate(q('approved', { pinned: true }), 'pin')).toEqual({ ok: false, reason: '该问题已置顶' });
    expect(moderate(q('approved', { pinned: true }), 'unpin')).toEqual({ ok: true, next: { state: 'approved', pinned: false, mergedInto: null } });
    expect(moderate(q('approved', { pinned: true }), 'hide')).toEqual({ ok: true, next: { state: 'hidden', pinned: false, mergedInto: null } });
    expect(moderate(q('answered', { pinned: true }), 'approve')).toEqual({ ok: true, next: { state: 'approved', pinned: true, mergedInto: null } });
  });

  it('merges into another live question of the same edition: hidden, unpinned, pointing at it', () => {
    const target = q('approved', { id: 'q2' });
    for (const from of ['pending', 'approved', 'answered', 'hidden'] as const) {
      expect(moderate(q(from, { pinned: from === 'approved' }), 'merge', target)).toEqual({
        ok: true,
        next: { state: 'hidden', pinned: false, mergedInto: 'q2' },
      });
    }
    expect(moderate(q('pending'), 'merge', q('pending', { id: 'q2' })).ok).toBe(true);
  });

  it('refuses merging into itself, across editions, into a merged or hidden question, or nowhere', () => {
    expect(moderate(q('pending'), 'merge', q('approved'))).toEqual({ ok: false, reason: '不能把问题合并到它自己' });
    expect(moderate(q('pending'), 'merge', q('approved', { id: 'q2', editionId: 'e2' }))).toEqual({ ok: false, reason: '只能合并同一期的问题' });
    expect(moderate(q('pending'), 'merge', q('hidden', { id: 'q2', mergedInto: 'q3' }))).toEqual({
      ok: false,
      reason: '目标问题已被合并到其他问题，请合并到原问题',
    });
    expect(moderate(q('pending'), 'merge', q('hidden', { id: 'q2' }))).toEqual({ ok: false, reason: '不能合并到已隐藏的问题' });
    expect(moderate(q('pending'), 'merge', null)).toEqual({ ok: false, reason: '请选择要合并到的问题' });
  });

  it('refuses every action on a merged question: merging is final, so no cycle can form', () => {
    for (const action of ['approve', 'hide', 'answer', 'pin', 'unpin', 'merge'] as const) {
      expect(moderate(q('hidden', { mergedInto: 'q2' }), action, q('approved', { id: 'q3' }))).toEqual({
        ok: false,
        reason: '该问题已合并到其他问题，不能再操作',
      });
    }
  });
});
