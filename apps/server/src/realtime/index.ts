import type { ClientEventMap, ClientEventName, LiveCounters, LiveSnapshot, SocketAudience } from '@lecture-hall/shared';
import type { WebSocket } from 'ws';
import type { Config } from '../config';
import { type BusTopic, localBus, redisBus } from './bus';
import { Hub, type HubOptions } from './hub';
import type { SocketGuard } from './liveness';
import { UserHub } from './user-hub';

/*
 * The live session's realtime layer: rooms per edition and audience on each instance, an
 * in-process bus or Redis pub/sub between instances, coalesced tallies. How it works and why
 * (channels, versions, connected counts) is told in hub.ts and bus.ts.
 */

/** Builds what a (re)connecting socket is sent, and the counters a tally push carries; the live module provides them. */
export interface LiveDataSource {
  snapshot(editionId: string, audience: SocketAudience): Promise<LiveSnapshot>;
  counters(editionId: string): Promise<LiveCounters>;
}

/** The last message of an ended edition's phones and screens. */
export type LiveEnded = ClientEventMap['live.ended'];

export interface AttachOptions {
  /** The edition has already ended: the socket gets the final snapshot, 'live.ended' and the close. */
  ended?: LiveEnded;
  /**
   * Reads whether the edition has ended, asked once the instance's subscription holds when this
   * socket is the first of the edition here: the status the route read before attaching may
   * predate an end whose event this instance, not yet subscribed, never heard.
   */
  endedNow?: () => Promise<LiveEnded | null>;
  /** A host console's session and right ('live.host'): re-asked at each heartbeat round and when the user's access changes. */
  guard?: SocketGuard;
}

/** What the hub needs of a socket: a `ws` WebSocket (tests pass a fake with the same members). */
export type LiveSocket = Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'ping' | 'close' | 'terminate' | 'on'>;

export interface RealtimeHub {
  /**
   * Pushes an event to every socket of the edition (on every instance): 'public' reaches the
   * audience, the screen and the host; 'host' only the host's consoles. Call after the commit.
   */
  publish<K extends ClientEventName>(editionId: string, audience: SocketAudience, type: K, payload: ClientEventMap[K]): void;
  /** The edition's counters changed; pushes are coalesced to at most 4 a second per edition. */
  tallyChanged(editionId: string): void;
  /** Sockets connected to an edition on this instance. */
  connectedCount(editionId: string): number;
  setDataSource(source: LiveDataSource): void;
  close(): Promise<void>;

  /**
   * Takes over an authorized socket of the edition: sends the snapshot, then the edition's
   * events for its audience; answers `{"type":"resume","version":n}`; pings it and drops it
   * when it stops answering. Resolves once the snapshot is sent (or the socket is gone).
   */
  attach(socket: LiveSocket, editionId: string, audience: SocketAudience, options?: AttachOptions): Promise<void>;
  /**
   * The edition has ended (call after the commit): on every instance its phones and screens are
   * sent 'live.ended' and closed with LIVE_ENDED_CLOSE; host consoles get the event and stay.
   */
  endEdition(editionId: string, ended: LiveEnded): void;
  /**
   * A user's sessions or rights changed (call after the commit: a logout, a session revoked, a
   * password changed or reset, the account disabled, a grant removed): the user's signed-in
   * sockets ask their guards again at once on this instance and on every instance holding a
   * notification socket of the user; any other instance asks at its next heartbeat round.
   */
  userAccessChanged(userId: string): void;
  /** The signed-in users' own sockets, for their notifications (user-hub.ts). */
  readonly users: UserHub;
  /** Sockets of the edition on every instance (with Redis, as the instances report them; else this instance's). */
  connectedTotal(editionId: string): Promise<number>;
  /** Where the hub reports trouble it cannot throw (Redis down, a data source failing); the app's logger. */
  setLogger(log: HubLogger): void;
  /** 'redis' when events cross instances through REDIS_URL, else 'local'. */
  readonly busKind: 'local' | 'redis';
}

export interface HubLogger {
  warn(obj: object, msg: string): void;
}

/** The hub of this instance: Redis pub/sub when REDIS_URL is set, else an in-process bus. */
export function createRealtimeHub(config: Config, options: HubOptions = {}): RealtimeHub {
  const busOf = (topic: BusTopic) => (deliver: Parameters<typeof localBus>[0], log: (message: string, err?: unknown) => void, onResubscribed: () => void) =>
    config.redisUrl ? redisBus(config.redisUrl, deliver, log, onResubscribed, topic) : localBus(deliver);
  return new Hub(options, busOf('live'), new UserHub(options, busOf('user')));
}

export type { HubOptions } from './hub';
export type { UserDataSource, UserHub } from './user-hub';
