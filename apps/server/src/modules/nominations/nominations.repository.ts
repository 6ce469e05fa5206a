import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db';
import { isPostgres } from '../../db/dialect';
import type { NominationTable, TalkTable } from '../../db/schema';

export type NominationRow = Selectable<NominationTable>;
export type TalkRow = Selectable<TalkTable>;

/** An edition with what the nomination rules need of its hall (halls and editions are read-only here). */
export interface EditionContextRow {
  id: string;
  hall_id: string;
  seq: number;
  title: string;
  date: string;
  status: string;
  speaker_count: number;
  unit_quota: number | null;
  hall_name: string;
  hall_unit_id: string;
  hall_unit_path: string;
  hall_unit_name: string;
  young_age_limit: number;
  repeat_window: number;
}

/** A nomination with its person, edition, hall and the names of who nominated and who overrode. */
export type NominationViewRow = NominationRow & {
  person_name: string;
  gender: string;
  birth_date: string;
  position: string;
  rank_level: string;
  person_unit_id: string;
  person_unit_path: string;
  edition_seq: number;
  edition_title: string;
  edition_date: string;
  edition_status: string;
  edition_unit_quota: number | null;
  hall_name: string;
  hall_unit_path: string;
  hall_unit_name: string;
  young_age_limit: number;
  repeat_window: number;
  nominator_name: string | null;
  override_name: string | null;
};

/** A talk of a person, with its edition: the repeat rule and the "earlier talks" column read these. */
export interface TalkHistoryRow {
  person_id: string;
  edition_id: string;
  hall_id: string;
  seq: number;
  status: string;
  edition_title: string;
  date: string;
  title: string;
}

export interface NominationHistoryRow {
  id: string;
  person_id: string;
  edition_id: string;
  hall_id: string;
  state: string;
  seq: number;
}

export type TalkViewRow = TalkRow & { speaker_name: string; person_unit_path: string; selected_order: number | null };

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function viewQuery(db: Db) {
  return db
    .selectFrom('nominations as n')
    .innerJoin('people as p', 'p.id', 'n.person_id')
    .innerJoin('org_units as pu', 'pu.id', 'p.unit_id')
    .innerJoin('editions as e', 'e.id', 'n.edition_id')
    .innerJoin('halls as h', 'h.id', 'n.hall_id')
    .innerJoin('org_units as hu', 'hu.id', 'h.unit_id')
    .leftJoin('users as nb', 'nb.id', 'n.nominated_by')
    .leftJoin('users as ob', 'ob.id', 'n.override_by')
    .selectAll('n')
    .select([
      'p.name as person_name',
      'p.gender',
      'p.birth_date',
      'p.position',
      'p.rank_level',
      'p.unit_id as person_unit_id',
      'pu.path as person_unit_path',
      'e.seq as edition_seq',
      'e.title as edition_title',
      'e.date as edition_date',
      'e.status as edition_status',
      'e.unit_quota as edition_unit_quota',
      'h.name as hall_name',
      'hu.path as hall_unit_path',
      'hu.name as hall_unit_name',
      'h.young_age_limit',
      'h.repeat_window',
      'nb.display_name as nominator_name',
      'ob.display_name as override_name',
    ]);
}

