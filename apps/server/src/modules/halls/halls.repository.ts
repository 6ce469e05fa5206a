import type { ExpressionBuilder, Insertable, Selectable, Updateable } from 'kysely';
import type { Database, Db } from '../../db';
import type { CommentaryTable, EditionTable, HallTable, StageTable } from '../../db/schema';
import { offsetOf, type PageRequest } from '../../lib/pagination';
import { idsOnPath } from '../org/org-unit.repository';

/** A hall with the unit that owns it: its path decides who sees and who manages the hall. */
export type HallRow = Selectable<HallTable> & { unit_name: string; unit_path: string; unit_depth: number };
export type StageRow = Selectable<StageTable>;
/** An edition with what its views need from its hall and stage. */
export type EditionRow = Selectable<EditionTable> & {
  hall_name: string;
  unit_id: string;
  unit_path: string;
  stage_title: string | null;
  /** The hall's choice: the big screen shows the published ranking. */
  screen_shows_results: number;
};
export type CommentaryRow = Selectable<CommentaryTable>;

/**
 * Units related to any of the grant paths (see policy `related`): the units under a grant's
 * unit, and the units on the way up to it. The SQL form of canSeeUnit over many rows.
 */
function relatedToAny(eb: ExpressionBuilder<Database, 'org_units'>, grantPaths: readonly string[]) {
  const above = [...new Set(grantPaths.flatMap(idsOnPath))];
  const ors = grantPaths.map((p) => eb('org_units.path', 'like', `${p}%`));
  if (above.length) ors.push(eb('org_units.id', 'in', above));
  return ors.length ? eb.or(ors) : eb.val(false);
}

function hallsWithUnit(db: Db) {
  return db
    .selectFrom('halls')
    .innerJoin('org_units', 'org_units.id', 'halls.unit_id')
    .selectAll('halls')
    .select(['org_units.name as unit_name', 'org_units.path as unit_path', 'org_units.depth as unit_depth']);
}

function editionsWithHall(db: Db) {
  return db
    .selectFrom('editions')
    .innerJoin('halls', 'halls.id', 'editions.hall_id')
    .innerJoin('org_units', 'org_units.id', 'halls.unit_id')
    .leftJoin('stages', 'stages.id', 'editions.stage_id');
}

async function countBy(rows: Promise<Array<{ k: string; n: string | number | bigint }>>): Promise<Map<string, number>> {
  return new Map((await rows).map((r) => [r.k, Number(r.n)]));
}

export interface EditionFilter {
  grantPaths: readonly string[];
  hallId?: string;
  status?: string;
  from?: string;
  to?: string;
}

export const hallRepository = {
  findById(db: Db, id: string): Promise<HallRow | undefined> {
    return hallsWithUnit(db).where('halls.id', '=', id).executeTakeFirst();
  },
  /** Halls whose unit is related to one of the grant paths, by unit depth, then age, then id (byte order on both dialects). */
  listVisible(db: Db, grantPaths: readonly string[]): Promise<HallRow[]> {
    return hallsWithUnit(db)
      .where((eb) => relatedToAny(eb, grantPaths))
      .orderBy('org_units.depth')
      .orderBy('halls.created_at')
      .orderBy('halls.id')
      .execute();
  },
  editionCounts(db: Db, hallIds: readonly string[]): Promise<Map<string, number>> {
    if (hallIds.length === 0) return Promise.resolve(new Map());
    return countBy(
      db
        .selectFrom('editions')
        .select(['hall_id as k', (eb) => eb.fn.countAll<string | number>().as('n')])
        .where('hall_id', 'in', [...hallIds])
        .groupBy('hall_id')
        .execute(),
    );
  },
  async insert(db: Db, row: Insertable<HallTable>): Promise<void> {
    await db.insertInto('halls').values(row).execute();
  },
  async update(db: Db, id: string, patch: Updateable<HallTable>): Promise<void> {
    await db.updateTable('halls').set(patch).where('id', '=', id).execute();
  },
  /**
   * Takes the hall's next 第N期 number. The increment locks the hall's row on PostgreSQL (and
   * SQLite writes one at a time), so two editions created at once never share a number.
   */
  async takeNextSeq(db: Db, hallId: string): Promise<number> {
    const r = await db
      .updateTable('halls')
      .set((eb) => ({ next_seq: eb('next_seq', '+', 1) }))
      .where('id', '=', hallId)
      .returning('next_seq')
      .executeTakeFirstOrThrow();
    return Number(r.next_seq) - 1;
  },
};

