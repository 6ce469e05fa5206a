import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makePerson, makeUnit, makeUser, type UnitRef } from './factories';

describe.each(DIALECTS)('org-unit tree on %s', (dialect) => {
  let t: TestApp;
  let city: UnitRef;
  let health: UnitRef;
  let admin: Session;
  let liaison: Session;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    city = await makeUnit(t.testDb.db, '市委组织部');
    health = await makeUnit(t.testDb.db, '市卫健委', city);
    await makeUser(t.testDb.db, 'admin', [['city_admin', city]]);
    await makeUser(t.testDb.db, 'liaison', [['liaison', health]]);
    admin = await login(t.app, 'admin');
    liaison = await login(t.app, 'liaison');
  });
  afterAll(() => t.close());

  const create = (s: Session, parentId: string, name: string) => s.request({ method: 'POST', url: '/api/org-units', payload: { parentId, name } });

  it('creates, renames and lists units as a tree with depths', async () => {
    const res = await create(admin, health.id, '医政医管科');
    expect(res.statusCode).toBe(201);
    const unit = res.json();
    expect(unit).toMatchObject({ parentId: health.id, name: '医政医管科', kind: 'subunit', depth: 2, archived: false, peopleCount: 0 });
    const renamed = await admin.request({ method: 'PATCH', url: `/api/org-units/${unit.id}`, payload: { name: '医政医管处' } });
    expect(renamed.json().name).toBe('医政医管处');
    const list = (await liaison.request({ method: 'GET', url: '/api/org-units' })).json().items;
    expect(list.map((u: { name: string; depth: number }) => `${u.depth}:${u.name}`)).toEqual(['0:市委组织部', '1:市卫健委', '2:医政医管处']);
  });

  it('refuses an empty name with a Chinese field message', async () => {
    const res = await create(admin, health.id, '   ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details).toEqual([{ path: 'body.name', message: '名称不能为空' }]);
  });

  it('moves a unit with its subtree and refuses a move under its own descendant', async () => {
    const a = (await create(admin, city.id, '甲局')).json();
    const a1 = (await create(admin, a.id, '甲局办公室')).json();
    const b = (await create(admin, city.id, '乙局')).json();
    const moved = await admin.request({ method: 'POST', url: `/api/org-units/${a.id}/move`, payload: { newParentId: b.id } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: b.id, depth: 2 });
    const rows = await t.testDb.db.selectFrom('org_units').select(['id', 'path', 'depth']).where('id', 'in', [a.id, a1.id]).execute();
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[a1.id]).toEqual({ id: a1.id, path: `${city.path}${b.id}/${a.id}/${a1.id}/`, depth: 3 });
    const cycle = await admin.request({ method: 'POST', url: `/api/org-units/${b.id}/move`, payload: { newParentId: a1.id } });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().error).toEqual({ code: 'unit_cycle', message: '不能把单位移动到它自己或它的下级单位之下' });
    const self = await admin.request({ method: 'POST', url: `/api/org-units/${b.id}/move`, payload: { newParentId: b.id } });
    expect(self.statusCode).toBe(409);
  });

  it('archives only an empty unit, and hides archived units unless asked', async () => {
    const withPeople = (await create(admin, city.id, '丙局')).json();
    await makePerson(t.testDb.db, { ...health, id: withPeople.id, path: `${city.path}${withPeople.id}/`, depth: 1, name: '丙局' });
    const refused = await admin.request({ method: 'POST', url: `/api/org-units/${withPeople.id}/archive` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toEqual({ subUnits: 0, people: 1 });
    const empty = (await create(admin, city.id, '丁局')).json();
    expect((await admin.request({ method: 'POST', url: `/api/org-units/${empty.id}/archive` })).json().archived).toBe(true);
    const active = (await admin.request({ method: 'GET', url: '/api/org-units' })).json().items.map((u: { id: string }) => u.id);
    expect(active).not.toContain(empty.id);
    const all = (await admin.request({ method: 'GET', url: '/api/org-units?includeArchived=true' })).json().items.map((u: { id: string }) => u.id);
    expect(all).toContain(empty.id);
    expect((await create(admin, empty.id, '戊科')).statusCode).toBe(409);
    // Archiving it again changes nothing and records nothing.
    expect((await admin.request({ method: 'POST', url: `/api/org-units/${empty.id}/archive` })).json().archived).toBe(true);
    const archivals = await t.testDb.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity_id', '=', empty.id)
      .where('action', '=', 'org_unit.archived')
      .execute();
    expect(archivals).toHaveLength(1);
    expect((await admin.request({ method: 'POST', url: `/api/org-units/${empty.id}/restore` })).json().archived).toBe(false);
  });

  it('keeps the root in place and lets only city admins change the tree', async () => {
    expect((await admin.request({ method: 'POST', url: `/api/org-units/${city.id}/archive` })).statusCode).toBe(409);
    expect((await create(liaison, health.id, '联络员建的科')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/org-units' })).statusCode).toBe(401);
  });

  it('writes each change to the audit trail with before and after', async () => {
    const rows = await t.testDb.db.selectFrom('audit_log').selectAll().where('action', '=', 'org_unit.renamed').execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0]!.before_json!)).toMatchObject({ name: '医政医管科' });
    expect(JSON.parse(rows[0]!.after_json!)).toMatchObject({ name: '医政医管处' });
    expect(rows[0]!.actor_name).toBe('admin');
  });
});
