import type {
  AssignExpertsBody,
  Deck,
  EditionStatus,
  Readiness,
  ReadinessOverrideBody,
  Review,
  ReviewChecklistItem,
  ReviewComment,
  SubmitReviewBody,
  TalkAngle,
} from '@lecture-hall/shared';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { AuditService } from '../audit/audit.service';
import type { Actor, RequestContext } from '../auth/actor';
import { requireActor } from '../auth/policy';
import { type TalkAccess, talkAccess } from '../decks/talk-access';
import { canManageUnit, requireManage } from '../halls/hall-access';
import { type EditionRow, editionRepository } from '../halls/halls.repository';
import type { NotificationsService } from '../notifications/notifications.service';
import { idsOnPath } from '../org/org-unit.repository';
import { type DeckSummary, summarizeDecks, toDeckVersion } from './deck-summary';
import { expertsOfHall, requireExperts } from './experts';
import { allDecksApproved, awaitsExpert, REVIEWABLE_EDITION_STATUSES, reviewRound, UPLOADABLE_EDITION_STATUSES } from './review.rules';
import { type CommentViewRow, type DeckTalkRow, type ReviewViewRow, reviewsRepository as repo } from './reviews.repository';

type SubmitReviewBodyT = z.infer<typeof SubmitReviewBody>;
type AssignExpertsBodyT = z.infer<typeof AssignExpertsBody>;
type ReadinessOverrideBodyT = z.infer<typeof ReadinessOverrideBody>;

/** Where the console opens a talk's deck. */
export const deckLink = (talkId: string) => `/talks/${talkId}/deck`;

/** The caller's relation to one talk, as the deck view needs it. */
interface Relation {
  isSpeaker: boolean;
  isAssignedExpert: boolean;
  managesHall: boolean;
}

const holdsExpertRole = (actor: Actor) => actor.grants.some((g) => g.role === 'expert');
/** The unit a hall belongs to, from its path (the path ends with the unit's own id). */
const unitOfPath = (path: string) => ({ id: idsOnPath(path).at(-1)!, path });

function toDeck(d: DeckSummary, editionStatus: string, rel: Relation): Deck {
  const status = editionStatus as EditionStatus;
  return {
    talkId: d.talk.talk_id,
    editionId: d.talk.edition_id,
    speakerName: d.talk.speaker_name,
    talkTitle: d.talk.title,
    order: d.talk.position,
    status: d.status,
    versions: d.versions.map(toDeckVersion),
    experts: d.experts,
    canUpload: (rel.isSpeaker || rel.managesHall) && UPLOADABLE_EDITION_STATUSES.includes(status),
    // An assigned expert reviews once there is a version, while the edition still takes reviews.
    canReview: rel.isAssignedExpert && d.versions.length > 0 && REVIEWABLE_EDITION_STATUSES.includes(status),
    canAssign: rel.managesHall,
  };
}

function toComment(c: CommentViewRow): ReviewComment {
  return {
    id: c.id,
    reviewId: c.review_id,
    deckVersionId: c.deck_version_id,
    version: c.version,
    page: c.page,
    text: c.text,
    author: c.author,
    resolved: c.resolved_in_review_id !== null,
    resolvedInReviewId: c.resolved_in_review_id,
    createdAt: c.created_at,
  };
}

function toReview(r: ReviewViewRow, comments: CommentViewRow[]): Review {
  const checklist = JSON.parse(r.checklist_json) as Array<{ item: ReviewChecklistItem; ok: boolean; note: string }>;
  return {
    id: r.id,
    talkId: r.talk_id,
    deckVersionId: r.deck_version_id,
    version: r.version,
    expert: r.expert_name,
    checklist,
    verdict: r.verdict as Review['verdict'],
    summary: r.summary,
    comments: comments.filter((c) => c.review_id === r.id).map(toComment),
    createdAt: r.created_at,
  };
}

const VERDICT_NOTICE = {
  'review.revise': { title: '您的课件需要修改', fallback: '审核专家要求修改课件，请查看审核意见后上传新版本' },
  'review.approved': { title: '您的课件已审核通过', fallback: '审核专家已通过您的课件' },
  'review.rejected': { title: '您的课件未通过审核', fallback: '审核专家未通过您的课件' },
} as const;

/**
 * Expert review of speakers' decks: who reviews which talk, review rounds with page comments
 * and resolutions, the deck status they decide (review.rules.ts), the expert's work list, and
 * the readiness of an edition with the hall admin's override. Deck versions are read here; the
 * decks module writes them.
 */
