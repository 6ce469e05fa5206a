import type { ClientEventMap, ClientEventName, ClientMessage } from '@lecture-hall/shared/realtime/events';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { setUnauthorizedHandler } from '../../api/client';
import { ME_KEY } from '../auth/session';
import { notificationKeys } from './keys';
import { applyNotificationMessage, notificationSocketUrl, sessionEndedCheck } from './push';

const message = <K extends ClientEventName>(type: K, version: number, payload: ClientEventMap[K]): ClientMessage =>
  ({ type, version, payload }) as ClientMessage;

const created = (unread: number) =>
  message('notification.created', 2, {
    notification: {
      id: 'n1',
      kind: 'review.assigned',
      title: '您有新的课件待审核',
      body: '第7期',
      link: '/reviews',
      read: false,
      createdAt: '2026-03-15T09:30:00.000Z',
    },
    unread,
  });

/** A cache as the console holds it: the badge's count and two pages of the list, fetched. */
function cache(unread: number) {
  const qc = new QueryClient();
  qc.setQueryData(notificationKeys.unread, unread);
  qc.setQueryData(notificationKeys.list(1, 20, false), { items: [], total: 0, page: 1, pageSize: 20, unread });
  qc.setQueryData(notificationKeys.list(1, 20, true), { items: [], total: 0, page: 1, pageSize: 20, unread });
  const stale = () => [notificationKeys.list(1, 20, false), notificationKeys.list(1, 20, true)].map((k) => qc.getQueryState(k)?.isInvalidated);
  return { qc, stale };
}

describe('notification pushes in the console cache', () => {
  it('sets the badge to the pushed count and marks every list stale on notification.created', () => {
    const { qc, stale } = cache(3);
    applyNotificationMessage(qc, created(4));
    expect(qc.getQueryData(notificationKeys.unread)).toBe(4);
    expect(stale()).toEqual([true, true]);
    // The badge's own query is set, not invalidated: it shows the pushed count without a request.
    expect(qc.getQueryState(notificationKeys.unread)?.isInvalidated).toBe(false);
  });

  it('takes a count that moved (another tab read them) and refetches the lists; an unchanged one touches nothing', () => {
    const same = cache(2);
    applyNotificationMessage(same.qc, message('notifications.unread', 1, { unread: 2 }));
    expect([same.qc.getQueryData(notificationKeys.unread), same.stale()]).toEqual([2, [false, false]]);

    const moved = cache(2);
    applyNotificationMessage(moved.qc, message('notifications.unread', 1, { unread: 0 }));
    expect([moved.qc.getQueryData(notificationKeys.unread), moved.stale()]).toEqual([0, [true, true]]);
  });

  it('ignores the messages of an edition’s socket', () => {
    const { qc, stale } = cache(5);
    applyNotificationMessage(qc, message('live.tally', 9, { checkedIn: 1, connected: 1, audienceBallots: {}, expertBallots: {} }));
    expect([qc.getQueryData(notificationKeys.unread), stale()]).toEqual([5, [false, false]]);
  });

  it('opens the socket on the page’s own origin', () => {
    expect(notificationSocketUrl({ protocol: 'https:', host: 'hall.example' })).toBe('wss://hall.example/api/notifications/ws');
    expect(notificationSocketUrl({ protocol: 'http:', host: '10.0.0.2:3000' })).toBe('ws://10.0.0.2:3000/api/notifications/ws');
  });
});

describe('the notification socket closed because the session ended (4401)', () => {
  afterEach(() => setUnauthorizedHandler(null));
  const signedIn = () => {
    const qc = new QueryClient();
    qc.setQueryData(ME_KEY, { id: 'u1', username: 'host' });
    return qc;
  };
  const counting = () => {
    const calls = { n: 0 };
    setUnauthorizedHandler(() => {
      calls.n += 1;
    });
    return calls;
  };

  it('sends the tab to the login page, as an HTTP 401 would, once the probe confirms the session is gone', async () => {
    const calls = counting();
    expect(await sessionEndedCheck(signedIn(), 4401, async () => null)).toBe(true);
    expect(calls.n).toBe(1);
  });

  it('stays quiet for this tab’s own logout, a session the probe still knows, an unreachable server, and other close codes', async () => {
    const calls = counting();
    const loggedOut = new QueryClient();
    loggedOut.setQueryData(ME_KEY, null);
    expect(await sessionEndedCheck(loggedOut, 4401, async () => null)).toBe(false);
    expect(await sessionEndedCheck(signedIn(), 4401, async () => ({ id: 'u1' }))).toBe(false);
    expect(
      await sessionEndedCheck(signedIn(), 4401, async () => {
        throw new Error('offline');
      }),
    ).toBe(false);
    let probed = 0;
    for (const code of [1000, 1006, 4403]) {
      expect(
        await sessionEndedCheck(signedIn(), code, async () => {
          probed += 1;
          return null;
        }),
      ).toBe(false);
    }
    expect([calls.n, probed]).toEqual([0, 0]);
  });
});
