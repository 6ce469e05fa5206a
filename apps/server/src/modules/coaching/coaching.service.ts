import {
  COACHING_DIMENSIONS,
  type CoachingFeedback,
  type CoachingFeedbackBody,
  type CoachingGrid,
  type CoachingSession,
  type CoachingSessionInput,
  type CoachingSessionPatch,
  type TalkCoaching,
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
import { talkAccess } from '../decks/talk-access';
import { talkAccessRepository } from '../decks/talk-access.repository';
import { canManageUnit, requireManage } from '../halls/hall-access';
import { type EditionRow, editionRepository } from '../halls/halls.repository';
import type { NotificationsService } from '../notifications/notifications.service';
import { requireExperts } from '../reviews/experts';
import { type FeedbackRow, coachingRepository as repo, type SessionRow } from './coaching.repository';
import { type CoachingScores, coachingTrend, meanScores } from './coaching.rules';

type SessionInputT = z.infer<typeof CoachingSessionInput>;
type SessionPatchT = z.infer<typeof CoachingSessionPatch>;
type FeedbackBodyT = z.infer<typeof CoachingFeedbackBody>;

const holdsExpertRole = (actor: Actor) => actor.grants.some((g) => g.role === 'expert');
const scoresOf = (f: FeedbackRow): CoachingScores => ({ language: f.language, deportment: f.deportment, timing: f.timing, structure: f.structure });

function toFeedback(f: FeedbackRow): CoachingFeedback {
  const notes = JSON.parse(f.notes_json) as Record<string, string>;
  return {
    id: f.id,
    sessionId: f.session_id,
    talkId: f.talk_id,
    expert: f.expert_name,
    scores: scoresOf(f),
    notes: Object.fromEntries(COACHING_DIMENSIONS.map((d) => [d, notes[d] ?? ''])) as CoachingFeedback['notes'],
    overall: f.overall,
    updatedAt: f.updated_at,
  };
}

function sessionSnapshot(s: Pick<SessionRow, 'date' | 'start_time' | 'place' | 'notes'>, expertUserIds: readonly string[], talkIds: readonly string[]) {
  return { date: s.date, startTime: s.start_time, place: s.place, notes: s.notes, expertUserIds, talkIds };
}

/**
 * Coaching sessions (授课培训, rehearsals) of an edition: hall managers plan them (date, place,
 * experts, speakers); the session's experts score each speaker 1–10 on language, deportment,
 * timing and structure, with notes; the speaker sees its feedback and its trend, the hall
 * managers a grid of speakers × sessions. Means and trends are computed in coaching.rules.ts.
 */
export class CoachingService {
  constructor(
    readonly db: Db,
    readonly config: Config,
    readonly clock: Clock,
    readonly audit: AuditService,
    readonly notifications: NotificationsService,
  ) {}

  /**
   * Hall managers see every session of the edition; a speaker or an expert of the edition (a
   * session's expert, or one assigned to review a talk of it) sees the sessions it is in; anyone
   * else is refused (403).
   */
  async listSessions(ctx: RequestContext, editionId: string): Promise<CoachingSession[]> {
    const actor = requireActor(ctx);
    const edition = await this.edition(editionId);
    const sessions = await this.views(this.db, actor, await repo.sessionsOfEdition(this.db, editionId));
    if (canManageUnit(actor, edition.unit_path)) return sessions.map((s) => s.session);
    const mine = sessions.filter((s) => s.session.canRecord || (actor.personId !== null && s.personIds.includes(actor.personId))).map((s) => s.session);
    if (mine.length === 0) {
      const talks = await repo.talksOfEdition(this.db, editionId);
      const speaks = actor.personId !== null && talks.some((t) => t.person_id === actor.personId);
      const reviews = holdsExpertRole(actor) && (await repo.reviewedTalkIds(this.db, actor.userId, editionId)).length > 0;
      if (!speaks && !reviews) throw forbidden();
    }
    return mine;
  }

  /** Plans a session (hall managers): the speakers must be talks of the edition, the experts experts of the hall. */
  async createSession(ctx: RequestContext, editionId: string, body: SessionInputT): Promise<CoachingSession> {
    const actor = requireActor(ctx);
    const edition = await this.edition(editionId);
    requireManage(actor, edition.unit_path);
    await this.requireTalksOfEdition(editionId, body.talkIds);
    await requireExperts(this.db, body.expertUserIds, edition.unit_path, 'body.expertUserIds');
    const id = newId();
    const nowIso = isoNow(this.clock);
    const expertIds = [...new Set(body.expertUserIds)];
    const talkIds = [...new Set(body.talkIds)];
    const row = { id, edition_id: editionId, date: body.date, start_time: body.startTime, place: body.place, notes: body.notes };
    await this.db.transaction().execute(async (trx) => {
      await repo.insertSession(trx, { ...row, created_by: actor.userId, created_at: nowIso, updated_at: nowIso });
      await repo.replaceExperts(trx, id, expertIds);
      await repo.replaceTalks(trx, id, talkIds);
      await this.audit.record(trx, ctx, {
        action: 'coaching.session_created',
        entityType: 'coaching_session',
        entityId: id,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        after: sessionSnapshot(row, expertIds, talkIds),
      });
    });
    return this.view(actor, id);
  }

  /**
   * Edits a session (hall managers). Experts and speakers, when sent, replace the session's; a
   * speaker who already has feedback in the session cannot be taken out of it (409), since its
   * feedback would lose its place.
   */
  async updateSession(ctx: RequestContext, id: string, body: SessionPatchT): Promise<CoachingSession> {
    const actor = requireActor(ctx);
    const session = await repo.findSession(this.db, id);
    if (!session) throw notFound({ sessionId: id });
    const edition = await this.edition(session.edition_id);
    requireManage(actor, edition.unit_path);
    if (body.talkIds) await this.requireTalksOfEdition(edition.id, body.talkIds);
    if (body.expertUserIds) await requireExperts(this.db, body.expertUserIds, edition.unit_path, 'body.expertUserIds');
    await this.db.transaction().execute(async (trx) => {
      const [experts, talks, feedback] = await Promise.all([repo.expertsOfSessions(trx, [id]), repo.talksOfSessions(trx, [id]), repo.feedbackOf(trx, [id])]);
      const beforeExperts = experts.map((e) => e.expert_user_id);
      const beforeTalks = talks.map((t) => t.talk_id);
      const afterExperts = body.expertUserIds ? [...new Set(body.expertUserIds)] : beforeExperts;
      const afterTalks = body.talkIds ? [...new Set(body.talkIds)] : beforeTalks;
      const dropped = [...new Set(feedback.map((f) => f.talk_id))].filter((t) => !afterTalks.includes(t));
      if (dropped.length) throw conflict('conflict', { reason: '已有培训反馈的讲课人不能移出本次培训', talkIds: dropped });
      const patch = {
        ...(body.date !== undefined ? { date: body.date } : {}),
        ...(body.startTime !== undefined ? { start_time: body.startTime } : {}),
        ...(body.place !== undefined ? { place: body.place } : {}),
        ...(body.notes !== undefined ? { notes: body.notes } : {}),
        updated_at: isoNow(this.clock),
      };
      await repo.updateSession(trx, id, patch);
      if (body.expertUserIds) await repo.replaceExperts(trx, id, afterExperts);
      if (body.talkIds) await repo.replaceTalks(trx, id, afterTalks);
      await this.audit.record(trx, ctx, {
        action: 'coaching.session_updated',
        entityType: 'coaching_session',
        entityId: id,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        before: sessionSnapshot(session, beforeExperts, beforeTalks),
        after: sessionSnapshot({ ...session, ...patch }, afterExperts, afterTalks),
      });
    });
    return this.view(actor, id);
  }

  /**
   * An expert of the session records (or corrects) its feedback on a speaker of the session:
   * one per (session, talk, expert). Another user gets 403, a talk not in the session 404. The
   * speaker is notified ('coaching.feedback').
   */
  async recordFeedback(ctx: RequestContext, sessionId: string, talkId: string, body: FeedbackBodyT): Promise<CoachingFeedback> {
    const actor = requireActor(ctx);
    const session = await repo.findSession(this.db, sessionId);
    if (!session) throw notFound({ sessionId });
    const [experts, talks] = await Promise.all([repo.expertsOfSessions(this.db, [sessionId]), repo.talksOfSessions(this.db, [sessionId])]);
    if (!holdsExpertRole(actor) || !experts.some((e) => e.expert_user_id === actor.userId)) throw forbidden();
    const talk = talks.find((t) => t.talk_id === talkId);
    if (!talk) throw notFound({ talkId });
    const edition = await this.edition(session.edition_id);
    const nowIso = isoNow(this.clock);
    const notes = Object.fromEntries(COACHING_DIMENSIONS.map((d) => [d, body.notes[d] ?? '']));
    const feedback = await this.db.transaction().execute(async (trx) => {
      const before = await repo.findFeedback(trx, sessionId, talkId, actor.userId);
      await repo.upsertFeedback(trx, {
        id: newId(),
        session_id: sessionId,
        talk_id: talkId,
        expert_user_id: actor.userId,
        ...body.scores,
        notes_json: JSON.stringify(notes),
        overall: body.overall,
        created_at: nowIso,
        updated_at: nowIso,
      });
      const after = (await repo.findFeedback(trx, sessionId, talkId, actor.userId))!;
      await this.audit.record(trx, ctx, {
        action: 'coaching.feedback_recorded',
        entityType: 'coaching_feedback',
        entityId: after.id,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        before: before ? { scores: scoresOf(before), overall: before.overall } : null,
        after: { sessionId, talkId, scores: scoresOf(after), overall: after.overall },
      });
      await this.notifications.notify(trx, await this.notifications.usersOfPerson(trx, talk.person_id), {
        kind: 'coaching.feedback',
        title: '授课培训反馈已发布',
        body: `${actor.displayName}对您在${session.date}授课培训中的表现给出了反馈`,
        // The deck workspace shows the speaker its coaching feedback and trend.
        link: `/talks/${talkId}/deck`,
        entityType: 'coaching_feedback',
        entityId: after.id,
      });
      return after;
    });
    return toFeedback(feedback);
  }

  /**
   * A speaker's coaching record: every session it was coached in, date order, with each
   * expert's feedback, the per-dimension mean, and the trend of those means. Seen by whoever
   * may see the talk's courseware (talkAccess) and by the experts who coached it in a session.
   */
  async talkCoaching(ctx: RequestContext, talkId: string): Promise<TalkCoaching> {
    const actor = requireActor(ctx);
    try {
      await talkAccess(this.db, ctx, talkId);
    } catch (e) {
      if (!(e instanceof AppError && e.statusCode === 403 && holdsExpertRole(actor) && (await repo.coachesTalk(this.db, actor.userId, talkId)))) throw e;
    }
    const talk = (await talkAccessRepository.findTalkContext(this.db, talkId))!;
    const sessionRows = await repo.sessionsByIds(this.db, await repo.sessionIdsOfTalk(this.db, talkId));
    const sessions = (await this.views(this.db, actor, sessionRows)).map((s) => s.session);
    const feedback = await repo.feedbackOf(
      this.db,
      sessionRows.map((s) => s.id),
      talkId,
    );
    const items = sessions.map((session) => {
      const own = feedback.filter((f) => f.session_id === session.id);
      return { session, feedback: own.map(toFeedback), mean: meanScores(own.map(scoresOf)) };
    });
    return {
      talkId,
      speakerName: talk.speaker_name,
      sessions: items,
      trend: coachingTrend(items.map((i) => ({ date: i.session.date, startTime: i.session.startTime, id: i.session.id, mean: i.mean }))),
    };
  }

  /** The hall managers' grid: every speaker of the edition × every session, each cell the experts' mean (null where not coached). */
  async grid(ctx: RequestContext, editionId: string): Promise<CoachingGrid> {
    const actor = requireActor(ctx);
    const edition = await this.edition(editionId);
    requireManage(actor, edition.unit_path);
    const sessions = await repo.sessionsOfEdition(this.db, editionId);
    const ids = sessions.map((s) => s.id);
    const [talks, sessionTalks, feedback] = await Promise.all([
      repo.talksOfEdition(this.db, editionId),
      repo.talksOfSessions(this.db, ids),
      repo.feedbackOf(this.db, ids),
    ]);
    return {
      sessions: sessions.map((s) => ({ id: s.id, date: s.date, place: s.place })),
      rows: talks.map((t) => ({
        talkId: t.talk_id,
        speakerName: t.speaker_name,
        order: t.position,
        cells: sessions.map((s) => {
          const own = feedback.filter((f) => f.session_id === s.id && f.talk_id === t.talk_id);
          const inSession = sessionTalks.some((st) => st.session_id === s.id && st.talk_id === t.talk_id);
          return { sessionId: s.id, mean: inSession && own.length ? meanScores(own.map(scoresOf)) : null, feedbackCount: own.length };
        }),
      })),
    };
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  private async edition(id: string): Promise<EditionRow> {
    const edition = await editionRepository.findById(this.db, id);
    if (!edition) throw notFound({ editionId: id });
    return edition;
  }

  private async view(actor: Actor, id: string): Promise<CoachingSession> {
    const [view] = await this.views(this.db, actor, [(await repo.findSession(this.db, id))!]);
    return view!.session;
  }

  /** Sessions with their experts and speakers, and the speakers' people (for deciding who is in a session). */
  private async views(db: Db, actor: Actor, rows: SessionRow[]): Promise<Array<{ session: CoachingSession; personIds: string[] }>> {
    const ids = rows.map((r) => r.id);
    const [experts, talks] = await Promise.all([repo.expertsOfSessions(db, ids), repo.talksOfSessions(db, ids)]);
    const expert = holdsExpertRole(actor);
    return rows.map((r) => {
      const ex = experts.filter((e) => e.session_id === r.id);
      const tk = talks.filter((t) => t.session_id === r.id);
      const session: CoachingSession = {
        id: r.id,
        editionId: r.edition_id,
        date: r.date,
        startTime: r.start_time,
        place: r.place,
        notes: r.notes,
        experts: ex.map((e) => ({ userId: e.expert_user_id, displayName: e.display_name })),
        talks: tk.map((t) => ({ talkId: t.talk_id, speakerName: t.speaker_name, order: t.position })),
        canRecord: expert && ex.some((e) => e.expert_user_id === actor.userId),
        createdAt: r.created_at,
      };
      return { session, personIds: tk.map((t) => t.person_id) };
    });
  }

  /** Every talk named must be a talk of the edition: a 400 on each that is not. */
  private async requireTalksOfEdition(editionId: string, talkIds: readonly string[]): Promise<void> {
    const own = new Set((await repo.talksOfEdition(this.db, editionId)).map((t) => t.talk_id));
    const issues = talkIds.flatMap((id, i) => (own.has(id) ? [] : [{ path: `body.talkIds.${i}`, message: '该讲课人不属于本期' }]));
    if (issues.length) throw badRequest('validation_failed', issues);
  }
}
