import { ROLES, type Role } from '@lecture-hall/shared';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makePerson, makeUnit, makeUser, type UnitRef } from './factories';
import { xlsxUpload } from './xlsx';

/*
 * For every operation in the OpenAPI document, every role — holding its grant over the
 * target's bureau (inside) or over a sibling bureau (outside) — and an anonymous caller get
 * exactly the status written here. A new route without a row here fails the first test.
 */

type Who = { role: Role; inside: boolean } | 'anonymous';

interface Fixture {
  city: UnitRef;
  bureau: UnitRef;
  other: UnitRef;
  personId: string;
  managedUserId: string;
  fresh: {
    unit(): Promise<UnitRef>;
    archivedUnit(): Promise<UnitRef>;
    grant(): Promise<{ userId: string; grantId: string }>;
    person(): Promise<string>;
  };
}

interface Case {
  request(fx: Fixture): Promise<InjectOptions> | InjectOptions;
  expected(who: Who): number;
}

/** Allowed for these roles within scope; 403 for everyone else signed in; 401 without a session. */
const scoped =
  (roles: readonly Role[], ok: number) =>
  (who: Who): number =>
    who === 'anonymous' ? 401 : roles.includes(who.role) && who.inside ? ok : 403;
/** Allowed for these roles whatever their scope (the operation has no unit to be inside of). */
const anyScope =
  (roles: readonly Role[], ok: number) =>
  (who: Who): number =>
    who === 'anonymous' ? 401 : roles.includes(who.role) ? ok : 403;
const signedIn = (ok: number) => (who: Who) => (who === 'anonymous' ? 401 : ok);
const everyone = (status: number) => () => status;

const READERS = ['city_admin', 'hall_admin', 'liaison', 'leader'] as const;
const MANAGERS = ['city_admin', 'hall_admin'] as const;
const ADMINS = ['city_admin'] as const;

const personBody = (unitId: string) => ({
  name: `矩阵${newId().slice(-6)}`,
  gender: 'female',
  birthDate: '1992-03-04',
  unitId,
  position: '科员',
  rankLevel: '一级科员',
  politicalStatus: '中共党员',
  phone: '13900001111',
  entryDate: '2015-08-01',
});

const CASES: Record<string, Case> = {
  getHealth: { request: () => ({ method: 'GET', url: '/api/health' }), expected: everyone(200) },
  login: { request: () => ({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong' } }), expected: everyone(401) },
  logout: { request: () => ({ method: 'POST', url: '/api/auth/logout' }), expected: everyone(200) },
  getMe: { request: () => ({ method: 'GET', url: '/api/auth/me' }), expected: signedIn(200) },
  changePassword: {
    request: () => ({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'not-my-password', newPassword: 'whatever-long-enough' } }),
    expected: signedIn(400),
  },
  listMySessions: { request: () => ({ method: 'GET', url: '/api/auth/sessions' }), expected: signedIn(200) },
  revokeMySession: { request: () => ({ method: 'DELETE', url: '/api/auth/sessions/0000000000000000' }), expected: signedIn(404) },

  listOrgUnits: { request: () => ({ method: 'GET', url: '/api/org-units' }), expected: signedIn(200) },
  createOrgUnit: {
    request: (fx) => ({ method: 'POST', url: '/api/org-units', payload: { parentId: fx.bureau.id, name: '新科室' } }),
    expected: scoped(ADMINS, 201),
  },
  renameOrgUnit: {
    request: async (fx) => ({ method: 'PATCH', url: `/api/org-units/${(await fx.fresh.unit()).id}`, payload: { name: '改名科' } }),
    expected: scoped(ADMINS, 200),
  },
  moveOrgUnit: {
    request: async (fx) => {
      const [a, b] = [await fx.fresh.unit(), await fx.fresh.unit()];
      return { method: 'POST', url: `/api/org-units/${a.id}/move`, payload: { newParentId: b.id } };
    },
    expected: scoped(ADMINS, 200),
  },
  archiveOrgUnit: {
    request: async (fx) => ({ method: 'POST', url: `/api/org-units/${(await fx.fresh.unit()).id}/archive` }),
    expected: scoped(ADMINS, 200),
  },
  restoreOrgUnit: {
    request: async (fx) => ({ method: 'POST', url: `/api/org-units/${(await fx.fresh.archivedUnit()).id}/restore` }),
    expected: scoped(ADMINS, 200),
  },

  listPeople: { request: (fx) => ({ method: 'GET', url: `/api/people?unitId=${fx.bureau.id}` }), expected: scoped(READERS, 200) },
  getPerson: { request: (fx) => ({ method: 'GET', url: `/api/people/${fx.personId}` }), expected: scoped(READERS, 200) },
  createPerson: { request: (fx) => ({ method: 'POST', url: '/api/people', payload: personBody(fx.bureau.id) }), expected: scoped(MANAGERS, 201) },
  updatePerson: {
    request: async (fx) => ({ method: 'PATCH', url: `/api/people/${await fx.fresh.person()}`, payload: { position: '副科长' } }),
    expected: scoped(MANAGERS, 200),
  },
  exportPeople: { request: () => ({ method: 'GET', url: '/api/people/export' }), expected: anyScope(READERS, 200) },
  getPeopleImportTemplate: { request: () => ({ method: 'GET', url: '/api/people/import-template' }), expected: anyScope(MANAGERS, 200) },
  importPeople: {
    request: async (fx) => ({
      method: 'POST',
      url: '/api/people/import?dryRun=true',
      ...(await xlsxUpload([['吴思雨', '女', '1995-06-07', `${fx.bureau.name}`, '科员', '一级科员', '中共党员', '13700002222', '2017-07-01']])),
    }),
    // Out of scope, the row's unit is not found among the importer's units: a report, not a refusal.
    expected: anyScope(MANAGERS, 200),
  },

  listUsers: { request: () => ({ method: 'GET', url: '/api/users' }), expected: anyScope(ADMINS, 200) },
  createUser: {
    request: async (fx) => ({
      method: 'POST',
      url: '/api/users',
      payload: { username: `u${newId().slice(-8)}`, displayName: '新用户', personId: await fx.fresh.person() },
    }),
    expected: scoped(ADMINS, 201),
  },
  updateUser: {
    request: (fx) => ({ method: 'PATCH', url: `/api/users/${fx.managedUserId}`, payload: { displayName: '改名' } }),
    expected: scoped(ADMINS, 200),
  },
  resetUserPassword: { request: (fx) => ({ method: 'POST', url: `/api/users/${fx.managedUserId}/reset-password` }), expected: scoped(ADMINS, 200) },
  createGrant: {
    request: async (fx) => ({
      method: 'POST',
      url: `/api/users/${(await fx.fresh.grant()).userId}/grants`,
      payload: { role: 'leader', orgUnitId: fx.bureau.id },
    }),
    expected: scoped(ADMINS, 201),
  },
  deleteGrant: {
    request: async (fx) => {
      const g = await fx.fresh.grant();
      return { method: 'DELETE', url: `/api/users/${g.userId}/grants/${g.grantId}` };
    },
    expected: scoped(ADMINS, 200),
  },

  listAuditEntries: { request: () => ({ method: 'GET', url: '/api/audit' }), expected: anyScope(ADMINS, 200) },
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
    fx = {
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
    });
  }
});
