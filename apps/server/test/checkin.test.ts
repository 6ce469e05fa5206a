import { createHash } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makePerson, makeUnit, makeUser, type UnitRef } from './factories';
import { MANUAL_START, ManualClock, makeLiveEdition } from './live-fixtures';

describe.each(DIALECTS)('check-in on %s', (dialect) => {
  let t: TestApp;
  let unitA: UnitRef;
  let office: UnitRef;
  let unitB: UnitRef;
  let hallAdminId: string;
  let host: Session;
  let personId: string;

  beforeAll(async () => {
    t = await buildTestApp(dialect, { clock: new ManualClock(MANUAL_START) });
    const db = t.testDb.db;
    const city = await makeUnit(db, '市委组织部');
    unitA = await makeUnit(db, '市卫健委', city);
    office = await makeUnit(db, '办公室', unitA, 'subunit');
    unitB = await makeUnit(db, '市场监管局', city);
    hallAdminId = (await makeUser(db, 'halladmin_a', [['hall_admin', unitA]])).id;
    await makeUser(db, 'host_a', [['host', unitA]]);
    personId = (await makePerson(db, office, { name: '张三', phone: '13800001234' })).id;
    await makePerson(db, unitB, { name: '李四', phone: '13900005678' });
    await makeUser(db, 'cadre_linked', [['cadre', unitA]], personId);
    await makeUser(db, 'cadre_plain', [['cadre', unitA]]);
    host = await login(t.app, 'host_a');
  });
  afterAll(() => t.close());

  /** A live edition of unitA's hall with its check-in opened by the host. */
  async function openEdition(): Promise<string> {
    const { editionId } = await makeLiveEdition(t.testDb.db, unitA, { byUserId: hallAdminId });
    const res = await host.request({ method: 'POST', url: `/api/editions/${editionId}/live/commands`, payload: { command: 'open_checkin' } });
    expect(res.statusCode).toBe(200);
    return editionId;
  }
  const checkIn = (editionId: string, payload: Record<string, unknown>, extra: Partial<InjectOptions> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/live/${editionId}/check-in`, payload, ...extra });
  const withToken = (token: string) => ({ headers: { 'x-attendee-token': token } });
  const checkedIn = async (editionId: string) => (await t.app.inject({ method: 'GET', url: `/api/live/${editionId}` })).json().counters.checkedIn;
  const roster = { mode: 'roster', name: '张三', phoneLast4: '1234' };

  it('checks a guest in: a token for this edition, stored only as its hash, also set as a cookie; a re-scan counts once', async () => {
    const editionId = await openEdition();
    const res = await checkIn(editionId, { mode: 'guest', category: 'other' });
    expect(res.statusCode).toBe(201);
    const { attendee, token } = res.json();
    expect(attendee).toEqual({ id: attendee.id, editionId, category: 'other', displayName: '', secondDevice: false, counted: true });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.cookies.find((c) => c.name === 'lh_att');
    expect(cookie).toMatchObject({ value: token, path: `/api/live/${editionId}`, httpOnly: true, sameSite: 'Lax', maxAge: 86400 });
    const row = await t.testDb.db.selectFrom('attendees').selectAll().where('id', '=', attendee.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'guest', token_hash: createHash('sha256').update(token).digest('hex'), counted: 1, person_id: null, user_id: null });

    // The same phone scans again, by its header or by its cookie: the same attendee, not counted again.
    const again = await checkIn(editionId, { mode: 'guest', category: 'other' }, withToken(token));
    expect(again.json()).toEqual({ attendee: { ...attendee, counted: false }, token });
    const byCookie = await checkIn(editionId, { mode: 'guest', category: 'other' }, { cookies: { lh_att: token } });
    expect(byCookie.json().attendee.id).toBe(attendee.id);
    expect(await checkedIn(editionId)).toBe(1);
    // Another phone is another guest.
    const other = (await checkIn(editionId, { mode: 'guest', category: 'organ', name: '王五' })).json();
    expect(other.attendee).toMatchObject({ category: 'organ', displayName: '王五', counted: true, secondDevice: false });
    expect(await checkedIn(editionId)).toBe(2);

    // A token of another edition is worth nothing here.
    const elsewhere = await openEdition();
    const fresh = (await checkIn(elsewhere, { mode: 'guest', category: 'other' }, withToken(token))).json();
    expect(fresh.attendee.id).not.toBe(attendee.id);
    expect(fresh.attendee).toMatchObject({ editionId: elsewhere, counted: true });
  });

  it("lists the hall's units for a roster check-in, without a session, and none outside the hall", async () => {
    const editionId = await openEdition();
    const res = await t.app.inject({ method: 'GET', url: `/api/live/${editionId}/units` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { id: unitA.id, name: '市卫健委' },
        { id: office.id, name: '市卫健委/办公室' },
      ],
    });
  });

  it('asks a party-school trainee for its class', async () => {
    const editionId = await openEdition();
    const missing = await checkIn(editionId, { mode: 'guest', category: 'party_school' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'body.className', message: '党校学员请填写班次' }] });
    const ok = await checkIn(editionId, { mode: 'guest', category: 'party_school', className: '中青年干部培训班' });
    expect(ok.statusCode).toBe(201);
    const row = await t.testDb.db.selectFrom('attendees').select(['category', 'class_name']).where('id', '=', ok.json().attendee.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ category: 'party_school', class_name: '中青年干部培训班' });
  });

  it('matches the roster by name, unit and the last four digits of the phone, within the hall’s unit', async () => {
    const editionId = await openEdition();
    const noMatch = async (payload: Record<string, unknown>) => {
      const res = await checkIn(editionId, payload);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toEqual({ code: 'roster_no_match', message: '未在名册中找到与姓名、单位和手机号后四位相符的人员' });
    };
    await noMatch({ ...roster, unitId: office.id, phoneLast4: '4321' });
    await noMatch({ ...roster, unitId: unitA.id });
    await noMatch({ ...roster, name: '张三丰', unitId: office.id });
    // 李四 is in the roster, but of a unit outside this hall's.
    await noMatch({ mode: 'roster', name: '李四', unitId: unitB.id, phoneLast4: '5678' });

    const first = await checkIn(editionId, { ...roster, unitId: office.id });
    expect(first.statusCode).toBe(201);
    const { attendee, token } = first.json();
    expect(attendee).toMatchObject({ category: 'organ', displayName: '张三', counted: true, secondDevice: false });

    // The same phone again: the same attendee.
    expect((await checkIn(editionId, { ...roster, unitId: office.id }, withToken(token))).json().attendee).toEqual({ ...attendee, counted: false });
    // A second phone for 张三: an attendee of its own, not counted, flagged for the host.
    const second = (await checkIn(editionId, { ...roster, unitId: office.id })).json();
    expect(second.attendee).toMatchObject({ displayName: '张三', counted: false, secondDevice: true });
    // A phone that checked in as a guest, now claiming 张三: also a second device for 张三.
    const guest = (await checkIn(editionId, { mode: 'guest', category: 'other' })).json();
    const third = (await checkIn(editionId, { ...roster, unitId: office.id }, withToken(guest.token))).json();
    expect(third.attendee).toMatchObject({ counted: false, secondDevice: true });
    expect(third.attendee.id).not.toBe(guest.attendee.id);
    expect(await checkedIn(editionId)).toBe(2);

    const rows = await t.testDb.db
      .selectFrom('attendees')
      .select(['id', 'first_attendee_id', 'person_id'])
      .where('edition_id', '=', editionId)
      .where('person_id', '=', personId)
      .execute();
    expect(rows.map((r) => r.first_attendee_id).sort()).toEqual([attendee.id, attendee.id, null].sort());

    const flagged = await host.request({ method: 'GET', url: `/api/editions/${editionId}/live/attendees?flagged=true` });
    expect(
      flagged.json().items.map((a: { id: string; kind: string; secondDevice: boolean; checkedInAt: string }) => [a.id, a.kind, a.secondDevice, a.checkedInAt]),
    ).toEqual([
      [second.attendee.id, 'roster', true, MANUAL_START],
      [third.attendee.id, 'roster', true, MANUAL_START],
    ]);
    expect((await host.request({ method: 'GET', url: `/api/editions/${editionId}/live/attendees` })).json().items).toHaveLength(4);

    // The audit names ids only: never a name or a phone.
    const audit = await t.testDb.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'attendee.checked_in')
      .where('entity_id', '=', attendee.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toEqual({
      editionId,
      kind: 'roster',
      category: 'organ',
      personId,
      userId: null,
      counted: true,
      firstAttendeeId: null,
    });
    expect(audit.after_json).not.toContain('张三');
  });

  it('checks a signed-in user in as its linked person, or as its account when it has none', async () => {
    const editionId = await openEdition();
    expect((await checkIn(editionId, { mode: 'user' })).statusCode).toBe(401);
    const linked = await login(t.app, 'cadre_linked');
    const byUser = await linked.request({ method: 'POST', url: `/api/live/${editionId}/check-in`, payload: { mode: 'user' } });
    expect(byUser.statusCode).toBe(201);
    expect(byUser.json().attendee).toMatchObject({ category: 'organ', displayName: 'cadre_linked', counted: true, secondDevice: false });
    // The same person by the roster on another phone: the person already counts.
    expect((await checkIn(editionId, { ...roster, unitId: office.id })).json().attendee).toMatchObject({ counted: false, secondDevice: true });

    const plain = await login(t.app, 'cadre_plain');
    const a = await plain.request({ method: 'POST', url: `/api/live/${editionId}/check-in`, payload: { mode: 'user', category: 'other' } });
    expect(a.json().attendee).toMatchObject({ category: 'other', counted: true });
    const again = await plain.request({
      method: 'POST',
      url: `/api/live/${editionId}/check-in`,
      payload: { mode: 'user' },
      headers: withToken(a.json().token).headers,
    });
    expect(again.json().attendee).toEqual({ ...a.json().attendee, counted: false });
    const b = await plain.request({ method: 'POST', url: `/api/live/${editionId}/check-in`, payload: { mode: 'user' } });
    expect(b.json().attendee).toMatchObject({ counted: false, secondDevice: true });
    expect(await checkedIn(editionId)).toBe(2);
  });

  it('refuses check-in while it is not open, and for an edition not ready or live', async () => {
    const closed = async (editionId: string) => {
      const res = await checkIn(editionId, { mode: 'guest', category: 'other' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toEqual({ code: 'checkin_closed', message: '签到尚未开始或已结束' });
    };
    const notOpened = await makeLiveEdition(t.testDb.db, unitA, { byUserId: hallAdminId });
    await closed(notOpened.editionId);
    const editionId = await openEdition();
    await host.request({ method: 'POST', url: `/api/editions/${editionId}/live/commands`, payload: { command: 'close_checkin' } });
    await closed(editionId);
    for (const status of ['ready', 'planning', 'closed'] as const)
      await closed((await makeLiveEdition(t.testDb.db, unitA, { status, byUserId: hallAdminId })).editionId);
    expect((await checkIn('no-such-edition', { mode: 'guest', category: 'other' })).statusCode).toBe(404);
  });

  it('slows down guessing the roster: ten tries a minute for one name, from one address', async () => {
    const editionId = await openEdition();
    const guess = { mode: 'roster', name: '王二', unitId: office.id, phoneLast4: '0000' };
    for (let i = 0; i < 10; i += 1) expect((await checkIn(editionId, guess)).statusCode).toBe(404);
    expect((await checkIn(editionId, guess)).statusCode).toBe(429);
    // Someone else of the hall behind the same Wi-Fi still gets through, and guests are never limited.
    expect((await checkIn(editionId, { ...roster, unitId: office.id })).statusCode).toBe(201);
    for (let i = 0; i < 12; i += 1) expect((await checkIn(editionId, { mode: 'guest', category: 'other' })).statusCode).toBe(201);
  });
});
