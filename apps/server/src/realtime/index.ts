import type { ClientEventMap, ClientEventName, LiveCounters, LiveSnapshot, SocketAudience } from '@lecture-hall/shared';
import type { WebSocket } from 'ws';
import type { Config } from '../config';
import { localBus, redisBus } from './bus';
import { Hub, type HubOptions } from './hub';

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
  attach(socket: LiveSocket, editionId: string, audience: SocketAudience): Promise<void>;
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
  return new Hub(options, (deliver, log, onResubscribed) => (config.redisUrl ? redisBus(config.redisUrl, deliver, log, onResubscribed) : localBus(deliver)));
}

export type { HubOptions } from './hub';
