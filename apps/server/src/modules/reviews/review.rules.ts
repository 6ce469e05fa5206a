import { DECK_STATUS_LABELS, type DeckStatus, type EditionStatus, type ReviewVerdict } from '@lecture-hall/shared';

/** One expert's verdict on one deck version, with when it was given. */
export interface VerdictFact {
  expertUserId: string;
  verdict: ReviewVerdict;
  /** ISO time; of one expert's several reviews of a version, the latest counts. */
  createdAt: string;
}

/** What decides where a speaker's deck stands. */
export interface DeckFacts {
  /** The newest version's id, or null when nothing was uploaded. */
  latestVersionId: string | null;
  /** Every review of the newest version (reviews of earlier versions do not count). */
  reviewsOfLatest: readonly VerdictFact[];
  /** The experts assigned to the talk now. */
  assignedExpertIds: readonly string[];
}

/** Editions in these statuses still take deck reviews (and expert assignments). */
export const REVIEWABLE_EDITION_STATUSES: readonly EditionStatus[] = ['recruiting', 'preparing', 'ready'];
/** Editions in these statuses still take deck uploads. */
export const UPLOADABLE_EDITION_STATUSES: readonly EditionStatus[] = ['recruiting', 'preparing'];

/** Each assigned expert's latest verdict on the version: an expert who changes its mind replaces its own verdict. */
export function currentVerdicts(reviews: readonly VerdictFact[], assignedExpertIds: readonly string[]): Map<string, ReviewVerdict> {
  const latest = new Map<string, VerdictFact>();
  for (const r of reviews) {
    if (!assignedExpertIds.includes(r.expertUserId)) continue;
    const seen = latest.get(r.expertUserId);
    if (!seen || seen.createdAt <= r.createdAt) latest.set(r.expertUserId, r);
  }
  return new Map([...latest].map(([id, r]) => [id, r.verdict]));
}

/**
 * The approval rule: where a speaker's deck stands, decided by its latest version alone.
 *
 * - `none`: nothing uploaded;
 * - `rejected`: an assigned expert rejects the latest version (the strongest verdict wins);
 * - `revise`: an assigned expert asks for changes to it, and none rejects it;
 * - `approved`: every assigned expert (at least one) approves it — so none asks for changes;
 * - `awaiting_review`: otherwise — no review of the latest version yet, or only some of the
 *   assigned experts have reviewed it and none asked for changes (the deck waits for the rest),
 *   or no expert is assigned.
 *
 * An approval belongs to one version: a later upload is a new latest version with no reviews,
 * so the deck is awaiting review again. Only the experts assigned now count, each by its latest
 * review of the version: an expert who was replaced no longer blocks or approves a deck, and an
 * expert may change its own verdict on the same version.
 */
export function deckStatus(f: DeckFacts): DeckStatus {
  if (f.latestVersionId === null) return 'none';
  const current = currentVerdicts(f.reviewsOfLatest, f.assignedExpertIds);
  const verdicts = [...current.values()];
  if (verdicts.includes('reject')) return 'rejected';
  if (verdicts.includes('revise')) return 'revise';
  const experts = new Set(f.assignedExpertIds);
  if (experts.size > 0 && [...experts].every((id) => current.get(id) === 'approve')) return 'approved';
  return 'awaiting_review';
}

/** Whether the latest version still waits for this expert's review. */
export function awaitsExpert(f: DeckFacts, expertUserId: string): boolean {
  return f.latestVersionId !== null && f.assignedExpertIds.includes(expertUserId) && !f.reviewsOfLatest.some((r) => r.expertUserId === expertUserId);
}

export type ReviewRefusal = 'not_assigned' | 'talk_locked' | 'review_stale';

export interface ReviewRoundInput {
  deck: DeckFacts;
  editionStatus: EditionStatus;
  /** The reviewing user, and whether it holds the expert role. */
  expertUserId: string;
  holdsExpertRole: boolean;
  /** The version the review is written on. */
  versionId: string;
  verdict: ReviewVerdict;
  /** ISO time of the review. */
  at: string;
}

export type ReviewRoundResult =
  | { ok: true; before: DeckStatus; after: DeckStatus; notify: 'review.revise' | 'review.approved' | 'review.rejected' }
  | { ok: false; error: ReviewRefusal };

const NOTICE: Record<ReviewVerdict, 'review.revise' | 'review.approved' | 'review.rejected'> = {
  approve: 'review.approved',
  revise: 'review.revise',
  reject: 'review.rejected',
};

/**
 * The transition function of an expert's review round: judges one review of a deck version
 * and says where the deck stands after it. Refused, in this order, when the reviewer is not an
 * expert assigned to the talk (403 not_assigned), when the edition no longer takes reviews —
 * anything but recruiting, preparing and ready (409 talk_locked) — and when the version is not
 * the latest (409 review_stale: the speaker uploaded a newer one meanwhile).
 *
 * Pure: ReviewsService.submit applies an allowed round, with these side effects in one
 * transaction:
 * - the review row (checklist, verdict, summary) and its page comments are written;
 * - earlier comments of the talk named in the resolutions are marked resolved by this review
 *   (or unmarked);
 * - the speaker is notified: 'review.revise' (「您的课件需要修改」, with the summary),
 *   'review.approved' or 'review.rejected';
 * - an audit entry 'review.submitted' with the deck status before and after.
 */
export function reviewRound(input: ReviewRoundInput): ReviewRoundResult {
  if (!input.holdsExpertRole || !input.deck.assignedExpertIds.includes(input.expertUserId)) return { ok: false, error: 'not_assigned' };
  if (!REVIEWABLE_EDITION_STATUSES.includes(input.editionStatus)) return { ok: false, error: 'talk_locked' };
  if (input.deck.latestVersionId !== input.versionId) return { ok: false, error: 'review_stale' };
  const before = deckStatus(input.deck);
  const after = deckStatus({
    ...input.deck,
    reviewsOfLatest: [...input.deck.reviewsOfLatest, { expertUserId: input.expertUserId, verdict: input.verdict, createdAt: input.at }],
  });
  return { ok: true, before, after, notify: NOTICE[input.verdict] };
}

/** A speaker's deck as the readiness gate sees it. */
export interface DeckReadinessFact {
  /** The speaker's place in the running order (1-based). */
  order: number;
  speakerName: string;
  status: DeckStatus;
}

/** Every deck approved; an edition without talks has nothing to hold it back. */
export function allDecksApproved(decks: readonly DeckReadinessFact[]): boolean {
  return decks.every((d) => d.status === 'approved');
}

/** Why each unapproved deck holds the edition back, in running order, in Chinese. */
export function unapprovedDeckReasons(decks: readonly DeckReadinessFact[]): string[] {
  return [...decks]
    .sort((a, b) => a.order - b.order)
    .filter((d) => d.status !== 'approved')
    .map((d) => `第${d.order}位讲课人${d.speakerName}的课件尚未审核通过（${DECK_STATUS_LABELS[d.status].zh}）`);
}
