import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db';
import type { DeckVersionTable, ReviewCommentTable, ReviewTable } from '../../db/schema';

/** A talk as a deck is shown for it: its speaker, its place in the running order, its edition. */
export interface DeckTalkRow {
  talk_id: string;
  edition_id: string;
  title: string;
  position: number;
  person_id: string;
  speaker_name: string;
}

export type DeckVersionRow = Selectable<DeckVersionTable> & { uploaded_by_name: string };

export interface VerdictRow {
  id: string;
  talk_id: string;
  deck_version_id: string;
  expert_user_id: string;
  verdict: string;
  created_at: string;
}

export interface AssignmentRow {
  talk_id: string;
  expert_user_id: string;
  display_name: string;
}

/** A user holding the expert role over a unit, one row per grant. */
export interface ExpertGrantRow {
  user_id: string;
  display_name: string;
  unit_path: string;
}

export type ReviewViewRow = Selectable<ReviewTable> & { expert_name: string; version: number };
export type CommentViewRow = Selectable<ReviewCommentTable> & { author: string; version: number };

/** A talk the expert is assigned to, with its edition and hall: the expert's work list. */
export interface AssignedTalkRow extends DeckTalkRow {
  angle: string | null;
  edition_seq: number;
  edition_title: string;
  edition_date: string;
  hall_name: string;
}

function deckTalks(db: Db) {
  return db
    .selectFrom('talks as t')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .select(['t.id as talk_id', 't.edition_id', 't.title', 't.position', 't.person_id', 'p.name as speaker_name']);
}

/**
 * Deck versions (read only: the decks module writes them), expert assignments, reviews with
 * their page comments, and the readiness override of an edition.
 */
