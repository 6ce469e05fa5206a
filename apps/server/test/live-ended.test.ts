import type { AddressInfo } from 'node:net';
import { LIVE_ENDED_CLOSE } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makeUnit, makeUser } from './factories';
import { TestClient } from './realtime-client';

/*
 * The end of a session as the phones and the big screen see it, with the live module's real
 * snapshots: the host closes the edition (live → closed) and every phone and screen socket is
 * told, then closed normally; a phone that comes back later gets the final state and the same close.
 */
describe.each(DIALECTS)('the phones and the screen when the host closes the edition, on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  let hallId: string;
  let host: Session;
  const clients: TestClient[] = [];
  const open = (editionId: string, as: string, headers: Record<string, string> = {}) => {
    const c = TestClient.connect(base, editionId, as, headers);
    clients.push(c);
    return c;
  };
  const move = (id: string, to: string) => host.request({ method: 'POST', url: `/api/editions/${id}/transition`, payload: { to } });

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const city = await makeUnit(t.testDb.db, '市委组织部');
    hallId = (await makeHall(t.testDb.db, city)).id;
    await makeUser(t.testDb.db, 'host', [['host', city]]);
    host = await login(t.app, 'host');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.ws.terminate();
    await t?.close();
  });

  async function liveEdition() {
    const edition = await makeEdition(t.testDb.db, hallId, { status: 'ready' });
    expect((await move(edition.id, 'live')).statusCode).toBe(200);
    return edition.id;
  }

  it('sends each phone and screen live.ended, then closes it with 1000 live.ended; the host console stays', async () => {
    const editionId = await liveEdition();
    const phone = open(editionId, 'public');
    const screen = open(editionId, 'screen');
    const console_ = open(editionId, 'host', { cookie: host.cookie });
    await Promise.all([phone.next('live.snapshot'), screen.next('live.snapshot'), console_.next('live.snapshot')]);

    const res = await move(editionId, 'closed');
    expect(res.statusCode).toBe(200);
    const { status } = res.json() as { status: string };
    expect(status).toBe('closed');
    const row = await t.testDb.db.selectFrom('editions').select('status_changed_at').where('id', '=', editionId).executeTakeFirstOrThrow();
    const ended = { editionId, status: 'closed', endedAt: row.status_changed_at };

    for (const c of [phone, screen]) {
      expect(await c.closedWith()).toEqual({ code: 1000, reason: 'live.ended' });
      // The event is the last message before the close.
      expect(c.messages.at(-1)).toMatchObject({ type: 'live.ended', payload: ended });
    }
    expect(LIVE_ENDED_CLOSE).toEqual({ code: 1000, reason: 'live.ended' });
    expect((await console_.next('live.ended')).payload).toEqual(ended);
    // The console's counter falls to itself alone as the phone and the screen are let go.
    const endedAt = console_.messages.findIndex((m) => m.type === 'live.ended');
    await console_.waitFor('the tally without the phone and the screen', (c) =>
      c.messages.slice(endedAt).some((m) => m.type === 'live.tally' && m.payload.connected === 1),
    );
    expect(console_.closed).toBeNull();
    expect(t.app.services.realtime.connectedCount(editionId)).toBe(1);
  });

  it('answers a phone connecting after the close with the final snapshot, live.ended and the same close', async () => {
    const editionId = await liveEdition();
    expect((await move(editionId, 'closed')).statusCode).toBe(200);
    const late = open(editionId, 'public');
    expect(await late.closedWith()).toEqual({ code: 1000, reason: 'live.ended' });
    expect(late.messages.map((m) => m.type)).toEqual(['live.snapshot', 'live.ended']);
    const [snapshot, ended] = late.messages;
    expect(snapshot?.type === 'live.snapshot' && snapshot.payload.editionId).toBe(editionId);
    expect(ended?.payload).toMatchObject({ editionId, status: 'closed' });
    // It left nothing behind on the instance.
    expect(t.app.services.realtime.connectedCount(editionId)).toBe(0);
  });

  it('still refuses an edition that has not begun (4403), without a snapshot', async () => {
    const planning = await makeEdition(t.testDb.db, hallId, { status: 'planning' });
    const early = open(planning.id, 'public');
    expect(await early.closedWith()).toEqual({ code: 4403, reason: 'edition is not live' });
    expect(early.messages).toEqual([]);
  });
});
