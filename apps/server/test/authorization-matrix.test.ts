import { ROLES } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makePerson, makeUnit, makeUser } from './factories';
import { BALLOTS_CASES } from './matrix/ballots.cases';
import { COACHING_CASES } from './matrix/coaching.cases';
import { DECKS_CASES } from './matrix/decks.cases';
import { FOUNDATION_CASES } from './matrix/foundation.cases';
import { HALLS_CASES } from './matrix/halls.cases';
import { LIVE_CASES } from './matrix/live.cases';
import { NOMINATIONS_CASES } from './matrix/nominations.cases';
import { QUESTIONS_CASES } from './matrix/questions.cases';
import { RESULTS_CASES } from './matrix/results.cases';
import { RESULTS_FILES_CASES } from './matrix/results-files.cases';
import { REVIEWS_CASES } from './matrix/reviews.cases';
import type { Case, Fixture, Who } from './matrix/types';

/*
 * For every operation in the OpenAPI document, every role — holding its grant over the
 * target's bureau (inside) or over a sibling bureau (outside) — and an anonymous caller get
 * exactly the status written in the cases of its module (test/matrix/*.cases.ts). A new
 * route without a row fails the first test.
 */
const CASES: Record<string, Case> = {
  ...FOUNDATION_CASES,
  ...HALLS_CASES,
  ...NOMINATIONS_CASES,
  ...DECKS_CASES,
  ...REVIEWS_CASES,
  ...COACHING_CASES,
  ...LIVE_CASES,
  ...QUESTIONS_CASES,
  ...BALLOTS_CASES,
  ...RESULTS_CASES,
  ...RESULTS_FILES_CASES,
};

describe.each(DIALECTS)('authorization matrix on %s', (dialect) => {
  let t: TestApp;
  let fx: Fixture;
  const sessions = new Map<string, Session>();

  beforeAll(async () => {
    t = await buildTestApp(dialect, { env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    const db = t.testDb.db;
    const city = await makeUnit(db, '市委组织部');
    const bureau = await makeUnit(db, '市卫健委', city);
    const other = await makeUnit(db, '市场监管局', city);
    const person = await makePerson(db, bureau, { name: '被查看人' });
    const managed = await makeUser(db, 'managed', [['cadre', bureau]]);
    let n = 0;
    const memos = new Map<string, Promise<unknown>>();
    fx = {
      db,
      memo: <T>(key: string, make: () => Promise<T>) => {
        if (!memos.has(key)) memos.set(key, make());
        return memos.get(key) as Promise<T>;
      },
      next: () => ++n,
      city,
      bureau,
      other,
      personId: person.id,
      managedUserId: managed.id,
      fresh: {
        unit: () => makeUnit(db, `临时科${++n}`, bureau, 'subunit'),
        archivedUnit: async () => {
          const u = await makeUnit(db, `归档科${++n}`, bureau, 'subunit');
          await db.updateTable('org_units').set({ archived_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', u.id).execute();
          return u;
        },
        grant: async () => {
          const u = await makeUser(db, `granted${++n}`, [['expert', bureau]]);
          const g = await db.selectFrom('role_grants').select('id').where('user_id', '=', u.id).executeTakeFirstOrThrow();
          return { userId: u.id, grantId: g.id };
        },
        person: async () => (await makePerson(db, bureau, { name: `临时人员${++n}` })).id,
      },
    };
    for (const role of ROLES) {
      await makeUser(db, `${role}_in`, [[role, bureau]]);
      await makeUser(db, `${role}_out`, [[role, other]]);
    }
  });
  afterAll(() => t.close());

  async function sessionOf(username: string): Promise<Session> {
    let s = sessions.get(username);
    if (!s) {
      s = await login(t.app, username);
      sessions.set(username, s);
    }
    return s;
  }

  it('has a row for every operation in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operationIds = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
      .flatMap((ops) => Object.values(ops).map((op) => op.operationId))
      .sort();
    expect(operationIds.every((id) => typeof id === 'string')).toBe(true);
    expect(operationIds).toEqual(Object.keys(CASES).sort());
  });

  for (const [operationId, c] of Object.entries(CASES)) {
    it(`${operationId}: each role inside and outside its scope gets exactly its status`, async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      const whos: Array<[string, Who]> = [
        ['anonymous', 'anonymous'],
        ...ROLES.flatMap((role) => [[`${role}_in`, { role, inside: true }] as [string, Who], [`${role}_out`, { role, inside: false }] as [string, Who]]),
      ];
      for (const [username, who] of whos) {
        const opts = await c.request(fx);
        // Logging out ends the session: that case gets a session of its own each time.
        const session = who === 'anonymous' ? null : operationId === 'logout' ? await login(t.app, username) : await sessionOf(username);
        const res = session ? await session.request(opts) : await t.app.inject(opts);
        got[username] = res.statusCode;
        want[username] = c.expected(who);
      }
      expect(got).toEqual(want);
      // Generous: the PDF report's row starts Chromium once, which takes seconds on a loaded machine.
    }, 120_000);
  }
});
