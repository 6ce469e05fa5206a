import { describe, expect, it } from 'vitest';
import {
  allDecksApproved,
  awaitsExpert,
  type DeckFacts,
  deckStatus,
  type ReviewRoundInput,
  reviewRound,
  unapprovedDeckReasons,
  type VerdictFact,
} from './review.rules';

const A = 'expert-a';
const B = 'expert-b';
const at = (minute: number) => `2026-02-01T08:${String(minute).padStart(2, '0')}:00.000Z`;
const v = (expertUserId: string, verdict: VerdictFact['verdict'], minute = 0): VerdictFact => ({ expertUserId, verdict, createdAt: at(minute) });
const deck = (patch: Partial<DeckFacts> = {}): DeckFacts => ({ latestVersionId: 'v1', reviewsOfLatest: [], assignedExpertIds: [A], ...patch });

describe('deck status: the approval rule', () => {
  it('is none without a version, whatever else is known', () => {
    expect(deckStatus(deck({ latestVersionId: null }))).toBe('none');
    expect(deckStatus(deck({ latestVersionId: null, assignedExpertIds: [] }))).toBe('none');
  });

  it('awaits review while the latest version has no review, or no expert is assigned', () => {
    expect(deckStatus(deck())).toBe('awaiting_review');
    expect(deckStatus(deck({ assignedExpertIds: [] }))).toBe('awaiting_review');
    expect(deckStatus(deck({ assignedExpertIds: [], reviewsOfLatest: [v(A, 'approve')] }))).toBe('awaiting_review');
  });

  it("follows a single expert's verdict", () => {
    expect(deckStatus(deck({ reviewsOfLatest: [v(A, 'approve')] }))).toBe('approved');
    expect(deckStatus(deck({ reviewsOfLatest: [v(A, 'revise')] }))).toBe('revise');
    expect(deckStatus(deck({ reviewsOfLatest: [v(A, 'reject')] }))).toBe('rejected');
  });

  it('with two experts, approves only when both approve; one approval waits for the other', () => {
    const two = { assignedExpertIds: [A, B] };
    expect(deckStatus(deck({ ...two, reviewsOfLatest: [v(A, 'approve')] }))).toBe('awaiting_review');
    expect(deckStatus(deck({ ...two, reviewsOfLatest: [v(A, 'approve'), v(B, 'approve', 1)] }))).toBe('approved');
  });

  it('when experts disagree, a request for changes beats an approval and a rejection beats both', () => {
    const two = { assignedExpertIds: [A, B] };
    expect(deckStatus(deck({ ...two, reviewsOfLatest: [v(A, 'approve'), v(B, 'revise', 1)] }))).toBe('revise');
    expect(deckStatus(deck({ ...two, reviewsOfLatest: [v(A, 'revise'), v(B, 'approve', 1)] }))).toBe('revise');
    expect(deckStatus(deck({ ...two, reviewsOfLatest: [v(A, 'revise'), v(B, 'reject', 1)] }))).toBe('rejected');
    expect(deckStatus(deck({ ...two, reviewsOfLatest: [v(A, 'approve'), v(B, 'reject', 1)] }))).toBe('rejected');
    // One asks for changes before the other has looked: the speaker should revise now.
    expect(deckStatus(deck({ ...two, reviewsOfLatest: [v(B, 'revise')] }))).toBe('revise');
  });

  it("counts each expert's latest review of the version, so an expert may change its verdict", () => {
    expect(deckStatus(deck({ reviewsOfLatest: [v(A, 'revise', 0), v(A, 'approve', 5)] }))).toBe('approved');
    expect(deckStatus(deck({ reviewsOfLatest: [v(A, 'approve', 5), v(A, 'revise', 0)] }))).toBe('approved');
    expect(deckStatus(deck({ reviewsOfLatest: [v(A, 'approve', 0), v(A, 'reject', 5)] }))).toBe('rejected');
  });

  it('ignores the verdicts of experts no longer assigned', () => {
    expect(deckStatus(deck({ assignedExpertIds: [B], reviewsOfLatest: [v(A, 'reject')] }))).toBe('awaiting_review');
    expect(deckStatus(deck({ assignedExpertIds: [B], reviewsOfLatest: [v(A, 'reject'), v(B, 'approve', 1)] }))).toBe('approved');
  });

  it('resets an approval when a later version is uploaded: the new latest version has no reviews', () => {
    const approvedV1 = deck({ latestVersionId: 'v1', reviewsOfLatest: [v(A, 'approve')] });
    expect(deckStatus(approvedV1)).toBe('approved');
    // The service passes only the reviews of the latest version: those of v1 no longer count.
    expect(deckStatus({ ...approvedV1, latestVersionId: 'v2', reviewsOfLatest: [] })).toBe('awaiting_review');
  });

  it('says whether the latest version still waits for a given expert', () => {
    expect(awaitsExpert(deck({ assignedExpertIds: [A, B], reviewsOfLatest: [v(A, 'approve')] }), A)).toBe(false);
    expect(awaitsExpert(deck({ assignedExpertIds: [A, B], reviewsOfLatest: [v(A, 'approve')] }), B)).toBe(true);
    expect(awaitsExpert(deck({ latestVersionId: null }), A)).toBe(false);
    expect(awaitsExpert(deck(), 'someone-else')).toBe(false);
  });
});

