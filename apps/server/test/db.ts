import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseTarget, loadConfig } from '../src/config';
import { createDb, type Db } from '../src/db';
import { migrateToLatest } from '../src/db/migrate';

export type Dialect = 'sqlite' | 'postgres';

/**
 * The dialects this run covers. The test runner (scripts/test.mjs) sets TEST_DIALECTS after
 * checking that PostgreSQL answers; a plain `vitest` run covers both.
 */
export const DIALECTS: Dialect[] = (process.env.TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

/** Administrative connection for creating and dropping the per-run databases. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  db: Db;
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A fresh, migrated database: SQLite in memory, or a PostgreSQL database made for this run and dropped after. */
export async function createTestDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const target: DatabaseTarget = { dialect: 'sqlite', file: ':memory:' };
    const db = createDb(target);
    await migrateToLatest(db);
    return { db, target, drop: () => db.destroy() };
  }
  const name = `lh_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { dialect: 'postgres', url: url.toString() };
  const db = createDb(target);
  await migrateToLatest(db);
  return {
    db,
    target,
    async drop() {
      await db.destroy();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function testConfig(target: DatabaseTarget, overrides: Record<string, string> = {}) {
  // PATH as the process has it, so that tools such as soffice are found as in production.
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/lecture-hall-test', PATH: process.env.PATH, ...overrides }, { database: target });
}
