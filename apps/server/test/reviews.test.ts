import { REVIEW_CHECKLIST } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser } from './factories';
import { makeTalk } from './programme-factories';
import { makeDeckVersion, tickingClock } from './review-factories';

const checklist = (notOk: string[] = []) => REVIEW_CHECKLIST.map((item) => ({ item, ok: !notOk.includes(item), note: notOk.includes(item) ? '请核实' : '' }));

describe.each(DIALECTS)('expert review of decks on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let expert1: Session;
  let expert2: Session;
  let speaker1: Session;
  let loner: Session;
  let ids: Record<'admin' | 'expert1' | 'expert2' | 'outsideExpert' | 'cadre' | 'disabledExpert' | 'speakerUser1', string>;
  let editionId: string;
  let talk1: string;
  let talk2: string;
  const db = () => t.testDb.db;

  const submit = (s: Session, versionId: string, payload: object) => s.request({ method: 'POST', url: `/api/deck-versions/${versionId}/reviews`, payload });
  const notificationsOf = (userId: string, kind: string) =>
    db().selectFrom('notifications').select(['title', 'body', 'link']).where('user_id', '=', userId).where('kind', '=', kind).orderBy('created_at').execute();

  beforeAll(async () => {
    t = await buildTestApp(dialect, { clock: tickingClock('2026-02-01T00:00:00.000Z'), env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    const city = await makeUnit(db(), '市委组织部');
    const bureau = await makeUnit(db(), '市卫健委', city);
    const market = await makeUnit(db(), '市场监管局', city);
    const hall = await makeHall(db(), bureau, { name: '卫健讲堂' });
    editionId = (await makeEdition(db(), hall.id, { status: 'preparing', speakerCount: 2 })).id;
    const p1 = await makePerson(db(), bureau, { name: '王芳' });
    const p2 = await makePerson(db(), bureau, { name: '张伟' });
    ids = {
      admin: (await makeUser(db(), 'hadmin', [['hall_admin', bureau]])).id,
      // An expert over the city: related to the bureau's hall from above.
      expert1: (await makeUser(db(), 'expert1', [['expert', city]])).id,
      expert2: (await makeUser(db(), 'expert2', [['expert', bureau]])).id,
      outsideExpert: (await makeUser(db(), 'expert_market', [['expert', market]])).id,
      cadre: (await makeUser(db(), 'cadre', [['cadre', bureau]])).id,
      disabledExpert: (await makeUser(db(), 'expert_gone', [['expert', bureau]])).id,
      speakerUser1: (await makeUser(db(), 'speaker1', [['cadre', bureau]], p1.id)).id,
    };
    await makeUser(db(), 'speaker2', [['cadre', bureau]], p2.id);
    await db().updateTable('users').set({ disabled_at: '2026-01-15T00:00:00.000Z' }).where('id', '=', ids.disabledExpert).execute();
    talk1 = (await makeTalk(db(), { editionId, personId: p1.id, nominatedBy: ids.admin, title: '健康城市建设的实践', position: 1 })).id;
    talk2 = (await makeTalk(db(), { editionId, personId: p2.id, nominatedBy: ids.admin, title: '基层医改的探索', position: 2 })).id;
    admin = await login(t.app, 'hadmin');
    expert1 = await login(t.app, 'expert1');
    expert2 = await login(t.app, 'expert2');
    speaker1 = await login(t.app, 'speaker1');
    loner = await login(t.app, 'cadre');
  });
  afterAll(() => t.close());

  it('lists the experts a hall admin may assign: expert role related to the hall, enabled', async () => {
    const res = await admin.request({ method: 'GET', url: `/api/experts?editionId=${editionId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { userId: ids.expert1, displayName: 'expert1' },
      { userId: ids.expert2, displayName: 'expert2' },
    ]);
    expect((await expert1.request({ method: 'GET', url: `/api/experts?editionId=${editionId}` })).statusCode).toBe(403);
  });

  it('assigns experts: refuses a non-expert, an unrelated expert and a disabled one by name; notifies only the newly assigned', async () => {
    const bad = await admin.request({
      method: 'PUT',
      url: `/api/talks/${talk2}/experts`,
      payload: { expertUserIds: [ids.expert1, ids.cadre, ids.outsideExpert, ids.disabledExpert] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'validation_failed',
      details: [
        { path: 'body.expertUserIds.1', message: 'cadre不是本讲堂可安排的专家（需启用并持有本单位相关的专家角色）' },
        { path: 'body.expertUserIds.2', message: 'expert_market不是本讲堂可安排的专家（需启用并持有本单位相关的专家角色）' },
        { path: 'body.expertUserIds.3', message: 'expert_gone不是本讲堂可安排的专家（需启用并持有本单位相关的专家角色）' },
      ],
    });
    expect((await speaker1.request({ method: 'PUT', url: `/api/talks/${talk1}/experts`, payload: { expertUserIds: [ids.expert1] } })).statusCode).toBe(403);

    const first = await admin.request({ method: 'PUT', url: `/api/talks/${talk2}/experts`, payload: { expertUserIds: [ids.expert2] } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      talkId: talk2,
      speakerName: '张伟',
      order: 2,
      status: 'none',
      versions: [],
      canAssign: true,
      canUpload: true,
      canReview: false,
    });
    const both = await admin.request({ method: 'PUT', url: `/api/talks/${talk2}/experts`, payload: { expertUserIds: [ids.expert2, ids.expert1] } });
    expect(both.json().experts).toEqual([
      { userId: ids.expert2, displayName: 'expert2' },
      { userId: ids.expert1, displayName: 'expert1' },
    ]);
    const only1 = await admin.request({ method: 'PUT', url: `/api/talks/${talk2}/experts`, payload: { expertUserIds: [ids.expert1] } });
    expect(only1.json().experts).toEqual([{ userId: ids.expert1, displayName: 'expert1' }]);
    // expert1 on talk1 for the rounds below.
    await admin.request({ method: 'PUT', url: `/api/talks/${talk1}/experts`, payload: { expertUserIds: [ids.expert1] } });

    expect(await notificationsOf(ids.expert2, 'review.assigned')).toEqual([
      { title: '请审核课件', body: '卫健讲堂第1期，第2位讲课人张伟《基层医改的探索》的课件请您审核', link: `/talks/${talk2}/deck` },
    ]);
    expect((await notificationsOf(ids.expert1, 'review.assigned')).map((n) => n.link)).toEqual([`/talks/${talk2}/deck`, `/talks/${talk1}/deck`]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'review.experts_assigned')
      .where('entity_id', '=', talk2)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => [JSON.parse(a.before_json!).expertUserIds, JSON.parse(a.after_json!).expertUserIds])).toEqual([
      [[], [ids.expert2]],
      [[ids.expert2], [ids.expert2, ids.expert1]],
      [[ids.expert2, ids.expert1], [ids.expert1]],
    ]);
  });

  it('shows an expert its assigned decks only, and a speaker its own', async () => {
    expect((await expert2.request({ method: 'GET', url: `/api/talks/${talk1}/deck` })).statusCode).toBe(403);
    expect((await expert2.request({ method: 'GET', url: `/api/talks/${talk1}/reviews` })).statusCode).toBe(403);
    expect((await expert2.request({ method: 'GET', url: `/api/editions/${editionId}/decks` })).statusCode).toBe(403);
    expect((await loner.request({ method: 'GET', url: `/api/editions/${editionId}/decks` })).statusCode).toBe(403);
    expect((await expert1.request({ method: 'GET', url: `/api/talks/${talk1}/deck` })).statusCode).toBe(200);

    const asExpert = await expert1.request({ method: 'GET', url: `/api/editions/${editionId}/decks` });
    expect(asExpert.json().items.map((d: { talkId: string }) => d.talkId)).toEqual([talk1, talk2]);
    const asSpeaker = await speaker1.request({ method: 'GET', url: `/api/editions/${editionId}/decks` });
    expect(asSpeaker.json().items.map((d: { talkId: string; canUpload: boolean; canAssign: boolean }) => [d.talkId, d.canUpload, d.canAssign])).toEqual([
      [talk1, true, false],
    ]);
    const asAdmin = await admin.request({ method: 'GET', url: `/api/editions/${editionId}/decks` });
    expect(asAdmin.json().items.map((d: { order: number; status: string }) => [d.order, d.status])).toEqual([
      [1, 'none'],
      [2, 'none'],
    ]);

    const work = await expert1.request({ method: 'GET', url: '/api/reviews/assigned' });
    expect(
      work.json().items.map((a: { talkId: string; awaitingMe: boolean; latestVersion: number | null }) => [a.talkId, a.awaitingMe, a.latestVersion]),
    ).toEqual([
      [talk1, false, null],
      [talk2, false, null],
    ]);
    expect((await loner.request({ method: 'GET', url: '/api/reviews/assigned' })).json()).toEqual({ items: [] });
  });

  it('runs two review rounds: revise with page comments, a new version, the old comments resolved, approval', async () => {
    const v1 = await makeDeckVersion(db(), { talkId: talk1, version: 1, uploadedBy: ids.speakerUser1, pageCount: 10 });
    const deck1 = (await expert1.request({ method: 'GET', url: `/api/talks/${talk1}/deck` })).json();
    expect(deck1).toMatchObject({ status: 'awaiting_review', canReview: true, canUpload: false });
    expect(deck1.versions).toEqual([
      {
        id: v1.id,
        talkId: talk1,
        version: 1,
        kind: 'pdf',
        filename: '课件第1版.pdf',
        size: 2048,
        sha256: v1.sha256,
        pageCount: 10,
        conversion: { status: 'not_needed', progress: 100, message: null },
        uploadedBy: 'speaker1',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    expect((await expert1.request({ method: 'GET', url: '/api/reviews/assigned' })).json().items[0]).toMatchObject({
      status: 'awaiting_review',
      latestVersion: 1,
      awaitingMe: true,
    });

    // Another expert, and the speaker, may not review; a page past the end is refused.
    const notMine = await submit(expert2, v1.id, { checklist: checklist(), comments: [], verdict: 'approve' });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().error).toMatchObject({ code: 'not_assigned', message: '您未被安排审核该讲课人的课件' });
    expect((await submit(speaker1, v1.id, { checklist: checklist(), comments: [], verdict: 'approve' })).statusCode).toBe(403);
    const pastEnd = await submit(expert1, v1.id, { checklist: checklist(), comments: [{ page: 11, text: '无此页' }], verdict: 'revise', summary: '请修改' });
    expect(pastEnd.statusCode).toBe(400);
    expect(pastEnd.json().error.details).toEqual([{ path: 'body.comments.0.page', message: '第11页超出课件页数（共10页）' }]);

    const round1 = await submit(expert1, v1.id, {
      checklist: checklist(['facts_and_figures']),
      comments: [
        { page: 2, text: '第2页的数据来源请注明' },
        { page: 5, text: '第5页字号偏小' },
      ],
      verdict: 'revise',
      summary: '数据需核实，格式需统一',
    });
    expect(round1.statusCode).toBe(201);
    const r1 = round1.json();
    expect(r1).toMatchObject({ talkId: talk1, deckVersionId: v1.id, version: 1, expert: 'expert1', verdict: 'revise', summary: '数据需核实，格式需统一' });
    expect(r1.checklist).toEqual(checklist(['facts_and_figures']));
    expect(
      r1.comments.map((c: { page: number; text: string; resolved: boolean; version: number; author: string }) => [
        c.page,
        c.text,
        c.resolved,
        c.version,
        c.author,
      ]),
    ).toEqual([
      [2, '第2页的数据来源请注明', false, 1, 'expert1'],
      [5, '第5页字号偏小', false, 1, 'expert1'],
    ]);
    expect((await speaker1.request({ method: 'GET', url: `/api/talks/${talk1}/deck` })).json().status).toBe('revise');
    expect(await notificationsOf(ids.speakerUser1, 'review.revise')).toEqual([
      { title: '您的课件需要修改', body: '数据需核实，格式需统一', link: `/talks/${talk1}/deck` },
    ]);

    // The speaker uploads version 2 (as the upload would leave it); a review of version 1 is now stale.
    const v2 = await makeDeckVersion(db(), { talkId: talk1, version: 2, uploadedBy: ids.speakerUser1, pageCount: null, createdAt: '2026-01-02T00:00:00.000Z' });
    expect((await speaker1.request({ method: 'GET', url: `/api/talks/${talk1}/deck` })).json()).toMatchObject({
      status: 'awaiting_review',
      versions: [{ version: 2 }, { version: 1 }],
    });
    const stale = await submit(expert1, v1.id, { checklist: checklist(), comments: [], verdict: 'approve' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'review_stale', details: { latestVersionId: v2.id } });

    // Round 2 sees the earlier comments, resolves one and not the other, and approves.
    const before = (await expert1.request({ method: 'GET', url: `/api/talks/${talk1}/reviews` })).json().items;
    expect(before).toHaveLength(1);
    const [onPage2, onPage5] = before[0].comments as Array<{ id: string }>;
    const unknown = await submit(expert1, v2.id, {
      checklist: checklist(),
      comments: [],
      resolutions: [{ commentId: 'no-such-comment', resolved: true }],
      verdict: 'approve',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([{ path: 'body.resolutions.0.commentId', message: '只能标注本讲题此前审核意见的处理情况' }]);
    const round2 = await submit(expert1, v2.id, {
      checklist: checklist(),
      // Version 2's page count is not known yet (a PPTX still converting): any page is taken.
      comments: [{ page: 40, text: '结尾可再精炼' }],
      resolutions: [
        { commentId: onPage2!.id, resolved: true },
        { commentId: onPage5!.id, resolved: false },
      ],
      verdict: 'approve',
    });
    expect(round2.statusCode).toBe(201);
    const r2 = round2.json();
    expect((await speaker1.request({ method: 'GET', url: `/api/talks/${talk1}/deck` })).json().status).toBe('approved');
    expect(await notificationsOf(ids.speakerUser1, 'review.approved')).toEqual([
      { title: '您的课件已审核通过', body: '审核专家已通过您的课件', link: `/talks/${talk1}/deck` },
    ]);

    const after = (await speaker1.request({ method: 'GET', url: `/api/talks/${talk1}/reviews` })).json().items;
    expect(after.map((r: { id: string; version: number; verdict: string }) => [r.id, r.version, r.verdict])).toEqual([
      [r2.id, 2, 'approve'],
      [r1.id, 1, 'revise'],
    ]);
    expect(
      after[1].comments.map((c: { page: number; resolved: boolean; resolvedInReviewId: string | null }) => [c.page, c.resolved, c.resolvedInReviewId]),
    ).toEqual([
      [2, true, r2.id],
      [5, false, null],
    ]);
    expect(after[0].comments.map((c: { page: number; version: number }) => [c.page, c.version])).toEqual([[40, 2]]);
    const audit = await db().selectFrom('audit_log').select(['before_json', 'after_json']).where('action', '=', 'review.submitted').orderBy('at').execute();
    expect(audit.map((a) => [JSON.parse(a.before_json!).status, JSON.parse(a.after_json!).status, JSON.parse(a.after_json!).version])).toEqual([
      ['awaiting_review', 'revise', 1],
      ['awaiting_review', 'approved', 2],
    ]);
    expect((await expert1.request({ method: 'GET', url: '/api/reviews/assigned' })).json().items[0]).toMatchObject({
      status: 'approved',
      latestVersion: 2,
      awaitingMe: false,
    });

    // An approval belongs to its version: version 3 needs approval again.
    await makeDeckVersion(db(), { talkId: talk1, version: 3, uploadedBy: ids.admin, createdAt: '2026-01-03T00:00:00.000Z' });
    expect((await speaker1.request({ method: 'GET', url: `/api/talks/${talk1}/deck` })).json().status).toBe('awaiting_review');
  });

  it('refuses reviews once the edition is live (talk_locked)', async () => {
    const v = await makeDeckVersion(db(), { talkId: talk2, version: 1, uploadedBy: ids.admin });
    await db().updateTable('editions').set({ status: 'live' }).where('id', '=', editionId).execute();
    const res = await submit(expert1, v.id, { checklist: checklist(), comments: [], verdict: 'approve' });
    await db().updateTable('editions').set({ status: 'preparing' }).where('id', '=', editionId).execute();
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('talk_locked');
    // Reject needs a summary; the checklist must be complete.
    const noSummary = await submit(expert1, v.id, { checklist: checklist(), comments: [], verdict: 'reject' });
    expect(noSummary.statusCode).toBe(400);
    const partial = await submit(expert1, v.id, { checklist: checklist().slice(1), comments: [], verdict: 'approve' });
    expect(partial.statusCode).toBe(400);
    const rejected = await submit(expert1, v.id, { checklist: checklist(['political_orientation']), comments: [], verdict: 'reject', summary: '立意有偏差' });
    expect(rejected.statusCode).toBe(201);
    expect((await admin.request({ method: 'GET', url: `/api/talks/${talk2}/deck` })).json().status).toBe('rejected');
  });

  it('answers 404 for an unknown version, talk or edition', async () => {
    expect((await submit(expert1, 'no-such-version', { checklist: checklist(), comments: [], verdict: 'approve' })).statusCode).toBe(404);
    expect((await admin.request({ method: 'GET', url: '/api/talks/no-such-talk/deck' })).statusCode).toBe(404);
    expect((await admin.request({ method: 'GET', url: '/api/editions/no-such-edition/decks' })).statusCode).toBe(404);
  });
});
