import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db';
import type { CoachingFeedbackTable, CoachingSessionTable } from '../../db/schema';

export type SessionRow = Selectable<CoachingSessionTable>;
export type FeedbackRow = Selectable<CoachingFeedbackTable> & { expert_name: string };

export interface SessionExpertRow {
  session_id: string;
  expert_user_id: string;
  display_name: string;
}

export interface SessionTalkRow {
  session_id: string;
  talk_id: string;
  speaker_name: string;
  position: number;
  person_id: string;
}

export interface EditionTalkRow {
  talk_id: string;
  speaker_name: string;
  position: number;
  person_id: string;
}

/** Coaching sessions (授课培训) of an edition, their experts and speakers, and the experts' feedback. */
export const coachingRepository = {
  /** The edition's sessions in the order they take place. */
  sessionsOfEdition(db: Db, editionId: string): Promise<SessionRow[]> {
    return db.selectFrom('coaching_sessions').selectAll().where('edition_id', '=', editionId).orderBy('date').orderBy('start_time').orderBy('id').execute();
  },
  sessionsByIds(db: Db, ids: readonly string[]): Promise<SessionRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('coaching_sessions')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('date')
      .orderBy('start_time')
      .orderBy('id')
      .execute();
  },
  findSession(db: Db, id: string): Promise<SessionRow | undefined> {
    return db.selectFrom('coaching_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  },
  expertsOfSessions(db: Db, sessionIds: readonly string[]): Promise<SessionExpertRow[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('coaching_session_experts as x')
      .innerJoin('users as u', 'u.id', 'x.expert_user_id')
      .select(['x.session_id', 'x.expert_user_id', 'u.display_name'])
      .where('x.session_id', 'in', [...sessionIds])
      .orderBy('u.display_name')
      .orderBy('u.id')
      .execute();
  },
  talksOfSessions(db: Db, sessionIds: readonly string[]): Promise<SessionTalkRow[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('coaching_session_talks as st')
      .innerJoin('talks as t', 't.id', 'st.talk_id')
      .innerJoin('people as p', 'p.id', 't.person_id')
      .select(['st.session_id', 'st.talk_id', 'p.name as speaker_name', 't.position', 't.person_id'])
      .where('st.session_id', 'in', [...sessionIds])
      .orderBy('t.position')
      .orderBy('t.id')
      .execute();
  },
  /** Sessions a talk is coached in. */
  async sessionIdsOfTalk(db: Db, talkId: string): Promise<string[]> {
    const rows = await db.selectFrom('coaching_session_talks').select('session_id').where('talk_id', '=', talkId).execute();
    return rows.map((r) => r.session_id);
  },
  /** Whether the user is an expert of a session in which the talk is coached. */
  async coachesTalk(db: Db, userId: string, talkId: string): Promise<boolean> {
    const row = await db
      .selectFrom('coaching_session_talks as st')
      .innerJoin('coaching_session_experts as x', 'x.session_id', 'st.session_id')
      .select('st.session_id')
      .where('st.talk_id', '=', talkId)
      .where('x.expert_user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  },
  talksOfEdition(db: Db, editionId: string): Promise<EditionTalkRow[]> {
    return db
      .selectFrom('talks as t')
      .innerJoin('people as p', 'p.id', 't.person_id')
      .select(['t.id as talk_id', 'p.name as speaker_name', 't.position', 't.person_id'])
      .where('t.edition_id', '=', editionId)
      .orderBy('t.position')
      .orderBy('t.id')
      .execute();
  },
  /** Talks of the edition the user is assigned to review (a relation to the edition, for listing its sessions). */
  async reviewedTalkIds(db: Db, userId: string, editionId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('expert_assignments as a')
      .innerJoin('talks as t', 't.id', 'a.talk_id')
      .select('a.talk_id')
      .where('a.expert_user_id', '=', userId)
      .where('t.edition_id', '=', editionId)
      .execute();
    return rows.map((r) => r.talk_id);
  },
  async insertSession(db: Db, row: Insertable<CoachingSessionTable>): Promise<void> {
    await db.insertInto('coaching_sessions').values(row).execute();
  },
  async updateSession(db: Db, id: string, patch: Updateable<CoachingSessionTable>): Promise<void> {
    await db.updateTable('coaching_sessions').set(patch).where('id', '=', id).execute();
  },
  async replaceExperts(db: Db, sessionId: string, expertIds: readonly string[]): Promise<void> {
    await db.deleteFrom('coaching_session_experts').where('session_id', '=', sessionId).execute();
    if (expertIds.length) {
      await db
        .insertInto('coaching_session_experts')
        .values(expertIds.map((id) => ({ session_id: sessionId, expert_user_id: id })))
        .execute();
    }
  },
  async replaceTalks(db: Db, sessionId: string, talkIds: readonly string[]): Promise<void> {
    await db.deleteFrom('coaching_session_talks').where('session_id', '=', sessionId).execute();
    if (talkIds.length) {
      await db
        .insertInto('coaching_session_talks')
        .values(talkIds.map((id) => ({ session_id: sessionId, talk_id: id })))
        .execute();
    }
  },
  /** Feedback in the sessions, optionally for one talk only, oldest first. */
  feedbackOf(db: Db, sessionIds: readonly string[], talkId?: string): Promise<FeedbackRow[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    let q = db
      .selectFrom('coaching_feedback as f')
      .innerJoin('users as u', 'u.id', 'f.expert_user_id')
      .selectAll('f')
      .select('u.display_name as expert_name')
      .where('f.session_id', 'in', [...sessionIds]);
    if (talkId) q = q.where('f.talk_id', '=', talkId);
    return q.orderBy('f.created_at').orderBy('f.id').execute();
  },
  findFeedback(db: Db, sessionId: string, talkId: string, expertUserId: string): Promise<FeedbackRow | undefined> {
    return db
      .selectFrom('coaching_feedback as f')
      .innerJoin('users as u', 'u.id', 'f.expert_user_id')
      .selectAll('f')
      .select('u.display_name as expert_name')
      .where('f.session_id', '=', sessionId)
      .where('f.talk_id', '=', talkId)
      .where('f.expert_user_id', '=', expertUserId)
      .executeTakeFirst();
  },
  /** One row per (session, talk, expert): a second submission replaces the first. */
  async upsertFeedback(db: Db, row: Insertable<CoachingFeedbackTable>): Promise<void> {
    await db
      .insertInto('coaching_feedback')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['session_id', 'talk_id', 'expert_user_id']).doUpdateSet({
          language: row.language,
          deportment: row.deportment,
          timing: row.timing,
          structure: row.structure,
          notes_json: row.notes_json,
          overall: row.overall,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  },
};
