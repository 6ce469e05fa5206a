import type { HostQuestion, LiveCounters, LiveSnapshot, PublicQuestion, ScoringWindow } from '../api/live';
import type { Notification } from '../api/notifications';
import type { LiveStep, ScreenMode } from '../domain/programme';

/**
 * Every WebSocket message the server pushes, by name. A message is
 * `{ "type": name, "version": n, "payload": ClientEventMap[name] }`; versions increase per
 * edition, and a client that sees a gap (or reconnects) is sent a fresh 'live.snapshot'.
 */
export interface ClientEventMap {
  /** The whole state, on connect and after a gap. */
  'live.snapshot': LiveSnapshot;
  /** The host moved the session on: a step, the current talk, the scoring window, check-in, the screen. */
  'live.state': {
    step: LiveStep;
    stepStartedAt: string | null;
    checkinOpen: boolean;
    currentTalkId: string | null;
    window: ScoringWindow | null;
    screen: ScreenMode;
  };
  /** Counters, coalesced to at most 4 pushes a second per edition. */
  'live.tally': LiveCounters;
  /** The approved questions as the audience and the screen see them. */
  'questions.public': { questions: PublicQuestion[] };
  /** The moderation queue (host sockets only). */
  'questions.queue': { questions: HostQuestion[] };
  /**
   * The edition left the live session (the host closed it): the last message an audience or
   * screen socket receives before the server closes it with LIVE_ENDED_CLOSE. A socket opened to
   * an edition that has already ended gets the final 'live.snapshot', then this, then the close.
   */
  'live.ended': { editionId: string; status: 'closed' | 'published'; endedAt: string };

  // The signed-in user's own socket (/api/notifications/ws), not an edition's. Its versions
  // count that socket's messages only; every message carries whole values (a notification, a
  // count), so a client that reconnects refetches instead of resuming.
  /** Sent on connect and whenever the count may have moved without a new notification (read in another tab). */
  'notifications.unread': { unread: number };
  /** A notification to this user was committed; `unread` is the count read after that commit. */
  'notification.created': { notification: Notification; unread: number };
}
export type ClientEventName = keyof ClientEventMap;
export interface ClientMessage<K extends ClientEventName = ClientEventName> {
  type: K;
  version: number;
  payload: ClientEventMap[K];
}
/**
 * How the server closes a phone's or screen's socket once the edition has ended: a normal
 * closure (1000), after which the client must not reconnect — nothing more will come.
 */
export const LIVE_ENDED_CLOSE = { code: 1000, reason: 'live.ended' } as const;

/**
 * How the server closes a signed-in socket (a host console, a user's notification socket) once
 * its session has ended — signed out here or elsewhere, revoked, the password changed or reset,
 * the account disabled, expired — or its user has lost the right the socket needed. As HTTP's
 * 401: the client must not reconnect with the same session.
 */
export const SESSION_ENDED_CLOSE = { code: 4401, reason: 'session ended' } as const;

/** How the server refuses a socket after the upgrade, mirroring the HTTP statuses the client would otherwise get. */
export const WS_CLOSE = { badRequest: 4400, unauthorized: 4401, forbidden: 4403, notFound: 4404 } as const;

/** Who a socket is: the host's console sees the moderation queue; the audience and the screen do not. */
export type SocketAudience = 'public' | 'host';