export const reviewsRepository = {
  talksOfEdition(db: Db, editionId: string): Promise<DeckTalkRow[]> {
    return deckTalks(db).where('t.edition_id', '=', editionId).orderBy('t.position').orderBy('t.id').execute();
  },

  /** Versions of the talks, each talk's newest first. */
  versionsOfTalks(db: Db, talkIds: readonly string[]): Promise<DeckVersionRow[]> {
    if (talkIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('deck_versions as v')
      .innerJoin('users as u', 'u.id', 'v.uploaded_by')
      .selectAll('v')
      .select('u.display_name as uploaded_by_name')
      .where('v.talk_id', 'in', [...talkIds])
      .orderBy('v.talk_id')
      .orderBy('v.version', 'desc')
      .execute();
  },

  findVersion(db: Db, id: string): Promise<Selectable<DeckVersionTable> | undefined> {
    return db.selectFrom('deck_versions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  latestVersionId(db: Db, talkId: string): Promise<string | null> {
    return db
      .selectFrom('deck_versions')
      .select('id')
      .where('talk_id', '=', talkId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst()
      .then((r) => r?.id ?? null);
  },

  verdictsOfTalks(db: Db, talkIds: readonly string[]): Promise<VerdictRow[]> {
    if (talkIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('reviews')
      .select(['id', 'talk_id', 'deck_version_id', 'expert_user_id', 'verdict', 'created_at'])
      .where('talk_id', 'in', [...talkIds])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  assignmentsOfTalks(db: Db, talkIds: readonly string[]): Promise<AssignmentRow[]> {
    if (talkIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('expert_assignments as a')
      .innerJoin('users as u', 'u.id', 'a.expert_user_id')
      .select(['a.talk_id', 'a.expert_user_id', 'u.display_name'])
      .where('a.talk_id', 'in', [...talkIds])
      .orderBy('a.created_at')
      .orderBy('a.id')
      .execute();
  },

  /** Enabled users with an expert grant, optionally only those named; one row per grant. */
  expertGrants(db: Db, userIds?: readonly string[]): Promise<ExpertGrantRow[]> {
    if (userIds && userIds.length === 0) return Promise.resolve([]);
    let q = db
      .selectFrom('role_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .innerJoin('org_units as o', 'o.id', 'g.org_unit_id')
      .select(['u.id as user_id', 'u.display_name', 'o.path as unit_path'])
      .where('g.role', '=', 'expert')
      .where('u.disabled_at', 'is', null);
    if (userIds) q = q.where('u.id', 'in', [...userIds]);
    return q.orderBy('u.display_name').orderBy('u.id').execute();
  },

  /** Replaces the talk's experts with the given set, keeping the assignments that stay. */
  async replaceAssignments(db: Db, talkId: string, expertIds: readonly string[], by: string, nowIso: string, newId: () => string): Promise<string[]> {
    const existing = (await db.selectFrom('expert_assignments').select('expert_user_id').where('talk_id', '=', talkId).execute()).map((r) => r.expert_user_id);
    const removed = existing.filter((id) => !expertIds.includes(id));
    const added = expertIds.filter((id) => !existing.includes(id));
    if (removed.length) await db.deleteFrom('expert_assignments').where('talk_id', '=', talkId).where('expert_user_id', 'in', removed).execute();
    if (added.length) {
      await db
        .insertInto('expert_assignments')
        .values(added.map((id) => ({ id: newId(), talk_id: talkId, expert_user_id: id, assigned_by: by, created_at: nowIso })))
        .execute();
    }
    return added;
  },

  /** Every review of the talk, newest first, with the expert's name and the version number. */
  reviewsOfTalk(db: Db, talkId: string): Promise<ReviewViewRow[]> {
    return db
      .selectFrom('reviews as r')
      .innerJoin('users as u', 'u.id', 'r.expert_user_id')
      .innerJoin('deck_versions as v', 'v.id', 'r.deck_version_id')
      .selectAll('r')
      .select(['u.display_name as expert_name', 'v.version'])
      .where('r.talk_id', '=', talkId)
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
      .execute();
  },

  commentsOfTalk(db: Db, talkId: string): Promise<CommentViewRow[]> {
    return db
      .selectFrom('review_comments as c')
      .innerJoin('reviews as r', 'r.id', 'c.review_id')
      .innerJoin('users as u', 'u.id', 'r.expert_user_id')
      .innerJoin('deck_versions as v', 'v.id', 'c.deck_version_id')
      .selectAll('c')
      .select(['u.display_name as author', 'v.version'])
      .where('c.talk_id', '=', talkId)
      .orderBy('c.page')
      .orderBy('c.created_at')
      .orderBy('c.id')
      .execute();
  },

  async insertReview(db: Db, row: Insertable<ReviewTable>, comments: Insertable<ReviewCommentTable>[]): Promise<void> {
    await db.insertInto('reviews').values(row).execute();
    if (comments.length) await db.insertInto('review_comments').values(comments).execute();
  },

  /** Marks comments resolved by a review (or, with null, not resolved). */
  async setResolved(db: Db, commentIds: readonly string[], reviewId: string | null): Promise<void> {
    if (commentIds.length === 0) return;
    await db
      .updateTable('review_comments')
      .set({ resolved_in_review_id: reviewId })
      .where('id', 'in', [...commentIds])
      .execute();
  },

  /** Talks the user is assigned to review, newest edition first, then in running order. */
  assignedTalks(db: Db, userId: string): Promise<AssignedTalkRow[]> {
    return db
      .selectFrom('expert_assignments as a')
      .innerJoin('talks as t', 't.id', 'a.talk_id')
      .innerJoin('people as p', 'p.id', 't.person_id')
      .innerJoin('editions as e', 'e.id', 't.edition_id')
      .innerJoin('halls as h', 'h.id', 'e.hall_id')
      .select([
        't.id as talk_id',
        't.edition_id',
        't.title',
        't.position',
        't.person_id',
        't.angle',
        'p.name as speaker_name',
        'e.seq as edition_seq',
        'e.title as edition_title',
        'e.date as edition_date',
        'h.name as hall_name',
      ])
      .where('a.expert_user_id', '=', userId)
      .orderBy('e.date', 'desc')
      .orderBy('e.id')
      .orderBy('t.position')
      .execute();
  },

  async setReadinessOverride(db: Db, editionId: string, o: { reason: string; by: string; at: string }): Promise<void> {
    await db
      .updateTable('editions')
      .set({ readiness_override_reason: o.reason, readiness_override_by: o.by, readiness_override_at: o.at, updated_at: o.at })
      .where('id', '=', editionId)
      .execute();
  },

  async displayName(db: Db, userId: string): Promise<string | null> {
    const row = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
    return row?.display_name ?? null;
  },
};
