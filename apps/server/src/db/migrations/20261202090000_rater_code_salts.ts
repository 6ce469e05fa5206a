import type { Kysely } from 'kysely';

// A secret per edition that orders its anonymous rater codes (听众-001, 纸质-001 …). Ordered by a
// plain hash of the rater's key, the codes of paper sheets — keyed by their small sheet
// numbers — could be mapped back to the numbers by hashing 1, 2, 3 …; keyed by this secret,
// which never leaves the server, they cannot. Kept apart from `editions` so that no query of
// editions ever carries it. A row is made the first time an edition's results are computed.
// Migrations never change once landed: add a new timestamped file instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rater_code_salts')
    .addColumn('edition_id', 'text', (c) => c.primaryKey().references('editions.id'))
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rater_code_salts').execute();
}
