import type { Review, ReviewComment, SubmitReviewBody } from '@lecture-hall/shared';
import { REVIEW_CHECKLIST, type ReviewChecklistItem, type ReviewVerdict } from '@lecture-hall/shared/domain/programme';

/** A checklist item as the expert fills it in: not yet judged (null), 合格 (true) or 需修改 (false). */
export interface ChecklistDraft {
  ok: boolean | null;
  note: string;
}

/** A review being written, before it is submitted whole. */
export interface ReviewDraft {
  checklist: Record<ReviewChecklistItem, ChecklistDraft>;
  /** This round's page comments; key is local, for lists and removal. */
  comments: { key: string; page: number; text: string }[];
  /** Earlier comments the expert marks resolved, by comment id; unlisted means not resolved. */
  resolved: Record<string, boolean>;
  verdict: ReviewVerdict | null;
  summary: string;
}

export function emptyDraft(): ReviewDraft {
  return {
    checklist: Object.fromEntries(REVIEW_CHECKLIST.map((item) => [item, { ok: null, note: '' }])) as Record<ReviewChecklistItem, ChecklistDraft>,
    comments: [],
    resolved: {},
    verdict: null,
    summary: '',
  };
}

/** The checklist items not yet judged 合格 or 需修改, in checklist order. */
export function uncheckedItems(draft: Pick<ReviewDraft, 'checklist'>): ReviewChecklistItem[] {
  return REVIEW_CHECKLIST.filter((item) => draft.checklist[item]?.ok == null);
}

/** What still stops the draft from being submitted, as keys under reviews.problem.*. */
export type DraftProblem = 'checklist' | 'verdict' | 'summary' | 'emptyComment';

export function draftProblems(draft: ReviewDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  if (uncheckedItems(draft).length > 0) out.push('checklist');
  if (!draft.verdict) out.push('verdict');
  else if (draft.verdict !== 'approve' && draft.summary.trim() === '') out.push('summary');
  if (draft.comments.some((c) => c.text.trim() === '')) out.push('emptyComment');
  return out;
}

/**
 * The earlier rounds' comments the expert should look at again: those written on versions older
 * than the one under review and not yet marked resolved, oldest version first, then by page.
 */
export function earlierOpenComments(reviews: readonly Review[], currentVersion: number): ReviewComment[] {
  return reviews
    .filter((r) => r.version < currentVersion)
    .flatMap((r) => r.comments)
    .filter((c) => !c.resolved)
    .sort((a, b) => a.version - b.version || a.page - b.page || a.createdAt.localeCompare(b.createdAt));
}

/**
 * The request body: every checklist item once (in checklist order, notes trimmed), this round's
 * comments by page, a resolution for each earlier open comment shown (true if ticked, false if
 * not), the verdict and the trimmed summary. Throws if the draft still has problems.
 */
export function toSubmitBody(draft: ReviewDraft, earlier: readonly Pick<ReviewComment, 'id'>[]): SubmitReviewBody {
  const problems = draftProblems(draft);
  if (problems.length > 0 || !draft.verdict) throw new Error(`review draft incomplete: ${problems.join(', ')}`);
  return {
    checklist: REVIEW_CHECKLIST.map((item) => ({ item, ok: draft.checklist[item].ok === true, note: draft.checklist[item].note.trim() })),
    comments: [...draft.comments].sort((a, b) => a.page - b.page).map((c) => ({ page: c.page, text: c.text.trim() })),
    resolutions: earlier.map((c) => ({ commentId: c.id, resolved: draft.resolved[c.id] === true })),
    verdict: draft.verdict,
    summary: draft.summary.trim(),
  };
}

/** Verdict tag colours. */
export const VERDICT_COLORS: Record<ReviewVerdict, string> = { approve: 'success', revise: 'warning', reject: 'error' };
