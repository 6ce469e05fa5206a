import type { ClientEventMap, ClientEventName, LiveCounters, LiveSnapshot, SocketAudience } from '@lecture-hall/shared';
import type { Config } from '../config';

// PLACEHOLDER — being written now: rooms per edition, an in-process bus or Redis pub/sub, coalesced tallies.

/** Builds what a (re)connecting socket is sent, and the counters a tally push carries; the live module provides them. */
export interface LiveDataSource {
  snapshot(editionId: string, audience: SocketAudience): Promise<LiveSnapshot>;
  counters(editionId: string): Promise<LiveCounters>;
}

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
}

export function createRealtimeHub(_config: Config): RealtimeHub {
  return {
    publish() {},
    tallyChanged() {},
    connectedCount: () => 0,
    setDataSource() {},
    async close() {},
  };
}
