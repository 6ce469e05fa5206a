import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app';
import { login } from './app';
import { createTestDb, type TestDb, testConfig } from './db';
import { makeUnit, makeUser } from './factories';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/*
 * Two app instances over one PostgreSQL database and one Redis, as a city deploys them behind
 * a load balancer: a session made on one is honoured by the other, and the login rate limit
 * is one budget shared by both.
 */
describe.runIf(process.env.TEST_DIALECTS?.includes('postgres') ?? true)('two instances on PostgreSQL + Redis', () => {
  let testDb: TestDb;
  let a: App;
  let b: App;

  beforeAll(async () => {
    testDb = await createTestDb('postgres');
    // A namespace of its own per run: Redis is shared by every run on this machine.
    const env = { REDIS_URL: `${REDIS_URL}`, LOGIN_RATE_LIMIT_PER_MINUTE: '4' };
    const config = testConfig(testDb.target, env);
    a = await buildApp(config, { db: testDb.db, logger: false });
    b = await buildApp(config, { db: testDb.db, logger: false });
    const city = await makeUnit(testDb.db, '市委组织部');
    await makeUser(testDb.db, 'admin', [['city_admin', city]]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await testDb?.drop();
  });

  it('honours on instance B a session made on instance A', async () => {
    const s = await login(a, 'admin');
    const me = await b.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('admin');
  });

  it('counts login attempts from one address across both instances', async () => {
    // A fresh client address, so earlier runs' counters in Redis do not matter.
    const ip = `127.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
    const attempt = (app: App) => app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { username: 'nobody', password: 'x' } });
    const statuses = [await attempt(a), await attempt(b), await attempt(a), await attempt(b), await attempt(a)].map((r) => r.statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });
});
