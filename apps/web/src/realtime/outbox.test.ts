import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, newIdempotencyKey, Outbox, type OutboxItem, type SendOutcome } from './outbox';

class MemoryStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

/** An outbox on a fake clock, fake timers and a scripted server. */
function harness(outcomes: SendOutcome[], opts: { online?: boolean; storage?: MemoryStorage } = {}) {
  let now = 1_000_000;
  let online = opts.online ?? true;
  const timers: { fn: () => void; at: number }[] = [];
  const storage = opts.storage ?? new MemoryStorage();
  const sent: { key: string; storedBefore: boolean }[] = [];
  const states: string[] = [];
  let n = 0;
  const box = new Outbox({
    storage,
    storageKey: 'box',
    now: () => now,
    random: () => 0.5,
    isOnline: () => online,
    newKey: () => `key-${String(++n).padStart(16, '0')}`,
    setTimer: (fn, ms) => {
      const t = { fn, at: now + ms };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      const i = timers.indexOf(t as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    onChange: (items) => states.push(items.map((i) => i.state).join(',')),
    send: async (item: OutboxItem) => {
      const stored = JSON.parse(storage.getItem('box') ?? '[]') as OutboxItem[];
      sent.push({ key: item.key, storedBefore: stored.some((x) => x.key === item.key) });
      const o = outcomes.shift();
      if (!o) throw new Error('no scripted outcome');
      return o;
    },
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    box,
    sent,
    states,
    storage,
    timers,
    flush,
    setOnline: (v: boolean) => {
      online = v;
    },
    /** Moves the clock on and fires the timers that come due. */
    async advance(ms: number) {
      now += ms;
      for (const t of [...timers].filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
      await flush();
    },
  };
}

const ack = (version = 1, duplicate = false): SendOutcome => ({ kind: 'ok', ack: { version, acceptedAt: '2025-01-01T00:00:00Z', duplicate } });

describe('the ballot outbox', () => {
  it('stores a ballot before sending it, then marks it sent', async () => {
    const t = harness([ack()]);
    const item = t.box.enqueue('talk-1', { depth: 8 });
    await t.flush();
    expect(t.sent).toEqual([{ key: item.key, storedBefore: true }]);
    expect(t.box.latestFor('talk-1')?.state).toBe('sent');
    expect(t.states[0]).toBe('unsent');
    expect(t.states).toContain('sending');
    expect(t.states.at(-1)).toBe('sent');
  });

  it('retries a network failure with backoff and the same idempotency key', async () => {
    const t = harness([{ kind: 'retry', code: 'network_error', message: 'x' }, { kind: 'retry', code: 'internal_error', message: 'y' }, ack(1, true)]);
    const item = t.box.enqueue('talk-1', { depth: 8 });
    await t.flush();
    expect(t.box.latestFor('talk-1')?.state).toBe('unsent');
    expect(t.timers[0]?.at).toBe(1_000_000 + 1000);
    await t.advance(999);
    expect(t.sent).toHaveLength(1);
    await t.advance(1);
    expect(t.sent).toHaveLength(2);
    await t.advance(2000);
    expect(t.sent.map((s) => s.key)).toEqual([item.key, item.key, item.key]);
    // A duplicate acknowledgement (the first try had landed after all) resolves it.
    expect(t.box.latestFor('talk-1')?.state).toBe('sent');
    expect(t.box.latestFor('talk-1')?.ack?.duplicate).toBe(true);
  });

  it('stops at a 4xx refusal and keeps the reason', async () => {
    const t = harness([{ kind: 'refused', code: 'scoring_closed', message: '该讲课人的评分尚未开始或已经结束' }]);
    t.box.enqueue('talk-1', { depth: 8 });
    await t.flush();
    const it1 = t.box.latestFor('talk-1');
    expect(it1?.state).toBe('refused');
    expect(it1?.error?.message).toContain('评分');
    expect(t.timers).toHaveLength(0);
    await t.advance(60_000);
    expect(t.sent).toHaveLength(1);
  });

  it('waits while offline and sends when kicked back online', async () => {
    const t = harness([ack()], { online: false });
    t.box.enqueue('talk-1', { depth: 8 });
    await t.flush();
    expect(t.sent).toHaveLength(0);
    expect(t.box.latestFor('talk-1')?.state).toBe('unsent');
    t.setOnline(true);
    t.box.kick();
    await t.flush();
    expect(t.sent).toHaveLength(1);
    expect(t.box.latestFor('talk-1')?.state).toBe('sent');
  });

  it('resends what a reload cut off, with its key, after a restart', async () => {
    const storage = new MemoryStorage();
    const first = harness([], { online: false, storage });
    const item = first.box.enqueue('talk-1', { depth: 8 });
    // Pretend the page died mid-request.
    const stored = JSON.parse(storage.getItem('box') ?? '[]') as OutboxItem[];
    storage.setItem('box', JSON.stringify(stored.map((x) => ({ ...x, state: 'sending' }))));
    const second = harness([ack()], { storage });
    expect(second.box.latestFor('talk-1')?.state).toBe('unsent');
    second.box.kick();
    await second.flush();
    expect(second.sent[0]?.key).toBe(item.key);
  });

  it('lets an amendment replace an unsent ballot for the same talk', async () => {
    const t = harness([ack(1)], { online: false });
    t.box.enqueue('talk-1', { depth: 5 });
    const second = t.box.enqueue('talk-1', { depth: 9 });
    expect(t.box.list()).toHaveLength(1);
    t.setOnline(true);
    t.box.kick();
    await t.flush();
    expect(t.sent.map((s) => s.key)).toEqual([second.key]);
  });
});

describe('the backoff schedule', () => {
  it('doubles from one second to a 30 second cap', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffDelay(n, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
  it('jitters by at most 20 %', () => {
    expect(backoffDelay(1, () => 0)).toBe(800);
    expect(backoffDelay(1, () => 0.999999)).toBe(1200);
  });
  it('retries only what may succeed later', () => {
    expect([0, 408, 429, 500, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });
});

describe('idempotency keys', () => {
  it('are 22 URL-safe characters and differ', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(a).toHaveLength(22);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
