import { DEFAULT_RUBRIC } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeUnit, makeUser, type UnitRef } from './factories';
import { MANUAL_START, ManualClock, makeAttendee, makeBallot, makeLiveEdition, makeQuestion, makeWindow, setLiveSession } from './live-fixtures';

describe.each(DIALECTS)('the live session on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let city: UnitRef;
  let unitA: UnitRef;
  let hallAdminId: string;
  let hostId: string;
  let expertAId: string;
  let expertBId: string;
  let hallAdmin: Session;
  let host: Session;
  let cadre: Session;

  beforeAll(async () => {
    clock = new ManualClock(MANUAL_START);
    t = await buildTestApp(dialect, { clock, env: { PUBLIC_URL: 'https://hall.example.cn/' } });
    const db = t.testDb.db;
    city = await makeUnit(db, '市委组织部');
    unitA = await makeUnit(db, '市卫健委', city);
    const unitB = await makeUnit(db, '市场监管局', city);
    hallAdminId = (await makeUser(db, 'halladmin_a', [['hall_admin', unitA]])).id;
    hostId = (await makeUser(db, 'host_city', [['host', city]])).id;
    await makeUser(db, 'cadre_a', [['cadre', unitA]]);
    expertAId = (await makeUser(db, 'expert_a', [['expert', unitA]])).id;
    expertBId = (await makeUser(db, 'expert_b', [['expert', unitB]])).id;
    hallAdmin = await login(t.app, 'halladmin_a');
    host = await login(t.app, 'host_city');
    cadre = await login(t.app, 'cadre_a');
  });
  afterAll(() => t.close());

  const send = (s: Session, editionId: string, payload: Record<string, unknown>) =>
    s.request({ method: 'POST', url: `/api/editions/${editionId}/live/commands`, payload });
  const consoleOf = async (editionId: string) => (await host.request({ method: 'GET', url: `/api/editions/${editionId}/live` })).json();
  const publicState = (editionId: string) => t.app.inject({ method: 'GET', url: `/api/live/${editionId}` });

  it('refuses commands before the edition is live; going live (even before its day) starts the session at idle', async () => {
    const { editionId } = await makeLiveEdition(t.testDb.db, unitA, { status: 'ready', date: '2026-12-31', byUserId: hallAdminId });
    const early = await send(host, editionId, { command: 'open_checkin' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toEqual({
      code: 'live_command_refused',
      message: '当前环节不能执行此操作',
      details: { reasons: ['本期尚未开讲：请先将本期状态改为“进行中”'] },
    });
    // A ready edition's screen already shows the welcome page and the QR code, with the check-in closed.
    expect((await publicState(editionId)).json()).toMatchObject({ step: 'idle', checkinOpen: false, screen: 'welcome', version: 0 });
    expect(await t.testDb.db.selectFrom('live_sessions').select('edition_id').where('edition_id', '=', editionId).execute()).toEqual([]);

    const live = await hallAdmin.request({ method: 'POST', url: `/api/editions/${editionId}/transition`, payload: { to: 'live' } });
    expect(live.json()).toMatchObject({ status: 'live' });
    const row = await t.testDb.db.selectFrom('live_sessions').selectAll().where('edition_id', '=', editionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ step: 'idle', checkin_open: 0, screen: 'welcome', window_id: null, current_talk_id: null });
    expect(Number(row.version)).toBe(0);
    expect(await consoleOf(editionId)).toMatchObject({ step: 'idle', stepStartedAt: null, checkinOpen: false, currentTalkId: null, window: null, version: 0 });
  });

  it('walks the steps through the API, refusing out-of-order commands with their reasons, and audits each', async () => {
    const { editionId, talkIds } = await makeLiveEdition(t.testDb.db, unitA, { speakers: ['张伟', '李娜'], byUserId: hallAdminId });
    const [t1, t2] = talkIds as [string, string];
    const refusal = async (payload: Record<string, unknown>) => {
      const res = await send(host, editionId, payload);
      expect(res.statusCode).toBe(409);
      return res.json().error.details.reasons;
    };

    expect(await refusal({ command: 'start_qa' })).toEqual(['只有在讲课环节才能开始互动问答']);
    expect((await send(host, editionId, { command: 'open_checkin' })).json()).toMatchObject({ step: 'checkin', checkinOpen: true, version: 1 });
    expect(await refusal({ command: 'open_scoring', talkId: t1 })).toEqual(['讲课尚未开始，不能开始评分']);
    expect((await send(host, editionId, { command: 'start_talk', talkId: t1 })).json()).toMatchObject({ step: 'talk', currentTalkId: t1, checkinOpen: true });
    expect((await send(host, editionId, { command: 'start_qa' })).json()).toMatchObject({ step: 'qa', currentTalkId: t1 });
    const scoring = (await send(host, editionId, { command: 'open_scoring', talkId: t1 })).json();
    expect(scoring).toMatchObject({ step: 'scoring', currentTalkId: t1, window: { talkId: t1, openedAt: MANUAL_START, closesAt: null, closedAt: null } });
    expect(await refusal({ command: 'start_talk', talkId: t2 })).toEqual(['评分进行中：请先结束当前的评分']);
    expect(await refusal({ command: 'open_scoring', talkId: t1 })).toEqual(['该讲课人的评分已经开始']);
    expect(await refusal({ command: 'start_talk', talkId: 'not-a-talk' })).toEqual(['该讲题不属于本期']);
    clock.advance(120);
    const closed = (await send(host, editionId, { command: 'close_scoring' })).json();
    expect(closed).toMatchObject({ step: 'between', window: { id: scoring.window.id, closedAt: '2026-03-15T06:32:00.000Z' } });
    expect(await refusal({ command: 'close_scoring' })).toEqual(['当前没有进行中的评分']);
    expect((await send(host, editionId, { command: 'screen', mode: 'progress' })).json()).toMatchObject({ screen: 'progress', step: 'between' });
    expect((await send(host, editionId, { command: 'start_talk', talkId: t2 })).json()).toMatchObject({ step: 'talk', currentTalkId: t2 });
    expect((await send(host, editionId, { command: 'open_scoring', talkId: t2, autoCloseSeconds: null })).json()).toMatchObject({ step: 'scoring' });
    const ended = (await send(host, editionId, { command: 'end' })).json();
    expect(ended).toMatchObject({ step: 'ended', checkinOpen: false, currentTalkId: null, window: { talkId: t2, closedAt: '2026-03-15T06:32:00.000Z' } });
    expect(await refusal({ command: 'open_checkin' })).toEqual(['本场已散场，不能再操作']);
    expect((await send(host, editionId, { command: 'screen', mode: 'results' })).json()).toMatchObject({ screen: 'results', version: 10 });

    const windows = await t.testDb.db
      .selectFrom('scoring_windows')
      .select(['talk_id', 'opened_by', 'closed_by', 'closed_at'])
      .where('edition_id', '=', editionId)
      .orderBy('opened_at')
      .execute();
    expect(windows).toEqual([
      { talk_id: t1, opened_by: hostId, closed_by: hostId, closed_at: '2026-03-15T06:32:00.000Z' },
      { talk_id: t2, opened_by: hostId, closed_by: hostId, closed_at: '2026-03-15T06:32:00.000Z' },
    ]);
    const audit = await t.testDb.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('entity_id', '=', editionId)
      .where('action', 'like', 'live.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'live.open_checkin',
      'live.start_talk',
      'live.start_qa',
      'live.open_scoring',
      'live.close_scoring',
      'live.screen',
      'live.start_talk',
      'live.open_scoring',
      'live.end',
      'live.screen',
    ]);
    expect(new Set(audit.map((a) => a.actor_user_id))).toEqual(new Set([hostId]));
    clock.set(MANUAL_START);
  });

  it('closes an auto-closing window when its time passes, on the next read, at the time it was due', async () => {
    const { editionId, talkIds } = await makeLiveEdition(t.testDb.db, unitA, { byUserId: hallAdminId });
    await send(host, editionId, { command: 'start_talk', talkId: talkIds[0] });
    const opened = (await send(host, editionId, { command: 'open_scoring', talkId: talkIds[0], autoCloseSeconds: 60 })).json();
    expect(opened.window).toEqual({ id: opened.window.id, talkId: talkIds[0], openedAt: MANUAL_START, closesAt: '2026-03-15T06:31:00.000Z', closedAt: null });

    clock.advance(59);
    expect((await publicState(editionId)).json()).toMatchObject({ step: 'scoring', window: { closedAt: null } });
    clock.advance(1);
    // The read finds the window due, closes it as at its closing time and moves on to between.
    const after = (await publicState(editionId)).json();
    expect(after).toMatchObject({ step: 'between', stepStartedAt: '2026-03-15T06:31:00.000Z', window: { closedAt: '2026-03-15T06:31:00.000Z' } });
    const row = await t.testDb.db.selectFrom('scoring_windows').select(['closed_at', 'closed_by']).where('id', '=', opened.window.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ closed_at: '2026-03-15T06:31:00.000Z', closed_by: null });
    expect((await consoleOf(editionId)).version).toBe(after.version);
    const audit = await t.testDb.db
      .selectFrom('audit_log')
      .select('actor_user_id')
      .where('entity_id', '=', editionId)
      .where('action', '=', 'live.scoring_auto_closed')
      .execute();
    expect(audit).toEqual([{ actor_user_id: null }]);
    // The host's close comes too late: nothing is open.
    expect((await send(host, editionId, { command: 'close_scoring' })).json().error.details).toEqual({ reasons: ['当前没有进行中的评分'] });
    clock.set(MANUAL_START);
  });

  it('closes a due window when a command comes first, and another instance closes it through the service', async () => {
    const { editionId, talkIds } = await makeLiveEdition(t.testDb.db, unitA, { speakers: ['甲', '乙'], byUserId: hallAdminId });
    await send(host, editionId, { command: 'start_talk', talkId: talkIds[0] });
    const opened = (await send(host, editionId, { command: 'open_scoring', talkId: talkIds[0], autoCloseSeconds: 30 })).json();
    clock.advance(45);
    const next = (await send(host, editionId, { command: 'start_talk', talkId: talkIds[1] })).json();
    expect(next).toMatchObject({ step: 'talk', currentTalkId: talkIds[1], window: { id: opened.window.id, closedAt: '2026-03-15T06:30:30.000Z' } });
    // Nothing is left to close.
    expect(await t.app.services.live.closeExpired(editionId)).toBe(false);
    clock.set(MANUAL_START);
  });

  it('builds the snapshot: talks in order with speaker and unit, rubric, counters of distinct raters, the public questions', async () => {
    const db = t.testDb.db;
    const { editionId, talkIds, seq } = await makeLiveEdition(db, unitA, { speakers: ['王芳', '陈刚'], byUserId: hallAdminId });
    const [t1, t2] = talkIds as [string, string];
    const a1 = await makeAttendee(db, editionId, { category: 'organ' });
    const a2 = await makeAttendee(db, editionId, { category: 'party_school', className: '中青班' });
    await makeAttendee(db, editionId, { counted: false, firstAttendeeId: a1.id });
    const w1 = await makeWindow(db, editionId, t1);
    const w2 = await makeWindow(db, editionId, t2);
    // a1 amends its ballot on t1: two versions, one rater.
    await makeBallot(db, { editionId, talkId: t1, windowId: w1, raterKey: a1.id, group: 'audience', version: 1 });
    await makeBallot(db, { editionId, talkId: t1, windowId: w1, raterKey: a1.id, group: 'audience', version: 2 });
    await makeBallot(db, { editionId, talkId: t1, windowId: w1, raterKey: a2.id, group: 'audience' });
    await makeBallot(db, { editionId, talkId: t2, windowId: w2, raterKey: a2.id, group: 'audience' });
    await makeBallot(db, { editionId, talkId: t1, windowId: w1, raterKey: expertAId, group: 'expert' });
    const q = (text: string, f: Partial<Parameters<typeof makeQuestion>[1]> = {}) =>
      makeQuestion(db, { editionId, attendeeId: a1.id, text, state: 'approved', ...f });
    const popular = await q('基层减负如何落到实处？', { upvotes: 9, createdAt: '2026-03-15T06:10:00.000Z' });
    const pinned = await q('请谈谈健康城市建设的下一步', { pinned: true, upvotes: 1, createdAt: '2026-03-15T06:20:00.000Z' });
    const older = await q('医联体的经验能否推广？', { upvotes: 3, createdAt: '2026-03-15T06:01:00.000Z' });
    const answered = await q('家庭医生签约率怎么提高？', { state: 'answered', upvotes: 3, createdAt: '2026-03-15T06:05:00.000Z' });
    await q('待审核的问题', { state: 'pending', upvotes: 50 });
    await q('已隐藏的问题', { state: 'hidden', upvotes: 50 });
    await q('被合并的重复问题', { upvotes: 50, mergedInto: popular.id });

    const snap = await consoleOf(editionId);
    expect(snap).toEqual({
      editionId,
      version: 0,
      editionTitle: `第${seq}期`,
      editionSeq: seq,
      hallName: '市卫健委干部讲堂',
      date: '2026-03-15',
      venue: '市委党校报告厅',
      step: 'idle',
      stepStartedAt: null,
      checkinOpen: false,
      currentTalkId: null,
      window: null,
      talks: [
        { talkId: t1, order: 1, speakerName: '王芳', unitPathName: '市卫健委', title: '王芳的讲题' },
        { talkId: t2, order: 2, speakerName: '陈刚', unitPathName: '市卫健委', title: '陈刚的讲题' },
      ],
      rubric: DEFAULT_RUBRIC,
      screen: 'welcome',
      counters: { checkedIn: 2, connected: 0, audienceBallots: { [t1]: 2, [t2]: 1 }, expertBallots: { [t1]: 1 } },
      questions: [
        { id: pinned.id, text: '请谈谈健康城市建设的下一步', talkId: null, upvotes: 1, pinned: true, answered: false, createdAt: '2026-03-15T06:20:00.000Z' },
        { id: popular.id, text: '基层减负如何落到实处？', talkId: null, upvotes: 9, pinned: false, answered: false, createdAt: '2026-03-15T06:10:00.000Z' },
        { id: older.id, text: '医联体的经验能否推广？', talkId: null, upvotes: 3, pinned: false, answered: false, createdAt: '2026-03-15T06:01:00.000Z' },
        { id: answered.id, text: '家庭医生签约率怎么提高？', talkId: null, upvotes: 3, pinned: false, answered: true, createdAt: '2026-03-15T06:05:00.000Z' },
      ],
      checkInUrl: `https://hall.example.cn/audience/${editionId}`,
    });

    // The audience sees the same counts and questions, never who asked or who rated.
    const pub = await publicState(editionId);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toEqual(snap);
    for (const id of [a1.id, a2.id, expertAId]) expect(pub.body).not.toContain(id);
    expect(pub.body).not.toContain('attendee');
    expect(pub.body).not.toContain('待审核的问题');
  });

  it('answers the audience page and the QR code without a session only while the edition is ready or live', async () => {
    const { editionId } = await makeLiveEdition(t.testDb.db, unitA, { byUserId: hallAdminId });
    const qr = await t.app.inject({ method: 'GET', url: `/api/live/${editionId}/qr.svg` });
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(qr.body.startsWith('<svg')).toBe(true);
    expect(qr.body).toContain('</svg>');

    for (const status of ['planning', 'preparing', 'closed', 'published'] as const) {
      const other = await makeLiveEdition(t.testDb.db, unitA, { status, byUserId: hallAdminId });
      for (const url of [`/api/live/${other.editionId}`, `/api/live/${other.editionId}/qr.svg`]) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(409);
        expect(res.json().error).toEqual({ code: 'not_live', message: '本期尚未开讲或已经结束' });
      }
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/live/no-such-edition' })).statusCode).toBe(404);
  });

  it('keeps the host console to hosts over the subtree and the hall managers', async () => {
    const { editionId } = await makeLiveEdition(t.testDb.db, unitA, { byUserId: hallAdminId });
    await setLiveSession(t.testDb.db, editionId);
    expect((await hallAdmin.request({ method: 'GET', url: `/api/editions/${editionId}/live` })).statusCode).toBe(200);
    expect((await cadre.request({ method: 'GET', url: `/api/editions/${editionId}/live` })).statusCode).toBe(403);
    expect((await send(cadre, editionId, { command: 'screen', mode: 'speaker' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/editions/${editionId}/live` })).statusCode).toBe(401);
    expect((await host.request({ method: 'GET', url: '/api/editions/no-such-edition/live' })).statusCode).toBe(404);
    const bad = await send(host, editionId, { command: 'open_scoring', talkId: 'x', autoCloseSeconds: 5 });
    expect(bad.statusCode).toBe(400);
  });

  it('appoints the expert panel from the experts related to the hall; the host reads it', async () => {
    const { editionId } = await makeLiveEdition(t.testDb.db, unitA, { status: 'ready', byUserId: hallAdminId });
    const url = `/api/editions/${editionId}/live/experts`;
    expect((await host.request({ method: 'GET', url })).json()).toEqual({ items: [] });
    const wrong = await hallAdmin.request({ method: 'PUT', url, payload: { expertUserIds: [expertAId, expertBId] } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toEqual([
      { path: 'body.expertUserIds.1', message: 'expert_b不是本讲堂可安排的专家（需启用并持有本单位相关的专家角色）' },
    ]);
    const ok = await hallAdmin.request({ method: 'PUT', url, payload: { expertUserIds: [expertAId, expertAId] } });
    expect(ok.json()).toEqual({ items: [{ userId: expertAId, displayName: 'expert_a' }] });
    expect((await host.request({ method: 'GET', url })).json()).toEqual({ items: [{ userId: expertAId, displayName: 'expert_a' }] });
    // Appointing is managing the hall, which a host does not.
    expect((await host.request({ method: 'PUT', url, payload: { expertUserIds: [] } })).statusCode).toBe(403);
    expect((await hallAdmin.request({ method: 'PUT', url, payload: { expertUserIds: [] } })).json()).toEqual({ items: [] });
    const audit = await t.testDb.db
      .selectFrom('audit_log')
      .select(['after_json'])
      .where('entity_id', '=', editionId)
      .where('action', '=', 'live.experts_appointed')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => JSON.parse(a.after_json!))).toEqual([{ expertUserIds: [expertAId] }, { expertUserIds: [] }]);
  });
});
