import type { Kysely } from 'kysely';

// Halls, stages, editions, nominations, talks, notifications and commentary (the lecture
// programme). Migrations never change once landed: add a new timestamped file instead.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('halls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('young_age_limit', 'integer', (c) => c.notNull())
    .addColumn('repeat_window', 'integer', (c) => c.notNull())
    .addColumn('default_speaker_count', 'integer', (c) => c.notNull())
    .addColumn('default_rubric_json', 'text', (c) => c.notNull())
    .addColumn('next_seq', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('halls_unit_idx').on('halls').column('unit_id').execute();

  await db.schema
    .createTable('stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('theme_focus', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('period_start', 'text')
    .addColumn('period_end', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stages_hall_idx').on('stages').column('hall_id').execute();

  await db.schema
    .createTable('editions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.references('stages.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('venue', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('speaker_count', 'integer', (c) => c.notNull())
    .addColumn('unit_quota', 'integer')
    .addColumn('rubric_json', 'text', (c) => c.notNull())
    .addColumn('audience_weight_pct', 'integer', (c) => c.notNull())
    .addColumn('aggregation_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rubric_locked_at', 'text')
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // 第N期 is unique within a hall.
  await db.schema.createIndex('editions_hall_seq_uq').on('editions').columns(['hall_id', 'seq']).unique().execute();
  await db.schema.createIndex('editions_date_idx').on('editions').column('date').execute();

  await db.schema
    .createTable('nominations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    /** The unit whose liaison recommended the person (unit_recommendation), for the quota. */
    .addColumn('recommending_unit_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('nominated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('statement', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('proposed_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('proposed_abstract', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('angle', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('override_by', 'text', (c) => c.references('users.id'))
    .addColumn('override_at', 'text')
    .addColumn('selected_order', 'integer')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nominations_edition_idx').on('nominations').column('edition_id').execute();
  await db.schema.createIndex('nominations_person_idx').on('nominations').columns(['person_id', 'hall_id']).execute();

  await db.schema
    .createTable('talks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    .addColumn('nomination_id', 'text', (c) => c.notNull().unique().references('nominations.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('angle', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('talks_edition_idx').on('talks').column('edition_id').execute();
  await db.schema.createIndex('talks_person_idx').on('talks').column('person_id').execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('commentaries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hall_id', 'text', (c) => c.notNull().references('halls.id'))
    .addColumn('edition_id', 'text', (c) => c.references('editions.id'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commentaries_hall_idx').on('commentaries').columns(['hall_id', 'edition_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['commentaries', 'notifications', 'talks', 'nominations', 'editions', 'stages', 'halls']) {
    await db.schema.dropTable(table).execute();
  }
}
