import { type ClientMessage, SESSION_ENDED_CLOSE } from '@lecture-hall/shared/realtime/events';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { reportSessionEnded } from '../../api/client';
import { LiveSocket, runSocket, socketUrl } from '../../realtime/socket';
import { fetchMe, ME_KEY } from '../auth/session';
import { notificationKeys } from './keys';

/*
 * Notifications pushed over the signed-in user's own WebSocket (/api/notifications/ws): the
 * server sends the unread count on connect and 'notification.created' after each notification
 * to this user is committed, on whatever instance. The badge takes the pushed count at once and
 * the lists refetch; the slow poll in api.ts is only a safety net for a socket that is down.
 */

/** ws(s)://host/api/notifications/ws for the page's own origin (the session cookie goes along). */
export function notificationSocketUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return socketUrl('/api/notifications/ws', loc);
}

/**
 * Folds one pushed message into the query cache: the count replaces the badge's; a new
 * notification also marks every list stale (the open ones refetch), as does a count that moved
 * without one (read in another tab) — and the count on (re)connect, which may follow missed pushes.
 */
export function applyNotificationMessage(qc: QueryClient, msg: ClientMessage): void {
  if (msg.type === 'notification.created') {
    qc.setQueryData(notificationKeys.unread, (msg as ClientMessage<'notification.created'>).payload.unread);
    void qc.invalidateQueries({ queryKey: notificationKeys.lists });
  } else if (msg.type === 'notifications.unread') {
    const unread = (msg as ClientMessage<'notifications.unread'>).payload.unread;
    const before = qc.getQueryData<number>(notificationKeys.unread);
    qc.setQueryData(notificationKeys.unread, unread);
    if (before !== unread) void qc.invalidateQueries({ queryKey: notificationKeys.lists });
  }
}

/**
 * After the socket stopped for good: closed with SESSION_ENDED_CLOSE, the session ended elsewhere
 * (signed out on another device, password changed, account disabled), and this tab learns it
 * now rather than at its next request — as an HTTP 401 would tell it. The session probe is asked
 * first, so that this tab's own logout, under way, shows no warning. Resolves to whether the end
 * was reported.
 */
export async function sessionEndedCheck(qc: QueryClient, code: number, probe: () => Promise<unknown> = fetchMe): Promise<boolean> {
  if (code !== SESSION_ENDED_CLOSE.code) return false;
  let me: unknown;
  try {
    me = await probe();
  } catch {
    return false; // the server is unreachable: the next request will tell
  }
  if (me !== null || !qc.getQueryData(ME_KEY)) return false;
  reportSessionEnded();
  return true;
}

/** Keeps the user's notification socket open while `enabled` (a signed-in console), reconnecting with backoff. */
export function useNotificationPush(enabled = true): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const socket = new LiveSocket({
      url: notificationSocketUrl(),
      tracksVersions: false,
      onMessage: (msg) => applyNotificationMessage(qc, msg),
      onStatus: (status) => {
        // Whatever was pushed while the socket was down is fetched again once it is back.
        if (status === 'open') void qc.invalidateQueries({ queryKey: notificationKeys.all });
      },
      onFinished: ({ code }) => void sessionEndedCheck(qc, code),
    });
    return runSocket(socket);
  }, [enabled, qc]);
}
