import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db';
import type { LiveSessionTable, ScoringWindowTable } from '../../db/schema';

export type LiveSessionRow = Selectable<LiveSessionTable>;
export type ScoringWindowRow = Selectable<ScoringWindowTable>;

/** A talk as the live screens show it: its speaker and the speaker's unit. */
export interface LiveTalkRow {
  id: string;
  position: number;
  title: string;
  speaker_name: string;
  unit_path: string;
}

/** Approved and answered questions, as the audience sees them: never who asked. */
export interface PublicQuestionRow {
  id: string;
  text: string;
  talk_id: string | null;
  upvotes: number;
  pinned: number;
  state: string;
  created_at: string;
}

export const liveRepository = {
  findSession(db: Db, editionId: string): Promise<LiveSessionRow | undefined> {
    return db.selectFrom('live_sessions').selectAll().where('edition_id', '=', editionId).executeTakeFirst();
  },

  /**
   * Starts the edition's live session at step idle, the check-in closed and the welcome screen
   * up. Called when the edition goes live, and lazily on a read; a second call changes nothing.
   */
  async startSession(db: Db, editionId: string, nowIso: string): Promise<void> {
    await db
      .insertInto('live_sessions')
      .values({
        edition_id: editionId,
        step: 'idle',
        step_started_at: null,
        checkin_open: 0,
        current_talk_id: null,
        window_id: null,
        screen: 'welcome',
        version: 0,
        updated_at: nowIso,
      })
      .onConflict((oc) => oc.column('edition_id').doNothing())
      .execute();
  },

  /** Writes the next state only if the row is still at `version`: of two hosts acting at once, one wins. */
  async updateSession(db: Db, editionId: string, version: number, patch: Updateable<LiveSessionTable>): Promise<boolean> {
    const r = await db
      .updateTable('live_sessions')
      .set({ ...patch, version: version + 1 })
      .where('edition_id', '=', editionId)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /**
   * Takes the session row's write lock (a no-op update) for the rest of the transaction, so
   * that check-ins of the same person are decided one after the other.
   */
  async lockSession(db: Db, editionId: string): Promise<void> {
    await db
      .updateTable('live_sessions')
      .set((eb) => ({ version: eb.ref('version') }))
      .where('edition_id', '=', editionId)
      .execute();
  },

  findWindow(db: Db, id: string): Promise<ScoringWindowRow | undefined> {
    return db.selectFrom('scoring_windows').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insertWindow(db: Db, row: Insertable<ScoringWindowTable>): Promise<void> {
    await db.insertInto('scoring_windows').values(row).execute();
  },

  /** Closes the window unless it is closed already; whether this call closed it. */
  async closeWindow(db: Db, id: string, closedAt: string, closedBy: string | null): Promise<boolean> {
    const r = await db
      .updateTable('scoring_windows')
      .set({ closed_at: closedAt, closed_by: closedBy })
      .where('id', '=', id)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** The edition's talks in running order, with speaker and unit. */
  talks(db: Db, editionId: string): Promise<LiveTalkRow[]> {
    return db
      .selectFrom('talks')
      .innerJoin('people', 'people.id', 'talks.person_id')
      .innerJoin('org_units', 'org_units.id', 'people.unit_id')
      .select(['talks.id as id', 'talks.position as position', 'talks.title as title', 'people.name as speaker_name', 'org_units.path as unit_path'])
      .where('talks.edition_id', '=', editionId)
      .orderBy('talks.position')
      .orderBy('talks.id')
      .execute();
  },

  /** Person-times (人次) checked in: attendee rows that count. */
  async countCheckedIn(db: Db, editionId: string): Promise<number> {
    const r = await db
      .selectFrom('attendees')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('edition_id', '=', editionId)
      .where('counted', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /**
   * Distinct raters with a ballot, per talk and rater group (every version of a ballot is one
   * rater). A rater's first ballot on a talk is its version 1 and none is ever deleted, so
   * counting the version-1 rows counts every rater once, from the partial index
   * ballots_first_version_idx alone (the literal 1 lets the planner match the index's WHERE).
   */
  async ballotCounts(db: Db, editionId: string): Promise<Array<{ talkId: string; group: string; raters: number }>> {
    const rows = await db
      .selectFrom('ballots')
      .select(['talk_id', 'rater_group', (eb) => eb.fn.count<string | number>('rater_key').distinct().as('n')])
      .where('edition_id', '=', editionId)
      .where('version', '=', sql.lit(1))
      .groupBy(['talk_id', 'rater_group'])
      .execute();
    return rows.map((r) => ({ talkId: r.talk_id, group: r.rater_group, raters: Number(r.n) }));
  },

  /** Approved and answered questions not merged into another: pinned first, then most upvoted, then oldest. */
  publicQuestions(db: Db, editionId: string, limit: number): Promise<PublicQuestionRow[]> {
    return db
      .selectFrom('questions')
      .select(['id', 'text', 'talk_id', 'upvotes', 'pinned', 'state', 'created_at'])
      .where('edition_id', '=', editionId)
      .where('state', 'in', ['approved', 'answered'])
      .where('merged_into', 'is', null)
      .orderBy('pinned', 'desc')
      .orderBy('upvotes', 'desc')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  experts(db: Db, editionId: string): Promise<Array<{ user_id: string; display_name: string }>> {
    return db
      .selectFrom('live_experts')
      .innerJoin('users', 'users.id', 'live_experts.expert_user_id')
      .select(['users.id as user_id', 'users.display_name as display_name'])
      .where('live_experts.edition_id', '=', editionId)
      .orderBy('live_experts.created_at')
      .orderBy('users.id')
      .execute();
  },

  /** The edition's expert panel becomes exactly these users. */
  async replaceExperts(db: Db, editionId: string, userIds: readonly string[], nowIso: string): Promise<void> {
    await db.deleteFrom('live_experts').where('edition_id', '=', editionId).execute();
    if (userIds.length === 0) return;
    await db
      .insertInto('live_experts')
      .values(userIds.map((id) => ({ edition_id: editionId, expert_user_id: id, created_at: nowIso })))
      .execute();
  },
};
