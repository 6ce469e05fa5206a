import type { ClientEventMap, ClientEventName, ClientMessage, LiveCounters, LiveSnapshot, SocketAudience } from '@lecture-hall/shared';
import WebSocket from 'ws';
import type { App } from '../src/app';
import type { LiveDataSource } from '../src/realtime';

/** A message as received: `type` tells its payload's shape. */
export type AnyMessage = { [K in ClientEventName]: ClientMessage<K> }[ClientEventName];

/** A ws client that keeps every message it is sent and how it was closed. */
export class TestClient {
  readonly messages: AnyMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static connect(base: string, editionId: string, as?: string, headers: Record<string, string> = {}): TestClient {
    const url = `${base.replace(/^http/, 'ws')}/api/live/${editionId}/ws${as ? `?as=${as}` : ''}`;
    return new TestClient(new WebSocket(url, { headers }));
  }

  /** The signed-in user's own socket (/api/notifications/ws); the cookie is the session. */
  static connectUser(base: string, headers: Record<string, string> = {}): TestClient {
    return new TestClient(new WebSocket(`${base.replace(/^http/, 'ws')}/api/notifications/ws`, { headers }));
  }

  /** The payloads of one type received so far, in order. */
  payloads<K extends ClientEventName>(type: K): ClientEventMap[K][] {
    return this.messages.filter((m) => m.type === type).map((m) => m.payload as ClientEventMap[K]);
  }

  private wake() {
    for (const w of this.waiters) w();
  }

  /** Resolves once the predicate holds over what arrived; fails after the timeout with what did arrive. */
  waitFor<T>(what: string, probe: (c: TestClient) => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = probe(this);
        if (v) {
          this.waiters.delete(check);
          clearTimeout(timer);
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `timed out waiting for ${what}; got ${JSON.stringify(this.messages.map((m) => [m.type, m.version]))} closed=${JSON.stringify(this.closed)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  next<K extends ClientEventName>(type: K, after = 0, what: string = type): Promise<ClientMessage<K>> {
    return this.waitFor(what, (c) => c.messages.slice(after).find((m) => m.type === type) as ClientMessage<K> | undefined);
  }

  closedWith(): Promise<{ code: number; reason: string }> {
    return this.waitFor('close', (c) => c.closed);
  }

  send(value: unknown) {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  close() {
    this.ws.close();
  }
}

export const emptyCounters = (): LiveCounters => ({ checkedIn: 0, connected: 0, audienceBallots: {}, expertBallots: {} });

/** A snapshot with only what the realtime layer cares about filled in: the live module builds the real one. */
export function stubSnapshot(editionId: string, counters: LiveCounters): LiveSnapshot {
  return {
    editionId,
    version: -1,
    editionTitle: '第1期',
    editionSeq: 1,
    hallName: '干部讲堂',
    date: '2026-03-15',
    venue: '市委党校报告厅',
    step: 'idle',
    stepStartedAt: null,
    checkinOpen: false,
    currentTalkId: null,
    window: null,
    talks: [],
    rubric: {} as LiveSnapshot['rubric'],
    screen: 'welcome',
    counters,
    questions: [],
    checkInUrl: `http://127.0.0.1/audience/${editionId}`,
  };
}

/**
 * The live module's data source is written concurrently; the realtime tests read from this
 * stub instead: `checkedIn` stands for the database, `reads` counts the counter reads per app.
 */
export function stubSource(app: App, shared: { checkedIn: number }, reads: Map<App, number>): LiveDataSource {
  return {
    snapshot: async (editionId: string, _audience: SocketAudience) => stubSnapshot(editionId, { ...emptyCounters(), checkedIn: shared.checkedIn }),
    counters: async () => {
      reads.set(app, (reads.get(app) ?? 0) + 1);
      return { ...emptyCounters(), checkedIn: shared.checkedIn };
    },
  };
}

export const sampleState = {
  step: 'talk',
  stepStartedAt: '2026-03-15T06:30:00.000Z',
  checkinOpen: false,
  currentTalkId: null,
  window: null,
  screen: 'speaker',
} as const;
