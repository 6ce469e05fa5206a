import { EventEmitter } from 'node:events';
import type { ClientMessage, LiveCounters, LiveSnapshot, SocketAudience } from '@lecture-hall/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config';
import { createRealtimeHub, type LiveSocket, type RealtimeHub } from './index';

/** A socket as the hub sees it: records what it is sent, closes like ws (a 'close' event follows). */
class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  pings = 0;
  closedWith: number | null = null;
  readonly received: ClientMessage[] = [];
  send(data: Buffer | string) {
    this.received.push(JSON.parse(data.toString()));
  }
  ping() {
    this.pings += 1;
  }
  close(code = 1000) {
    if (this.readyState !== 1) return;
    this.readyState = 3;
    this.closedWith = code;
    queueMicrotask(() => this.emit('close'));
  }
  terminate() {
    this.close(1006);
  }
  /** What a client sends: a text frame. */
  say(text: string) {
    this.emit('message', Buffer.from(text), false);
  }
  types() {
    return this.received.map((m) => m.type);
  }
}

const asSocket = (s: FakeSocket) => s as unknown as LiveSocket;

/** Lets promise callbacks run without moving the fake clock (a tally push waits for a timer; a snapshot does not). */
async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

const counters = (checkedIn: number): LiveCounters => ({ checkedIn, connected: 0, audienceBallots: {}, expertBallots: {} });

function snapshotOf(editionId: string, checkedIn: number): LiveSnapshot {
  return {
    editionId,
    version: 999,
    editionTitle: '第7期',
    editionSeq: 7,
    hallName: '市委组织部干部讲堂',
    date: '2026-03-15',
    venue: '市委党校报告厅',
    step: 'checkin',
    stepStartedAt: null,
    checkinOpen: true,
    currentTalkId: null,
    window: null,
    talks: [],
    rubric: { dimensions: [], scale: { min: 1, max: 10, step: 1 } } as unknown as LiveSnapshot['rubric'],
    screen: 'welcome',
    counters: counters(checkedIn),
    questions: [],
    checkInUrl: `http://hall.example/audience/${editionId}`,
  } as LiveSnapshot;
}

const state = { step: 'talk', stepStartedAt: null, checkinOpen: false, currentTalkId: 't1', window: null, screen: 'speaker' } as const;

