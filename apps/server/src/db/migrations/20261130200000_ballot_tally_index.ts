import { type Kysely, sql } from 'kysely';

// The live tally (distinct raters per talk and rater group, read after committed groups of
// ballots) from a small index alone. Every rater's first ballot on a talk is its version 1 (no
// ballot is ever deleted or renumbered), so the raters are the version-1 rows: a partial index
// of those holds one entry per rater and talk, however often each amends. Through the
// (edition_id, talk_id) index the count went to the table once per stored version, a
// synchronous scan of tens of milliseconds on SQLite during a hall's scoring.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('ballots_first_version_idx')
    .on('ballots')
    .columns(['edition_id', 'talk_id', 'rater_group', 'rater_key'])
    .where(sql.ref('version'), '=', sql.lit(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ballots_first_version_idx').execute();
}
