import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makePerson, makeUnit, makeUser, type UnitRef } from './factories';

describe.each(DIALECTS)('users and role grants on %s', (dialect) => {
  let t: TestApp;
  let city: UnitRef;
  let health: UnitRef;
  let market: UnitRef;
  let root: Session;
  let bureauAdmin: Session;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const db = t.testDb.db;
    city = await makeUnit(db, '市委组织部');
    health = await makeUnit(db, '市卫健委', city);
    market = await makeUnit(db, '市场监管局', city);
    await makeUser(db, 'root', [['city_admin', city]]);
    await makeUser(db, 'hadmin', [['city_admin', health]]);
    await makeUser(db, 'mliaison', [['liaison', market]]);
    root = await login(t.app, 'root');
    bureauAdmin = await login(t.app, 'hadmin');
  });
  afterAll(() => t.close());

  it('creates a user with a one-time generated password that must be changed at first login', async () => {
    const person = await makePerson(t.testDb.db, health, { name: '李晓燕' });
    const res = await root.request({ method: 'POST', url: '/api/users', payload: { username: 'LiXY', displayName: '李晓燕', personId: person.id } });
    expect(res.statusCode).toBe(201);
    const { user, initialPassword } = res.json();
    expect(user).toMatchObject({ username: 'lixy', displayName: '李晓燕', personName: '李晓燕', disabled: false, grants: [] });
    expect(initialPassword).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
    const s = await login(t.app, 'lixy', initialPassword);
    const me = await s.request({ method: 'GET', url: '/api/auth/me' });
    expect(me.json().mustChangePassword).toBe(true);
  });

  it('refuses a taken username with 409', async () => {
    const res = await root.request({ method: 'POST', url: '/api/users', payload: { username: 'root', displayName: 'x' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('duplicate_username');
  });

  it('grants a role over a unit and removes it, each with an audit entry', async () => {
    const created = await root.request({ method: 'POST', url: '/api/users', payload: { username: 'granted', displayName: '王磊' } });
    const userId = created.json().user.id;
    const add = await root.request({ method: 'POST', url: `/api/users/${userId}/grants`, payload: { role: 'liaison', orgUnitId: health.id } });
    expect(add.statusCode).toBe(201);
    expect(add.json().grants.map((g: { role: string; orgUnitName: string }) => `${g.role}@${g.orgUnitName}`)).toEqual(['liaison@市卫健委']);
    const again = await root.request({ method: 'POST', url: `/api/users/${userId}/grants`, payload: { role: 'liaison', orgUnitId: health.id } });
    expect(again.statusCode).toBe(409);
    const grantId = add.json().grants[0].id;
    const del = await root.request({ method: 'DELETE', url: `/api/users/${userId}/grants/${grantId}` });
    expect(del.statusCode).toBe(200);
    expect(del.json().grants).toEqual([]);
    const audit = await t.testDb.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_id', '=', userId).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'grant.created', 'grant.removed']);
  });

  it('lets a bureau admin grant roles only inside its own bureau', async () => {
    const p = await makePerson(t.testDb.db, health, { name: '赵文博' });
    const created = await bureauAdmin.request({ method: 'POST', url: '/api/users', payload: { username: 'zwb', displayName: '赵文博', personId: p.id } });
    expect(created.statusCode).toBe(201);
    const userId = created.json().user.id;
    const inside = await bureauAdmin.request({ method: 'POST', url: `/api/users/${userId}/grants`, payload: { role: 'cadre', orgUnitId: health.id } });
    expect(inside.statusCode).toBe(201);
    const outside = await bureauAdmin.request({ method: 'POST', url: `/api/users/${userId}/grants`, payload: { role: 'cadre', orgUnitId: market.id } });
    expect(outside.statusCode).toBe(403);
    const listed = await bureauAdmin.request({ method: 'GET', url: '/api/users?pageSize=100' });
    const names = listed.json().items.map((u: { username: string }) => u.username);
    expect(names).toContain('zwb');
    expect(names).toContain('hadmin');
    expect(names).not.toContain('mliaison');
    expect(names).not.toContain('root');
    const mliaison = (await root.request({ method: 'GET', url: '/api/users?q=mliaison' })).json().items[0];
    expect((await bureauAdmin.request({ method: 'PATCH', url: `/api/users/${mliaison.id}`, payload: { displayName: 'x' } })).statusCode).toBe(403);
  });

  it('disabling a user ends its open sessions at once', async () => {
    const created = await root.request({ method: 'POST', url: '/api/users', payload: { username: 'leaving', displayName: '孙静' } });
    const { user, initialPassword } = created.json();
    const s = await login(t.app, 'leaving', initialPassword);
    expect((await s.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    const res = await root.request({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { disabled: true } });
    expect(res.json().disabled).toBe(true);
    expect((await s.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leaving', password: initialPassword } });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('account_disabled');
  });

  it('refuses to let an admin disable itself or drop its only admin grant', async () => {
    const me = (await root.request({ method: 'GET', url: '/api/auth/me' })).json();
    expect((await root.request({ method: 'PATCH', url: `/api/users/${me.id}`, payload: { disabled: true } })).statusCode).toBe(409);
    expect((await root.request({ method: 'DELETE', url: `/api/users/${me.id}/grants/${me.grants[0].id}` })).statusCode).toBe(409);
  });

  it('resets a password: the old one stops working and the new one must be changed', async () => {
    const created = await root.request({ method: 'POST', url: '/api/users', payload: { username: 'forgetful', displayName: '周建国' } });
    const { user, initialPassword } = created.json();
    const reset = await root.request({ method: 'POST', url: `/api/users/${user.id}/reset-password` });
    expect(reset.statusCode).toBe(200);
    const fresh = reset.json().initialPassword;
    expect(fresh).not.toBe(initialPassword);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'forgetful', password: initialPassword } })).statusCode).toBe(
      401,
    );
    await login(t.app, 'forgetful', fresh);
  });
});