export const stageRepository = {
  findById(db: Db, id: string): Promise<StageRow | undefined> {
    return db.selectFrom('stages').selectAll().where('id', '=', id).executeTakeFirst();
  },
  listByHall(db: Db, hallId: string): Promise<StageRow[]> {
    return db.selectFrom('stages').selectAll().where('hall_id', '=', hallId).orderBy('sort_order').orderBy('created_at').orderBy('id').execute();
  },
  async nextSortOrder(db: Db, hallId: string): Promise<number> {
    const r = await db
      .selectFrom('stages')
      .select((eb) => eb.fn.max('sort_order').as('m'))
      .where('hall_id', '=', hallId)
      .executeTakeFirst();
    return r?.m === null || r?.m === undefined ? 0 : Number(r.m) + 1;
  },
  async countEditions(db: Db, stageId: string): Promise<number> {
    const r = await db
      .selectFrom('editions')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('stage_id', '=', stageId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async insert(db: Db, row: Insertable<StageTable>): Promise<void> {
    await db.insertInto('stages').values(row).execute();
  },
  async update(db: Db, id: string, patch: Updateable<StageTable>): Promise<void> {
    await db.updateTable('stages').set(patch).where('id', '=', id).execute();
  },
  async delete(db: Db, id: string): Promise<void> {
    await db.deleteFrom('stages').where('id', '=', id).execute();
  },
};

export const editionRepository = {
  findById(db: Db, id: string): Promise<EditionRow | undefined> {
    return editionsWithHall(db)
      .selectAll('editions')
      .select([
        'halls.name as hall_name',
        'halls.unit_id as unit_id',
        'org_units.path as unit_path',
        'stages.title as stage_title',
        'halls.screen_shows_results',
      ])
      .where('editions.id', '=', id)
      .executeTakeFirst();
  },
  /** Editions of the halls related to the grant paths, newest date first, then the higher 第N期. */
  async list(db: Db, f: EditionFilter, page: PageRequest): Promise<{ rows: EditionRow[]; total: number }> {
    let q = editionsWithHall(db).where((eb) => relatedToAny(eb, f.grantPaths));
    if (f.hallId) q = q.where('editions.hall_id', '=', f.hallId);
    if (f.status) q = q.where('editions.status', '=', f.status);
    if (f.from) q = q.where('editions.date', '>=', f.from);
    if (f.to) q = q.where('editions.date', '<=', f.to);
    const countRow = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll('editions')
      .select([
        'halls.name as hall_name',
        'halls.unit_id as unit_id',
        'org_units.path as unit_path',
        'stages.title as stage_title',
        'halls.screen_shows_results',
      ])
      .orderBy('editions.date', 'desc')
      .orderBy('editions.seq', 'desc')
      .orderBy('editions.id', 'desc')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute();
    return { rows, total: Number(countRow.n) };
  },
  async insert(db: Db, row: Insertable<EditionTable>): Promise<void> {
    await db.insertInto('editions').values(row).execute();
  },
  async update(db: Db, id: string, patch: Updateable<EditionTable>): Promise<void> {
    await db.updateTable('editions').set(patch).where('id', '=', id).execute();
  },
  /** Moves the status only if it is still `from`: of two people moving the same edition at once, one wins. */
  async updateStatus(db: Db, id: string, from: string, patch: Updateable<EditionTable>): Promise<boolean> {
    const r = await db.updateTable('editions').set(patch).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Talks per edition: one per selected speaker. */
  talkCounts(db: Db, editionIds: readonly string[]): Promise<Map<string, number>> {
    if (editionIds.length === 0) return Promise.resolve(new Map());
    return countBy(
      db
        .selectFrom('talks')
        .select(['edition_id as k', (eb) => eb.fn.countAll<string | number>().as('n')])
        .where('edition_id', 'in', [...editionIds])
        .groupBy('edition_id')
        .execute(),
    );
  },
  async talkTitles(db: Db, editionId: string): Promise<string[]> {
    const rows = await db.selectFrom('talks').select('title').where('edition_id', '=', editionId).execute();
    return rows.map((r) => r.title);
  },
};

export const commentaryRepository = {
  findById(db: Db, id: string): Promise<CommentaryRow | undefined> {
    return db.selectFrom('commentaries').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** A hall's commentary, newest first; with an edition, that edition's only. */
  list(db: Db, hallId: string, editionId?: string): Promise<CommentaryRow[]> {
    let q = db.selectFrom('commentaries').selectAll().where('hall_id', '=', hallId);
    if (editionId) q = q.where('edition_id', '=', editionId);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  },
  async insert(db: Db, row: Insertable<CommentaryTable>): Promise<void> {
    await db.insertInto('commentaries').values(row).execute();
  },
  async delete(db: Db, id: string): Promise<void> {
    await db.deleteFrom('commentaries').where('id', '=', id).execute();
  },
};
