import type { Insertable } from 'kysely';
import type { Db } from '../db';
import type { CoachingFeedbackTable, CoachingSessionTable, DeckVersionTable, ExpertAssignmentTable, ReviewCommentTable, ReviewTable } from '../db/schema';

export interface DemoTalkRow {
  id: string;
  position: number;
  title: string;
  angle: string | null;
  person_id: string;
  speaker: string;
  unit_id: string;
  unit: string;
  unit_path: string;
}

/** Rows the demo's courseware and coaching write, and the talks they are about. */
export const demoCoursewareRepository = {
  talksOf(db: Db, editionId: string): Promise<DemoTalkRow[]> {
    return db
      .selectFrom('talks as t')
      .innerJoin('people as p', 'p.id', 't.person_id')
      .innerJoin('org_units as u', 'u.id', 'p.unit_id')
      .select(['t.id', 't.position', 't.title', 't.angle', 't.person_id', 'p.name as speaker', 'p.unit_id', 'u.name as unit', 'u.path as unit_path'])
      .where('t.edition_id', '=', editionId)
      .orderBy('t.position')
      .execute();
  },
  async insertDeckVersion(db: Db, row: Insertable<DeckVersionTable>) {
    await db.insertInto('deck_versions').values(row).execute();
  },
  async resolveComment(db: Db, commentId: string, reviewId: string) {
    await db.updateTable('review_comments').set({ resolved_in_review_id: reviewId }).where('id', '=', commentId).execute();
  },
  async insertAssignment(db: Db, row: Insertable<ExpertAssignmentTable>) {
    await db.insertInto('expert_assignments').values(row).execute();
  },
  async insertReview(db: Db, row: Insertable<ReviewTable>) {
    await db.insertInto('reviews').values(row).execute();
  },
  async insertComment(db: Db, row: Insertable<ReviewCommentTable>) {
    await db.insertInto('review_comments').values(row).execute();
  },
  async insertCoachingSession(db: Db, row: Insertable<CoachingSessionTable>, expertIds: string[], talkIds: string[]) {
    await db.insertInto('coaching_sessions').values(row).execute();
    for (const id of expertIds) await db.insertInto('coaching_session_experts').values({ session_id: row.id, expert_user_id: id }).execute();
    for (const id of talkIds) await db.insertInto('coaching_session_talks').values({ session_id: row.id, talk_id: id }).execute();
  },
  async insertFeedback(db: Db, row: Insertable<CoachingFeedbackTable>) {
    await db.insertInto('coaching_feedback').values(row).execute();
  },
};
