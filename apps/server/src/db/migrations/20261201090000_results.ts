import type { Kysely } from 'kysely';

// Edition results: the frozen, published figures with the hash of their inputs; paper score
// sheets imported as a ballot source; and what a hall lets speakers and the big screen show.
// Migrations never change once landed: add a new timestamped file instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('edition_results')
    .addColumn('edition_id', 'text', (c) => c.primaryKey().references('editions.id'))
    /** The published results as computed at publication (EditionResults JSON), never recomputed in place. */
    .addColumn('results_json', 'text', (c) => c.notNull())
    /** sha256 of the canonical inputs (rubric, rule, weights, talks, ballots): a recomputation must match it. */
    .addColumn('inputs_hash', 'text', (c) => c.notNull())
    .addColumn('algorithm_version', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();

  await db.schema
    .createTable('paper_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('ballot_count', 'integer', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('paper_imports_edition_idx').on('paper_imports').columns(['edition_id']).execute();

  await db.schema
    .createTable('paper_ballots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('import_id', 'text', (c) => c.notNull().references('paper_imports.id'))
    /** The sheet's rater column (a seat or sheet number): anonymous by design. */
    .addColumn('rater_label', 'text', (c) => c.notNull())
    .addColumn('rater_group', 'text', (c) => c.notNull())
    .addColumn('scores_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('paper_ballots_rater_uq').on('paper_ballots').columns(['edition_id', 'talk_id', 'rater_label']).unique().execute();

  await db.schema
    .alterTable('halls')
    .addColumn('speakers_see_results', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('halls')
    .addColumn('screen_shows_results', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('halls').dropColumn('screen_shows_results').execute();
  await db.schema.alterTable('halls').dropColumn('speakers_see_results').execute();
  await db.schema.dropTable('paper_ballots').execute();
  await db.schema.dropTable('paper_imports').execute();
  await db.schema.dropTable('edition_results').execute();
}