describe('realtime hub (one instance, in-process bus)', () => {
  let hub: RealtimeHub;
  /** What the stub data source reads: a counter the test moves, and how often it was read. */
  let checkedIn: number;
  let counterReads: number;

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    checkedIn = 0;
    counterReads = 0;
    hub = createRealtimeHub(loadConfig({ NODE_ENV: 'test' }));
    hub.setDataSource({
      snapshot: async (editionId) => snapshotOf(editionId, checkedIn),
      counters: async () => {
        counterReads += 1;
        return counters(checkedIn);
      },
    });
  });
  afterEach(async () => {
    await hub.close();
    vi.useRealTimers();
  });

  async function connect(editionId: string, audience: SocketAudience) {
    const s = new FakeSocket();
    await hub.attach(asSocket(s), editionId, audience);
    return s;
  }

  it('sends a snapshot on connect carrying the current version and the connected count', async () => {
    const a = await connect('e1', 'public');
    hub.publish('e1', 'public', 'live.state', state);
    const b = await connect('e1', 'public');
    expect(a.received[0]).toMatchObject({ type: 'live.snapshot', version: 0, payload: { editionId: 'e1', version: 0 } });
    expect(b.received[0]).toMatchObject({ type: 'live.snapshot', version: 1, payload: { version: 1, counters: { connected: 2 } } });
    expect(hub.connectedCount('e1')).toBe(2);
    expect(hub.connectedCount('e2')).toBe(0);
  });

  it('numbers the messages of an edition one by one, separately per edition', async () => {
    const one = await connect('e1', 'public');
    const two = await connect('e2', 'public');
    for (let i = 0; i < 3; i++) hub.publish('e1', 'public', 'live.state', state);
    hub.publish('e2', 'public', 'questions.public', { questions: [] });
    expect(one.received.map((m) => m.version)).toEqual([0, 1, 2, 3]);
    expect(two.received.map((m) => [m.type, m.version])).toEqual([
      ['live.snapshot', 0],
      ['questions.public', 1],
    ]);
  });

  it('gives host messages to host sockets only, and keeps each socket’s versions without gaps', async () => {
    const pub = await connect('e1', 'public');
    const host = await connect('e1', 'host');
    hub.publish('e1', 'public', 'live.state', state);
    hub.publish('e1', 'host', 'questions.queue', { questions: [] });
    hub.publish('e1', 'public', 'questions.public', { questions: [] });
    expect(pub.types()).toEqual(['live.snapshot', 'live.state', 'questions.public']);
    expect(pub.received.map((m) => m.version)).toEqual([0, 1, 2]);
    expect(host.types()).toEqual(['live.snapshot', 'live.state', 'questions.queue', 'questions.public']);
    expect(host.received.map((m) => m.version)).toEqual([0, 1, 2, 3]);
  });

  it('answers a resume from an old version with a fresh snapshot, and a current one with nothing', async () => {
    const s = await connect('e1', 'public');
    hub.publish('e1', 'public', 'live.state', state);
    checkedIn = 42;
    s.say(JSON.stringify({ type: 'resume', version: 1 }));
    await settle();
    expect(s.types()).toEqual(['live.snapshot', 'live.state']);
    s.say(JSON.stringify({ type: 'resume', version: 0 }));
    await settle();
    expect(s.received.at(-1)).toMatchObject({ type: 'live.snapshot', version: 1, payload: { counters: { checkedIn: 42 } } });
    // Anything else is ignored.
    for (const junk of ['nonsense', '{"type":"resume","version":"1"}', '[]', 'null', '{"type":"other"}']) s.say(junk);
    await settle();
    expect(s.received).toHaveLength(3);
  });

  it('pushes 100 tally changes within a second as at most 4 pushes a second, each reading fresh counters once', async () => {
    const s = await connect('e1', 'public');
    await vi.advanceTimersByTimeAsync(1000); // the push for the connection itself
    s.received.length = 0;
    counterReads = 0;
    const start = Date.now();
    const pushedAt: number[] = [];
    s.send = (data) => {
      pushedAt.push(Date.now() - start);
      s.received.push(JSON.parse(data.toString()));
    };
    for (let i = 0; i < 100; i++) {
      checkedIn = i + 1;
      hub.tallyChanged('e1');
      await vi.advanceTimersByTimeAsync(i < 99 ? 10 : 9);
    }
    // 100 calls over [0, 1000 ms): pushes at 0, 250, 500 and 750.
    expect(pushedAt).toEqual([0, 250, 500, 750]);
    await vi.advanceTimersByTimeAsync(2000);
    // The changes after 750 ms make one more push, 250 ms after the last; then nothing.
    expect(pushedAt).toEqual([0, 250, 500, 750, 1000]);
    expect(counterReads).toBe(5);
    const tallies = s.received as ClientMessage<'live.tally'>[];
    expect(tallies.every((m) => m.type === 'live.tally')).toBe(true);
    // Each push carries the counters as they stood when it was made (checkedIn = calls made before it).
    expect(tallies.map((m) => m.payload.checkedIn)).toEqual([1, 25, 50, 75, 100]);
    expect(tallies.map((m) => m.version)).toEqual([2, 3, 4, 5, 6]);
    expect(tallies[0]!.payload.connected).toBe(1);
  });

  it('moves the connected count with connections, through a tally push', async () => {
    const host = await connect('e1', 'host');
    await vi.advanceTimersByTimeAsync(300);
    const phone = await connect('e1', 'public');
    await vi.advanceTimersByTimeAsync(300);
    phone.close();
    await vi.advanceTimersByTimeAsync(300);
    const connected = (host.received.filter((m) => m.type === 'live.tally') as ClientMessage<'live.tally'>[]).map((m) => m.payload.connected);
    expect(connected).toEqual([1, 2, 1]);
    expect(hub.connectedCount('e1')).toBe(1);
  });

  it('drops a socket that does not answer the ping within 25 s, and keeps one that does', async () => {
    const quiet = await connect('e1', 'public');
    const lively = await connect('e1', 'public');
    lively.ping = () => {
      lively.pings += 1;
      lively.emit('pong');
    };
    await vi.advanceTimersByTimeAsync(25_000);
    expect([quiet.pings, lively.pings]).toEqual([1, 1]);
    expect(quiet.readyState).toBe(1);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(quiet.closedWith).toBe(1006);
    expect(lively.readyState).toBe(1);
    expect(hub.connectedCount('e1')).toBe(1);
  });

  /** A socket that answers every ping, so that only its guard can close it. */
  function answering() {
    const s = new FakeSocket();
    s.ping = () => {
      s.pings += 1;
      s.emit('pong');
    };
    return s;
  }

  it('asks a host console’s guard when it attaches and at each heartbeat round, closes it with 4401 once the guard says no, and keeps it while the check itself fails', async () => {
    let answer: boolean | Error = true;
    let asked = 0;
    const guard = {
      userId: 'u1',
      stillAllowed: async () => {
        asked += 1;
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
    const host = answering();
    const phone = answering();
    await hub.attach(asSocket(host), 'e1', 'host', { guard });
    await hub.attach(asSocket(phone), 'e1', 'public');
    await settle();
    expect([asked, host.readyState]).toEqual([1, 1]);
    await vi.advanceTimersByTimeAsync(25_000);
    expect([asked, host.readyState]).toEqual([2, 1]);
    answer = new Error('database unreachable');
    await vi.advanceTimersByTimeAsync(25_000);
    expect([asked, host.readyState]).toEqual([3, 1]);
    answer = false;
    await vi.advanceTimersByTimeAsync(25_000);
    expect([asked, host.closedWith, phone.readyState]).toEqual([4, 4401, 1]);
    expect(hub.connectedCount('e1')).toBe(1);
  });

  it('does not ask a guard again while its previous answer is still awaited (a stalled database gets no pile of checks)', async () => {
    let asked = 0;
    const host = answering();
    await hub.attach(asSocket(host), 'e1', 'host', {
      guard: {
        userId: 'u1',
        stillAllowed: () => {
          asked += 1;
          return new Promise<boolean>(() => {});
        },
      },
    });
    await vi.advanceTimersByTimeAsync(75_000);
    hub.userAccessChanged('u1');
    await settle();
    expect([asked, host.readyState]).toEqual([1, 1]);
  });

  it('asks the guards of a user’s host consoles and notification sockets once each when that user’s access changes, and no one else’s', async () => {
    hub.users.setDataSource({ unread: async () => 0 });
    let allowed = true;
    const asked = new Map<string, number>();
    const guardFor = (userId: string, socketName: string) => ({
      userId,
      stillAllowed: async () => {
        asked.set(socketName, (asked.get(socketName) ?? 0) + 1);
        return allowed;
      },
    });
    const [host1, bell1, host2] = [answering(), answering(), answering()];
    await hub.attach(asSocket(host1), 'e1', 'host', { guard: guardFor('u1', 'host1') });
    await hub.users.attach(asSocket(bell1), 'u1', guardFor('u1', 'bell1'));
    await hub.attach(asSocket(host2), 'e1', 'host', { guard: guardFor('u2', 'host2') });
    await settle();
    allowed = false;
    hub.userAccessChanged('u1');
    await settle();
    expect([host1.closedWith, bell1.closedWith, host2.readyState]).toEqual([4401, 4401, 1]);
    // Once when attached, once for the change: the instance's own word on the user's channel is not acted on twice.
    expect(Object.fromEntries(asked)).toEqual({ host1: 2, bell1: 2, host2: 1 });
  });

  it('queues what is published while a snapshot is read, and sends it after, numbered on', async () => {
    let release: () => void = () => {};
    hub.setDataSource({
      snapshot: (editionId) => new Promise((resolve) => (release = () => resolve(snapshotOf(editionId, 0)))),
      counters: async () => counters(0),
    });
    const s = new FakeSocket();
    const attached = hub.attach(asSocket(s), 'e1', 'public');
    await settle();
    hub.publish('e1', 'public', 'live.state', state);
    expect(s.received).toEqual([]);
    release();
    await attached;
    expect(s.received.map((m) => [m.type, m.version])).toEqual([
      ['live.snapshot', 0],
      ['live.state', 1],
    ]);
  });

  it('reads one snapshot for the sockets that connect at the same version', async () => {
    let reads = 0;
    hub.setDataSource({
      snapshot: async (editionId) => {
        reads += 1;
        return snapshotOf(editionId, 0);
      },
      counters: async () => counters(0),
    });
    const sockets = Array.from({ length: 50 }, () => new FakeSocket());
    await Promise.all(sockets.map((s) => hub.attach(asSocket(s), 'e1', 'public')));
    expect(reads).toBe(1);
    expect(sockets.every((s) => s.received[0]?.type === 'live.snapshot' && s.received[0].version === 0)).toBe(true);
    hub.publish('e1', 'public', 'live.state', state);
    await connect('e1', 'public');
    expect(reads).toBe(2);
  });

  const ended = { editionId: 'e1', status: 'closed', endedAt: '2026-03-15T09:30:00.000Z' } as const;

  it('ends an edition: phones and screens get live.ended, numbered on, then a 1000 close; host consoles get it and stay', async () => {
    const phone = await connect('e1', 'public');
    const host = await connect('e1', 'host');
    hub.publish('e1', 'host', 'questions.queue', { questions: [] });
    hub.endEdition('e1', ended);
    await settle();
    expect(phone.received.map((m) => [m.type, m.version])).toEqual([
      ['live.snapshot', 0],
      ['live.ended', 1],
    ]);
    expect(phone.received[1]!.payload).toEqual(ended);
    expect(phone.closedWith).toBe(1000);
    expect(host.types()).toEqual(['live.snapshot', 'questions.queue', 'live.ended']);
    expect(host.closedWith).toBeNull();
    expect(hub.connectedCount('e1')).toBe(1);
  });

  it('ends a phone whose snapshot is being read after the snapshot and the event, in that order', async () => {
    let release: () => void = () => {};
    hub.setDataSource({
      snapshot: (editionId) => new Promise((resolve) => (release = () => resolve(snapshotOf(editionId, 0)))),
      counters: async () => counters(0),
    });
    const s = new FakeSocket();
    const attached = hub.attach(asSocket(s), 'e1', 'public');
    await settle();
    hub.endEdition('e1', ended);
    expect([s.received, s.closedWith]).toEqual([[], null]);
    release();
    await attached;
    expect(s.received.map((m) => [m.type, m.version])).toEqual([
      ['live.snapshot', 0],
      ['live.ended', 1],
    ]);
    expect(s.closedWith).toBe(1000);
  });

  it('ends the first socket of an edition here when, once subscribed, the edition turns out to have ended', async () => {
    const s = new FakeSocket();
    await hub.attach(asSocket(s), 'e1', 'public', { endedNow: async () => ended });
    expect(s.received.map((m) => [m.type, m.version])).toEqual([
      ['live.snapshot', 0],
      ['live.ended', 0],
    ]);
    expect(s.closedWith).toBe(1000);
    // A socket joining a room that already exists is not asked again: the room knows.
    const asked: string[] = [];
    const host = await connect('e2', 'host');
    const late = new FakeSocket();
    await hub.attach(asSocket(late), 'e2', 'public', {
      endedNow: async () => {
        asked.push('e2');
        return ended;
      },
    });
    expect([asked, late.types(), late.closedWith, host.closedWith]).toEqual([[], ['live.snapshot'], null, null]);
  });

  it('sends a socket opened to an ended edition the final snapshot and live.ended, then closes it, joining no room', async () => {
    const s = new FakeSocket();
    await hub.attach(asSocket(s), 'e1', 'public', { ended });
    expect(s.received.map((m) => [m.type, m.version])).toEqual([
      ['live.snapshot', 0],
      ['live.ended', 1],
    ]);
    expect(s.closedWith).toBe(1000);
    expect(hub.connectedCount('e1')).toBe(0);
  });

  it('closes its sockets and stops its timers on close', async () => {
    const s = await connect('e1', 'public');
    hub.tallyChanged('e1');
    await hub.close();
    expect(s.closedWith).toBe(1001);
    expect(vi.getTimerCount()).toBe(0);
    hub.publish('e1', 'public', 'live.state', state);
    expect(s.types()).toEqual(['live.snapshot']);
  });
});
