import type { QuestionState } from '@lecture-hall/shared';
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db';
import type { QuestionTable } from '../../db/schema';
import { PUBLIC_STATES } from './question.rules';

export type QuestionRow = Selectable<QuestionTable>;

/** An edition with what the questions module needs of it: its status and its hall's unit (for 'live.host'). */
export interface EditionScopeRow {
  id: string;
  status: string;
  unit_id: string;
  unit_path: string;
}

const VOTABLE = [...PUBLIC_STATES];

/** Questions of a live session and their upvotes (one per attendee per question). */
export const questionsRepository = {
  /** editions → halls → org_units. */
  editionScope(db: Db, editionId: string): Promise<EditionScopeRow | undefined> {
    return db
      .selectFrom('editions as e')
      .innerJoin('halls as h', 'h.id', 'e.hall_id')
      .innerJoin('org_units as u', 'u.id', 'h.unit_id')
      .select(['e.id', 'e.status', 'u.id as unit_id', 'u.path as unit_path'])
      .where('e.id', '=', editionId)
      .executeTakeFirst();
  },

  async isTalkOfEdition(db: Db, talkId: string, editionId: string): Promise<boolean> {
    const row = await db.selectFrom('talks').select('id').where('id', '=', talkId).where('edition_id', '=', editionId).executeTakeFirst();
    return row !== undefined;
  },

  findById(db: Db, id: string): Promise<QuestionRow | undefined> {
    return db.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findByIdempotencyKey(db: Db, editionId: string, key: string): Promise<QuestionRow | undefined> {
    return db.selectFrom('questions').selectAll().where('edition_id', '=', editionId).where('idempotency_key', '=', key).executeTakeFirst();
  },

  /**
   * Marks the attendee seen. Being an UPDATE, it also holds the attendee's row until the
   * transaction ends, so that two concurrent questions of one attendee on PostgreSQL are
   * counted one after the other (SQLite runs one transaction at a time anyway).
   */
  async touchAttendee(db: Db, attendeeId: string, nowIso: string): Promise<void> {
    await db.updateTable('attendees').set({ last_seen_at: nowIso }).where('id', '=', attendeeId).execute();
  },

  async countAskedSince(db: Db, editionId: string, attendeeId: string, sinceIso: string): Promise<number> {
    const row = await db
      .selectFrom('questions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('edition_id', '=', editionId)
      .where('attendee_id', '=', attendeeId)
      .where('created_at', '>=', sinceIso)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async insert(db: Db, row: Insertable<QuestionTable>): Promise<void> {
    await db.insertInto('questions').values(row).execute();
  },

  /** What the audience sees: approved and answered, merged ones never; pinned first, then upvotes, then the oldest. */
  publicOf(db: Db, editionId: string): Promise<QuestionRow[]> {
    return db
      .selectFrom('questions')
      .selectAll()
      .where('edition_id', '=', editionId)
      .where('state', 'in', VOTABLE)
      .where('merged_into', 'is', null)
      .orderBy('pinned', 'desc')
      .orderBy('upvotes', 'desc')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  /** The host's queue, in the order the questions came in. */
  hostOf(db: Db, editionId: string, state?: QuestionState): Promise<QuestionRow[]> {
    let q = db.selectFrom('questions').selectAll().where('edition_id', '=', editionId);
    if (state) q = q.where('state', '=', state);
    return q.orderBy('created_at').orderBy('id').execute();
  },

  /** How many questions were merged into each question of the edition that has any. */
  async duplicateCounts(db: Db, editionId: string): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('questions')
      .select(['merged_into', (eb) => eb.fn.countAll().as('n')])
      .where('edition_id', '=', editionId)
      .where('merged_into', 'is not', null)
      .groupBy('merged_into')
      .execute();
    return new Map(rows.map((r) => [r.merged_into as string, Number(r.n)]));
  },

  /**
   * Holds the questions' rows until the transaction ends (a no-op UPDATE), in id order so that
   * two moderations never wait on each other in a cycle.
   */
  async lock(db: Db, ids: readonly string[]): Promise<void> {
    for (const id of [...new Set(ids)].sort()) {
      await db
        .updateTable('questions')
        .set((eb) => ({ upvotes: eb.ref('upvotes') }))
        .where('id', '=', id)
        .execute();
    }
  },

  /**
   * Holds the question's row if the audience may upvote it (approved or answered, not merged),
   * re-checked after any moderation that held it first; false otherwise.
   */
  async lockVotable(db: Db, id: string): Promise<boolean> {
    const res = await db
      .updateTable('questions')
      .set((eb) => ({ upvotes: eb.ref('upvotes') }))
      .where('id', '=', id)
      .where('state', 'in', VOTABLE)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  async update(db: Db, id: string, patch: Partial<Pick<QuestionRow, 'state' | 'pinned' | 'merged_into' | 'upvotes' | 'updated_at'>>): Promise<void> {
    await db.updateTable('questions').set(patch).where('id', '=', id).execute();
  },

  /** Adds the attendee's upvote; false when it had one already. */
  async addUpvote(db: Db, questionId: string, attendeeId: string, nowIso: string): Promise<boolean> {
    const res = await db
      .insertInto('question_upvotes')
      .values({ question_id: questionId, attendee_id: attendeeId, created_at: nowIso })
      .onConflict((oc) => oc.columns(['question_id', 'attendee_id']).doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  /** Takes the attendee's upvote back; false when it had none. */
  async removeUpvote(db: Db, questionId: string, attendeeId: string): Promise<boolean> {
    const res = await db.deleteFrom('question_upvotes').where('question_id', '=', questionId).where('attendee_id', '=', attendeeId).executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  },

  async addToUpvotes(db: Db, id: string, delta: number): Promise<number> {
    await db
      .updateTable('questions')
      .set((eb) => ({ upvotes: eb('upvotes', '+', delta) }))
      .where('id', '=', id)
      .execute();
    const row = await db.selectFrom('questions').select('upvotes').where('id', '=', id).executeTakeFirstOrThrow();
    return Number(row.upvotes);
  },

  /**
   * Moves the upvotes of one question to another: voters of both keep one vote on the target.
   * Returns the target's new count, counted from the votes themselves.
   */
  async moveUpvotes(db: Db, fromId: string, toId: string): Promise<number> {
    await db
      .insertInto('question_upvotes')
      .columns(['question_id', 'attendee_id', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom('question_upvotes')
          .select([eb.val(toId).as('question_id'), 'attendee_id', 'created_at'])
          .where('question_id', '=', fromId),
      )
      .onConflict((oc) => oc.columns(['question_id', 'attendee_id']).doNothing())
      .execute();
    await db.deleteFrom('question_upvotes').where('question_id', '=', fromId).execute();
    const row = await db
      .selectFrom('question_upvotes')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('question_id', '=', toId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Questions merged into one that is now merged itself point straight at the new target: no chains. */
  async repointDuplicates(db: Db, fromId: string, toId: string, nowIso: string): Promise<void> {
    await db.updateTable('questions').set({ merged_into: toId, updated_at: nowIso }).where('merged_into', '=', fromId).execute();
  },
};
