import { REVIEW_CHECKLIST } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser, type UnitRef } from './factories';
import { makeTalk } from './programme-factories';
import { assignExpert, makeDeckVersion, tickingClock } from './review-factories';

const approve = { checklist: REVIEW_CHECKLIST.map((item) => ({ item, ok: true, note: '' })), comments: [], verdict: 'approve' };
const revise = { ...approve, verdict: 'revise', summary: '请补充案例' };

describe.each(DIALECTS)('the readiness gate on %s', (dialect) => {
  let t: TestApp;
  let bureau: UnitRef;
  let hallId: string;
  let adminId: string;
  let expertId: string;
  let admin: Session;
  let expert: Session;
  let speaker: Session;
  const db = () => t.testDb.db;

  /** A preparing edition of two titled talks (王芳 first, 张伟 second), each with one expert and one version. */
  let round = 0;
  async function edition() {
    // The roster tells people of one name apart by birth date.
    const birthDate = `1990-01-${String(++round).padStart(2, '0')}`;
    const id = (await makeEdition(db(), hallId, { status: 'preparing', speakerCount: 2 })).id;
    const talks: Array<{ id: string; versionId: string }> = [];
    for (const [i, name] of ['王芳', '张伟'].entries()) {
      const person = await makePerson(db(), bureau, { name, birthDate });
      const talk = await makeTalk(db(), { editionId: id, personId: person.id, nominatedBy: adminId, title: `讲题${i + 1}`, position: i + 1 });
      await assignExpert(db(), talk.id, expertId);
      talks.push({ id: talk.id, versionId: (await makeDeckVersion(db(), { talkId: talk.id, version: 1, uploadedBy: adminId })).id });
    }
    return { id, talks };
  }
  const move = (editionId: string, to: string) => admin.request({ method: 'POST', url: `/api/editions/${editionId}/transition`, payload: { to } });
  const review = (versionId: string, body: object) => expert.request({ method: 'POST', url: `/api/deck-versions/${versionId}/reviews`, payload: body });
  const override = (s: Session, editionId: string, reason: string) =>
    s.request({ method: 'POST', url: `/api/editions/${editionId}/readiness-override`, payload: { reason } });

  beforeAll(async () => {
    t = await buildTestApp(dialect, { clock: tickingClock('2026-02-01T00:00:00.000Z'), env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    const city = await makeUnit(db(), '市委组织部');
    bureau = await makeUnit(db(), '市卫健委', city);
    hallId = (await makeHall(db(), bureau)).id;
    adminId = (await makeUser(db(), 'hadmin', [['hall_admin', bureau]])).id;
    expertId = (await makeUser(db(), 'expert', [['expert', bureau]])).id;
    const p = await makePerson(db(), bureau, { name: '讲课人' });
    await makeUser(db(), 'speaker', [['cadre', bureau]], p.id);
    admin = await login(t.app, 'hadmin');
    expert = await login(t.app, 'expert');
    speaker = await login(t.app, 'speaker');
  });
  afterAll(() => t.close());

  it('refuses ready while a deck is unapproved, naming each speaker; goes ready once every latest deck is approved', async () => {
    const ed = await edition();
    await review(ed.talks[0]!.versionId, revise);
    const refused = await move(ed.id, 'ready');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({
      code: 'transition_refused',
      message: '当前状态下不能进行此操作',
      details: { reasons: ['第1位讲课人王芳的课件尚未审核通过（需修改）', '第2位讲课人张伟的课件尚未审核通过（待审核）'] },
    });
    const readiness = await admin.request({ method: 'GET', url: `/api/editions/${ed.id}/readiness` });
    expect(readiness.json()).toEqual({
      ready: false,
      talks: [
        { talkId: ed.talks[0]!.id, speakerName: '王芳', order: 1, status: 'revise' },
        { talkId: ed.talks[1]!.id, speakerName: '张伟', order: 2, status: 'awaiting_review' },
      ],
      override: null,
    });

    // 王芳 uploads version 2, which is approved; 张伟's version 1 is approved.
    const v2 = await makeDeckVersion(db(), { talkId: ed.talks[0]!.id, version: 2, uploadedBy: adminId });
    expect((await review(v2.id, approve)).statusCode).toBe(201);
    expect((await review(ed.talks[1]!.versionId, approve)).statusCode).toBe(201);
    expect((await admin.request({ method: 'GET', url: `/api/editions/${ed.id}/readiness` })).json()).toMatchObject({
      ready: true,
      talks: [{ status: 'approved' }, { status: 'approved' }],
    });
    const needless = await override(admin, ed.id, '专家已全部审核通过');
    expect(needless.statusCode).toBe(409);
    expect(needless.json().error).toMatchObject({ code: 'readiness_not_needed', message: '所有课件均已审核通过，无需放行' });
    expect((await move(ed.id, 'ready')).json()).toMatchObject({ status: 'ready' });
  });

  it('lets a hall admin override with a reason: audited, shown in the readiness, and the edition goes ready', async () => {
    const ed = await edition();
    expect((await override(speaker, ed.id, '讲课人已按要求修改')).statusCode).toBe(403);
    expect((await override(admin, ed.id, '太短')).statusCode).toBe(400);
    const res = await override(admin, ed.id, '第二位讲课人课件已线下审核，时间紧急先行放行');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      ready: true,
      talks: [{ status: 'awaiting_review' }, { status: 'awaiting_review' }],
      override: { reason: '第二位讲课人课件已线下审核，时间紧急先行放行', by: 'hadmin' },
    });
    expect(body.override.at).toMatch(/^2026-02-01T/);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor_name', 'before_json', 'after_json'])
      .where('action', '=', 'edition.readiness_override')
      .where('entity_id', '=', ed.id)
      .execute();
    expect(audit.map((a) => [a.actor_name, JSON.parse(a.before_json!), JSON.parse(a.after_json!)])).toEqual([
      ['hadmin', { override: null }, { override: '第二位讲课人课件已线下审核，时间紧急先行放行', unapproved: ed.talks.map((x) => x.id) }],
    ]);
    expect((await move(ed.id, 'ready')).json()).toMatchObject({ status: 'ready' });
    // Only a preparing edition is overridden.
    const late = await override(admin, ed.id, '再次放行的理由说明');
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'transition_refused', details: { reasons: ['只有备课中的期次可以放行未审核通过的课件'] } });
  });

  it('shows readiness to hall managers only', async () => {
    const ed = await edition();
    expect((await speaker.request({ method: 'GET', url: `/api/editions/${ed.id}/readiness` })).statusCode).toBe(403);
    expect((await expert.request({ method: 'GET', url: `/api/editions/${ed.id}/readiness` })).statusCode).toBe(403);
    expect((await admin.request({ method: 'GET', url: '/api/editions/nope/readiness' })).statusCode).toBe(404);
  });
});
