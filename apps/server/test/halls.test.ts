import { DEFAULT_RUBRIC } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makeStage, makeUnit, makeUser, type UnitRef } from './factories';

describe.each(DIALECTS)('halls, stages and commentary on %s', (dialect) => {
  let t: TestApp;
  let city: UnitRef;
  let unitA: UnitRef;
  let subA: UnitRef;
  let unitB: UnitRef;
  let cityAdmin: Session;
  let hallAdminA: Session;
  let cadreSubA: Session;
  let cadreB: Session;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const db = t.testDb.db;
    city = await makeUnit(db, '市委组织部');
    unitA = await makeUnit(db, '市卫健委', city);
    subA = await makeUnit(db, '市疾控中心', unitA);
    unitB = await makeUnit(db, '市场监管局', city);
    await makeUser(db, 'city', [['city_admin', city]]);
    await makeUser(db, 'halladmin_a', [['hall_admin', unitA]]);
    await makeUser(db, 'cadre_sub_a', [['cadre', subA]]);
    await makeUser(db, 'cadre_b', [['cadre', unitB]]);
    cityAdmin = await login(t.app, 'city');
    hallAdminA = await login(t.app, 'halladmin_a');
    cadreSubA = await login(t.app, 'cadre_sub_a');
    cadreB = await login(t.app, 'cadre_b');
  });
  afterAll(() => t.close());

  const createHall = (s: Session, unitId: string, extra: Record<string, unknown> = {}) =>
    s.request({ method: 'POST', url: '/api/halls', payload: { name: '测试讲堂', unitId, ...extra } });
  const patchHall = (s: Session, id: string, payload: Record<string, unknown>) => s.request({ method: 'PATCH', url: `/api/halls/${id}`, payload });

  it('creates a hall with the house defaults: age 40, no repeat within 4 editions, 5 speakers, the default rubric', async () => {
    const res = await createHall(cityAdmin, unitA.id, { name: '市卫健委青年干部讲堂' });
    expect(res.statusCode).toBe(201);
    const hall = res.json();
    expect(hall).toEqual({
      id: expect.any(String),
      name: '市卫健委青年干部讲堂',
      unitId: unitA.id,
      unitName: '市卫健委',
      description: '',
      youngAgeLimit: 40,
      repeatWindow: 4,
      defaultSpeakerCount: 5,
      defaultRubric: DEFAULT_RUBRIC,
      // Speakers see their own published results; the big screen shows results only when a hall opts in.
      speakersSeeResults: true,
      screenShowsResults: false,
      editionCount: 0,
      canManage: true,
      createdAt: expect.any(String),
    });
    expect((await cityAdmin.request({ method: 'GET', url: `/api/halls/${hall.id}` })).json()).toEqual(hall);
    const audit = await t.testDb.db.selectFrom('audit_log').selectAll().where('entity_id', '=', hall.id).execute();
    expect(audit.map((a) => [a.action, a.actor_name, a.org_unit_id])).toEqual([['hall.created', 'city', unitA.id]]);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ name: '市卫健委青年干部讲堂', youngAgeLimit: 40, defaultRubric: DEFAULT_RUBRIC });
  });

  it("lets a hall admin manage its own unit's halls only: not its sub-unit's, not another bureau's", async () => {
    expect((await createHall(hallAdminA, unitA.id)).statusCode).toBe(201);
    expect((await createHall(hallAdminA, subA.id)).statusCode).toBe(403);
    expect((await createHall(hallAdminA, unitB.id)).statusCode).toBe(403);
    const hallA = await makeHall(t.testDb.db, unitA, { name: '甲讲堂' });
    const hallSub = await makeHall(t.testDb.db, subA, { name: '疾控讲堂' });
    const hallB = await makeHall(t.testDb.db, unitB, { name: '市监讲堂' });
    expect((await patchHall(hallAdminA, hallA.id, { repeatWindow: 2 })).json()).toMatchObject({ repeatWindow: 2, canManage: true });
    // The sub-unit's hall is in sight (below the grant) but not the hall admin's to run.
    const sub = await hallAdminA.request({ method: 'GET', url: `/api/halls/${hallSub.id}` });
    expect(sub.json()).toMatchObject({ name: '疾控讲堂', canManage: false });
    expect((await patchHall(hallAdminA, hallSub.id, { name: '改名' })).statusCode).toBe(403);
    expect((await hallAdminA.request({ method: 'GET', url: `/api/halls/${hallB.id}` })).statusCode).toBe(403);
    expect((await patchHall(hallAdminA, hallB.id, { name: '改名' })).statusCode).toBe(403);
  });

  it('lets a city admin at the root manage every hall below', async () => {
    const hallSub = await makeHall(t.testDb.db, subA);
    const hallB = await makeHall(t.testDb.db, unitB);
    expect((await patchHall(cityAdmin, hallSub.id, { name: '疾控中心讲堂' })).json()).toMatchObject({ name: '疾控中心讲堂', canManage: true });
    expect((await patchHall(cityAdmin, hallB.id, { defaultSpeakerCount: 6 })).json()).toMatchObject({ defaultSpeakerCount: 6, canManage: true });
    expect((await createHall(cityAdmin, city.id, { name: '市直机关干部大讲堂' })).statusCode).toBe(201);
  });

  it('shows a cadre the halls above and below its unit, without managing them, and none of another bureau', async () => {
    const res = await cadreSubA.request({ method: 'GET', url: '/api/halls' });
    const items = res.json().items as Array<{ id: string; unitId: string; canManage: boolean }>;
    expect(new Set(items.map((h) => h.unitId))).toEqual(new Set([city.id, unitA.id, subA.id]));
    expect(items.every((h) => !h.canManage)).toBe(true);
    const hallA = items.find((h) => h.unitId === unitA.id)!;
    expect((await patchHall(cadreSubA, hallA.id, { name: '改名' })).statusCode).toBe(403);
    expect((await cadreB.request({ method: 'GET', url: `/api/halls/${hallA.id}` })).statusCode).toBe(403);
    const seenByB = (await cadreB.request({ method: 'GET', url: '/api/halls' })).json().items as Array<{ unitId: string }>;
    expect(new Set(seenByB.map((h) => h.unitId))).toEqual(new Set([city.id, unitB.id]));
  });

  it('lists halls by unit depth, then age, with their edition counts', async () => {
    const root = await makeUnit(t.testDb.db, '某县委组织部');
    const mid = await makeUnit(t.testDb.db, '县卫健局', root);
    await makeUser(t.testDb.db, 'county', [['city_admin', root]]);
    const county = await login(t.app, 'county');
    const later = await makeHall(t.testDb.db, mid, { name: '乙', createdAt: '2026-02-01T00:00:00.000Z' });
    const earlier = await makeHall(t.testDb.db, mid, { name: '甲', createdAt: '2026-01-15T00:00:00.000Z' });
    const top = await makeHall(t.testDb.db, root, { name: '县讲堂', createdAt: '2026-03-01T00:00:00.000Z' });
    await makeEdition(t.testDb.db, earlier.id);
    await makeEdition(t.testDb.db, earlier.id);
    const items = (await county.request({ method: 'GET', url: '/api/halls' })).json().items;
    expect(items.map((h: { name: string; editionCount: number }) => [h.name, h.editionCount])).toEqual([
      ['县讲堂', 0],
      ['甲', 2],
      ['乙', 0],
    ]);
    expect(items.map((h: { id: string }) => h.id)).toEqual([top.id, earlier.id, later.id]);
  });

  it('refuses an invalid rubric with the reason in Chinese', async () => {
    const weights = { ...DEFAULT_RUBRIC, dimensions: DEFAULT_RUBRIC.dimensions.map((d, i) => (i === 0 ? { ...d, weight: 0.5 } : d)) };
    const dup = { ...DEFAULT_RUBRIC, dimensions: DEFAULT_RUBRIC.dimensions.map((d) => (d.key === 'delivery' ? { ...d, key: 'depth' } : d)) };
    const scale = { ...DEFAULT_RUBRIC, scale: { min: 1, max: 10, step: 2 } };
    for (const [rubric, path, message] of [
      [weights, 'body.defaultRubric', '各维度权重之和必须等于 1'],
      [dup, 'body.defaultRubric', '维度代码不能重复'],
      [scale, 'body.defaultRubric.scale', '分值步长必须能整除分值范围'],
    ] as const) {
      const res = await createHall(cityAdmin, unitA.id, { defaultRubric: rubric });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toEqual({ code: 'validation_failed', message: '提交的内容有误，请检查后重试', details: [{ path, message }] });
    }
    const custom = {
      dimensions: [
        { key: 'content', labelZh: '内容', labelEn: 'Content', weight: 0.6 },
        { key: 'delivery', labelZh: '表达', labelEn: 'Delivery', weight: 0.4 },
      ],
      scale: { min: 0, max: 100, step: 0.5 },
    };
    const ok = await createHall(cityAdmin, unitA.id, { defaultRubric: custom });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().defaultRubric.dimensions.map((d: { description: string }) => d.description)).toEqual(['', '']);
  });

  it('refuses an unknown or archived unit, and an unknown hall id', async () => {
    expect((await createHall(cityAdmin, 'no-such-unit')).statusCode).toBe(404);
    const archived = await makeUnit(t.testDb.db, '已撤销科', unitA);
    await t.testDb.db.updateTable('org_units').set({ archived_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', archived.id).execute();
    const res = await createHall(cityAdmin, archived.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('unit_archived');
    expect((await cityAdmin.request({ method: 'GET', url: '/api/halls/no-such-hall' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/halls' })).statusCode).toBe(401);
  });

  describe('stages', () => {
    it('adds stages in order, edits them and lists them to whoever sees the hall', async () => {
      const hall = await makeHall(t.testDb.db, unitA);
      const url = `/api/halls/${hall.id}/stages`;
      const first = await hallAdminA.request({
        method: 'POST',
        url,
        payload: { title: '学习贯彻阶段', themeFocus: '理论武装', periodStart: '2026-01-01', periodEnd: '2026-06-30' },
      });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toEqual({
        id: expect.any(String),
        hallId: hall.id,
        title: '学习贯彻阶段',
        themeFocus: '理论武装',
        periodStart: '2026-01-01',
        periodEnd: '2026-06-30',
        description: '',
        sortOrder: 0,
      });
      const second = (await hallAdminA.request({ method: 'POST', url, payload: { title: '服务发展阶段' } })).json();
      expect(second.sortOrder).toBe(1);
      const patched = await hallAdminA.request({ method: 'PATCH', url: `/api/stages/${second.id}`, payload: { sortOrder: 0, title: '服务发展' } });
      expect(patched.json()).toMatchObject({ title: '服务发展', sortOrder: 0 });
      const list = (await cadreSubA.request({ method: 'GET', url })).json().items;
      expect(list.map((s: { title: string }) => s.title).sort()).toEqual(['学习贯彻阶段', '服务发展'].sort());
      expect((await cadreSubA.request({ method: 'POST', url, payload: { title: '干部不能建' } })).statusCode).toBe(403);
      expect((await cadreB.request({ method: 'GET', url })).statusCode).toBe(403);
    });

    it('refuses a period that ends before it starts, also when a patch moves one end', async () => {
      const hall = await makeHall(t.testDb.db, unitA);
      const bad = await hallAdminA.request({
        method: 'POST',
        url: `/api/halls/${hall.id}/stages`,
        payload: { title: '倒序', periodStart: '2026-05-01', periodEnd: '2026-04-01' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details).toEqual([{ path: 'body.periodEnd', message: '结束日期不能早于开始日期' }]);
      const stage = (
        await hallAdminA.request({ method: 'POST', url: `/api/halls/${hall.id}/stages`, payload: { title: '正常', periodStart: '2026-05-01' } })
      ).json();
      const res = await hallAdminA.request({ method: 'PATCH', url: `/api/stages/${stage.id}`, payload: { periodEnd: '2026-04-30' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([{ path: 'body.periodEnd', message: '结束日期不能早于开始日期' }]);
    });

    it('deletes an unused stage and keeps one that editions belong to (409 stage_in_use)', async () => {
      const hall = await makeHall(t.testDb.db, unitA);
      const used = await makeStage(t.testDb.db, hall.id, { title: '已用' });
      const unused = await makeStage(t.testDb.db, hall.id, { title: '未用' });
      await makeEdition(t.testDb.db, hall.id, { stageId: used.id });
      const refused = await hallAdminA.request({ method: 'DELETE', url: `/api/stages/${used.id}` });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toEqual({ code: 'stage_in_use', message: '该阶段下仍有讲堂期次，不能删除', details: { editions: 1 } });
      expect((await cadreSubA.request({ method: 'DELETE', url: `/api/stages/${unused.id}` })).statusCode).toBe(403);
      expect((await hallAdminA.request({ method: 'DELETE', url: `/api/stages/${unused.id}` })).json()).toEqual({ ok: true });
      expect((await hallAdminA.request({ method: 'DELETE', url: `/api/stages/${unused.id}` })).statusCode).toBe(404);
      const actions = await t.testDb.db.selectFrom('audit_log').select('action').where('entity_id', '=', unused.id).execute();
      expect(actions.map((a) => a.action)).toEqual(['stage.deleted']);
    });
  });

  describe('commentary', () => {
    it('adds commentary to the hall and to an edition, lists it newest first, and deletes it', async () => {
      const hall = await makeHall(t.testDb.db, unitA);
      const edition = await makeEdition(t.testDb.db, hall.id);
      const url = `/api/halls/${hall.id}/commentaries`;
      const onHall = await hallAdminA.request({
        method: 'POST',
        url,
        payload: { author: '王建国', authorTitle: '市委常委、组织部部长', title: '搭建年轻干部成长平台', text: '大讲堂为年轻干部提供了展示才华的舞台。' },
      });
      expect(onHall.statusCode).toBe(201);
      expect(onHall.json()).toMatchObject({ hallId: hall.id, editionId: null, author: '王建国', authorTitle: '市委常委、组织部部长' });
      const onEdition = (
        await hallAdminA.request({ method: 'POST', url, payload: { editionId: edition.id, author: '李教授', title: '点评第1期', text: '讲得很有深度。' } })
      ).json();
      expect(onEdition.editionId).toBe(edition.id);
      const all = (await cadreSubA.request({ method: 'GET', url })).json().items;
      expect(all.map((c: { id: string; editionId: string | null }) => [c.id, c.editionId])).toEqual([
        [onEdition.id, edition.id],
        [onHall.json().id, null],
      ]);
      const ofEdition = (await cadreSubA.request({ method: 'GET', url: `${url}?editionId=${edition.id}` })).json().items;
      expect(ofEdition.map((c: { id: string }) => c.id)).toEqual([onEdition.id]);
      expect((await cadreSubA.request({ method: 'DELETE', url: `/api/commentaries/${onEdition.id}` })).statusCode).toBe(403);
      expect((await hallAdminA.request({ method: 'DELETE', url: `/api/commentaries/${onEdition.id}` })).json()).toEqual({ ok: true });
      expect((await cadreSubA.request({ method: 'GET', url: `${url}?editionId=${edition.id}` })).json().items).toEqual([]);
      const actions = await t.testDb.db.selectFrom('audit_log').select('action').where('entity_id', '=', onEdition.id).orderBy('at').execute();
      expect(actions.map((a) => a.action)).toEqual(['commentary.created', 'commentary.deleted']);
    });

    it("refuses another hall's edition, and commentary by anyone who cannot manage the hall", async () => {
      const hall = await makeHall(t.testDb.db, unitA);
      const otherHall = await makeHall(t.testDb.db, unitB);
      const foreign = await makeEdition(t.testDb.db, otherHall.id);
      const url = `/api/halls/${hall.id}/commentaries`;
      const payload = { author: '张三', title: '点评', text: '内容' };
      const res = await hallAdminA.request({ method: 'POST', url, payload: { ...payload, editionId: foreign.id } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([{ path: 'body.editionId', message: '所选期次不属于本讲堂' }]);
      expect((await cadreSubA.request({ method: 'POST', url, payload })).statusCode).toBe(403);
      expect((await cadreB.request({ method: 'GET', url })).statusCode).toBe(403);
      const empty = await hallAdminA.request({ method: 'POST', url, payload: { ...payload, text: '  ' } });
      expect(empty.json().error.details).toEqual([{ path: 'body.text', message: '点评内容不能为空' }]);
    });
  });
});
