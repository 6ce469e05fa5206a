import { DEFAULT_AGGREGATION, DEFAULT_RUBRIC } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db';
import { newId } from '../src/lib/ids';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makePerson, makeStage, makeUnit, makeUser, type UnitRef } from './factories';
import { ManualClock } from './live-fixtures';

/** Speakers as the nominations module leaves them at selection: a selected nomination and its talk each. */
async function addTalks(db: Db, edition: { id: string; hallId: string }, unit: UnitRef, byUserId: string, titles: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, title] of titles.entries()) {
    const person = await makePerson(db, unit);
    const nominationId = newId();
    const at = '2026-01-02T00:00:00.000Z';
    await db
      .insertInto('nominations')
      .values({
        id: nominationId,
        edition_id: edition.id,
        hall_id: edition.hallId,
        person_id: person.id,
        channel: 'org_pick',
        state: 'selected',
        nominated_by: byUserId,
        statement: '',
        proposed_title: title,
        proposed_abstract: '',
        selected_order: i + 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const id = newId();
    await db
      .insertInto('talks')
      .values({
        id,
        edition_id: edition.id,
        nomination_id: nominationId,
        person_id: person.id,
        position: i + 1,
        title,
        abstract: '',
        created_at: at,
        updated_at: at,
      })
      .execute();
    ids.push(id);
  }
  return ids;
}

describe.each(DIALECTS)('editions and their lifecycle on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let city: UnitRef;
  let unitA: UnitRef;
  let unitB: UnitRef;
  let adminId: string;
  let hallAdminA: Session;
  let cadreA: Session;
  let cadreB: Session;

  beforeAll(async () => {
    clock = new ManualClock('2026-03-10T02:00:00.000Z');
    t = await buildTestApp(dialect, { clock });
    const db = t.testDb.db;
    city = await makeUnit(db, '市委组织部');
    unitA = await makeUnit(db, '市卫健委', city);
    unitB = await makeUnit(db, '市场监管局', city);
    adminId = (await makeUser(db, 'halladmin_a', [['hall_admin', unitA]])).id;
    await makeUser(db, 'cadre_a', [['cadre', unitA]]);
    await makeUser(db, 'cadre_b', [['cadre', unitB]]);
    hallAdminA = await login(t.app, 'halladmin_a');
    cadreA = await login(t.app, 'cadre_a');
    cadreB = await login(t.app, 'cadre_b');
  });
  afterAll(() => t.close());

  const createEdition = (s: Session, hallId: string, payload: Record<string, unknown> = {}) =>
    s.request({ method: 'POST', url: `/api/halls/${hallId}/editions`, payload: { title: '以高质量党建引领高质量发展', date: '2026-03-15', ...payload } });
  const move = (s: Session, id: string, to: string) => s.request({ method: 'POST', url: `/api/editions/${id}/transition`, payload: { to } });
  const patch = (s: Session, id: string, payload: Record<string, unknown>) => s.request({ method: 'PATCH', url: `/api/editions/${id}`, payload });

  it('numbers editions 第1期, 第2期 … per hall, each hall on its own', async () => {
    const h1 = await makeHall(t.testDb.db, unitA);
    const h2 = await makeHall(t.testDb.db, unitA);
    const seqs = [];
    for (const hallId of [h1.id, h1.id, h2.id, h1.id]) seqs.push((await createEdition(hallAdminA, hallId)).json().seq);
    expect(seqs).toEqual([1, 2, 1, 3]);
    expect((await hallAdminA.request({ method: 'GET', url: `/api/halls/${h1.id}` })).json().editionCount).toBe(3);
  });

  it("takes the hall's defaults: its speaker count and rubric, 70/30 weights, 10 % trimmed per side", async () => {
    const hall = await makeHall(t.testDb.db, unitA, { defaultSpeakerCount: 3 });
    const stage = await makeStage(t.testDb.db, hall.id, { title: '学习贯彻阶段' });
    const res = await createEdition(hallAdminA, hall.id, { stageId: stage.id, venue: '市委党校报告厅' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      hallId: hall.id,
      hallName: '市卫健委干部讲堂',
      seq: 1,
      title: '以高质量党建引领高质量发展',
      theme: '',
      stageId: stage.id,
      stageTitle: '学习贯彻阶段',
      date: '2026-03-15',
      startTime: '14:30',
      endTime: '17:00',
      venue: '市委党校报告厅',
      speakerCount: 3,
      unitQuota: null,
      rubric: DEFAULT_RUBRIC,
      audienceWeightPct: 70,
      aggregation: DEFAULT_AGGREGATION,
      status: 'planning',
      rubricLocked: false,
      selectedCount: 0,
      canManage: true,
      createdAt: '2026-03-10T02:00:00.000Z',
    });
    const seen = (await cadreA.request({ method: 'GET', url: `/api/editions/${res.json().id}` })).json();
    expect(seen).toEqual({ ...res.json(), canManage: false });
    const audit = await t.testDb.db.selectFrom('audit_log').selectAll().where('entity_id', '=', res.json().id).execute();
    expect(audit.map((a) => a.action)).toEqual(['edition.created']);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ seq: 1, speakerCount: 3, status: 'planning' });
  });

  it("refuses another hall's stage, an end before the start and a bad rubric, in Chinese", async () => {
    const hall = await makeHall(t.testDb.db, unitA);
    const other = await makeHall(t.testDb.db, unitA);
    const foreignStage = await makeStage(t.testDb.db, other.id);
    const stage = await createEdition(hallAdminA, hall.id, { stageId: foreignStage.id });
    expect(stage.statusCode).toBe(400);
    expect(stage.json().error.details).toEqual([{ path: 'body.stageId', message: '所选阶段不属于本讲堂' }]);
    const times = await createEdition(hallAdminA, hall.id, { startTime: '15:00', endTime: '14:00' });
    expect(times.json().error.details).toEqual([{ path: 'body.endTime', message: '结束时间必须晚于开始时间' }]);
    const rubric = { ...DEFAULT_RUBRIC, dimensions: DEFAULT_RUBRIC.dimensions.slice(0, 4) };
    const bad = await createEdition(hallAdminA, hall.id, { rubric });
    expect(bad.json().error.details).toEqual([{ path: 'body.rubric', message: '各维度权重之和必须等于 1' }]);
    const edition = (await createEdition(hallAdminA, hall.id, { startTime: '09:00', endTime: '11:30' })).json();
    const moved = await patch(hallAdminA, edition.id, { endTime: '08:30' });
    expect(moved.json().error.details).toEqual([{ path: 'body.endTime', message: '结束时间必须晚于开始时间' }]);
  });

  it('lets only those who manage the hall create and edit editions; an invisible edition is a 403, an unknown one a 404', async () => {
    const hall = await makeHall(t.testDb.db, unitA);
    const edition = await makeEdition(t.testDb.db, hall.id);
    expect((await createEdition(cadreA, hall.id)).statusCode).toBe(403);
    expect((await patch(cadreA, edition.id, { title: '改' })).statusCode).toBe(403);
    expect((await move(cadreA, edition.id, 'recruiting')).statusCode).toBe(403);
    expect((await cadreB.request({ method: 'GET', url: `/api/editions/${edition.id}` })).statusCode).toBe(403);
    expect((await hallAdminA.request({ method: 'GET', url: '/api/editions/no-such-edition' })).statusCode).toBe(404);
    expect((await createEdition(hallAdminA, 'no-such-hall')).statusCode).toBe(404);
  });

  it('walks the whole lifecycle, refusing each step until its precondition holds, and locks the rubric when live', async () => {
    const hall = await makeHall(t.testDb.db, unitA, { defaultSpeakerCount: 3 });
    const edition = (await createEdition(hallAdminA, hall.id, { date: '2026-03-11' })).json();
    const id = edition.id as string;

    const skip = await move(hallAdminA, id, 'live');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error).toEqual({
      code: 'transition_refused',
      message: '当前状态下不能进行此操作',
      details: { reasons: ['不能从“筹备中”转为“进行中”'] },
    });

    expect((await move(hallAdminA, id, 'recruiting')).json()).toMatchObject({ status: 'recruiting' });
    // Too few speakers: one fewer than the speaker count.
    const talks = await addTalks(t.testDb.db, { id, hallId: hall.id }, unitA, adminId, ['健康城市建设的实践与思考', '基层医改的探索']);
    const early = await move(hallAdminA, id, 'preparing');
    expect(early.json().error.details).toEqual({ reasons: ['本期需要 3 名讲课人，目前已选定 2 名'] });
    const back = await move(hallAdminA, id, 'planning');
    expect(back.json().error.details).toEqual({ reasons: ['已选定 2 名讲课人，不能退回筹备阶段'] });
    talks.push(...(await addTalks(t.testDb.db, { id, hallId: hall.id }, unitA, adminId, [''])));
    const preparing = await move(hallAdminA, id, 'preparing');
    expect(preparing.json()).toMatchObject({ status: 'preparing', selectedCount: 3 });

    // The speakers are chosen: their number is fixed from here on.
    const count = await patch(hallAdminA, id, { speakerCount: 4 });
    expect(count.statusCode).toBe(409);
    expect(count.json().error).toMatchObject({ code: 'transition_refused', details: { reasons: ['讲课人推选已结束，不能再修改讲课人数'] } });

    // No decks are uploaded in this walk: the hall admin lets the edition through the courseware gate with a reason.
    const override = await hallAdminA.request({ method: 'POST', url: `/api/editions/${id}/readiness-override`, payload: { reason: '课件已线下审核通过' } });
    expect(override.statusCode).toBe(200);
    const untitled = await move(hallAdminA, id, 'ready');
    expect(untitled.json().error.details).toEqual({ reasons: ['还有 1 个讲题未填写题目'] });
    await t.testDb.db.updateTable('talks').set({ title: '守护群众健康的一线故事' }).where('id', '=', talks[2]!).execute();
    expect((await move(hallAdminA, id, 'ready')).json()).toMatchObject({ status: 'ready' });

    // The day before the edition (2026-03-10): going live early is the host's call (a rehearsal, an early session).
    const live = await move(hallAdminA, id, 'live');
    expect(live.json()).toMatchObject({ status: 'live', rubricLocked: true });
    // Going live starts the live session, at its first step.
    const session = await t.testDb.db.selectFrom('live_sessions').select(['step', 'checkin_open']).where('edition_id', '=', id).executeTakeFirstOrThrow();
    expect(session).toEqual({ step: 'idle', checkin_open: 0 });
    // A day later the session would have idled out: sign in again on the day.
    clock.set('2026-03-11T06:30:00.000Z');
    hallAdminA = await login(t.app, 'halladmin_a');

    const rubric = { ...DEFAULT_RUBRIC, scale: { min: 0, max: 100, step: 1 } };
    for (const body of [{ rubric }, { audienceWeightPct: 60 }, { aggregation: { kind: 'trim_k', k: 2 } }, { speakerCount: 4 }]) {
      const res = await patch(hallAdminA, id, body);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toEqual({
        code: 'edition_locked',
        message: '本期已开讲，评分细则和规则已锁定',
        details: { fields: Object.keys(body) },
      });
    }
    // Resending the locked values unchanged, as a form does, is not a change.
    const same = await patch(hallAdminA, id, { rubric: DEFAULT_RUBRIC, audienceWeightPct: 70, venue: '市民中心' });
    expect(same.json()).toMatchObject({ venue: '市民中心', rubric: DEFAULT_RUBRIC });

    expect((await move(hallAdminA, id, 'ready')).statusCode).toBe(409);
    expect((await move(hallAdminA, id, 'closed')).json()).toMatchObject({ status: 'closed', rubricLocked: true });
    expect((await move(hallAdminA, id, 'published')).json()).toMatchObject({ status: 'published' });

    const row = await t.testDb.db.selectFrom('editions').select(['rubric_locked_at', 'status_changed_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ rubric_locked_at: '2026-03-10T02:00:00.000Z', status_changed_at: '2026-03-11T06:30:00.000Z' });
    const audit = await t.testDb.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('entity_id', '=', id)
      .where('action', '=', 'edition.transition')
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => `${JSON.parse(a.before_json!).status}>${JSON.parse(a.after_json!).status}`)).toEqual([
      'planning>recruiting',
      'recruiting>preparing',
      'preparing>ready',
      'ready>live',
      'live>closed',
      'closed>published',
    ]);
    clock.set('2026-03-10T02:00:00.000Z');
    hallAdminA = await login(t.app, 'halladmin_a');
  });

  it('steps back: ready to preparing, preparing to recruiting, recruiting to planning while no speaker is chosen', async () => {
    const hall = await makeHall(t.testDb.db, unitA, { defaultSpeakerCount: 1 });
    const edition = await makeEdition(t.testDb.db, hall.id, { status: 'ready' });
    await addTalks(t.testDb.db, edition, unitA, adminId, ['讲题']);
    expect((await move(hallAdminA, edition.id, 'preparing')).json().status).toBe('preparing');
    expect((await move(hallAdminA, edition.id, 'recruiting')).json().status).toBe('recruiting');
    // Reopening deletes nothing: the talk is still there, so planning stays out of reach.
    expect((await move(hallAdminA, edition.id, 'planning')).statusCode).toBe(409);
    const fresh = await makeEdition(t.testDb.db, hall.id, { status: 'recruiting' });
    expect((await move(hallAdminA, fresh.id, 'planning')).json().status).toBe('planning');
    const junk = await move(hallAdminA, fresh.id, 'archived');
    expect(junk.statusCode).toBe(400);
  });

  it('lets the speaker count and the rubric change until recruiting is over', async () => {
    const hall = await makeHall(t.testDb.db, unitA);
    const edition = await makeEdition(t.testDb.db, hall.id, { status: 'recruiting' });
    const rubric = { ...DEFAULT_RUBRIC, scale: { min: 0, max: 100, step: 5 } };
    const res = await patch(hallAdminA, edition.id, { speakerCount: 6, rubric, aggregation: { kind: 'trim_k', k: 1 }, unitQuota: 2 });
    expect(res.json()).toMatchObject({ speakerCount: 6, rubric, aggregation: { kind: 'trim_k', k: 1 }, unitQuota: 2 });
    const audit = await t.testDb.db.selectFrom('audit_log').selectAll().where('entity_id', '=', edition.id).where('action', '=', 'edition.updated').execute();
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ speakerCount: 5, unitQuota: null });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ speakerCount: 6, unitQuota: 2 });
  });

  describe('list', () => {
    let hall1: { id: string };
    let hall2: { id: string };
    let hallB: { id: string };
    let lister: Session;

    beforeAll(async () => {
      const db = t.testDb.db;
      const county = await makeUnit(db, '某县委组织部');
      const bureau = await makeUnit(db, '县卫健局', county);
      const rival = await makeUnit(db, '县市场监管局', county);
      await makeUser(db, 'county_hall_admin', [['hall_admin', bureau]]);
      lister = await login(t.app, 'county_hall_admin');
      hall1 = await makeHall(db, bureau, { name: '一号讲堂' });
      hall2 = await makeHall(db, county, { name: '县讲堂' });
      hallB = await makeHall(db, rival, { name: '别家讲堂' });
      await makeEdition(db, hall1.id, { date: '2026-01-10', status: 'published' });
      await makeEdition(db, hall1.id, { date: '2026-02-10', status: 'published' });
      await makeEdition(db, hall1.id, { date: '2026-03-10', status: 'recruiting' });
      await makeEdition(db, hall2.id, { date: '2026-02-10', status: 'planning' });
      await makeEdition(db, hallB.id, { date: '2026-02-10', status: 'planning' });
    });

    type Item = { hallId: string; seq: number; date: string; status: string; canManage: boolean };
    const list = async (qs: string) => {
      const res = await lister.request({ method: 'GET', url: `/api/editions${qs}` });
      expect(res.statusCode).toBe(200);
      return res.json() as { items: Item[]; total: number; page: number; pageSize: number };
    };
    const keys = (items: Item[]) => items.map((e) => `${e.hallId === hall1.id ? 'h1' : e.hallId === hall2.id ? 'h2' : 'other'}#${e.seq}`);

    it('shows the editions of the halls in sight, newest date first, then the higher number', async () => {
      const all = await list('');
      expect(keys(all.items)).toEqual(['h1#3', 'h1#2', 'h2#1', 'h1#1']);
      expect(all).toMatchObject({ total: 4, page: 1, pageSize: 20 });
      // The hall admin runs its bureau's hall and only sees the county's, above it.
      expect(all.items.filter((e) => e.canManage).map((e) => e.hallId)).toEqual([hall1.id, hall1.id, hall1.id]);
    });

    it('filters by hall, status and date range (both ends inclusive)', async () => {
      expect(keys((await list(`?hallId=${hall1.id}`)).items)).toEqual(['h1#3', 'h1#2', 'h1#1']);
      expect(keys((await list('?status=published')).items)).toEqual(['h1#2', 'h1#1']);
      expect(keys((await list('?from=2026-02-10&to=2026-03-10')).items)).toEqual(['h1#3', 'h1#2', 'h2#1']);
      expect(keys((await list('?from=2026-01-11&to=2026-02-09')).items)).toEqual([]);
      expect(keys((await list(`?hallId=${hall1.id}&status=published&to=2026-01-10`)).items)).toEqual(['h1#1']);
    });

    it('pages through the list', async () => {
      const p1 = await list('?pageSize=3&page=1');
      const p2 = await list('?pageSize=3&page=2');
      expect([keys(p1.items), keys(p2.items), p1.total, p2.total]).toEqual([['h1#3', 'h1#2', 'h2#1'], ['h1#1'], 4, 4]);
    });

    it('refuses a hall out of sight or unknown, and bad filters', async () => {
      expect((await lister.request({ method: 'GET', url: `/api/editions?hallId=${hallB.id}` })).statusCode).toBe(403);
      expect((await lister.request({ method: 'GET', url: '/api/editions?hallId=nope' })).statusCode).toBe(404);
      expect((await lister.request({ method: 'GET', url: '/api/editions?status=done' })).statusCode).toBe(400);
      expect((await lister.request({ method: 'GET', url: '/api/editions?from=2026-02-30' })).statusCode).toBe(400);
      expect((await cadreB.request({ method: 'GET', url: `/api/editions?hallId=${hall1.id}` })).statusCode).toBe(403);
    });
  });
});
