import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../src/app';
import type { Clock } from '../src/lib/clock';
import { createTestDb, type Dialect, type TestDb, testConfig } from './db';
import { TEST_PASSWORD } from './factories';

export interface TestApp {
  app: App;
  testDb: TestDb;
  close(): Promise<void>;
}

export async function buildTestApp(dialect: Dialect, opts: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestApp> {
  const testDb = await createTestDb(dialect);
  const app = await buildApp(testConfig(testDb.target, opts.env), { db: testDb.db, clock: opts.clock, logger: false });
  return {
    app,
    testDb,
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
}

/** A logged-in browser: its cookie and CSRF token, and a request helper that sends both. */
export interface Session {
  cookie: string;
  csrf: string;
  request(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function login(app: App, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'lh_session');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `lh_session=${setCookie.value}`;
  const csrf = res.json().csrfToken as string;
  return {
    cookie,
    csrf,
    request: (opts) => app.inject({ ...opts, headers: { cookie, 'x-csrf-token': csrf, ...(opts.headers ?? {}) } }),
  };
}
