import type { Insertable } from 'kysely';
import type { Db } from '../db';
import type { CommentaryTable, EditionTable, HallTable, NominationTable, NotificationTable, StageTable, TalkTable } from '../db/schema';

export interface DemoPersonRow {
  id: string;
  name: string;
  birth_date: string;
  unit_id: string;
  unit_path: string;
}

/** Rows the demo's lecture programme writes, and the roster it draws speakers from. */
export const demoProgrammeRepository = {
  /** Every person with their unit's path, in id order (ids are deterministic, so is the order). */
  peopleWithUnits(db: Db): Promise<DemoPersonRow[]> {
    return db
      .selectFrom('people as p')
      .innerJoin('org_units as u', 'u.id', 'p.unit_id')
      .select(['p.id', 'p.name', 'p.birth_date', 'p.unit_id', 'u.path as unit_path'])
      .orderBy('p.id')
      .execute();
  },
  async userIdsByUsername(db: Db): Promise<Map<string, string>> {
    const rows = await db.selectFrom('users').select(['id', 'username']).execute();
    return new Map(rows.map((r) => [r.username, r.id]));
  },
  async insertHall(db: Db, row: Insertable<HallTable>) {
    await db.insertInto('halls').values(row).execute();
  },
  async insertStage(db: Db, row: Insertable<StageTable>) {
    await db.insertInto('stages').values(row).execute();
  },
  async insertEdition(db: Db, row: Insertable<EditionTable>) {
    await db.insertInto('editions').values(row).execute();
  },
  async insertNomination(db: Db, row: Insertable<NominationTable>) {
    await db.insertInto('nominations').values(row).execute();
  },
  async insertTalk(db: Db, row: Insertable<TalkTable>) {
    await db.insertInto('talks').values(row).execute();
  },
  async insertNotification(db: Db, row: Insertable<NotificationTable>) {
    await db.insertInto('notifications').values(row).execute();
  },
  async insertCommentary(db: Db, row: Insertable<CommentaryTable>) {
    await db.insertInto('commentaries').values(row).execute();
  },
};
