import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../src/lib/clock';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeUnit, makeUser, type UnitRef } from './factories';

describe.each(DIALECTS)('audit page on %s', (dialect) => {
  let t: TestApp;
  let city: UnitRef;
  let health: UnitRef;
  let market: UnitRef;
  let root: Session;
  let healthAdmin: Session;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    city = await makeUnit(t.testDb.db, '市委组织部');
    health = await makeUnit(t.testDb.db, '市卫健委', city);
    market = await makeUnit(t.testDb.db, '市场监管局', city);
    await makeUser(t.testDb.db, 'root', [['city_admin', city]]);
    await makeUser(t.testDb.db, 'hadmin', [['city_admin', health]]);
    await makeUser(t.testDb.db, 'leader', [['leader', city]]);
    root = await login(t.app, 'root');
    healthAdmin = await login(t.app, 'hadmin');
    await root.request({ method: 'POST', url: '/api/org-units', payload: { parentId: health.id, name: '办公室' } });
    await root.request({ method: 'POST', url: '/api/org-units', payload: { parentId: market.id, name: '综合科' } });
  });
  afterAll(() => t.close());

  it('filters by action and entity type, newest first', async () => {
    const res = await root.request({ method: 'GET', url: '/api/audit?action=org_unit.created' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.items.map((e: { after: { name: string } }) => e.after.name)).toEqual(['综合科', '办公室']);
    expect(body.items[0]).toMatchObject({ actorName: 'root', entityType: 'org_unit', ip: '127.0.0.1' });
    expect(body.items[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows a bureau admin only the entries of its own subtree', async () => {
    const body = (await healthAdmin.request({ method: 'GET', url: '/api/audit?pageSize=100' })).json();
    expect(body.items.map((e: { action: string; after: { name?: string } }) => `${e.action}:${e.after?.name}`)).toEqual(['org_unit.created:办公室']);
  });

  it('filters by actor and by date range', async () => {
    const today = localDate(new Date());
    const byActor = (await root.request({ method: 'GET', url: '/api/audit?actor=hadmin&action=auth.login' })).json();
    expect(byActor.total).toBe(1);
    const future = (await root.request({ method: 'GET', url: '/api/audit?from=2999-01-01' })).json();
    expect(future.total).toBe(0);
    const todays = (await root.request({ method: 'GET', url: `/api/audit?from=${today}&to=${today}&action=org_unit.created` })).json();
    expect(todays.total).toBe(2);
  });

  it('refuses the audit page to a leader and a malformed date with 400', async () => {
    const leader = await login(t.app, 'leader');
    expect((await leader.request({ method: 'GET', url: '/api/audit' })).statusCode).toBe(403);
    expect((await root.request({ method: 'GET', url: '/api/audit?from=2026-13-45' })).statusCode).toBe(400);
  });
});
