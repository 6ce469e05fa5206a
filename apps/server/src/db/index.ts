import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type SqliteDatabase as KyselySqliteDatabase, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config';
import { withCommitHooks } from '../realtime/after-commit';
import type { Database } from './schema';

export type Db = Kysely<Database>;
export type { Database } from './schema';

/**
 * Opens the database the config names. SQLite gets WAL, foreign keys and a busy timeout. Both
 * drivers carry the commit hooks that realtime/after-commit.ts's afterCommit waits on.
 */
export function createDb(target: DatabaseTarget): Db {
  if (target.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // An idle client's error (a restarted server) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    return new Kysely<Database>({ dialect: withCommitHooks(new PostgresDialect({ pool })) });
  }
  if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
  const sqlite = new SqliteDatabase(target.file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL under WAL stays durable across a process crash; FULL would only add power-loss safety at 3x the cost.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoint the WAL every ~32 MB instead of every 4 MB: under a burst of ballots, frequent
  // checkpoints rewrite the same index pages again and again (measured: about half the time
  // per ballot). Readers are unaffected; the WAL is merged back when the burst ends.
  // A file database is checkpointed off the event loop instead (see startCheckpointer): a
  // checkpoint run by a commit held every request for 30–50 ms. The automatic one stays, far
  // larger, as a bound on the WAL should that thread ever stop.
  const checkpointer = target.file === ':memory:' ? null : startCheckpointer(target.file);
  sqlite.pragma(`wal_autocheckpoint = ${checkpointer ? 64_000 : 8000}`);
  return new Kysely<Database>({ dialect: withCommitHooks(new SqliteDialect({ database: withStatementCache(sqlite, () => checkpointer?.terminate()) })) });
}

/** How often the checkpointer thread merges the WAL back into the database file. */
const CHECKPOINT_EVERY_MS = 500;

/**
 * A worker thread with its own connection that checkpoints the WAL (PASSIVE: it never blocks
 * the writer nor waits for readers) every CHECKPOINT_EVERY_MS. SQLite's automatic checkpoint
 * runs inside the commit that crosses the threshold, synchronously, on the event loop.
 */
function startCheckpointer(file: string): Worker {
  const code = `
    const { workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const db = new Database(workerData.file);
    db.pragma('busy_timeout = 1000');
    setInterval(() => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
    }, workerData.everyMs);
  `;
  const worker = new Worker(code, {
    eval: true,
    workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), everyMs: CHECKPOINT_EVERY_MS },
  });
  // It never keeps the process alive, and its failure only leaves checkpoints to SQLite.
  worker.unref();
  worker.on('error', () => {});
  return worker;
}

/** How many prepared statements an SQLite database keeps for reuse. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely's SQLite driver prepares every query it runs; preparing (parsing and planning the SQL)
 * cost more than running the small queries of the ballot path. The same texts come back over and
 * over (the query builders bind values as parameters), so their statements are kept, the least
 * recently used dropped first. Reuse is safe: the driver runs one query at a time on its one
 * connection, and a statement is reset after each run.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, onClose: () => void): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string): SqliteDatabase.Statement => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
    } else {
      stmt = sqlite.prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, stmt);
    return stmt;
  };
  return {
    prepare,
    close: () => {
      onClose();
      cache.clear();
      sqlite.close();
    },
  };
}

/** One round trip to the database: proves it answers, not only that the process is up. */
export async function pingDb(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
