import { describe, expect, it } from 'vitest';
import { LiveSocket, liveSocketUrl, reconnectDelay, type SocketLike, VersionTracker } from './socket';

const msg = (type: string, version: number, payload: unknown = {}) => JSON.stringify({ type, version, payload });

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code?: number) {
    this.readyState = 3;
    this.onclose?.(code === undefined ? {} : { code });
  }
  push(data: string) {
    this.onmessage?.({ data });
  }
}

function harness(options: { tracksVersions?: boolean } = {}) {
  const sockets: FakeSocket[] = [];
  const received: { type: string; version: number }[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const finished: { ended: boolean; code: number }[] = [];
  const live = new LiveSocket({
    ...options,
    url: 'ws://x/api/live/e1/ws?as=public',
    onFinished: (why) => finished.push(why),
    create: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    onMessage: (m) => received.push({ type: m.type, version: m.version }),
    random: () => 0.5,
    setTimer: (fn, ms) => {
      const t = { fn, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      const i = timers.indexOf(t as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  return { live, sockets, received, timers, finished };
}

describe('the version tracker', () => {
  it('applies a snapshot, the next version and an equal one; drops older ones', () => {
    const t = new VersionTracker();
    expect(t.accept({ type: 'live.snapshot', version: 5 })).toEqual({ decision: 'apply', sendResume: false });
    expect(t.accept({ type: 'live.state', version: 6 }).decision).toBe('apply');
    expect(t.accept({ type: 'live.tally', version: 6 }).decision).toBe('apply');
    expect(t.accept({ type: 'live.state', version: 4 }).decision).toBe('stale');
    expect(t.version).toBe(6);
  });

  it('asks for a resume once on a gap, until the snapshot comes', () => {
    const t = new VersionTracker();
    t.accept({ type: 'live.snapshot', version: 1 });
    expect(t.accept({ type: 'live.state', version: 4 })).toEqual({ decision: 'gap', sendResume: true });
    expect(t.accept({ type: 'live.state', version: 7 })).toEqual({ decision: 'gap', sendResume: false });
    t.accept({ type: 'live.snapshot', version: 8 });
    expect(t.accept({ type: 'live.state', version: 10 }).sendResume).toBe(true);
  });
});

describe('the live socket', () => {
  it('sends resume with the last version on a version gap', () => {
    const h = harness();
    h.live.start();
    const ws = h.sockets[0] as FakeSocket;
    ws.open();
    ws.push(msg('live.snapshot', 3));
    ws.push(msg('live.tally', 4));
    expect(ws.sent).toEqual([]);
    ws.push(msg('live.state', 9));
    expect(ws.sent.map((s) => JSON.parse(s))).toEqual([{ type: 'resume', version: 9 }]);
    expect(h.received.map((r) => r.version)).toEqual([3, 4, 9]);
  });

  it('ignores frames that are not messages and stale versions', () => {
    const h = harness();
    h.live.start();
    const ws = h.sockets[0] as FakeSocket;
    ws.open();
    ws.push('not json');
    ws.push(JSON.stringify({ type: 'live.state' }));
    ws.push(msg('live.snapshot', 10));
    ws.push(msg('live.state', 9));
    expect(h.received.map((r) => r.version)).toEqual([10]);
  });

  it('reconnects with backoff and resumes from the version it had', () => {
    const h = harness();
    h.live.start();
    const first = h.sockets[0] as FakeSocket;
    first.open();
    first.push(msg('live.snapshot', 7));
    first.drop();
    expect(h.timers.map((t) => t.ms)).toEqual([500]);
    h.timers.shift()?.fn();
    const second = h.sockets[1] as FakeSocket;
    second.drop(); // still down
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
    h.timers.shift()?.fn();
    const third = h.sockets[2] as FakeSocket;
    third.open();
    expect(third.sent.map((s) => JSON.parse(s))).toEqual([{ type: 'resume', version: 7 }]);
  });

  it('stops for good when told to', () => {
    const h = harness();
    h.live.start();
    (h.sockets[0] as FakeSocket).open();
    h.live.stop();
    expect(h.timers).toHaveLength(0);
    expect(h.sockets).toHaveLength(1);
  });
});

describe('the end of a session and refusals', () => {
  it('stops for good after live.ended and the 1000 close, and says the session ended', () => {
    const h = harness();
    h.live.start();
    const ws = h.sockets[0] as FakeSocket;
    ws.open();
    ws.push(msg('live.snapshot', 3));
    ws.push(msg('live.ended', 4, { editionId: 'e1', status: 'closed', endedAt: '2026-03-15T09:30:00.000Z' }));
    ws.drop(1000);
    expect(h.received).toEqual([
      { type: 'live.snapshot', version: 3 },
      { type: 'live.ended', version: 4 },
    ]);
    expect(h.finished).toEqual([{ ended: true, code: 1000 }]);
    expect(h.timers).toHaveLength(0);
    h.live.reconnectNow(); // the phone comes back online: still nothing to reconnect to
    expect(h.sockets).toHaveLength(1);
  });

  it('takes a close after live.ended as the end whatever its code (a proxy may rewrite it)', () => {
    const h = harness();
    h.live.start();
    const ws = h.sockets[0] as FakeSocket;
    ws.open();
    ws.push(msg('live.snapshot', 0));
    ws.push(msg('live.ended', 1));
    ws.drop(1006);
    expect([h.finished, h.timers.length]).toEqual([[{ ended: true, code: 1006 }], 0]);
  });

  it('stops on a refusal (4403) without calling it the end, and reconnects after any other close', () => {
    const refused = harness();
    refused.live.start();
    (refused.sockets[0] as FakeSocket).drop(4403);
    expect([refused.finished, refused.timers.length]).toEqual([[{ ended: false, code: 4403 }], 0]);

    const dropped = harness();
    dropped.live.start();
    (dropped.sockets[0] as FakeSocket).drop(1006);
    expect([dropped.finished, dropped.timers.map((t) => t.ms)]).toEqual([[], [500]]);
  });

  it('applies every message of a socket that keeps no edition numbering, asking for no resume', () => {
    const h = harness({ tracksVersions: false });
    h.live.start();
    const ws = h.sockets[0] as FakeSocket;
    ws.open();
    ws.push(msg('notifications.unread', 1, { unread: 2 }));
    ws.push(msg('notification.created', 5, { unread: 3 }));
    expect(h.received).toEqual([
      { type: 'notifications.unread', version: 1 },
      { type: 'notification.created', version: 5 },
    ]);
    expect(ws.sent).toEqual([]);
  });
});

describe('socket helpers', () => {
  it('builds the URL from the page origin', () => {
    expect(liveSocketUrl('e 1', 'host', { protocol: 'https:', host: 'hall.example' })).toBe('wss://hall.example/api/live/e%201/ws?as=host');
    expect(liveSocketUrl('e1', 'public', { protocol: 'http:', host: '10.0.0.2:3000' })).toBe('ws://10.0.0.2:3000/api/live/e1/ws?as=public');
  });
  it('backs off from half a second to fifteen', () => {
    expect([1, 2, 3, 6, 12].map((n) => reconnectDelay(n, () => 0.5))).toEqual([500, 1000, 2000, 15000, 15000]);
  });
});
