import type { Selectable } from 'kysely';
import type { Db } from '../db';
import type { BlobTable } from '../db/schema';

export type BlobRow = Selectable<BlobTable>;

/** The blobs table (one row per distinct content) and the database driver's chunks. */
export const blobsRepository = {
  find(db: Db, sha256: string): Promise<BlobRow | undefined> {
    return db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  },

  /** Records a blob unless its content is already stored; true when this call recorded it. */
  async insertIfAbsent(db: Db, row: BlobRow): Promise<boolean> {
    const r = await db
      .insertInto('blobs')
      .values(row)
      .onConflict((oc) => oc.column('sha256').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  },

  insertChunk(db: Db, sha256: string, idx: number, data: Buffer): Promise<unknown> {
    return db.insertInto('blob_chunks').values({ sha256, idx, data }).execute();
  },

  async chunk(db: Db, sha256: string, idx: number): Promise<Buffer | undefined> {
    const r = await db.selectFrom('blob_chunks').select('data').where('sha256', '=', sha256).where('idx', '=', idx).executeTakeFirst();
    return r?.data;
  },
};
