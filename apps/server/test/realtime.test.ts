import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { buildTestApp, login, type TestApp } from './app';
import { makeEdition, makeHall, makeUnit, makeUser } from './factories';
import { sampleState, stubSource, TestClient } from './realtime-client';

/*
 * The live socket on a real listening app (the upgrade goes through Fastify's hooks like any
 * request), with ws clients as the phones, the screen and the host console.
 */
describe('live socket /api/live/:editionId/ws', () => {
  let t: TestApp;
  let app: App;
  let base: string;
  let liveId: string;
  let planningId: string;
  let quietId: string;
  let hostCookie: string;
  let strangerCookie: string;
  const shared = { checkedIn: 0 };
  const clients: TestClient[] = [];
  const open = (editionId: string, as?: string, headers: Record<string, string> = {}) => {
    const c = TestClient.connect(base, editionId, as, headers);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    app = t.app;
    app.services.realtime.setDataSource(stubSource(app, shared, new Map()));
    const city = await makeUnit(t.testDb.db, '市委组织部');
    const health = await makeUnit(t.testDb.db, '市卫健委', city);
    const hall = await makeHall(t.testDb.db, city);
    liveId = (await makeEdition(t.testDb.db, hall.id, { status: 'live' })).id;
    planningId = (await makeEdition(t.testDb.db, hall.id, { status: 'planning' })).id;
    // An edition of its own for counting, where sockets closing in other tests cannot interfere.
    quietId = (await makeEdition(t.testDb.db, hall.id, { status: 'ready' })).id;
    await makeUser(t.testDb.db, 'host', [['host', city]]);
    // A host of another unit: a role, but not over this hall.
    await makeUser(t.testDb.db, 'elsewhere', [['host', health]]);
    hostCookie = (await login(app, 'host')).cookie;
    strangerCookie = (await login(app, 'elsewhere')).cookie;
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.ws.terminate();
    await t?.close();
  });

  it('sends the snapshot on connect, then what is published, numbered on by one', async () => {
    const phone = open(liveId, 'public');
    const snap = await phone.next('live.snapshot');
    expect(snap.payload.editionId).toBe(liveId);
    expect(snap.payload.version).toBe(snap.version);
    expect(snap.payload.counters.connected).toBeGreaterThanOrEqual(1);
    app.services.realtime.publish(liveId, 'public', 'live.state', sampleState);
    const state = await phone.next('live.state');
    expect(state.payload).toEqual(sampleState);
    const versions = phone.messages.map((m) => m.version);
    expect(versions).toEqual(versions.map((_, i) => snap.version + i));
    phone.close();
  });

  it('answers a resume from an old version with a fresh snapshot', async () => {
    const screen = open(liveId, 'screen');
    const first = await screen.next('live.snapshot');
    app.services.realtime.publish(liveId, 'public', 'live.state', sampleState);
    await screen.next('live.state');
    shared.checkedIn = 17;
    const seen = screen.messages.length;
    screen.send({ type: 'resume', version: first.version });
    const again = await screen.next('live.snapshot', seen, 'a second snapshot');
    expect(again.version).toBeGreaterThan(first.version);
    expect(again.payload.counters.checkedIn).toBe(17);
    screen.close();
  });

  it('gives the moderation queue to the host only', async () => {
    const phone = open(liveId, 'public');
    const host = open(liveId, 'host', { cookie: hostCookie });
    await Promise.all([phone.next('live.snapshot'), host.next('live.snapshot')]);
    app.services.realtime.publish(liveId, 'host', 'questions.queue', { questions: [] });
    app.services.realtime.publish(liveId, 'public', 'questions.public', { questions: [] });
    await Promise.all([phone.next('questions.public'), host.next('questions.public')]);
    expect(host.messages.some((m) => m.type === 'questions.queue')).toBe(true);
    expect(phone.messages.some((m) => m.type === 'questions.queue')).toBe(false);
    // Each socket's numbers run without gaps, though they saw different messages.
    for (const c of [phone, host]) {
      const v = c.messages.map((m) => m.version);
      expect(v).toEqual(v.map((_, i) => v[0]! + i));
    }
    phone.close();
    host.close();
  });

  it('delivers payloads of every frame length intact (short, 16-bit and 64-bit lengths)', async () => {
    const phone = open(liveId, 'public');
    await phone.next('live.snapshot');
    const question = (i: number, text: string) => ({
      id: `q${i}`,
      text,
      talkId: null,
      upvotes: i,
      pinned: false,
      answered: false,
      createdAt: '2026-03-15T07:00:00.000Z',
    });
    const sizes = [[], [question(1, '短')], Array.from({ length: 300 }, (_, i) => question(i, '问'.repeat(300)))];
    for (const questions of sizes) app.services.realtime.publish(liveId, 'public', 'questions.public', { questions });
    const got = await phone.waitFor('three question lists', (c) => {
      const lists = c.messages.filter((m) => m.type === 'questions.public');
      return lists.length === 3 && lists;
    });
    expect(got.map((m) => m.payload)).toEqual(sizes.map((questions) => ({ questions })));
    expect(JSON.stringify(got[2]).length).toBeGreaterThan(65536);
    phone.close();
  });

  it("moves the host's connected counter as phones come and go", async () => {
    const host = open(quietId, 'host', { cookie: hostCookie });
    expect((await host.next('live.snapshot')).payload.counters.connected).toBe(1);
    const phone = open(quietId, 'public');
    await host.waitFor('a tally counting the phone', (c) => c.messages.some((m) => m.type === 'live.tally' && m.payload.connected === 2));
    expect(app.services.realtime.connectedCount(quietId)).toBe(2);
    const seen = host.messages.length;
    phone.close();
    await host.waitFor('a tally without it', (c) => c.messages.slice(seen).some((m) => m.type === 'live.tally' && m.payload.connected === 1));
    host.close();
  });

  it('closes a host socket with 4403 without a session, or with a role over another unit', async () => {
    for (const headers of [{}, { cookie: strangerCookie }] as Array<Record<string, string>>) {
      const c = open(liveId, 'host', headers);
      expect(await c.closedWith()).toEqual({ code: 4403, reason: 'live.host required' });
      expect(c.messages).toEqual([]);
    }
  });

  it('closes a host console with 4401 once its grant over the hall is removed, and leaves the phones of the edition be', async () => {
    const city = await t.testDb.db.selectFrom('org_units').select(['id', 'path', 'depth', 'name']).where('name', '=', '市委组织部').executeTakeFirstOrThrow();
    const deputy = await makeUser(t.testDb.db, 'deputy-host', [['host', city]]);
    await makeUser(t.testDb.db, 'grants-admin', [['city_admin', city]]);
    const admin = await login(app, 'grants-admin');
    const hostConsole = open(liveId, 'host', { cookie: (await login(app, 'deputy-host')).cookie });
    const phone = open(liveId, 'public');
    await Promise.all([hostConsole.next('live.snapshot'), phone.next('live.snapshot')]);

    const grant = await t.testDb.db.selectFrom('role_grants').select('id').where('user_id', '=', deputy.id).executeTakeFirstOrThrow();
    const removed = await admin.request({ method: 'DELETE', url: `/api/users/${deputy.id}/grants/${grant.id}` });
    expect(removed.statusCode).toBe(200);
    expect(await hostConsole.closedWith()).toEqual({ code: 4401, reason: 'session ended' });
    app.services.realtime.publish(liveId, 'public', 'live.state', sampleState);
    await phone.next('live.state');
    expect(phone.closed).toBeNull();
    phone.close();
  });

  it('keeps a host console open when the same user signs out of another session', async () => {
    const city = await t.testDb.db.selectFrom('org_units').select(['id', 'path', 'depth', 'name']).where('name', '=', '市委组织部').executeTakeFirstOrThrow();
    await makeUser(t.testDb.db, 'two-device-host', [['host', city]]);
    const [laptop, phone] = [await login(app, 'two-device-host'), await login(app, 'two-device-host')];
    const hostConsole = open(liveId, 'host', { cookie: laptop.cookie });
    const onPhone = open(liveId, 'host', { cookie: phone.cookie });
    await Promise.all([hostConsole.next('live.snapshot'), onPhone.next('live.snapshot')]);

    expect((await phone.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200);
    expect(await onPhone.closedWith()).toEqual({ code: 4401, reason: 'session ended' });
    app.services.realtime.publish(liveId, 'host', 'questions.queue', { questions: [] });
    await hostConsole.next('questions.queue');
    expect(hostConsole.closed).toBeNull();
    hostConsole.close();
  });

  it('refuses a host socket opened by another site with the host’s cookie', async () => {
    const c = open(liveId, 'host', { cookie: hostCookie, origin: 'https://evil.example' });
    expect((await c.closedWith()).code).toBe(4403);
  });

  it('closes with 4403 for an edition that is not live or ready, 4404 for an unknown one, 4400 for an unknown audience', async () => {
    expect(await open(planningId, 'public').closedWith()).toEqual({ code: 4403, reason: 'edition is not live' });
    expect((await open('no-such-edition', 'public').closedWith()).code).toBe(4404);
    expect((await open(liveId, 'projector').closedWith()).code).toBe(4400);
    // The host may watch an edition before it goes live.
    const host = open(planningId, 'host', { cookie: hostCookie });
    expect((await host.next('live.snapshot')).payload.editionId).toBe(planningId);
    host.close();
  });

  it('drops a client that sends more than 1 KiB, and ignores what it does not understand', async () => {
    const phone = open(liveId);
    await phone.next('live.snapshot');
    phone.send('not json');
    phone.send({ type: 'hello' });
    phone.send({ type: 'resume', version: 'x' });
    phone.send('x'.repeat(2048));
    expect((await phone.closedWith()).code).toBe(1009);
    expect(phone.messages.filter((m) => m.type === 'live.snapshot')).toHaveLength(1);
  });

  it('is not an HTTP operation: a plain GET is a 404 and the OpenAPI document leaves it out', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/live/${liveId}/ws` });
    expect(res.statusCode).toBe(404);
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths).filter((p) => p.includes('/ws'))).toEqual([]);
  });
});
