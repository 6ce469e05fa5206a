import type { AddressInfo } from 'node:net';
import type { ClientEventMap, ClientEventName } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import type { NotificationInput } from '../src/modules/notifications/notifications.service';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeUnit, makeUser, TEST_PASSWORD } from './factories';
import { TestClient } from './realtime-client';

const notice = (title: string): NotificationInput => ({ kind: 'review.assigned', title, body: `${title}：请及时处理`, link: '/reviews' });

/*
 * The signed-in user's socket, on a real listening app: the upgrade goes through the session
 * hook like any request, and notifications are written by NotificationsService.notify inside a
 * transaction, as the other modules call it.
 */
describe.each(DIALECTS)('notification pushes over /api/notifications/ws on %s', (dialect) => {
  let t: TestApp;
  let app: App;
  let base: string;
  let alice: { id: string; session: Session };
  let bob: { id: string; session: Session };
  /** Every publish to a user's socket, in call order: what left the server, whatever the network does after. */
  const published: Array<{ userId: string; type: ClientEventName; payload: unknown }> = [];
  const clients: TestClient[] = [];
  const open = (headers: Record<string, string> = {}) => {
    const c = TestClient.connectUser(base, headers);
    clients.push(c);
    return c;
  };
  const createdTitles = (c: TestClient) => c.payloads('notification.created').map((p) => p.notification.title);
  const createdFor = (userId: string) => published.filter((p) => p.userId === userId && p.type === 'notification.created');

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    app = t.app;
    const city = await makeUnit(t.testDb.db, '市委组织部');
    const a = await makeUser(t.testDb.db, 'alice', [['hall_admin', city]]);
    const b = await makeUser(t.testDb.db, 'bob', [['hall_admin', city]]);
    alice = { id: a.id, session: await login(app, 'alice') };
    bob = { id: b.id, session: await login(app, 'bob') };
    const users = app.services.realtime.users;
    const publish = users.publish.bind(users);
    users.publish = <K extends ClientEventName>(userId: string, type: K, payload: ClientEventMap[K]) => {
      published.push({ userId, type, payload });
      publish(userId, type, payload);
    };
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const c of clients) c.ws.terminate();
    await t?.close();
  });

  it('refuses a socket without a session, or with a session that does not exist, with 4401 and nothing sent', async () => {
    const anonymous = open();
    const forged = open({ cookie: 'lh_session=not-a-session' });
    expect(await anonymous.closedWith()).toEqual({ code: 4401, reason: 'session required' });
    expect(await forged.closedWith()).toEqual({ code: 4401, reason: 'session required' });
    expect([anonymous.messages, forged.messages]).toEqual([[], []]);
  });

  it('is not an HTTP operation: a plain GET is a 404 and the OpenAPI document leaves it out (so the matrix needs no row)', async () => {
    expect((await alice.session.request({ method: 'GET', url: '/api/notifications/ws' })).statusCode).toBe(404);
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/notifications'))).toEqual([
      '/api/notifications',
      '/api/notifications/unread-count',
      '/api/notifications/{id}/read',
      '/api/notifications/read-all',
    ]);
  });

  it('refuses a page of another site opening the socket with the user’s cookie (4403)', async () => {
    const hijack = open({ cookie: alice.session.cookie, origin: 'https://evil.example' });
    expect(await hijack.closedWith()).toEqual({ code: 4403, reason: 'cross-site' });
    expect(hijack.messages).toEqual([]);
  });

  it('pushes a notification to its recipient only after the transaction commits, never for one rolled back', async () => {
    const aliceSocket = open({ cookie: alice.session.cookie });
    const bobSocket = open({ cookie: bob.session.cookie });
    expect((await aliceSocket.next('notifications.unread')).payload).toEqual({ unread: 0 });
    expect((await bobSocket.next('notifications.unread')).payload).toEqual({ unread: 0 });
    const before = createdFor(alice.id).length;

    // Inside the transaction, after notify: written, not yet committed, so nothing is pushed.
    let insideTransaction = -1;
    await app.db.transaction().execute(async (trx) => {
      await app.services.notifications.notify(trx, [alice.id], notice('已提交'));
      insideTransaction = createdFor(alice.id).length - before;
    });
    expect(insideTransaction).toBe(0);
    const pushed = await aliceSocket.next('notification.created');
    expect(pushed.payload.notification).toMatchObject({ kind: 'review.assigned', title: '已提交', body: '已提交：请及时处理', link: '/reviews', read: false });
    expect(pushed.payload.unread).toBe(1);

    // A transaction that notifies and then fails: the notification is not stored, and not pushed.
    await expect(
      app.db.transaction().execute(async (trx) => {
        await app.services.notifications.notify(trx, [alice.id], notice('已回滚'));
        throw new Error('the change it told of failed');
      }),
    ).rejects.toThrow('the change it told of failed');
    // A later committed one is the barrier: once it has arrived, a push of the rolled-back one would have too.
    await app.db.transaction().execute((trx) => app.services.notifications.notify(trx, [alice.id], notice('第二条')));
    await aliceSocket.waitFor('the second notification', (c) => createdTitles(c).includes('第二条'));
    expect(createdTitles(aliceSocket)).toEqual(['已提交', '第二条']);
    expect(aliceSocket.payloads('notification.created').map((p) => p.unread)).toEqual([1, 2]);
    expect(createdFor(alice.id).map((p) => (p.payload as ClientEventMap['notification.created']).notification.title)).toEqual(['已提交', '第二条']);
    expect((await alice.session.request({ method: 'GET', url: '/api/notifications/unread-count' })).json()).toEqual({ unread: 2 });

    // Bob's socket heard none of Alice's: his own notification is the barrier.
    await app.db.transaction().execute((trx) => app.services.notifications.notify(trx, [bob.id], notice('给鲍勃')));
    await bobSocket.next('notification.created');
    expect(bobSocket.messages.map((m) => m.type)).toEqual(['notifications.unread', 'notification.created']);
    expect(createdTitles(bobSocket)).toEqual(['给鲍勃']);
    expect(createdTitles(aliceSocket)).toEqual(['已提交', '第二条']);
  });

  /** A new hall admin of a unit of its own, signed in twice, each session with its notification socket open (and an admin over the unit). */
  async function twoSessions(username: string, unitName: string) {
    const unit = await makeUnit(t.testDb.db, unitName);
    const user = await makeUser(t.testDb.db, username, [['hall_admin', unit]]);
    await makeUser(t.testDb.db, `${username}-admin`, [['city_admin', unit]]);
    const admin = await login(app, `${username}-admin`);
    const sessions = [await login(app, username), await login(app, username)] as const;
    const sockets = [open({ cookie: sessions[0].cookie }), open({ cookie: sessions[1].cookie })] as const;
    await Promise.all(sockets.map((c) => c.next('notifications.unread')));
    return { user, admin, sessions, sockets };
  }

  it('closes the socket of a session that logs out with 4401, and keeps the same user’s other session and its pushes', async () => {
    const {
      user: carol,
      sessions: [phone],
      sockets: [onPhone, onLaptop],
    } = await twoSessions('carol', '市直机关工委');

    expect((await phone.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(200);
    expect(await onPhone.closedWith()).toEqual({ code: 4401, reason: 'session ended' });
    await app.db.transaction().execute((trx) => app.services.notifications.notify(trx, [carol.id], notice('仍在线')));
    await onLaptop.waitFor('the push after the other session left', (c) => createdTitles(c).includes('仍在线'));
    expect(onLaptop.closed).toBeNull();
    expect(createdTitles(onPhone)).toEqual([]);
  });

  it('closes the sockets of the other sessions when the user changes the password, and those of every session when the account is disabled', async () => {
    const {
      user: dave,
      admin,
      sessions: [here],
      sockets: [onHere, onElsewhere],
    } = await twoSessions('dave', '市发展改革委');

    const changed = await here.request({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a-new-and-longer-passphrase' },
    });
    expect(changed.statusCode).toBe(200);
    expect(await onElsewhere.closedWith()).toEqual({ code: 4401, reason: 'session ended' });
    expect(onHere.closed).toBeNull();

    const disabled = await admin.request({ method: 'PATCH', url: `/api/users/${dave.id}`, payload: { disabled: true } });
    expect(disabled.statusCode).toBe(200);
    expect(await onHere.closedWith()).toEqual({ code: 4401, reason: 'session ended' });
  });

  it('closes the socket of a session its user signs out from another device, and every socket of the user when an admin resets the password', async () => {
    const {
      user: erin,
      admin,
      sessions: [desk],
      sockets: [onDesk, onTablet],
    } = await twoSessions('erin', '市教育局');

    const sessions = ((await desk.request({ method: 'GET', url: '/api/auth/sessions' })).json() as { items: Array<{ id: string; current: boolean }> }).items;
    const other = sessions.find((x) => !x.current)!;
    expect((await desk.request({ method: 'DELETE', url: `/api/auth/sessions/${other.id}` })).statusCode).toBe(200);
    expect(await onTablet.closedWith()).toEqual({ code: 4401, reason: 'session ended' });
    expect(onDesk.closed).toBeNull();

    expect((await admin.request({ method: 'POST', url: `/api/users/${erin.id}/reset-password` })).statusCode).toBe(200);
    expect(await onDesk.closedWith()).toEqual({ code: 4401, reason: 'session ended' });
  });

  it('tells every socket of the user the new count when one tab marks all read', async () => {
    const tab1 = open({ cookie: alice.session.cookie });
    const tab2 = open({ cookie: alice.session.cookie });
    const counts = await Promise.all([tab1.next('notifications.unread'), tab2.next('notifications.unread')]);
    expect(counts.map((m) => m.payload.unread)).toEqual([2, 2]);
    const res = await alice.session.request({ method: 'POST', url: '/api/notifications/read-all' });
    expect(res.json()).toEqual({ unread: 0 });
    for (const tab of [tab1, tab2]) await tab.waitFor('the count after read-all', (c) => c.payloads('notifications.unread').length === 2);
    expect([tab1.payloads('notifications.unread'), tab2.payloads('notifications.unread')]).toEqual([
      [{ unread: 2 }, { unread: 0 }],
      [{ unread: 2 }, { unread: 0 }],
    ]);
    // Each socket numbers its own messages from 1.
    expect(tab1.messages.map((m) => m.version)).toEqual([1, 2]);
  });
});