export class ReviewsService {
  constructor(
    readonly db: Db,
    readonly config: Config,
    readonly clock: Clock,
    readonly audit: AuditService,
    readonly notifications: NotificationsService,
  ) {}

  // ── decks ────────────────────────────────────────────────────────────────────────────────

  async getDeck(ctx: RequestContext, talkId: string): Promise<Deck> {
    const access = await talkAccess(this.db, ctx, talkId);
    return this.deckOf(access);
  }

  /** Hall managers see every talk of the edition; an assigned expert its talks; a speaker its own; nobody else (403). */
  async listEditionDecks(ctx: RequestContext, editionId: string): Promise<Deck[]> {
    const actor = requireActor(ctx);
    const edition = await this.edition(editionId);
    const managesHall = canManageUnit(actor, edition.unit_path);
    const talks = await repo.talksOfEdition(this.db, editionId);
    const decks = await summarizeDecks(this.db, talks);
    const expert = holdsExpertRole(actor);
    const visible = decks
      .map((d) => ({
        d,
        rel: {
          managesHall,
          isSpeaker: actor.personId !== null && actor.personId === d.talk.person_id,
          isAssignedExpert: expert && d.facts.assignedExpertIds.includes(actor.userId),
        },
      }))
      .filter(({ rel }) => rel.managesHall || rel.isSpeaker || rel.isAssignedExpert);
    if (!managesHall && visible.length === 0) throw forbidden();
    return visible.map(({ d, rel }) => toDeck(d, edition.status, rel));
  }

