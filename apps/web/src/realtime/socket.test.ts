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
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  push(data: string) {
    this.onmessage?.({ data });
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const received: { type: string; version: number }[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const live = new LiveSocket({
    url: 'ws://x/api/live/e1/ws?as=public',
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
  return { live, sockets, received, timers };
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

describe('socket helpers', () => {
  it('builds the URL from the page origin', () => {
    expect(liveSocketUrl('e 1', 'host', { protocol: 'https:', host: 'hall.example' })).toBe('wss://hall.example/api/live/e%201/ws?as=host');
    expect(liveSocketUrl('e1', 'public', { protocol: 'http:', host: '10.0.0.2:3000' })).toBe('ws://10.0.0.2:3000/api/live/e1/ws?as=public');
  });
  it('backs off from half a second to fifteen', () => {
    expect([1, 2, 3, 6, 12].map((n) => reconnectDelay(n, () => 0.5))).toEqual([500, 1000, 2000, 15000, 15000]);
  });
});
