import type { Insertable } from 'kysely';
import type { Db } from '../../db';
import type { AttendeeTable } from '../../db/schema';
import type { AttendeeRow } from './attendee-auth.repository';

/** A person of the roster a check-in may match: name, unit and the phone on file. */
export interface RosterCandidateRow {
  id: string;
  name: string;
  phone: string | null;
  unit_path: string;
}

/** An attendee with the roster name of its person, if any (for the hall managers' export only). */
export type AttendeeExportRow = AttendeeRow & { person_name: string | null };

export const attendanceRepository = {
  async insert(db: Db, row: Insertable<AttendeeTable>): Promise<void> {
    await db.insertInto('attendees').values(row).execute();
  },

  async touch(db: Db, id: string, nowIso: string): Promise<void> {
    await db.updateTable('attendees').set({ last_seen_at: nowIso }).where('id', '=', id).execute();
  },

  /** The first device a person checked in with in the edition (the one that counts), if any. */
  firstOfPerson(db: Db, editionId: string, personId: string): Promise<AttendeeRow | undefined> {
    return db
      .selectFrom('attendees')
      .selectAll()
      .where('edition_id', '=', editionId)
      .where('person_id', '=', personId)
      .where('first_attendee_id', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
  },

  /** The same for an account that is linked to no person of the roster. */
  firstOfUser(db: Db, editionId: string, userId: string): Promise<AttendeeRow | undefined> {
    return db
      .selectFrom('attendees')
      .selectAll()
      .where('edition_id', '=', editionId)
      .where('user_id', '=', userId)
      .where('person_id', 'is', null)
      .where('first_attendee_id', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .executeTakeFirst();
  },

  /** People of that exact name in that unit; the phone is compared by the caller. */
  rosterCandidates(db: Db, name: string, unitId: string): Promise<RosterCandidateRow[]> {
    return db
      .selectFrom('people')
      .innerJoin('org_units', 'org_units.id', 'people.unit_id')
      .select(['people.id as id', 'people.name as name', 'people.phone as phone', 'org_units.path as unit_path'])
      .where('people.name', '=', name)
      .where('people.unit_id', '=', unitId)
      .orderBy('people.id')
      .execute();
  },

  /** The edition's attendees in check-in order; only second devices when flaggedOnly. */
  list(db: Db, editionId: string, flaggedOnly: boolean): Promise<AttendeeRow[]> {
    let q = db.selectFrom('attendees').selectAll().where('edition_id', '=', editionId);
    if (flaggedOnly) q = q.where('first_attendee_id', 'is not', null);
    return q.orderBy('created_at').orderBy('id').execute();
  },

  exportRows(db: Db, editionId: string): Promise<AttendeeExportRow[]> {
    return db
      .selectFrom('attendees')
      .leftJoin('people', 'people.id', 'attendees.person_id')
      .selectAll('attendees')
      .select('people.name as person_name')
      .where('attendees.edition_id', '=', editionId)
      .orderBy('attendees.created_at')
      .orderBy('attendees.id')
      .execute();
  },

  /** Person-times per edition and category (counted rows only). */
  async countsByCategory(db: Db, editionIds: readonly string[]): Promise<Array<{ editionId: string; category: string; n: number }>> {
    if (editionIds.length === 0) return [];
    const rows = await db
      .selectFrom('attendees')
      .select(['edition_id', 'category', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('edition_id', 'in', [...editionIds])
      .where('counted', '=', 1)
      .groupBy(['edition_id', 'category'])
      .execute();
    return rows.map((r) => ({ editionId: r.edition_id, category: r.category, n: Number(r.n) }));
  },

  /** Person-times of one category by class (班次), counted rows only. */
  async countsByClass(db: Db, editionId: string, category: string): Promise<Array<{ className: string; n: number }>> {
    const rows = await db
      .selectFrom('attendees')
      .select(['class_name', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('edition_id', '=', editionId)
      .where('category', '=', category)
      .where('counted', '=', 1)
      .groupBy('class_name')
      .execute();
    return rows.map((r) => ({ className: r.class_name, n: Number(r.n) }));
  },

  async countSecondDevices(db: Db, editionId: string): Promise<number> {
    const r = await db
      .selectFrom('attendees')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('edition_id', '=', editionId)
      .where('first_attendee_id', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /** A hall's editions, by 第N期. */
  hallEditions(db: Db, hallId: string): Promise<Array<{ id: string; seq: number; title: string; date: string; status: string }>> {
    return db.selectFrom('editions').select(['id', 'seq', 'title', 'date', 'status']).where('hall_id', '=', hallId).orderBy('seq').execute();
  },
};
