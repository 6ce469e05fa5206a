import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser, type UnitRef } from './factories';
import { makeNomination } from './programme-factories';

describe.each(DIALECTS)('speaker selection and talks on %s', (dialect) => {
  let t: TestApp;
  let bureau: UnitRef;
  let office: UnitRef;
  let hallId: string;
  let adminId: string;
  let admin: Session;
  let speaker: Session;
  let outsider: Session;
  let speakerPersonId: string;

  const db = () => t.testDb.db;
  const selfBody = {
    proposedTitle: '在基层一线践行初心使命',
    proposedAbstract: '讲述在社区卫生服务中心挂职一年的经历和体会，以及对基层治理的思考。',
    angle: 'party_spirit',
  };
  const select = (editionId: string, nominationIds: string[]) =>
    admin.request({ method: 'PUT', url: `/api/editions/${editionId}/selection`, payload: { nominationIds } });
  const statesOf = async (editionId: string) =>
    Object.fromEntries(
      (await db().selectFrom('nominations').select(['id', 'state', 'selected_order']).where('edition_id', '=', editionId).execute()).map((r) => [
        r.id,
        [r.state, r.selected_order],
      ]),
    );

  /** An edition of two speakers with three candidates: a self-nomination with a talk, and two org picks without. */
  let round = 0;
  async function scenario() {
    // Names repeat from one scenario to the next; the roster tells them apart by birth date.
    const birthDate = `1990-01-${String(++round).padStart(2, '0')}`;
    const editionId = (await makeEdition(db(), hallId, { status: 'recruiting', date: '2026-04-20', speakerCount: 2 })).id;
    const self = (await speaker.request({ method: 'POST', url: `/api/editions/${editionId}/nominations/self`, payload: selfBody })).json();
    const pickA = (
      await admin.request({
        method: 'POST',
        url: `/api/editions/${editionId}/nominations/org-pick`,
        payload: { personId: (await makePerson(db(), office, { name: '甲', birthDate })).id },
      })
    ).json();
    const pickB = (
      await admin.request({
        method: 'POST',
        url: `/api/editions/${editionId}/nominations/org-pick`,
        payload: { personId: (await makePerson(db(), office, { name: '乙', birthDate })).id },
      })
    ).json();
    return { editionId, self, pickA, pickB };
  }

  beforeAll(async () => {
    t = await buildTestApp(dialect, { env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    const city = await makeUnit(db(), '市委组织部');
    bureau = await makeUnit(db(), '市卫健委', city);
    office = await makeUnit(db(), '办公室', bureau, 'subunit');
    const market = await makeUnit(db(), '市场监管局', city);
    // No repeat rule here: the same cadre speaks in one scenario after another.
    hallId = (await makeHall(db(), bureau, { name: '卫健讲堂', repeatWindow: 0 })).id;
    adminId = (await makeUser(db(), 'hadmin', [['hall_admin', bureau]])).id;
    speakerPersonId = (await makePerson(db(), office, { name: '钱讲者', birthDate: '1993-02-02' })).id;
    await makeUser(db(), 'speaker', [['cadre', bureau]], speakerPersonId);
    await makeUser(db(), 'outsider', [['liaison', market]]);
    admin = await login(t.app, 'hadmin');
    speaker = await login(t.app, 'speaker');
    outsider = await login(t.app, 'outsider');
  });
  afterAll(() => t.close());

  it('selects exactly the speaker count in order; the others are not selected; each speaker has a talk', async () => {
    // Each scenario needs the cadre free of open nominations in this hall: earlier ones are decided by then.
    const { editionId, self, pickA, pickB } = await scenario();
    const res = await select(editionId, [pickA.id, self.id]);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toMatchObject([
      { nominationId: pickA.id, speakerName: '甲', unitPathName: '市卫健委/办公室', order: 1, title: '（讲题待定）', abstract: '', angle: null, canEdit: true },
      { nominationId: self.id, personId: speakerPersonId, order: 2, title: selfBody.proposedTitle, abstract: selfBody.proposedAbstract, angle: 'party_spirit' },
    ]);
    expect(await statesOf(editionId)).toEqual({ [pickA.id]: ['selected', 1], [self.id]: ['selected', 2], [pickB.id]: ['not_selected', null] });
    const board = (await admin.request({ method: 'GET', url: `/api/editions/${editionId}/nominations` })).json().items;
    expect(board.map((n: { id: string; order: number | null }) => [n.id, n.order])).toEqual([
      [pickA.id, 1],
      [self.id, 2],
      [pickB.id, null],
    ]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['after_json', 'actor_user_id'])
      .where('action', '=', 'edition.selection_confirmed')
      .where('entity_id', '=', editionId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ selected: [pickA.id, self.id], notSelected: [pickB.id] });
    expect(audit[0]!.actor_user_id).toBe(adminId);
  });

  it('refuses a wrong count, a duplicate, a withdrawn nomination and an unknown one', async () => {
    const { editionId, self, pickA, pickB } = await scenario();
    const one = await select(editionId, [pickA.id]);
    expect(one.statusCode).toBe(400);
    expect(one.json().error).toEqual({
      code: 'selection_invalid',
      message: '选定的讲课人不符合要求',
      details: { reason: '本期应选定 2 名讲课人，实际选定 1 名' },
    });
    expect((await select(editionId, [pickA.id, pickA.id])).json().error.details).toEqual({ reason: '选定名单中有重复的人选' });
    await admin.request({ method: 'POST', url: `/api/nominations/${pickB.id}/decision`, payload: { action: 'withdraw' } });
    const withdrawn = await select(editionId, [pickA.id, pickB.id]);
    expect(withdrawn.json().error.details).toEqual({ reason: '所选人选须为本期待定或已选定的推选（已撤回、未入选的不能选定）', nominationIds: [pickB.id] });
    expect((await select(editionId, [pickA.id, 'not-a-nomination'])).statusCode).toBe(400);
    // Nothing changed: every refusal is all or nothing.
    expect(await statesOf(editionId)).toEqual({ [pickA.id]: ['submitted', null], [self.id]: ['submitted', null], [pickB.id]: ['withdrawn', null] });
    await select(editionId, [pickA.id, self.id]);
  });

  it('refuses an ineligible candidate that was not overridden, naming who', async () => {
    const editionId = (await makeEdition(db(), hallId, { status: 'recruiting', date: '2026-04-20', speakerCount: 1 })).id;
    const old = await makePerson(db(), office, { name: '郑超龄', birthDate: '1970-01-01' });
    const n = await makeNomination(db(), { editionId, personId: old.id, nominatedBy: adminId });
    const res = await select(editionId, [n.id]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual({
      reason: '以下人选不符合推选条件且未经破格，不能选定：郑超龄',
      candidates: [
        {
          nominationId: n.id,
          personName: '郑超龄',
          reasons: [{ code: 'too_old', message: '讲课人应为年轻干部：截至本期日期（2026-04-20）年满 56 岁，超过本讲堂 40 岁的年龄上限' }],
        },
      ],
    });
    await admin.request({ method: 'POST', url: `/api/nominations/${n.id}/decision`, payload: { action: 'override', reason: '特邀老同志示范讲课' } });
    expect((await select(editionId, [n.id])).statusCode).toBe(200);
  });

  it('re-confirms while recruiting: reorders, swaps in a new candidate, keeps edited talk text', async () => {
    const { editionId, self, pickA } = await scenario();
    const first = (await select(editionId, [self.id, pickA.id])).json().items;
    const talkA = first[1];
    expect((await admin.request({ method: 'PATCH', url: `/api/talks/${talkA.id}`, payload: { title: '甲的讲题' } })).json().title).toBe('甲的讲题');
    const reordered = (await select(editionId, [pickA.id, self.id])).json().items;
    expect(reordered.map((x: { id: string; order: number; title: string }) => [x.id, x.order, x.title])).toEqual([
      [talkA.id, 1, '甲的讲题'],
      [first[0].id, 2, selfBody.proposedTitle],
    ]);
    const late = (
      await admin.request({
        method: 'POST',
        url: `/api/editions/${editionId}/nominations/org-pick`,
        payload: { personId: (await makePerson(db(), office, { name: '丙' })).id, proposedTitle: '丙的讲题' },
      })
    ).json();
    const swapped = (await select(editionId, [late.id, pickA.id])).json().items;
    expect(swapped.map((x: { nominationId: string; order: number; title: string }) => [x.nominationId, x.order, x.title])).toEqual([
      [late.id, 1, '丙的讲题'],
      [pickA.id, 2, '甲的讲题'],
    ]);
    const states = await statesOf(editionId);
    expect(states[self.id]).toEqual(['not_selected', null]);
    expect(await db().selectFrom('talks').select('id').where('nomination_id', '=', self.id).execute()).toEqual([]);
  });

  it('lets the speaker edit its talk until the edition is ready, then locks it', async () => {
    const { editionId, self, pickA } = await scenario();
    const talks = (await select(editionId, [self.id, pickA.id])).json().items;
    const own = talks[0];
    expect(
      (await speaker.request({ method: 'GET', url: `/api/editions/${editionId}/talks` })).json().items.map((x: { canEdit: boolean }) => x.canEdit),
    ).toEqual([true, false]);
    const edited = await speaker.request({ method: 'PATCH', url: `/api/talks/${own.id}`, payload: { title: '新讲题', angle: 'theory_study' } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ title: '新讲题', abstract: selfBody.proposedAbstract, angle: 'theory_study', canEdit: true });
    expect((await speaker.request({ method: 'PATCH', url: `/api/talks/${talks[1].id}`, payload: { title: '别人的讲题' } })).statusCode).toBe(403);
    const blank = await speaker.request({ method: 'PATCH', url: `/api/talks/${own.id}`, payload: { title: '  ' } });
    expect(blank.json().error.details).toEqual([{ path: 'body.title', message: '讲题不能为空' }]);
    await db().updateTable('editions').set({ status: 'preparing' }).where('id', '=', editionId).execute();
    expect(
      (await speaker.request({ method: 'PATCH', url: `/api/talks/${own.id}`, payload: { abstract: '备课阶段仍可修改内容简介，直到本期进入待开讲。' } }))
        .statusCode,
    ).toBe(200);
    await db().updateTable('editions').set({ status: 'ready' }).where('id', '=', editionId).execute();
    const locked = await speaker.request({ method: 'PATCH', url: `/api/talks/${own.id}`, payload: { title: '太晚了' } });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error).toMatchObject({ code: 'talk_locked', message: '本期已进入待开讲阶段，讲题不能再修改' });
    expect((await admin.request({ method: 'PATCH', url: `/api/talks/${own.id}`, payload: { title: '管理员也不行' } })).statusCode).toBe(409);
    expect((await admin.request({ method: 'GET', url: `/api/editions/${editionId}/talks` })).json().items.every((x: { canEdit: boolean }) => !x.canEdit)).toBe(
      true,
    );
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', own.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['talk.updated', 'talk.updated']);
  });

  it('confirms only while recruiting, and shows talks only to those who can see the hall', async () => {
    const { editionId, self, pickA } = await scenario();
    await db().updateTable('editions').set({ status: 'preparing' }).where('id', '=', editionId).execute();
    const res = await select(editionId, [self.id, pickA.id]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'edition_not_recruiting', message: '本期不在推选阶段' });
    expect((await outsider.request({ method: 'GET', url: `/api/editions/${editionId}/talks` })).statusCode).toBe(403);
    expect(
      (await outsider.request({ method: 'PUT', url: `/api/editions/${editionId}/selection`, payload: { nominationIds: [self.id, pickA.id] } })).statusCode,
    ).toBe(403);
    expect(
      (await speaker.request({ method: 'PUT', url: `/api/editions/${editionId}/selection`, payload: { nominationIds: [self.id, pickA.id] } })).statusCode,
    ).toBe(403);
    // Leave the cadre free for later scenarios.
    await admin.request({ method: 'POST', url: `/api/nominations/${self.id}/decision`, payload: { action: 'withdraw' } });
  });
});
