import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser, type UnitRef } from './factories';
import { makeNomination, makeTalk } from './programme-factories';

describe.each(DIALECTS)('nominations through the three channels on %s', (dialect) => {
  let t: TestApp;
  let city: UnitRef;
  let bureau: UnitRef;
  let office: UnitRef;
  let market: UnitRef;
  let hallId: string;
  let adminId: string;
  let hadminId: string;
  let admin: Session;
  let hadmin: Session;
  let liaison: Session;
  let liaisonOther: Session;
  let cadre: Session;
  let cadreNoPerson: Session;
  let cadrePersonId: string;

  const db = () => t.testDb.db;
  const recruiting = async (fields: { unitQuota?: number | null; date?: string; speakerCount?: number } = {}) =>
    (await makeEdition(db(), hallId, { status: 'recruiting', date: '2026-03-15', speakerCount: 2, ...fields })).id;
  const person = async (unit: UnitRef, birthDate = '1990-05-01', name?: string) => (await makePerson(db(), unit, { birthDate, name })).id;
  const orgPick = (s: Session, editionId: string, payload: Record<string, unknown>) =>
    s.request({ method: 'POST', url: `/api/editions/${editionId}/nominations/org-pick`, payload });
  const recommend = (s: Session, editionId: string, personId: string) =>
    s.request({ method: 'POST', url: `/api/editions/${editionId}/nominations/recommend`, payload: { personId, statement: '业务骨干，表达能力强' } });
  const selfBody = {
    proposedTitle: '以数字化改革推进基层医疗服务',
    proposedAbstract: '结合本单位基层医疗服务数字化的实践，谈三点体会和下一步打算。',
    angle: 'public_service',
  };
  const nominateSelf = (s: Session, editionId: string) => s.request({ method: 'POST', url: `/api/editions/${editionId}/nominations/self`, payload: selfBody });
  const countNominations = async (personId: string) =>
    Number(
      (
        await db()
          .selectFrom('nominations')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .where('person_id', '=', personId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await buildTestApp(dialect, { env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    city = await makeUnit(db(), '市委组织部');
    bureau = await makeUnit(db(), '市卫健委', city);
    office = await makeUnit(db(), '办公室', bureau, 'subunit');
    market = await makeUnit(db(), '市场监管局', city);
    hallId = (await makeHall(db(), bureau, { name: '卫健讲堂', youngAgeLimit: 40, repeatWindow: 4 })).id;
    cadrePersonId = await person(office, '1992-07-01', '李自荐');
    adminId = (await makeUser(db(), 'admin', [['city_admin', city]])).id;
    hadminId = (await makeUser(db(), 'hadmin', [['hall_admin', bureau]])).id;
    await makeUser(db(), 'liaison', [['liaison', office]]);
    await makeUser(db(), 'liaison_other', [['liaison', market]]);
    await makeUser(db(), 'cadre', [['cadre', bureau]], cadrePersonId);
    await makeUser(db(), 'cadre_noperson', [['cadre', bureau]]);
    admin = await login(t.app, 'admin');
    hadmin = await login(t.app, 'hadmin');
    liaison = await login(t.app, 'liaison');
    liaisonOther = await login(t.app, 'liaison_other');
    cadre = await login(t.app, 'cadre');
    cadreNoPerson = await login(t.app, 'cadre_noperson');
  });
  afterAll(() => t.close());

  it('an org pick by the hall admin is submitted with the candidate as the board shows it', async () => {
    const editionId = await recruiting();
    const personId = await person(office, '1986-03-16', '王点将');
    const res = await orgPick(hadmin, editionId, { personId, statement: '政治素质好' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      editionId,
      hallId,
      hallName: '卫健讲堂',
      personId,
      personName: '王点将',
      age: 39,
      unitId: office.id,
      unitPathName: '市卫健委/办公室',
      rankLevel: '一级科员',
      channel: 'org_pick',
      state: 'submitted',
      proposed: { title: '', abstract: '', angle: null },
      statement: '政治素质好',
      nominatedBy: 'hadmin',
      eligibility: { eligible: true, reasons: [] },
      override: null,
      order: null,
      earlierTalks: [],
      decidedAt: null,
    });
  });

  it('refuses an ineligible org pick with its reasons in Chinese and writes nothing', async () => {
    const editionId = await recruiting();
    const personId = await person(office, '1985-03-15');
    const res = await orgPick(admin, editionId, { personId });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: {
        code: 'not_eligible',
        message: '该人员不符合推选条件',
        details: {
          reasons: [{ code: 'too_old', message: '讲课人应为年轻干部：截至本期日期（2026-03-15）年满 41 岁，超过本讲堂 40 岁的年龄上限' }],
        },
      },
    });
    expect(await countNominations(personId)).toBe(0);
  });

  it('lets an admin override with a written reason: audited, and shown on the candidate', async () => {
    const editionId = await recruiting();
    const personId = await person(office, '1985-03-15', '赵破格');
    const res = await orgPick(admin, editionId, { personId, overrideReason: '业务能力突出，经部务会研究同意破格' });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.override).toMatchObject({ reason: '业务能力突出，经部务会研究同意破格', by: 'admin' });
    expect(created.eligibility.reasons.map((r: { code: string }) => r.code)).toEqual(['too_old']);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'after_json'])
      .where('entity_id', '=', created.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['nomination.created', 'nomination.override']);
    expect(audit[1]!.actor_user_id).toBe(adminId);
    expect(JSON.parse(audit[1]!.after_json!).reason).toBe('业务能力突出，经部务会研究同意破格');
    const board = (await hadmin.request({ method: 'GET', url: `/api/editions/${editionId}/nominations` })).json().items;
    expect(board.find((n: { id: string }) => n.id === created.id).override.reason).toBe('业务能力突出，经部务会研究同意破格');
  });

  it('never overrides a person outside the hall, a duplicate or an edition that does not recruit', async () => {
    const editionId = await recruiting();
    const outsider = await person(market);
    const res = await orgPick(admin, editionId, { personId: outsider, overrideReason: '确有必要，特批破格' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.reasons).toEqual([{ code: 'outside_hall', message: '不属于本讲堂的单位范围（讲堂主办单位：市卫健委）' }]);
    const planning = (await makeEdition(db(), hallId, { status: 'planning' })).id;
    const notYet = await orgPick(admin, planning, { personId: await person(office), overrideReason: '确有必要，特批破格' });
    expect(notYet.statusCode).toBe(422);
    expect(notYet.json().error.details.reasons).toEqual([{ code: 'edition_not_recruiting', message: '本期不在推选阶段' }]);
    const p = await person(office);
    expect((await orgPick(admin, editionId, { personId: p })).statusCode).toBe(201);
    const twice = await orgPick(admin, editionId, { personId: p, overrideReason: '确有必要，特批破格' });
    expect(twice.json().error.details.reasons).toEqual([{ code: 'already_nominated', message: '已被推选参加本期' }]);
    expect(await countNominations(outsider)).toBe(0);
  });

  it('a hall admin of another unit, and a liaison, cannot org-pick', async () => {
    const editionId = await recruiting();
    const personId = await person(office);
    await makeUser(db(), 'hadmin_market', [['hall_admin', market]]);
    const other = await login(t.app, 'hadmin_market');
    expect((await orgPick(other, editionId, { personId })).statusCode).toBe(403);
    expect((await orgPick(liaison, editionId, { personId })).statusCode).toBe(403);
  });

  it('a liaison recommends people of its own unit only, for its own unit', async () => {
    const editionId = await recruiting();
    const colleague = await person(office, '1991-01-01', '孙推荐');
    const res = await recommend(liaison, editionId, colleague);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'unit_recommendation', nominatedBy: 'liaison', statement: '业务骨干，表达能力强' });
    const row = await db().selectFrom('nominations').select('recommending_unit_id').where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row.recommending_unit_id).toBe(office.id);
    // A person of the bureau above the liaison's unit, and one of another bureau, are outside its scope.
    expect((await recommend(liaison, editionId, await person(bureau))).statusCode).toBe(403);
    expect((await recommend(liaisonOther, editionId, await person(office))).statusCode).toBe(403);
    // A liaison of another bureau recommending its own people cannot even see this hall.
    expect((await recommend(liaisonOther, editionId, await person(market))).statusCode).toBe(403);
    expect((await recommend(cadre, editionId, await person(office))).statusCode).toBe(403);
  });

  it('counts recommendations against the unit quota: the last place passes, then none is left', async () => {
    const editionId = await recruiting({ unitQuota: 2 });
    expect((await recommend(liaison, editionId, await person(office))).statusCode).toBe(201);
    const second = (await recommend(liaison, editionId, await person(office))).json();
    const refused = await recommend(liaison, editionId, await person(office));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toEqual({ reasons: [{ code: 'quota_reached', message: '本单位本期推荐名额（2 人）已用完' }] });
    // A withdrawn recommendation gives its place back; an org pick never takes one.
    expect((await liaison.request({ method: 'POST', url: `/api/nominations/${second.id}/decision`, payload: { action: 'withdraw' } })).statusCode).toBe(200);
    expect((await orgPick(admin, editionId, { personId: await person(office) })).statusCode).toBe(201);
    expect((await recommend(liaison, editionId, await person(office))).statusCode).toBe(201);
  });

  it('a cadre nominates itself with a proposed talk; without a linked person it is told so', async () => {
    const editionId = await recruiting();
    const res = await nominateSelf(cadre, editionId);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      personId: cadrePersonId,
      personName: '李自荐',
      channel: 'self',
      proposed: { title: selfBody.proposedTitle, abstract: selfBody.proposedAbstract, angle: 'public_service' },
      nominatedBy: 'cadre',
    });
    const none = await nominateSelf(cadreNoPerson, editionId);
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toEqual({ code: 'no_linked_person', message: '您的账号未关联干部名册中的人员，无法自荐' });
    expect((await nominateSelf(admin, editionId)).statusCode).toBe(403);
    const again = await nominateSelf(cadre, editionId);
    expect(again.json().error.details.reasons).toEqual([{ code: 'already_nominated', message: '已被推选参加本期' }]);
    const next = await recruiting();
    const elsewhere = await nominateSelf(cadre, next);
    expect(elsewhere.statusCode).toBe(422);
    const seq = (await db().selectFrom('editions').select('seq').where('id', '=', editionId).executeTakeFirstOrThrow()).seq;
    expect(elsewhere.json().error.details.reasons).toEqual([{ code: 'open_nomination', message: `已在第${seq}期推选中，每人在同一讲堂只能有一个未决推选` }]);
    // Withdrawing its own nomination frees the cadre for another edition.
    expect((await cadre.request({ method: 'POST', url: `/api/nominations/${res.json().id}/decision`, payload: { action: 'withdraw' } })).json().state).toBe(
      'withdrawn',
    );
    expect((await nominateSelf(cadre, next)).statusCode).toBe(201);
  });

  it('refuses a self-nomination without a proposed talk with Chinese field messages', async () => {
    const editionId = await recruiting();
    const res = await cadre.request({ method: 'POST', url: `/api/editions/${editionId}/nominations/self`, payload: { ...selfBody, proposedAbstract: '太短' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'body.proposedAbstract', message: '内容简介至少 20 个字' }]);
  });

  it('applies the repeat rule from the talks a person gave in this hall', async () => {
    const speaker = await person(office, '1990-01-01', '周讲过');
    const first = await makeEdition(db(), hallId, { status: 'closed', date: '2025-01-10', title: '第一次登台' });
    await makeTalk(db(), { editionId: first.id, personId: speaker, nominatedBy: adminId, title: '我的第一次讲课' });
    const editionId = await recruiting();
    const res = await orgPick(admin, editionId, { personId: speaker });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.reasons).toEqual([{ code: 'spoke_recently', message: `第${first.seq}期已讲过课，按规定 4 期内不得再次登台` }]);
    const check = await admin.request({ method: 'GET', url: `/api/editions/${editionId}/eligibility?personId=${speaker}` });
    expect(check.json()).toEqual({ eligible: false, reasons: res.json().error.details.reasons });
  });

  it('shows the candidate board to hall managers only, with age on the edition date and earlier talks', async () => {
    const speaker = await person(office, '1986-03-16', '吴老将');
    const earlier = await makeEdition(db(), hallId, { status: 'published', date: '2020-06-01', title: '往期专题' });
    await makeTalk(db(), { editionId: earlier.id, personId: speaker, nominatedBy: adminId, title: '往期讲题' });
    // Four editions in between: the earlier talk falls just outside the repeat window of 4.
    for (let i = 0; i < 4; i++) await makeEdition(db(), hallId, { status: 'published', date: '2021-01-01' });
    const editionId = await recruiting();
    const young = await person(office, '1995-01-01');
    const older = (await orgPick(admin, editionId, { personId: speaker })).json();
    const other = (await orgPick(admin, editionId, { personId: young })).json();
    await admin.request({ method: 'POST', url: `/api/nominations/${other.id}/decision`, payload: { action: 'shortlist' } });
    for (const s of [cadre, liaison]) expect((await s.request({ method: 'GET', url: `/api/editions/${editionId}/nominations` })).statusCode).toBe(403);
    const board = (await hadmin.request({ method: 'GET', url: `/api/editions/${editionId}/nominations` })).json().items;
    expect(board.map((n: { id: string; state: string }) => [n.id, n.state])).toEqual([
      [other.id, 'shortlisted'],
      [older.id, 'submitted'],
    ]);
    expect(board[1]).toMatchObject({ age: 39, rankLevel: '一级科员', eligibility: { eligible: true, reasons: [] } });
    expect(board[1].earlierTalks).toEqual([
      { editionId: earlier.id, editionSeq: earlier.seq, editionTitle: '往期专题', date: '2020-06-01', title: '往期讲题', score: null, rank: null },
    ]);
  });

  it('answers eligibility to managers, to liaisons within their scope and to a cadre about itself', async () => {
    const editionId = await recruiting();
    const old = await person(office, '1980-01-01');
    const reasons = [{ code: 'too_old', message: '讲课人应为年轻干部：截至本期日期（2026-03-15）年满 46 岁，超过本讲堂 40 岁的年龄上限' }];
    const url = (p: string) => `/api/editions/${editionId}/eligibility?personId=${p}`;
    expect((await admin.request({ method: 'GET', url: url(old) })).json()).toEqual({ eligible: false, reasons });
    expect((await liaison.request({ method: 'GET', url: url(old) })).json()).toEqual({ eligible: false, reasons });
    expect((await liaisonOther.request({ method: 'GET', url: url(old) })).statusCode).toBe(403);
    expect((await cadre.request({ method: 'GET', url: url(old) })).statusCode).toBe(403);
    expect((await cadre.request({ method: 'GET', url: url(cadrePersonId) })).statusCode).toBe(200);
    expect((await admin.request({ method: 'GET', url: url('no-such-person') })).statusCode).toBe(404);
  });

  it('shortlists and unshortlists, withdraws once, and refuses any change after a decision', async () => {
    const editionId = await recruiting();
    const n = (await orgPick(hadmin, editionId, { personId: await person(office) })).json();
    const decide = (s: Session, action: string, reason?: string) =>
      s.request({ method: 'POST', url: `/api/nominations/${n.id}/decision`, payload: { action, ...(reason ? { reason } : {}) } });
    expect((await decide(liaison, 'shortlist')).statusCode).toBe(403);
    expect((await decide(cadre, 'withdraw')).statusCode).toBe(403);
    expect((await decide(hadmin, 'shortlist')).json().state).toBe('shortlisted');
    const twice = await decide(hadmin, 'shortlist');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('conflict');
    expect((await decide(hadmin, 'unshortlist')).json().state).toBe('submitted');
    const noNeed = await decide(hadmin, 'override', '没有必要的破格');
    expect(noNeed.statusCode).toBe(409);
    const withdrawn = await decide(admin, 'withdraw');
    expect(withdrawn.json()).toMatchObject({ state: 'withdrawn' });
    expect(withdrawn.json().decidedAt).not.toBeNull();
    const closed = await decide(admin, 'shortlist');
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error).toMatchObject({ code: 'nomination_closed', message: '该推选已有结果，不能再更改' });
    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', n.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['nomination.created', 'nomination.shortlisted', 'nomination.unshortlisted', 'nomination.withdrawn']);
  });

  it('records an override on an existing ineligible nomination, with its reason required', async () => {
    const editionId = await recruiting();
    const other = await recruiting();
    const personId = await person(office);
    await makeNomination(db(), { editionId: other, personId, nominatedBy: hadminId });
    // The open nomination elsewhere was written directly: this one is ineligible as it stands.
    const n = await makeNomination(db(), { editionId, personId, nominatedBy: hadminId, createdAt: '2026-01-02T00:00:00.000Z' });
    const url = `/api/nominations/${n.id}/decision`;
    const missing = await admin.request({ method: 'POST', url, payload: { action: 'override' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([{ path: 'body.reason', message: '请填写破格理由' }]);
    const res = await admin.request({ method: 'POST', url, payload: { action: 'override', reason: '上期推选将撤回，本期优先' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().override).toMatchObject({ reason: '上期推选将撤回，本期优先', by: 'admin' });
    expect(res.json().eligibility.reasons.map((r: { code: string }) => r.code)).toEqual(['open_nomination']);
  });

  it('lists my nominations: those of my person and those I submitted, newest first', async () => {
    const mine = (await cadre.request({ method: 'GET', url: '/api/nominations/mine' })).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((n: { personId: string }) => n.personId === cadrePersonId)).toBe(true);
    const recs = (await liaison.request({ method: 'GET', url: '/api/nominations/mine' })).json().items;
    expect(recs.every((n: { channel: string; nominatedBy: string }) => n.channel === 'unit_recommendation' && n.nominatedBy === 'liaison')).toBe(true);
    const times = recs.map((n: { createdAt: string }) => n.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect((await cadreNoPerson.request({ method: 'GET', url: '/api/nominations/mine' })).json()).toEqual({ items: [] });
  });
});
