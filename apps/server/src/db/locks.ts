import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect';

// One key for every first-start task: a single lock is enough, and they are rare.
const SETUP_LOCK_KEY = 7_305_231;

/**
 * Serialises first-start work (root unit, first admin, demo seed) across instances that start
 * together against one PostgreSQL database; held until the transaction ends. SQLite needs
 * nothing: its writers already take turns, and it serves one instance.
 */
export async function lockForSetup(trx: Kysely<any>): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`.execute(trx);
}
