import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db';
import { isPostgres } from '../../db/dialect';
import type { DeckVersionTable } from '../../db/schema';

export type DeckVersionRow = Selectable<DeckVersionTable>;
/** A version with the display name of whoever uploaded it. */
export type DeckVersionViewRow = DeckVersionRow & { uploader_name: string };

function viewQuery(db: Db) {
  return db.selectFrom('deck_versions as v').innerJoin('users as u', 'u.id', 'v.uploaded_by').selectAll('v').select('u.display_name as uploader_name');
}

export const decksRepository = {
  /**
   * Serialises uploads to one talk, so that two at once cannot both take the next version
   * number. PostgreSQL locks the talk's row until the transaction ends; SQLite's writers
   * already take turns.
   */
  async lockTalk(trx: Db, talkId: string): Promise<void> {
    if (isPostgres(trx)) await trx.selectFrom('talks').select('id').where('id', '=', talkId).forUpdate().execute();
  },

  async maxVersion(db: Db, talkId: string): Promise<number> {
    const r = await db
      .selectFrom('deck_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('talk_id', '=', talkId)
      .executeTakeFirst();
    return r?.v == null ? 0 : Number(r.v);
  },

  async insert(db: Db, row: Insertable<DeckVersionTable>): Promise<void> {
    await db.insertInto('deck_versions').values(row).execute();
  },

  findView(db: Db, id: string): Promise<DeckVersionViewRow | undefined> {
    return viewQuery(db).where('v.id', '=', id).executeTakeFirst();
  },

  /** Every version of the talks, newest first within each talk. */
  listViews(db: Db, talkIds: readonly string[]): Promise<DeckVersionViewRow[]> {
    if (talkIds.length === 0) return Promise.resolve([]);
    return viewQuery(db).where('v.talk_id', 'in', talkIds).orderBy('v.talk_id').orderBy('v.version', 'desc').execute();
  },

  /** The oldest version waiting for conversion, or one whose converter has not reported since `staleBefore` (its instance died). */
  findConvertible(db: Db, staleBefore: string): Promise<Pick<DeckVersionRow, 'id' | 'conversion_status' | 'updated_at'> | undefined> {
    return db
      .selectFrom('deck_versions')
      .select(['id', 'conversion_status', 'updated_at'])
      .where((eb) => eb.or([eb('conversion_status', '=', 'queued'), eb.and([eb('conversion_status', '=', 'running'), eb('updated_at', '<', staleBefore)])]))
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
  },

  /**
   * Takes a job for this instance: the update applies only if the row is still as it was
   * read, so of several instances reading the same row exactly one takes it.
   */
  async claim(db: Db, job: { id: string; conversion_status: string; updated_at: string }, nowIso: string): Promise<boolean> {
    const r = await db
      .updateTable('deck_versions')
      .set({ conversion_status: 'running', conversion_progress: 10, conversion_message: null, updated_at: nowIso })
      .where('id', '=', job.id)
      .where('conversion_status', '=', job.conversion_status)
      .where('updated_at', '=', job.updated_at)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async updateConversion(
    db: Db,
    id: string,
    patch: Pick<Updateable<DeckVersionTable>, 'conversion_status' | 'conversion_progress' | 'conversion_message' | 'preview_sha256' | 'page_count'> & {
      updated_at: string;
    },
  ): Promise<void> {
    await db.updateTable('deck_versions').set(patch).where('id', '=', id).execute();
  },

  findRow(db: Db, id: string): Promise<DeckVersionRow | undefined> {
    return db.selectFrom('deck_versions').selectAll().where('id', '=', id).executeTakeFirst();
  },
};
