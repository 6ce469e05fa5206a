import type { Kysely } from 'kysely';

// The live session: its state, scoring windows, attendees, ballots, expert panel, questions.
// Migrations never change once landed: add a new timestamped file instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_sessions')
    .addColumn('edition_id', 'text', (c) => c.primaryKey().references('editions.id'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('step_started_at', 'text')
    .addColumn('checkin_open', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('current_talk_id', 'text', (c) => c.references('talks.id'))
    .addColumn('window_id', 'text')
    .addColumn('screen', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('scoring_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('opened_by', 'text', (c) => c.references('users.id'))
    .addColumn('closed_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('scoring_windows_edition_idx').on('scoring_windows').columns(['edition_id', 'talk_id']).execute();

  await db.schema
    .createTable('attendees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    /** SHA-256 of the attendee token: the token itself is only on the phone. */
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('class_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
    /** The attendee row this device duplicates (the same person on a second phone), flagged for the host. */
    .addColumn('first_attendee_id', 'text', (c) => c.references('attendees.id'))
    /** Whether this row is a person-time (人次): false for a re-scan and for a second device. */
    .addColumn('counted', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attendees_edition_idx').on('attendees').columns(['edition_id', 'person_id']).execute();

  await db.schema
    .createTable('live_experts')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    .addColumn('expert_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('live_experts_pk', ['edition_id', 'expert_user_id'])
    .execute();

  await db.schema
    .createTable('ballots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('window_id', 'text', (c) => c.notNull().references('scoring_windows.id'))
    .addColumn('rater_group', 'text', (c) => c.notNull())
    .addColumn('attendee_id', 'text', (c) => c.references('attendees.id'))
    .addColumn('expert_user_id', 'text', (c) => c.references('users.id'))
    /** Who rated, whichever group: the attendee's or the expert's id (one key for uniqueness). */
    .addColumn('rater_key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('scores_json', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Every version is kept; the latest per (rater, talk) counts.
  await db.schema.createIndex('ballots_rater_version_uq').on('ballots').columns(['talk_id', 'rater_key', 'version']).unique().execute();
  await db.schema.createIndex('ballots_idempotency_uq').on('ballots').columns(['edition_id', 'idempotency_key']).unique().execute();
  await db.schema.createIndex('ballots_edition_idx').on('ballots').columns(['edition_id', 'talk_id']).execute();

  await db.schema
    .createTable('questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    .addColumn('talk_id', 'text', (c) => c.references('talks.id'))
    .addColumn('attendee_id', 'text', (c) => c.notNull().references('attendees.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('held_reason', 'text')
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged_into', 'text', (c) => c.references('questions.id'))
    .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('questions_edition_idx').on('questions').columns(['edition_id', 'state']).execute();
  await db.schema.createIndex('questions_idempotency_uq').on('questions').columns(['edition_id', 'idempotency_key']).unique().execute();

  await db.schema
    .createTable('question_upvotes')
    .addColumn('question_id', 'text', (c) => c.notNull().references('questions.id'))
    .addColumn('attendee_id', 'text', (c) => c.notNull().references('attendees.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_upvotes_pk', ['question_id', 'attendee_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['question_upvotes', 'questions', 'ballots', 'live_experts', 'attendees', 'scoring_windows', 'live_sessions']) {
    await db.schema.dropTable(table).execute();
  }
}
