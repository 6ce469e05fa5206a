import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser, type UnitRef } from './factories';

describe.each(DIALECTS)('notifications of the nomination cycle on %s', (dialect) => {
  let t: TestApp;
  let editionId: string;
  let hallId: string;
  let bureau: UnitRef;
  let office: UnitRef;
  let seq: number;
  let cityAdmin: Session;
  let hallAdmin: Session;
  let otherHallAdmin: Session;
  let liaison: Session;
  let picked: Session;
  let recommended: Session;
  let applicant: Session;
  let pickedPersonId: string;
  let recommendedPersonId: string;

  const db = () => t.testDb.db;
  const list = async (s: Session, query = '') => (await s.request({ method: 'GET', url: `/api/notifications${query}` })).json();
  const unread = async (s: Session) => (await s.request({ method: 'GET', url: '/api/notifications/unread-count' })).json().unread;

  beforeAll(async () => {
    t = await buildTestApp(dialect, { env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    const city = await makeUnit(db(), '市委组织部');
    bureau = await makeUnit(db(), '市卫健委', city);
    office = await makeUnit(db(), '办公室', bureau, 'subunit');
    const hall = await makeHall(db(), bureau, { name: '卫健讲堂' });
    hallId = hall.id;
    const edition = await makeEdition(db(), hall.id, { status: 'recruiting', date: '2026-05-10', speakerCount: 2, title: '健康城市建设' });
    editionId = edition.id;
    seq = edition.seq;
    pickedPersonId = (await makePerson(db(), office, { name: '陈点将' })).id;
    recommendedPersonId = (await makePerson(db(), office, { name: '林推荐' })).id;
    const applicantPersonId = (await makePerson(db(), office, { name: '黄自荐' })).id;
    await makeUser(db(), 'city_admin', [['city_admin', city]]);
    await makeUser(db(), 'hall_admin', [['hall_admin', bureau]]);
    // A hall admin of the sub-unit runs the sub-unit's halls, not the bureau's: no notice for it.
    await makeUser(db(), 'office_hall_admin', [['hall_admin', office]]);
    await makeUser(db(), 'liaison', [['liaison', office]]);
    await makeUser(db(), 'picked', [['cadre', bureau]], pickedPersonId);
    await makeUser(db(), 'recommended', [['cadre', bureau]], recommendedPersonId);
    await makeUser(db(), 'applicant', [['cadre', bureau]], applicantPersonId);
    cityAdmin = await login(t.app, 'city_admin');
    hallAdmin = await login(t.app, 'hall_admin');
    otherHallAdmin = await login(t.app, 'office_hall_admin');
    liaison = await login(t.app, 'liaison');
    picked = await login(t.app, 'picked');
    recommended = await login(t.app, 'recommended');
    applicant = await login(t.app, 'applicant');
  });
  afterAll(() => t.close());

  it('tells nominees, liaisons and hall managers what concerns them, committed with each change', async () => {
    const pick = await hallAdmin.request({ method: 'POST', url: `/api/editions/${editionId}/nominations/org-pick`, payload: { personId: pickedPersonId } });
    const rec = await liaison.request({ method: 'POST', url: `/api/editions/${editionId}/nominations/recommend`, payload: { personId: recommendedPersonId } });
    const self = await applicant.request({
      method: 'POST',
      url: `/api/editions/${editionId}/nominations/self`,
      payload: { proposedTitle: '把健康融入所有政策', proposedAbstract: '从健康城市建设的三年实践出发，谈部门协同和群众参与。', angle: 'development' },
    });
    expect([pick.statusCode, rec.statusCode, self.statusCode]).toEqual([201, 201, 201]);

    const received = await list(picked);
    expect(received).toMatchObject({ total: 1, unread: 1, page: 1, pageSize: 20 });
    expect(received.items[0]).toMatchObject({
      kind: 'nomination.received',
      title: `您已被推荐为第${seq}期讲课人选`,
      body: `经组织点将，您被推荐参加卫健讲堂第${seq}期「健康城市建设」（2026-05-10）的讲课人推选，结果将另行通知。`,
      link: '/my-nominations',
      read: false,
    });
    expect((await list(recommended)).items.map((n: { kind: string; body: string }) => [n.kind, n.body.slice(0, 6)])).toEqual([
      ['nomination.received', '经单位推荐，'],
    ]);
    // A self-nomination tells the hall's managers, not the applicant itself.
    expect(await unread(applicant)).toBe(0);
    for (const admin of [cityAdmin, hallAdmin]) {
      const page = await list(admin);
      expect(page.items).toMatchObject([{ kind: 'nomination.self_submitted', title: `黄自荐自荐担任第${seq}期讲课人`, link: `/editions/${editionId}` }]);
    }
    expect(await unread(otherHallAdmin)).toBe(0);

    const sel = await hallAdmin.request({
      method: 'PUT',
      url: `/api/editions/${editionId}/selection`,
      payload: { nominationIds: [self.json().id, pick.json().id] },
    });
    expect(sel.statusCode).toBe(200);
    const pickedNews = (await list(picked)).items;
    expect(pickedNews[0]).toMatchObject({
      kind: 'nomination.selected',
      title: `您已被推选为第${seq}期讲课人`,
      body: `卫健讲堂第${seq}期「健康城市建设」将于2026-05-10举行，您是第2位讲课人，请及时完善讲题和内容简介。`,
      link: `/editions/${editionId}`,
    });
    expect((await list(applicant)).items.map((n: { kind: string; title: string }) => n.title)).toEqual([`您已被推选为第${seq}期讲课人`]);
    expect((await list(recommended)).items[0]).toMatchObject({ kind: 'nomination.not_selected', title: `第${seq}期讲课人推选结果`, link: '/my-nominations' });
    expect((await list(liaison)).items).toMatchObject([
      { kind: 'recommendation.outcome', title: `您推荐的林推荐未入选第${seq}期讲课人`, link: `/editions/${editionId}` },
    ]);
    // The hall admin made the selection: no notice to itself.
    expect(await unread(hallAdmin)).toBe(1);
  });

  it('counts unread, lists unread only, and marks one or all read — each user only its own', async () => {
    expect(await unread(picked)).toBe(2);
    const [latest, first] = (await list(picked)).items;
    const read = await picked.request({ method: 'POST', url: `/api/notifications/${latest.id}/read` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: latest.id, read: true });
    expect(await unread(picked)).toBe(1);
    expect((await list(picked, '?unreadOnly=true')).items.map((n: { id: string }) => n.id)).toEqual([first.id]);
    const foreign = await recommended.request({ method: 'POST', url: `/api/notifications/${first.id}/read` });
    expect(foreign.statusCode).toBe(404);
    expect(await unread(picked)).toBe(1);
    const all = await picked.request({ method: 'POST', url: '/api/notifications/read-all' });
    expect(all.json()).toEqual({ unread: 0 });
    expect((await list(picked)).unread).toBe(0);
    // Reading is not a change of the programme: nothing in the audit trail.
    const audit = await db().selectFrom('audit_log').select('id').where('entity_type', '=', 'notification').execute();
    expect(audit).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
  });

  it('tells the nominee when someone else withdraws its nomination', async () => {
    const other = await makeEdition(db(), hallId, { status: 'recruiting', date: '2026-06-10' });
    const person = await makePerson(db(), office, { name: '撤回人' });
    await makeUser(db(), 'withdrawn_one', [['cadre', bureau]], person.id);
    const n = (await liaison.request({ method: 'POST', url: `/api/editions/${other.id}/nominations/recommend`, payload: { personId: person.id } })).json();
    await hallAdmin.request({ method: 'POST', url: `/api/nominations/${n.id}/decision`, payload: { action: 'withdraw', reason: '本人因工作安排无法参加' } });
    const s = await login(t.app, 'withdrawn_one');
    expect((await list(s)).items.map((x: { kind: string; body: string }) => [x.kind, x.body])).toEqual([
      ['nomination.withdrawn', `hall_admin撤回了您参加卫健讲堂第${other.seq}期「第${other.seq}期」讲课人推选的提名。`],
      ['nomination.received', `经单位推荐，您被推荐参加卫健讲堂第${other.seq}期「第${other.seq}期」（2026-06-10）的讲课人推选，结果将另行通知。`],
    ]);
    expect((await list(liaison)).items[0]).toMatchObject({ kind: 'recommendation.outcome', title: `您推荐的撤回人参加第${other.seq}期讲课人推选的提名已撤回` });
  });
});