describe('review round: the transition function', () => {
  const round = (patch: Partial<ReviewRoundInput> = {}): ReviewRoundInput => ({
    deck: deck(),
    editionStatus: 'preparing',
    expertUserId: A,
    holdsExpertRole: true,
    versionId: 'v1',
    verdict: 'approve',
    at: at(30),
    ...patch,
  });

  it('moves the deck by the verdict and names the notice to the speaker', () => {
    expect(reviewRound(round())).toEqual({ ok: true, before: 'awaiting_review', after: 'approved', notify: 'review.approved' });
    expect(reviewRound(round({ verdict: 'revise' }))).toEqual({ ok: true, before: 'awaiting_review', after: 'revise', notify: 'review.revise' });
    expect(reviewRound(round({ verdict: 'reject' }))).toEqual({ ok: true, before: 'awaiting_review', after: 'rejected', notify: 'review.rejected' });
  });

  it("lets an expert's new review of the same version replace its earlier verdict", () => {
    const revised = deck({ reviewsOfLatest: [v(A, 'revise', 0)] });
    expect(reviewRound(round({ deck: revised }))).toEqual({ ok: true, before: 'revise', after: 'approved', notify: 'review.approved' });
  });

  it("keeps a co-expert's request for changes in force after one approval", () => {
    const two = deck({ assignedExpertIds: [A, B], reviewsOfLatest: [v(B, 'revise', 0)] });
    expect(reviewRound(round({ deck: two }))).toEqual({ ok: true, before: 'revise', after: 'revise', notify: 'review.approved' });
  });

  it('refuses anyone not an assigned expert, first', () => {
    expect(reviewRound(round({ expertUserId: B }))).toEqual({ ok: false, error: 'not_assigned' });
    // Assigned once, but the expert role was taken away since.
    expect(reviewRound(round({ holdsExpertRole: false }))).toEqual({ ok: false, error: 'not_assigned' });
    expect(reviewRound(round({ expertUserId: B, editionStatus: 'live', versionId: 'old' }))).toEqual({ ok: false, error: 'not_assigned' });
  });

  it('takes reviews while recruiting, preparing and ready; refuses them once live', () => {
    for (const editionStatus of ['recruiting', 'preparing', 'ready'] as const) expect(reviewRound(round({ editionStatus })).ok).toBe(true);
    for (const editionStatus of ['planning', 'live', 'closed', 'published'] as const) {
      expect(reviewRound(round({ editionStatus }))).toEqual({ ok: false, error: 'talk_locked' });
    }
  });

  it('refuses a review of a version that is no longer the latest', () => {
    expect(reviewRound(round({ deck: deck({ latestVersionId: 'v2' }), versionId: 'v1' }))).toEqual({ ok: false, error: 'review_stale' });
  });
});

describe('readiness of the decks', () => {
  it('is ready with every deck approved, and with no talks at all', () => {
    expect(allDecksApproved([{ order: 1, speakerName: '张伟', status: 'approved' }])).toBe(true);
    expect(allDecksApproved([])).toBe(true);
    expect(allDecksApproved([{ order: 1, speakerName: '张伟', status: 'awaiting_review' }])).toBe(false);
  });

  it('names each unapproved deck with its speaker, place and status', () => {
    expect(
      unapprovedDeckReasons([
        { order: 2, speakerName: '王芳', status: 'revise' },
        { order: 1, speakerName: '张伟', status: 'approved' },
      ]),
    ).toEqual(['第2位讲课人王芳的课件尚未审核通过（需修改）']);
  });
});
