import type { Review, ReviewComment } from '@lecture-hall/shared';
import { SubmitReviewBody } from '@lecture-hall/shared';
import { REVIEW_CHECKLIST } from '@lecture-hall/shared/domain/programme';
import { describe, expect, it } from 'vitest';
import { draftProblems, earlierOpenComments, emptyDraft, type ReviewDraft, toSubmitBody, uncheckedItems } from './draft';

function filled(over: Partial<ReviewDraft> = {}): ReviewDraft {
  const d = emptyDraft();
  for (const item of REVIEW_CHECKLIST) d.checklist[item] = { ok: true, note: '' };
  return { ...d, verdict: 'approve', ...over };
}

const comment = (id: string, version: number, page: number, resolved = false): ReviewComment => ({
  id,
  reviewId: `r${version}`,
  deckVersionId: `v${version}`,
  version,
  page,
  text: `第${page}页的问题`,
  author: '李专家',
  resolved,
  resolvedInReviewId: resolved ? 'rx' : null,
  createdAt: `2026-03-0${version}T00:00:00Z`,
});

const review = (version: number, comments: ReviewComment[]): Review => ({
  id: `r${version}`,
  talkId: 't1',
  deckVersionId: `v${version}`,
  version,
  expert: '李专家',
  checklist: [],
  verdict: 'revise',
  summary: '请修改',
  comments,
  createdAt: `2026-03-0${version}T00:00:00Z`,
});

describe('checklist completeness', () => {
  it('lists every item of an empty draft as unchecked, in checklist order', () => {
    expect(uncheckedItems(emptyDraft())).toEqual([...REVIEW_CHECKLIST]);
    const d = emptyDraft();
    d.checklist.format_norms = { ok: false, note: '字号过小' };
    expect(uncheckedItems(d)).not.toContain('format_norms');
    expect(uncheckedItems(d)).toHaveLength(4);
  });

  it('needs the checklist, a verdict, a summary unless approving, and no blank comment', () => {
    expect(draftProblems(emptyDraft())).toEqual(['checklist', 'verdict']);
    expect(draftProblems(filled())).toEqual([]);
    expect(draftProblems(filled({ verdict: 'revise', summary: '  ' }))).toEqual(['summary']);
    expect(draftProblems(filled({ verdict: 'reject', summary: '方向有误' }))).toEqual([]);
    expect(draftProblems(filled({ comments: [{ key: 'a', page: 2, text: ' ' }] }))).toEqual(['emptyComment']);
  });
});

describe('draft to request body', () => {
  it('sends all five items once, comments by page, a resolution for each earlier comment shown', () => {
    const d = filled({
      verdict: 'revise',
      summary: '  第二页数据需核实 ',
      comments: [
        { key: 'b', page: 5, text: ' 结尾太长 ' },
        { key: 'a', page: 2, text: '数据出处？' },
      ],
      resolved: { c1: true },
    });
    d.checklist.facts_and_figures = { ok: false, note: ' 2019 年数据有误 ' };
    const body = toSubmitBody(d, [{ id: 'c1' }, { id: 'c2' }]);
    expect(body.checklist.map((c) => c.item)).toEqual([...REVIEW_CHECKLIST]);
    expect(body.checklist.find((c) => c.item === 'facts_and_figures')).toEqual({ item: 'facts_and_figures', ok: false, note: '2019 年数据有误' });
    expect(body.comments).toEqual([
      { page: 2, text: '数据出处？' },
      { page: 5, text: '结尾太长' },
    ]);
    expect(body.resolutions).toEqual([
      { commentId: 'c1', resolved: true },
      { commentId: 'c2', resolved: false },
    ]);
    expect(body.summary).toBe('第二页数据需核实');
    // …and it is what the server's schema accepts.
    expect(SubmitReviewBody.safeParse(body).success).toBe(true);
  });

  it('refuses an incomplete draft', () => {
    expect(() => toSubmitBody(emptyDraft(), [])).toThrow(/incomplete/);
  });
});

describe('earlier comments', () => {
  it('shows the open comments of older versions only, by version then page', () => {
    const reviews = [
      review(1, [comment('c3', 1, 7), comment('c1', 1, 2), comment('c0', 1, 1, true)]),
      review(2, [comment('c4', 2, 3)]),
      review(3, [comment('c5', 3, 1)]),
    ];
    expect(earlierOpenComments(reviews, 3).map((c) => c.id)).toEqual(['c1', 'c3', 'c4']);
    expect(earlierOpenComments(reviews, 1)).toEqual([]);
  });
});
