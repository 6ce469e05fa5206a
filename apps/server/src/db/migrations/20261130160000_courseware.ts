import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect';

// Courseware (decks, versions, content-addressed blobs), expert review, the readiness override,
// and coaching. Migrations never change once landed: add a new timestamped file instead.

export async function up(db: Kysely<any>): Promise<void> {
  const binary = isPostgres(db) ? 'bytea' : 'blob';

  /** Content-addressed files: one row per distinct content, whatever driver holds the bytes. */
  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('driver', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The database driver keeps a file as 1 MiB chunks, so no single value grows with the file.
  await db.schema
    .createTable('blob_chunks')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('data', binary as 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_chunks_pk', ['sha256', 'idx'])
    .execute();

  await db.schema
    .createTable('deck_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('page_count', 'integer')
    .addColumn('preview_sha256', 'text', (c) => c.references('blobs.sha256'))
    .addColumn('conversion_status', 'text', (c) => c.notNull())
    .addColumn('conversion_progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conversion_message', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deck_versions_talk_version_uq').on('deck_versions').columns(['talk_id', 'version']).unique().execute();
  await db.schema.createIndex('deck_versions_conversion_idx').on('deck_versions').column('conversion_status').execute();

  await db.schema
    .createTable('expert_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('expert_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assigned_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('expert_assignments_uq').on('expert_assignments').columns(['talk_id', 'expert_user_id']).unique().execute();
  await db.schema.createIndex('expert_assignments_expert_idx').on('expert_assignments').column('expert_user_id').execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('deck_version_id', 'text', (c) => c.notNull().references('deck_versions.id'))
    .addColumn('expert_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('checklist_json', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_talk_idx').on('reviews').columns(['talk_id', 'created_at']).execute();
  await db.schema.createIndex('reviews_version_idx').on('reviews').column('deck_version_id').execute();

  await db.schema
    .createTable('review_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('deck_version_id', 'text', (c) => c.notNull().references('deck_versions.id'))
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('resolved_in_review_id', 'text', (c) => c.references('reviews.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_comments_talk_idx').on('review_comments').column('talk_id').execute();

  // An admin's recorded decision to let an edition become ready with unapproved decks.
  await db.schema.alterTable('editions').addColumn('readiness_override_reason', 'text').execute();
  await db.schema.alterTable('editions').addColumn('readiness_override_by', 'text').execute();
  await db.schema.alterTable('editions').addColumn('readiness_override_at', 'text').execute();

  await db.schema
    .createTable('coaching_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition_id', 'text', (c) => c.notNull().references('editions.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coaching_sessions_edition_idx').on('coaching_sessions').columns(['edition_id', 'date']).execute();
  await db.schema
    .createTable('coaching_session_experts')
    .addColumn('session_id', 'text', (c) => c.notNull().references('coaching_sessions.id').onDelete('cascade'))
    .addColumn('expert_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('coaching_session_experts_pk', ['session_id', 'expert_user_id'])
    .execute();
  await db.schema
    .createTable('coaching_session_talks')
    .addColumn('session_id', 'text', (c) => c.notNull().references('coaching_sessions.id').onDelete('cascade'))
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addPrimaryKeyConstraint('coaching_session_talks_pk', ['session_id', 'talk_id'])
    .execute();
  await db.schema
    .createTable('coaching_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('coaching_sessions.id'))
    .addColumn('talk_id', 'text', (c) => c.notNull().references('talks.id'))
    .addColumn('expert_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('language', 'integer', (c) => c.notNull())
    .addColumn('deportment', 'integer', (c) => c.notNull())
    .addColumn('timing', 'integer', (c) => c.notNull())
    .addColumn('structure', 'integer', (c) => c.notNull())
    .addColumn('notes_json', 'text', (c) => c.notNull())
    .addColumn('overall', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('coaching_feedback_uq').on('coaching_feedback').columns(['session_id', 'talk_id', 'expert_user_id']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'coaching_feedback',
    'coaching_session_talks',
    'coaching_session_experts',
    'coaching_sessions',
    'review_comments',
    'reviews',
    'expert_assignments',
    'deck_versions',
    'blob_chunks',
    'blobs',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  for (const column of ['readiness_override_at', 'readiness_override_by', 'readiness_override_reason']) {
    await db.schema.alterTable('editions').dropColumn(column).execute();
  }
}