export const nominationsRepository = {
  findEdition(db: Db, id: string): Promise<EditionContextRow | undefined> {
    return db
      .selectFrom('editions as e')
      .innerJoin('halls as h', 'h.id', 'e.hall_id')
      .innerJoin('org_units as hu', 'hu.id', 'h.unit_id')
      .select([
        'e.id',
        'e.hall_id',
        'e.seq',
        'e.title',
        'e.date',
        'e.status',
        'e.speaker_count',
        'e.unit_quota',
        'h.name as hall_name',
        'h.unit_id as hall_unit_id',
        'hu.path as hall_unit_path',
        'hu.name as hall_unit_name',
        'h.young_age_limit',
        'h.repeat_window',
      ])
      .where('e.id', '=', id)
      .executeTakeFirst();
  },

  /**
   * Holds the edition's row until the transaction ends, so that two nominations or two
   * selections of one edition take turns: quota and duplicate checks then read committed rows.
   * SQLite needs nothing: its writers already take turns.
   */
  async lockEdition(trx: Db, id: string): Promise<void> {
    if (isPostgres(trx)) await trx.selectFrom('editions').select('id').where('id', '=', id).forUpdate().execute();
  },

  findRow(db: Db, id: string): Promise<NominationRow | undefined> {
    return db.selectFrom('nominations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findView(db: Db, id: string): Promise<NominationViewRow | undefined> {
    return viewQuery(db).where('n.id', '=', id).executeTakeFirst();
  },

  listViewsOfEdition(db: Db, editionId: string): Promise<NominationViewRow[]> {
    return viewQuery(db).where('n.edition_id', '=', editionId).orderBy('n.created_at').orderBy('n.id').execute();
  },

  /** Nominations of the person (when given) and those the user submitted, newest first. */
  listViewsMine(db: Db, personId: string | null, userId: string): Promise<NominationViewRow[]> {
    return viewQuery(db)
      .where((eb) => eb.or([eb('n.nominated_by', '=', userId), ...(personId ? [eb('n.person_id', '=', personId)] : [])]))
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .execute();
  },

  async insert(db: Db, row: Insertable<NominationTable>): Promise<void> {
    await db.insertInto('nominations').values(row).execute();
  },

  async update(db: Db, id: string, patch: Updateable<NominationTable>): Promise<void> {
    await db.updateTable('nominations').set(patch).where('id', '=', id).execute();
  },

  async talkHistory(db: Db, personIds: readonly string[]): Promise<TalkHistoryRow[]> {
    if (personIds.length === 0) return [];
    return db
      .selectFrom('talks as t')
      .innerJoin('editions as e', 'e.id', 't.edition_id')
      .select(['t.person_id', 't.edition_id', 'e.hall_id', 'e.seq', 'e.status', 'e.title as edition_title', 'e.date', 't.title'])
      .where('t.person_id', 'in', unique(personIds))
      .orderBy('e.seq')
      .execute();
  },

  async nominationHistory(db: Db, personIds: readonly string[]): Promise<NominationHistoryRow[]> {
    if (personIds.length === 0) return [];
    return db
      .selectFrom('nominations as n')
      .innerJoin('editions as e', 'e.id', 'n.edition_id')
      .select(['n.id', 'n.person_id', 'n.edition_id', 'n.hall_id', 'n.state', 'e.seq'])
      .where('n.person_id', 'in', unique(personIds))
      .orderBy('e.seq')
      .execute();
  },

  /** Non-withdrawn unit recommendations per edition and recommending unit, keyed `editionId:unitId`. */
  async recommendationCounts(db: Db, editionIds: readonly string[]): Promise<Map<string, number>> {
    if (editionIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('nominations')
      .select(['edition_id', 'recommending_unit_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('edition_id', 'in', unique(editionIds))
      .where('channel', '=', 'unit_recommendation')
      .where('state', '!=', 'withdrawn')
      .where('recommending_unit_id', 'is not', null)
      .groupBy(['edition_id', 'recommending_unit_id'])
      .execute();
    return new Map(rows.map((r) => [`${r.edition_id}:${r.recommending_unit_id}`, Number(r.n)]));
  },

  listTalks(db: Db, editionId: string): Promise<TalkViewRow[]> {
    return db
      .selectFrom('talks as t')
      .innerJoin('people as p', 'p.id', 't.person_id')
      .innerJoin('org_units as pu', 'pu.id', 'p.unit_id')
      .innerJoin('nominations as n', 'n.id', 't.nomination_id')
      .selectAll('t')
      .select(['p.name as speaker_name', 'pu.path as person_unit_path', 'n.selected_order'])
      .where('t.edition_id', '=', editionId)
      .orderBy('t.position')
      .orderBy('t.id')
      .execute();
  },

  findTalk(db: Db, id: string): Promise<TalkRow | undefined> {
    return db.selectFrom('talks').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insertTalk(db: Db, row: Insertable<TalkTable>): Promise<void> {
    await db.insertInto('talks').values(row).execute();
  },

  async updateTalk(db: Db, id: string, patch: Updateable<TalkTable>): Promise<void> {
    await db.updateTable('talks').set(patch).where('id', '=', id).execute();
  },

  async deleteTalks(db: Db, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await db
      .deleteFrom('talks')
      .where('id', 'in', [...ids])
      .execute();
  },
};
