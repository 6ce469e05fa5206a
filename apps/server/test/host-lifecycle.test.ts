import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makeUnit, makeUser, type UnitRef } from './factories';

describe.each(DIALECTS)('the host and the lifecycle on %s', (dialect) => {
  let t: TestApp;
  let bureau: UnitRef;
  let hallId: string;
  let host: Session;
  let outsideHost: Session;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const city = await makeUnit(t.testDb.db, '市委组织部');
    bureau = await makeUnit(t.testDb.db, '市卫健委', city);
    const other = await makeUnit(t.testDb.db, '市场监管局', city);
    hallId = (await makeHall(t.testDb.db, bureau)).id;
    await makeUser(t.testDb.db, 'host', [['host', bureau]]);
    await makeUser(t.testDb.db, 'other-host', [['host', other]]);
    host = await login(t.app, 'host');
    outsideHost = await login(t.app, 'other-host');
  });
  afterAll(() => t.close());

  const move = (s: Session, id: string, to: string) => s.request({ method: 'POST', url: `/api/editions/${id}/transition`, payload: { to } });

  it('lets the host open the session (ready → live) and close it (live → closed)', async () => {
    const edition = await makeEdition(t.testDb.db, hallId, { status: 'ready' });
    expect((await move(host, edition.id, 'live')).json().status).toBe('live');
    expect((await move(host, edition.id, 'closed')).json().status).toBe('closed');
  });

  it('refuses the host every other move, and a host of another unit any move', async () => {
    const edition = await makeEdition(t.testDb.db, hallId, { status: 'ready' });
    expect((await move(host, edition.id, 'preparing')).statusCode).toBe(403);
    expect((await move(outsideHost, edition.id, 'live')).statusCode).toBe(403);
    const closed = await makeEdition(t.testDb.db, hallId, { status: 'closed' });
    expect((await move(host, closed.id, 'published')).statusCode).toBe(403);
  });
});