  /**
   * Replaces the experts of a talk (hall managers only). Each must be an enabled user holding the
   * expert role over a unit related to the hall's (a 400 naming it otherwise); the newly
   * assigned are notified ('review.assigned').
   */
  async assignExperts(ctx: RequestContext, talkId: string, body: AssignExpertsBodyT): Promise<Deck> {
    const access = await talkAccess(this.db, ctx, talkId);
    if (!access.managesHall) throw forbidden();
    const { talk } = access;
    if (!REVIEWABLE_EDITION_STATUSES.includes(talk.edition_status as EditionStatus)) throw conflict('talk_locked', { status: talk.edition_status });
    const ids = [...new Set(body.expertUserIds)];
    await requireExperts(this.db, body.expertUserIds, talk.hall_unit_path, 'body.expertUserIds');
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      const added = await repo.replaceAssignments(trx, talkId, ids, access.actor.userId, nowIso, newId);
      await this.audit.record(trx, ctx, {
        action: 'review.experts_assigned',
        entityType: 'talk',
        entityId: talkId,
        orgUnit: unitOfPath(talk.hall_unit_path),
        before: { expertUserIds: access.assignedExpertIds },
        after: { expertUserIds: ids },
      });
      await this.notifications.notify(trx, added, {
        kind: 'review.assigned',
        title: '请审核课件',
        body: `${talk.hall_name}第${talk.edition_seq}期，第${talk.talk_position}位讲课人${talk.speaker_name}《${talk.talk_title}》的课件请您审核`,
        link: deckLink(talkId),
        entityType: 'talk',
        entityId: talkId,
      });
    });
    return this.deckOf(await talkAccess(this.db, ctx, talkId));
  }

  /** Experts a hall manager may assign in the edition's hall: enabled users with an expert grant related to the hall's unit. */
  async listExperts(ctx: RequestContext, editionId: string): Promise<Array<{ userId: string; displayName: string }>> {
    const actor = requireActor(ctx);
    const edition = await this.edition(editionId);
    requireManage(actor, edition.unit_path);
    return expertsOfHall(this.db, edition.unit_path);
  }

  // ── reviews ──────────────────────────────────────────────────────────────────────────────

  /** Every review of the talk, newest first, each with its page comments. */
  async listReviews(ctx: RequestContext, talkId: string): Promise<Review[]> {
    await talkAccess(this.db, ctx, talkId);
    return this.reviewsOf(talkId);
  }

  /**
   * One expert's review round on a deck version, judged by reviewRound (review.rules.ts, whose
   * doc comment lists the side effects): an assigned expert only (403 not_assigned), on the
   * talk's latest version (409 review_stale) while the edition takes reviews (409 talk_locked).
   * Comments must fall within the version's pages when known, and resolutions may only name
   * comments of earlier reviews of this talk (400 otherwise).
   */
  async submitReview(ctx: RequestContext, versionId: string, body: SubmitReviewBodyT): Promise<Review> {
    const actor = requireActor(ctx);
    const version = await repo.findVersion(this.db, versionId);
    if (!version) throw notFound({ deckVersionId: versionId });
    const access = await this.talkAccessForReview(ctx, actor, version.talk_id);
    const { talk } = access;
    const reviewId = newId();
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      const [deck] = await summarizeDecks(trx, [
        {
          talk_id: talk.talk_id,
          edition_id: talk.edition_id,
          title: talk.talk_title,
          position: talk.talk_position,
          person_id: talk.person_id,
          speaker_name: talk.speaker_name,
        },
      ]);
      const round = reviewRound({
        deck: deck!.facts,
        editionStatus: talk.edition_status as EditionStatus,
        expertUserId: actor.userId,
        holdsExpertRole: holdsExpertRole(actor),
        versionId,
        verdict: body.verdict,
        at: nowIso,
      });
      if (!round.ok) {
        if (round.error === 'not_assigned') throw new AppError(403, 'not_assigned');
        throw conflict(round.error, round.error === 'review_stale' ? { latestVersionId: deck!.facts.latestVersionId } : { status: talk.edition_status });
      }
      const pageIssues = body.comments.flatMap((c, i) =>
        version.page_count !== null && c.page > version.page_count
          ? [{ path: `body.comments.${i}.page`, message: `第${c.page}页超出课件页数（共${version.page_count}页）` }]
          : [],
      );
      const earlier = new Set((await repo.commentsOfTalk(trx, talk.talk_id)).map((c) => c.id));
      const resolutionIssues = body.resolutions.flatMap((r, i) =>
        earlier.has(r.commentId) ? [] : [{ path: `body.resolutions.${i}.commentId`, message: '只能标注本讲题此前审核意见的处理情况' }],
      );
      if (pageIssues.length || resolutionIssues.length) throw badRequest('validation_failed', [...pageIssues, ...resolutionIssues]);

      await repo.insertReview(
        trx,
        {
          id: reviewId,
          talk_id: talk.talk_id,
          deck_version_id: versionId,
          expert_user_id: actor.userId,
          checklist_json: JSON.stringify(body.checklist.map((c) => ({ item: c.item, ok: c.ok, note: c.note }))),
          verdict: body.verdict,
          summary: body.summary,
          created_at: nowIso,
        },
        body.comments.map((c) => ({
          id: newId(),
          review_id: reviewId,
          talk_id: talk.talk_id,
          deck_version_id: versionId,
          page: c.page,
          text: c.text,
          resolved_in_review_id: null,
          created_at: nowIso,
        })),
      );
      // The last word on a comment named twice wins, as a form sending its final state would mean.
      const final = new Map(body.resolutions.map((r) => [r.commentId, r.resolved]));
      await repo.setResolved(
        trx,
        [...final].filter(([, v]) => v).map(([id]) => id),
        reviewId,
      );
      await repo.setResolved(
        trx,
        [...final].filter(([, v]) => !v).map(([id]) => id),
        null,
      );
      await this.audit.record(trx, ctx, {
        action: 'review.submitted',
        entityType: 'review',
        entityId: reviewId,
        orgUnit: unitOfPath(talk.hall_unit_path),
        before: { status: round.before },
        after: {
          status: round.after,
          talkId: talk.talk_id,
          deckVersionId: versionId,
          version: version.version,
          verdict: body.verdict,
          comments: body.comments.length,
          resolved: [...final].filter(([, v]) => v).map(([id]) => id),
        },
      });
      const notice = VERDICT_NOTICE[round.notify];
      await this.notifications.notify(trx, await this.notifications.usersOfPerson(trx, talk.person_id), {
        kind: round.notify,
        title: notice.title,
        body: body.summary || notice.fallback,
        link: deckLink(talk.talk_id),
        entityType: 'review',
        entityId: reviewId,
      });
    });
    const reviews = await this.reviewsOf(talk.talk_id);
    return reviews.find((r) => r.id === reviewId)!;
  }

  /** The caller's work list: the talks it is assigned to review as an expert (empty for anyone else). */
  async listMyAssignments(ctx: RequestContext) {
    const actor = requireActor(ctx);
    if (!holdsExpertRole(actor)) return [];
    const rows = await repo.assignedTalks(this.db, actor.userId);
    const decks = await summarizeDecks(this.db, rows);
    return rows.map((r, i) => {
      const d = decks[i]!;
      return {
        talkId: r.talk_id,
        editionId: r.edition_id,
        editionSeq: r.edition_seq,
        editionTitle: r.edition_title,
        hallName: r.hall_name,
        speakerName: r.speaker_name,
        talkTitle: r.title,
        angle: r.angle as TalkAngle | null,
        status: d.status,
        latestVersion: d.versions[0]?.version ?? null,
        awaitingMe: awaitsExpert(d.facts, actor.userId),
      };
    });
  }

  // ── readiness ────────────────────────────────────────────────────────────────────────────

  /** Whether the edition may become ready as far as the decks go: every latest deck approved, or an override (hall managers). */
  async getReadiness(ctx: RequestContext, editionId: string): Promise<Readiness> {
    const actor = requireActor(ctx);
    const edition = await this.edition(editionId);
    requireManage(actor, edition.unit_path);
    return this.readinessOf(this.db, edition);
  }

  /**
   * A hall manager lets a preparing edition become ready although some decks are not approved,
   * with a reason that is recorded on the edition, audited ('edition.readiness_override') and
   * shown in its readiness. Refused when the edition is not preparing (409 transition_refused)
   * and when every deck is approved already (409 readiness_not_needed).
   */
  async overrideReadiness(ctx: RequestContext, editionId: string, body: ReadinessOverrideBodyT): Promise<Readiness> {
    const actor = requireActor(ctx);
    const found = await this.edition(editionId);
    requireManage(actor, found.unit_path);
    return this.db.transaction().execute(async (trx) => {
      const edition = (await editionRepository.findById(trx, editionId))!;
      if (edition.status !== 'preparing') throw conflict('transition_refused', { reasons: ['只有备课中的期次可以放行未审核通过的课件'] });
      const before = await this.readinessOf(trx, edition);
      if (allDecksApproved(before.talks)) throw conflict('readiness_not_needed');
      const nowIso = isoNow(this.clock);
      await repo.setReadinessOverride(trx, editionId, { reason: body.reason, by: actor.userId, at: nowIso });
      await this.audit.record(trx, ctx, {
        action: 'edition.readiness_override',
        entityType: 'edition',
        entityId: editionId,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        before: { override: before.override?.reason ?? null },
        after: { override: body.reason, unapproved: before.talks.filter((t) => t.status !== 'approved').map((t) => t.talkId) },
      });
      return this.readinessOf(trx, (await editionRepository.findById(trx, editionId))!);
    });
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  private async edition(id: string): Promise<EditionRow> {
    const edition = await editionRepository.findById(this.db, id);
    if (!edition) throw notFound({ editionId: id });
    return edition;
  }

  private async deckOf(access: TalkAccess): Promise<Deck> {
    const { talk } = access;
    const row: DeckTalkRow = {
      talk_id: talk.talk_id,
      edition_id: talk.edition_id,
      title: talk.talk_title,
      position: talk.talk_position,
      person_id: talk.person_id,
      speaker_name: talk.speaker_name,
    };
    const [deck] = await summarizeDecks(this.db, [row]);
    return toDeck(deck!, talk.edition_status, access);
  }

  /** talkAccess, except that an expert who is not assigned hears so (403 not_assigned) rather than a bare 403. */
  private async talkAccessForReview(ctx: RequestContext, actor: Actor, talkId: string): Promise<TalkAccess> {
    try {
      return await talkAccess(this.db, ctx, talkId);
    } catch (e) {
      if (e instanceof AppError && e.statusCode === 403 && holdsExpertRole(actor)) throw new AppError(403, 'not_assigned');
      throw e;
    }
  }

  private async reviewsOf(talkId: string): Promise<Review[]> {
    const [reviews, comments] = await Promise.all([repo.reviewsOfTalk(this.db, talkId), repo.commentsOfTalk(this.db, talkId)]);
    return reviews.map((r) => toReview(r, comments));
  }

  private async readinessOf(db: Db, edition: EditionRow): Promise<Readiness> {
    const decks = await summarizeDecks(db, await repo.talksOfEdition(db, edition.id));
    const talks = decks.map((d) => ({ talkId: d.talk.talk_id, speakerName: d.talk.speaker_name, order: d.talk.position, status: d.status }));
    const override =
      edition.readiness_override_at !== null
        ? {
            reason: edition.readiness_override_reason ?? '',
            by: (edition.readiness_override_by && (await repo.displayName(db, edition.readiness_override_by))) ?? '',
            at: edition.readiness_override_at,
          }
        : null;
    return { ready: allDecksApproved(talks) || override !== null, talks, override };
  }
}
