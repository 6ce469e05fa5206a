import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../src/lib/clock';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makePerson, makeUnit, makeUser, type UnitRef } from './factories';

// A fixed day, so that ages and the "at most N years old" filter are exact.
const clock: Clock = { now: () => new Date('2026-03-01T08:00:00Z') };

describe.each(DIALECTS)('people roster on %s', (dialect) => {
  let t: TestApp;
  let city: UnitRef;
  let health: UnitRef;
  let healthOffice: UnitRef;
  let education: UnitRef;
  let archived: UnitRef;
  const ids: Record<string, string> = {};
  let admin: Session;
  let healthAdmin: Session;
  let healthLiaison: Session;
  let leader: Session;

  beforeAll(async () => {
    t = await buildTestApp(dialect, { clock });
    const db = t.testDb.db;
    // Ids are time-ordered, and the list is ordered by unit path: a pause makes the creation order the unit order.
    const tick = () => new Promise((resolve) => setTimeout(resolve, 3));
    city = await makeUnit(db, '市委组织部');
    await tick();
    health = await makeUnit(db, '市卫健委', city);
    await tick();
    healthOffice = await makeUnit(db, '办公室', health, 'subunit');
    await tick();
    education = await makeUnit(db, '市教育局', city);
    await tick();
    archived = await makeUnit(db, '已撤销科室', health, 'subunit');
    await db.updateTable('org_units').set({ archived_at: '2026-01-02T00:00:00.000Z' }).where('id', '=', archived.id).execute();

    ids.wang = (await makePerson(db, health, { name: '王芳', gender: 'female', birthDate: '1990-05-01', phone: '13800001234', rankLevel: '一级主任科员' })).id;
    ids.li = (await makePerson(db, healthOffice, { name: '李强', birthDate: '1980-01-15', phone: null })).id;
    ids.zhou = (await makePerson(db, health, { name: '周杰', birthDate: '1995-03-02', phone: '13900005678' })).id;
    ids.zhao = (await makePerson(db, education, { name: '赵敏', gender: 'female', birthDate: '1988-08-08', phone: '13700009999' })).id;

    await makeUser(db, 'admin', [['city_admin', city]]);
    await makeUser(db, 'health_admin', [['hall_admin', health]]);
    await makeUser(db, 'health_liaison', [['liaison', health]]);
    await makeUser(db, 'leader', [['leader', city]]);
    admin = await login(t.app, 'admin');
    healthAdmin = await login(t.app, 'health_admin');
    healthLiaison = await login(t.app, 'health_liaison');
    leader = await login(t.app, 'leader');
  });
  afterAll(() => t.close());

  const names = (body: { items: Array<{ name: string }> }) => body.items.map((p) => p.name);
  const list = async (s: Session, query = '') => {
    const res = await s.request({ method: 'GET', url: `/api/people${query}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  describe('reading', () => {
    it('shows a liaison only the people of its bureau, ordered by unit then birth date, with masked phones', async () => {
      const body = await list(healthLiaison);
      expect(body.total).toBe(3);
      expect(names(body)).toEqual(['王芳', '周杰', '李强']);
      expect(body.items[0]).toEqual({
        id: ids.wang,
        name: '王芳',
        gender: 'female',
        birthDate: '1990-05-01',
        age: 35,
        unitId: health.id,
        unitName: '市卫健委',
        unitPathName: '市卫健委',
        position: '科员',
        rankLevel: '一级主任科员',
        politicalStatus: '中共党员',
        phone: '138****1234',
        phoneMasked: true,
        entryDate: '2012-07-01',
      });
      // No number stays no number, and is not flagged as hidden.
      expect(body.items[2]).toMatchObject({ name: '李强', phone: null, phoneMasked: false });
    });

    it("refuses a liaison another bureau's unit and person (403), and answers 404 for an unknown person", async () => {
      const byUnit = await healthLiaison.request({ method: 'GET', url: `/api/people?unitId=${education.id}` });
      expect(byUnit.statusCode).toBe(403);
      expect(byUnit.json()).toEqual({ error: { code: 'forbidden', message: '您没有权限执行此操作' } });
      expect((await healthLiaison.request({ method: 'GET', url: `/api/people/${ids.zhao}` })).statusCode).toBe(403);
      expect((await healthLiaison.request({ method: 'GET', url: `/api/people/${ids.wang}` })).statusCode).toBe(200);
      const missing = await healthLiaison.request({ method: 'GET', url: '/api/people/no-such-person' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
    });

    it('shows a leader every person of the city with masked phones', async () => {
      const body = await list(leader);
      expect(body.total).toBe(4);
      expect(
        body.items
          .filter((p: { phone: string | null }) => p.phone !== null)
          .every((p: { phoneMasked: boolean; phone: string }) => p.phoneMasked && p.phone.includes('****')),
      ).toBe(true);
    });

    it('shows full phones to a city admin, and to a hall admin within its scope', async () => {
      const all = await list(admin);
      expect(all.items.map((p: { phone: string | null }) => p.phone)).toEqual(['13800001234', '13900005678', null, '13700009999']);
      const own = await healthAdmin.request({ method: 'GET', url: `/api/people/${ids.wang}` });
      expect(own.json()).toMatchObject({ phone: '13800001234', phoneMasked: false });
    });

    it('filters by unit with or without its sub-units', async () => {
      expect(names(await list(admin, `?unitId=${health.id}`))).toEqual(['王芳', '周杰', '李强']);
      expect(names(await list(admin, `?unitId=${health.id}&includeSubunits=false`))).toEqual(['王芳', '周杰']);
      expect(names(await list(admin, `?unitId=${healthOffice.id}`))).toEqual(['李强']);
    });

    it('filters by part of the name, treating % and _ as plain characters', async () => {
      expect(names(await list(admin, `?q=${encodeURIComponent('芳')}`))).toEqual(['王芳']);
      expect((await list(admin, `?q=${encodeURIComponent('%')}`)).total).toBe(0);
      expect((await list(admin, '?q=_')).total).toBe(0);
    });

    it('filters by gender, rank and political status', async () => {
      expect(names(await list(admin, '?gender=female'))).toEqual(['王芳', '赵敏']);
      expect(names(await list(admin, `?rankLevel=${encodeURIComponent('一级主任科员')}`))).toEqual(['王芳']);
      expect((await list(admin, `?politicalStatus=${encodeURIComponent('群众')}`)).total).toBe(0);
      expect((await list(admin, `?politicalStatus=${encodeURIComponent('中共党员')}`)).total).toBe(4);
    });

    it('filters by age on today, counting a birthday tomorrow as not yet reached', async () => {
      // 周杰 was born 1995-03-02: still 30 on 2026-03-01. 王芳 is 35, 赵敏 37, 李强 46.
      expect(names(await list(admin, '?maxAge=30'))).toEqual(['周杰']);
      expect(names(await list(admin, '?maxAge=35'))).toEqual(['王芳', '周杰']);
      expect((await list(admin, '?maxAge=16')).total).toBe(0);
    });

    it('pages through the same order, counting every match', async () => {
      const page2 = await list(admin, '?pageSize=3&page=2');
      expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      expect(names(page2)).toEqual(['赵敏']);
    });

    it('answers 400 for a bad filter and 401 without a session', async () => {
      expect((await admin.request({ method: 'GET', url: '/api/people?gender=x' })).statusCode).toBe(400);
      expect((await admin.request({ method: 'GET', url: '/api/people?pageSize=500' })).statusCode).toBe(400);
      const anonymous = await t.app.inject({ method: 'GET', url: '/api/people' });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe('writing', () => {
    const input = (unitId: string, fields: Record<string, unknown> = {}) => ({
      name: '孙丽',
      gender: 'female',
      birthDate: '1992-07-20',
      unitId,
      position: '科员',
      rankLevel: '四级主任科员',
      politicalStatus: '共青团员',
      phone: '13600001111',
      entryDate: '2015-08-01',
      ...fields,
    });
    const auditOf = (entityId: string, action: string) =>
      t.testDb.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).where('action', '=', action).execute();

    it('creates a person in a unit the hall admin manages, with an audit entry of the new record', async () => {
      const res = await healthAdmin.request({ method: 'POST', url: '/api/people', payload: input(healthOffice.id) });
      expect(res.statusCode).toBe(201);
      const person = res.json();
      expect(person).toMatchObject({
        name: '孙丽',
        age: 33,
        unitId: healthOffice.id,
        unitName: '办公室',
        unitPathName: '市卫健委/办公室',
        phone: '13600001111',
        phoneMasked: false,
      });
      const [entry, ...more] = await auditOf(person.id, 'person.created');
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        actor_name: 'health_admin',
        entity_type: 'person',
        org_unit_id: healthOffice.id,
        org_unit_path: healthOffice.path,
        before_json: null,
      });
      expect(JSON.parse(entry!.after_json!)).toEqual({
        name: '孙丽',
        gender: 'female',
        birthDate: '1992-07-20',
        unitId: healthOffice.id,
        position: '科员',
        rankLevel: '四级主任科员',
        politicalStatus: '共青团员',
        phone: '13600001111',
        entryDate: '2015-08-01',
      });
    });

    it('refuses the same name and birth date in the same unit (409 duplicate_person), but not in another unit', async () => {
      const dup = await admin.request({ method: 'POST', url: '/api/people', payload: input(healthOffice.id, { phone: null }) });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toEqual({ error: { code: 'duplicate_person', message: '同一单位已有同名同出生日期的人员' } });
      expect((await admin.request({ method: 'POST', url: '/api/people', payload: input(education.id) })).statusCode).toBe(201);
    });

    it('refuses to add people outside the manage scope, or as a liaison (403)', async () => {
      expect((await healthAdmin.request({ method: 'POST', url: '/api/people', payload: input(education.id, { name: '钱多' }) })).statusCode).toBe(403);
      expect((await healthLiaison.request({ method: 'POST', url: '/api/people', payload: input(health.id, { name: '钱多' }) })).statusCode).toBe(403);
      expect((await t.testDb.db.selectFrom('people').select('id').where('name', '=', '钱多').execute()).length).toBe(0);
    });

    it('refuses an archived unit (409), an unknown one (404), and dates the roster rules forbid (400)', async () => {
      const toArchived = await healthAdmin.request({ method: 'POST', url: '/api/people', payload: input(archived.id, { name: '钱多' }) });
      expect(toArchived.statusCode).toBe(409);
      expect(toArchived.json().error).toEqual({ code: 'unit_archived', message: '该单位已归档', details: { unitId: archived.id } });
      expect((await admin.request({ method: 'POST', url: '/api/people', payload: input('no-such-unit', { name: '钱多' }) })).statusCode).toBe(404);
      const early = await admin.request({ method: 'POST', url: '/api/people', payload: input(health.id, { name: '钱多', entryDate: '2005-01-01' }) });
      expect(early.statusCode).toBe(400);
      expect(early.json().error).toEqual({
        code: 'validation_failed',
        message: '提交的内容有误，请检查后重试',
        details: [{ path: 'body.entryDate', message: '参加工作时间不能早于年满 16 周岁（2008-07-20）' }],
      });
      const badPhone = await admin.request({ method: 'POST', url: '/api/people', payload: input(health.id, { name: '钱多', phone: '12345' }) });
      expect(badPhone.statusCode).toBe(400);
    });

    it('changes only the fields sent, keeping the phone, and audits before and after', async () => {
      const res = await healthAdmin.request({ method: 'PATCH', url: `/api/people/${ids.wang}`, payload: { position: '副主任' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ position: '副主任', phone: '13800001234', entryDate: '2012-07-01' });
      const [entry] = await auditOf(ids.wang!, 'person.updated');
      expect(JSON.parse(entry!.before_json!)).toMatchObject({ position: '科员', phone: '13800001234' });
      expect(JSON.parse(entry!.after_json!)).toMatchObject({ position: '副主任', phone: '13800001234' });
      expect(entry!.org_unit_id).toBe(health.id);
    });

    it('writes nothing for a patch that changes nothing', async () => {
      const before = await auditOf(ids.zhou!, 'person.updated');
      const res = await admin.request({ method: 'PATCH', url: `/api/people/${ids.zhou}`, payload: { name: '周杰' } });
      expect(res.statusCode).toBe(200);
      expect(await auditOf(ids.zhou!, 'person.updated')).toEqual(before);
    });

    it('moves a person only for an admin who manages both units', async () => {
      const outOfScope = await healthAdmin.request({ method: 'PATCH', url: `/api/people/${ids.zhou}`, payload: { unitId: education.id } });
      expect(outOfScope.statusCode).toBe(403);
      const byLiaison = await healthLiaison.request({ method: 'PATCH', url: `/api/people/${ids.zhou}`, payload: { position: '主任' } });
      expect(byLiaison.statusCode).toBe(403);
      const moved = await admin.request({ method: 'PATCH', url: `/api/people/${ids.zhou}`, payload: { unitId: education.id } });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ unitId: education.id, unitName: '市教育局' });
      const [entry] = await auditOf(ids.zhou!, 'person.updated');
      expect(JSON.parse(entry!.before_json!).unitId).toBe(health.id);
      expect(JSON.parse(entry!.after_json!).unitId).toBe(education.id);
      expect(entry!.org_unit_id).toBe(education.id);
      // Now out of the health admin's scope altogether.
      expect((await healthAdmin.request({ method: 'PATCH', url: `/api/people/${ids.zhou}`, payload: { position: '主任' } })).statusCode).toBe(403);
    });

    it('refuses a patch that makes a duplicate (409) and clears a phone sent as null', async () => {
      const clash = await admin.request({ method: 'PATCH', url: `/api/people/${ids.zhao}`, payload: { name: '孙丽', birthDate: '1992-07-20' } });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().error.code).toBe('duplicate_person');
      const cleared = await admin.request({ method: 'PATCH', url: `/api/people/${ids.zhao}`, payload: { phone: null } });
      expect(cleared.json()).toMatchObject({ phone: null, phoneMasked: false });
      expect((await admin.request({ method: 'PATCH', url: '/api/people/no-such-person', payload: { position: 'x' } })).statusCode).toBe(404);
    });
  });
});
