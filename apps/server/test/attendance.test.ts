import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makePerson, makeUnit, makeUser, type UnitRef } from './factories';
import { MANUAL_START, ManualClock, makeAttendee, makeLiveEdition } from './live-fixtures';

async function readSheet(body: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe.each(DIALECTS)('attendance on %s', (dialect) => {
  let t: TestApp;
  let unitA: UnitRef;
  let hallAdminId: string;
  let hallAdmin: Session;
  let host: Session;
  let cadreA: Session;
  let cadreB: Session;
  let hallId: string;
  let editionId: string;
  let seq: number;

  beforeAll(async () => {
    const clock = new ManualClock(MANUAL_START);
    t = await buildTestApp(dialect, { clock });
    const db = t.testDb.db;
    const city = await makeUnit(db, '市委组织部');
    unitA = await makeUnit(db, '市卫健委', city);
    const unitB = await makeUnit(db, '市场监管局', city);
    hallAdminId = (await makeUser(db, 'halladmin_a', [['hall_admin', unitA]])).id;
    await makeUser(db, 'host_city', [['host', city]]);
    await makeUser(db, 'cadre_a', [['cadre', unitA]]);
    await makeUser(db, 'cadre_b', [['cadre', unitB]]);
    await makePerson(db, unitA, { name: '赵敏', phone: '13700002468' });
    hallAdmin = await login(t.app, 'halladmin_a');
    host = await login(t.app, 'host_city');
    cadreA = await login(t.app, 'cadre_a');
    cadreB = await login(t.app, 'cadre_b');

    // One edition checked in through the API: three trainees of two classes, a cadre by the roster (twice, on two phones), a guest who re-scans.
    const e = await makeLiveEdition(db, unitA, { byUserId: hallAdminId });
    hallId = e.hallId;
    editionId = e.editionId;
    seq = e.seq;
    await host.request({ method: 'POST', url: `/api/editions/${editionId}/live/commands`, payload: { command: 'open_checkin' } });
    // A second apart, so that the record's order is the order of arrival.
    const checkIn = (payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
      clock.advance(1);
      return t.app.inject({ method: 'POST', url: `/api/live/${editionId}/check-in`, payload, headers });
    };
    for (const className of ['中青班', '中青班', '科级干部进修班']) await checkIn({ mode: 'guest', category: 'party_school', className });
    await checkIn({ mode: 'roster', name: '赵敏', unitId: unitA.id, phoneLast4: '2468' });
    await checkIn({ mode: 'roster', name: '赵敏', unitId: unitA.id, phoneLast4: '2468' });
    const guest = (await checkIn({ mode: 'guest', category: 'other' })).json();
    await checkIn({ mode: 'guest', category: 'other' }, { 'x-attendee-token': guest.token });
  });
  afterAll(() => t.close());

  it('counts person-times by category and class; a second device and a re-scan count nothing', async () => {
    const res = await cadreA.request({ method: 'GET', url: `/api/editions/${editionId}/attendance` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      editionId,
      total: 5,
      byCategory: { party_school: 3, organ: 1, other: 1 },
      byClass: [
        { className: '中青班', count: 2 },
        { className: '科级干部进修班', count: 1 },
      ],
      secondDevices: 1,
    });
    // Counts only, for anyone who sees the hall; nobody else.
    expect((await cadreB.request({ method: 'GET', url: `/api/editions/${editionId}/attendance` })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/editions/${editionId}/attendance` })).statusCode).toBe(401);
    expect((await cadreA.request({ method: 'GET', url: '/api/editions/no-such-edition/attendance' })).statusCode).toBe(404);
  });

  it('adds the hall’s editions up: cumulative person-times by category and per edition', async () => {
    const db = t.testDb.db;
    const earlier = await makeLiveEdition(db, unitA, { status: 'closed', hallId, byUserId: hallAdminId });
    await makeAttendee(db, earlier.editionId, { category: 'organ' });
    await makeAttendee(db, earlier.editionId, { category: 'organ' });
    await makeAttendee(db, earlier.editionId, { category: 'organ', counted: false });
    await makeAttendee(db, earlier.editionId, { category: 'party_school', className: '中青班' });
    // An edition still being planned has had no audience: it is left out.
    await makeEdition(db, hallId, { status: 'planning' });

    const res = await cadreA.request({ method: 'GET', url: `/api/halls/${hallId}/attendance` });
    expect(res.json()).toEqual({
      hallId,
      total: 8,
      byCategory: { party_school: 4, organ: 3, other: 1 },
      editions: [
        { editionId, seq, title: `第${seq}期`, date: '2026-03-15', total: 5 },
        { editionId: earlier.editionId, seq: earlier.seq, title: `第${earlier.seq}期`, date: '2026-03-15', total: 3 },
      ],
    });
    expect((await cadreB.request({ method: 'GET', url: `/api/halls/${hallId}/attendance` })).statusCode).toBe(403);
  });

  it('exports the check-in record; names of roster people only for the hall’s managers', async () => {
    const res = await hallAdmin.request({ method: 'GET', url: `/api/editions/${editionId}/attendance/export` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="attendance-${seq}.xlsx"; filename*=UTF-8''${encodeURIComponent(`市卫健委干部讲堂第${seq}期签到记录.xlsx`)}`,
    );
    // Checked in from 14:30:01 Beijing time, a second apart.
    const at = (s: number) => `2026-03-15 14:30:0${s}`;
    expect(await readSheet(res.rawPayload)).toEqual([
      ['序号', '类别', '班次', '签到方式', '签到时间', '计入人次', '第二台设备', '姓名'],
      [1, '党校学员', '中青班', '游客', at(1), '是', '否', ''],
      [2, '党校学员', '中青班', '游客', at(2), '是', '否', ''],
      [3, '党校学员', '科级干部进修班', '游客', at(3), '是', '否', ''],
      [4, '机关干部', '', '名册核验', at(4), '是', '否', '赵敏'],
      [5, '机关干部', '', '名册核验', at(5), '否', '是', '赵敏'],
      [6, '其他', '', '游客', at(6), '是', '否', ''],
    ]);

    const byHost = await host.request({ method: 'GET', url: `/api/editions/${editionId}/attendance/export` });
    expect(byHost.statusCode).toBe(200);
    const hostRows = await readSheet(byHost.rawPayload);
    expect(hostRows[0]).toEqual(['序号', '类别', '班次', '签到方式', '签到时间', '计入人次', '第二台设备']);
    expect(JSON.stringify(hostRows)).not.toContain('赵敏');
    expect((await cadreA.request({ method: 'GET', url: `/api/editions/${editionId}/attendance/export` })).statusCode).toBe(403);
  });
});
