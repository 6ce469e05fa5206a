import type { Db } from '../../db';
import { isPostgres } from '../../db/dialect';

/*
 * The queries of the results exports and paper imports that the results repository does not
 * already have.
 */
export const resultsFilesRepository = {
  /**
   * The edition's status, read under a row lock on PostgreSQL inside a paper import: publishing
   * updates the same row first, so an import and a publication never interleave (the import
   * either lands before the results are frozen, or sees 'published' and stops). SQLite runs
   * one write transaction at a time and needs no lock.
   */
  async lockedStatus(trx: Db, editionId: string): Promise<string | undefined> {
    const q = trx.selectFrom('editions').select('status').where('id', '=', editionId);
    const row = await (isPostgres(trx) ? q.forUpdate() : q).executeTakeFirst();
    return row?.status;
  },

  /** Every paper rater already imported for the edition: which talk, which sheet number, which group. */
  paperRaters(db: Db, editionId: string) {
    return db.selectFrom('paper_ballots').select(['talk_id', 'rater_label', 'rater_group']).where('edition_id', '=', editionId).execute();
  },
};
