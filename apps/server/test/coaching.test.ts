import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser } from './factories';
import { makeTalk } from './programme-factories';
import { tickingClock } from './review-factories';

const scores = (language: number, deportment: number, timing: number, structure: number) => ({ language, deportment, timing, structure });
const feedbackBody = (s: ReturnType<typeof scores>, overall = '') => ({
  scores: s,
  notes: { language: '语速偏快', deportment: '', timing: '', structure: '' },
  overall,
});

describe.each(DIALECTS)('coaching sessions on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let expertA: Session;
  let expertB: Session;
  let expertC: Session;
  let speaker1: Session;
  let speaker2: Session;
  let editionId: string;
  let otherTalk: string;
  const talks: string[] = [];
  const ids: Record<string, string> = {};
  const sessions: string[] = [];
  const db = () => t.testDb.db;

  const feedback = (s: Session, sessionId: string, talkId: string, body: object) =>
    s.request({ method: 'PUT', url: `/api/coaching-sessions/${sessionId}/feedback/${talkId}`, payload: body });

  beforeAll(async () => {
    t = await buildTestApp(dialect, { clock: tickingClock('2026-02-01T00:00:00.000Z'), env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    const city = await makeUnit(db(), '市委组织部');
    const bureau = await makeUnit(db(), '市卫健委', city);
    const hall = await makeHall(db(), bureau, { name: '卫健讲堂' });
    editionId = (await makeEdition(db(), hall.id, { status: 'preparing', speakerCount: 3 })).id;
    const otherEdition = (await makeEdition(db(), hall.id, { status: 'preparing', speakerCount: 1 })).id;
    ids.admin = (await makeUser(db(), 'hadmin', [['hall_admin', bureau]])).id;
    for (const [key, name] of [
      ['expertA', 'expert_a'],
      ['expertB', 'expert_b'],
      ['expertC', 'expert_c'],
    ])
      ids[key!] = (await makeUser(db(), name!, [['expert', bureau]])).id;
    ids.cadre = (await makeUser(db(), 'cadre', [['cadre', bureau]])).id;
    for (const [i, name] of ['王芳', '张伟', '李强'].entries()) {
      const person = await makePerson(db(), bureau, { name });
      talks.push((await makeTalk(db(), { editionId, personId: person.id, nominatedBy: ids.admin, title: `讲题${i + 1}`, position: i + 1 })).id);
      if (i < 2) ids[`speaker${i + 1}`] = (await makeUser(db(), `speaker${i + 1}`, [['cadre', bureau]], person.id)).id;
    }
    const elsewhere = await makePerson(db(), bureau, { name: '外期讲课人' });
    otherTalk = (await makeTalk(db(), { editionId: otherEdition, personId: elsewhere.id, nominatedBy: ids.admin })).id;
    admin = await login(t.app, 'hadmin');
    expertA = await login(t.app, 'expert_a');
    expertB = await login(t.app, 'expert_b');
    expertC = await login(t.app, 'expert_c');
    speaker1 = await login(t.app, 'speaker1');
    speaker2 = await login(t.app, 'speaker2');
  });
  afterAll(() => t.close());

  it('plans sessions: talks of the edition and experts of the hall only, by hall managers', async () => {
    const url = `/api/editions/${editionId}/coaching-sessions`;
    const bad = await admin.request({
      method: 'POST',
      url,
      payload: { date: '2026-02-10', place: '市委党校302教室', expertUserIds: [ids.expertA, ids.cadre], talkIds: [talks[0], otherTalk] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: 'body.talkIds.1', message: '该讲课人不属于本期' }]);
    const notExpert = await admin.request({
      method: 'POST',
      url,
      payload: { date: '2026-02-10', place: '市委党校', expertUserIds: [ids.expertA, ids.cadre], talkIds: [talks[0]] },
    });
    expect(notExpert.json().error.details).toEqual([
      { path: 'body.expertUserIds.1', message: 'cadre不是本讲堂可安排的专家（需启用并持有本单位相关的专家角色）' },
    ]);
    expect(
      (await speaker1.request({ method: 'POST', url, payload: { date: '2026-02-10', place: '市委党校', expertUserIds: [ids.expertA], talkIds: [talks[0]] } }))
        .statusCode,
    ).toBe(403);

    // Planned out of order: the later session first.
    const second = await admin.request({
      method: 'POST',
      url,
      payload: { date: '2026-02-20', startTime: '14:30', place: '卫健委会议室', expertUserIds: [ids.expertA], talkIds: [talks[0]] },
    });
    const first = await admin.request({
      method: 'POST',
      url,
      payload: { date: '2026-02-10', place: '市委党校302教室', notes: '第一次试讲', expertUserIds: [ids.expertB, ids.expertA], talkIds: [talks[1], talks[0]] },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      editionId,
      date: '2026-02-10',
      startTime: '09:00',
      place: '市委党校302教室',
      notes: '第一次试讲',
      experts: [
        { userId: ids.expertA, displayName: 'expert_a' },
        { userId: ids.expertB, displayName: 'expert_b' },
      ],
      talks: [
        { talkId: talks[0], speakerName: '王芳', order: 1 },
        { talkId: talks[1], speakerName: '张伟', order: 2 },
      ],
      canRecord: false,
    });
    sessions.push(first.json().id, second.json().id);
    const audit = await db().selectFrom('audit_log').select('action').where('entity_type', '=', 'coaching_session').execute();
    expect(audit.map((a) => a.action)).toEqual(['coaching.session_created', 'coaching.session_created']);
  });

  it('takes feedback from a session expert on a speaker of the session, one per expert, and notifies the speaker', async () => {
    const [s1, s2] = sessions as [string, string];
    const firstTry = await feedback(expertA, s1, talks[0]!, feedbackBody(scores(4, 4, 4, 4)));
    expect(firstTry.statusCode).toBe(200);
    const corrected = await feedback(expertA, s1, talks[0]!, feedbackBody(scores(6, 7, 5, 8), '整体不错，注意控制时间'));
    expect(corrected.json()).toMatchObject({
      id: firstTry.json().id,
      sessionId: s1,
      talkId: talks[0],
      expert: 'expert_a',
      scores: scores(6, 7, 5, 8),
      notes: { language: '语速偏快', deportment: '', timing: '', structure: '' },
      overall: '整体不错，注意控制时间',
    });
    expect((await feedback(expertB, s1, talks[0]!, feedbackBody(scores(7, 6, 6, 7)))).statusCode).toBe(200);
    expect((await feedback(expertA, s2, talks[0]!, feedbackBody(scores(8, 8, 7, 9)))).statusCode).toBe(200);
    expect((await feedback(expertA, s1, talks[1]!, feedbackBody(scores(5, 5, 5, 5)))).statusCode).toBe(200);

    // Not an expert of the session; the speaker itself; a talk not in the session; out of range.
    expect((await feedback(expertC, s1, talks[0]!, feedbackBody(scores(9, 9, 9, 9)))).statusCode).toBe(403);
    expect((await feedback(expertB, s2, talks[0]!, feedbackBody(scores(9, 9, 9, 9)))).statusCode).toBe(403);
    expect((await feedback(speaker1, s1, talks[0]!, feedbackBody(scores(9, 9, 9, 9)))).statusCode).toBe(403);
    expect((await feedback(expertA, s2, talks[1]!, feedbackBody(scores(9, 9, 9, 9)))).statusCode).toBe(404);
    expect((await feedback(expertA, s1, talks[0]!, feedbackBody(scores(11, 9, 9, 9)))).statusCode).toBe(400);

    const rows = await db()
      .selectFrom('coaching_feedback')
      .select(['session_id', 'talk_id', 'expert_user_id', 'language'])
      .where('session_id', '=', s1)
      .execute();
    expect(rows.filter((r) => r.talk_id === talks[0] && r.expert_user_id === ids.expertA)).toEqual([
      { session_id: s1, talk_id: talks[0], expert_user_id: ids.expertA, language: 6 },
    ]);
    const notices = await db()
      .selectFrom('notifications')
      .select(['title', 'body', 'link'])
      .where('user_id', '=', ids.speaker1!)
      .where('kind', '=', 'coaching.feedback')
      .execute();
    expect(notices).toHaveLength(4);
    expect(notices[0]).toEqual({
      title: '授课培训反馈已发布',
      body: 'expert_a对您在2026-02-10授课培训中的表现给出了反馈',
      link: `/talks/${talks[0]}/deck`,
    });
    const audit = await db().selectFrom('audit_log').select('before_json').where('action', '=', 'coaching.feedback_recorded').orderBy('at').execute();
    expect(audit).toHaveLength(5);
    expect(JSON.parse(audit[1]!.before_json!)).toEqual({ scores: scores(4, 4, 4, 4), overall: '' });
  });

  it("shows the speaker its feedback and its trend over the two sessions, and nobody else's", async () => {
    const res = await speaker1.request({ method: 'GET', url: `/api/talks/${talks[0]}/coaching` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.speakerName).toBe('王芳');
    expect(
      body.sessions.map((s: { session: { id: string }; mean: unknown; feedback: Array<{ expert: string }> }) => [
        s.session.id,
        s.mean,
        s.feedback.map((f) => f.expert),
      ]),
    ).toEqual([
      [sessions[0], scores(6.5, 6.5, 5.5, 7.5), ['expert_a', 'expert_b']],
      [sessions[1], scores(8, 8, 7, 9), ['expert_a']],
    ]);
    expect(body.trend).toEqual({ language: [6.5, 8], deportment: [6.5, 8], timing: [5.5, 7], structure: [7.5, 9] });

    expect((await speaker1.request({ method: 'GET', url: `/api/talks/${talks[1]}/coaching` })).statusCode).toBe(403);
    expect((await expertC.request({ method: 'GET', url: `/api/talks/${talks[0]}/coaching` })).statusCode).toBe(403);
    // An expert who coached the talk sees it without being assigned to review its deck.
    expect((await expertB.request({ method: 'GET', url: `/api/talks/${talks[0]}/coaching` })).statusCode).toBe(200);
    const third = (await admin.request({ method: 'GET', url: `/api/talks/${talks[2]}/coaching` })).json();
    expect(third).toEqual({ talkId: talks[2], speakerName: '李强', sessions: [], trend: { language: [], deportment: [], timing: [], structure: [] } });
  });

  it('gives hall managers the grid of speakers × sessions, null where not coached', async () => {
    const res = await admin.request({ method: 'GET', url: `/api/editions/${editionId}/coaching-grid` });
    expect(res.statusCode).toBe(200);
    const [s1, s2] = sessions;
    expect(res.json()).toEqual({
      sessions: [
        { id: s1, date: '2026-02-10', place: '市委党校302教室' },
        { id: s2, date: '2026-02-20', place: '卫健委会议室' },
      ],
      rows: [
        {
          talkId: talks[0],
          speakerName: '王芳',
          order: 1,
          cells: [
            { sessionId: s1, mean: scores(6.5, 6.5, 5.5, 7.5), feedbackCount: 2 },
            { sessionId: s2, mean: scores(8, 8, 7, 9), feedbackCount: 1 },
          ],
        },
        {
          talkId: talks[1],
          speakerName: '张伟',
          order: 2,
          cells: [
            { sessionId: s1, mean: scores(5, 5, 5, 5), feedbackCount: 1 },
            { sessionId: s2, mean: null, feedbackCount: 0 },
          ],
        },
        {
          talkId: talks[2],
          speakerName: '李强',
          order: 3,
          cells: [
            { sessionId: s1, mean: null, feedbackCount: 0 },
            { sessionId: s2, mean: null, feedbackCount: 0 },
          ],
        },
      ],
    });
    expect((await expertA.request({ method: 'GET', url: `/api/editions/${editionId}/coaching-grid` })).statusCode).toBe(403);
  });

  it('lists sessions: all for managers, those one is in for experts and speakers, 403 for others', async () => {
    const url = `/api/editions/${editionId}/coaching-sessions`;
    const idsOf = async (s: Session) =>
      (await s.request({ method: 'GET', url })).json().items.map((x: { id: string; canRecord: boolean }) => [x.id, x.canRecord]);
    expect(await idsOf(admin)).toEqual([
      [sessions[0], false],
      [sessions[1], false],
    ]);
    expect(await idsOf(expertA)).toEqual([
      [sessions[0], true],
      [sessions[1], true],
    ]);
    expect(await idsOf(expertB)).toEqual([[sessions[0], true]]);
    expect(await idsOf(speaker2)).toEqual([[sessions[0], false]]);
    expect((await expertC.request({ method: 'GET', url })).statusCode).toBe(403);
  });

  it('edits a session, refusing to take out a speaker who has feedback in it', async () => {
    const s2 = sessions[1]!;
    const drop = await admin.request({ method: 'PATCH', url: `/api/coaching-sessions/${s2}`, payload: { talkIds: [talks[2]] } });
    expect(drop.statusCode).toBe(409);
    expect(drop.json().error.details).toEqual({ reason: '已有培训反馈的讲课人不能移出本次培训', talkIds: [talks[0]] });
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/coaching-sessions/${s2}`,
      payload: { place: '市民中心', talkIds: [talks[2], talks[0]], expertUserIds: [ids.expertA, ids.expertC] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      place: '市民中心',
      date: '2026-02-20',
      talks: [{ talkId: talks[0] }, { talkId: talks[2] }],
      experts: [{ displayName: 'expert_a' }, { displayName: 'expert_c' }],
    });
    expect((await speaker1.request({ method: 'PATCH', url: `/api/coaching-sessions/${s2}`, payload: { place: '别处' } })).statusCode).toBe(403);
    expect((await admin.request({ method: 'PATCH', url: '/api/coaching-sessions/nope', payload: { place: '别处' } })).statusCode).toBe(404);
    // expertC may now record feedback in it.
    expect((await feedback(expertC, s2, talks[2]!, feedbackBody(scores(7, 7, 7, 7)))).statusCode).toBe(200);
  });
});
