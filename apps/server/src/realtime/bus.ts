import type { SocketAudience } from '@lecture-hall/shared';
import { Redis } from 'ioredis';

/**
 * One event on its way to the sockets of an edition. The payload stays a JSON string from the
 * publisher to the socket: an instance frames it with its own version number by concatenation,
 * never parsing it again (a tally reaches 3,000 phones; JSON work is done once per message).
 */
export interface BusMessage {
  audience: SocketAudience;
  type: string;
  payloadJson: string;
}

/** Carries events between the instances that serve an edition; each instance delivers to its own sockets. */
export interface Bus {
  readonly kind: 'local' | 'redis';
  /** Start receiving the edition's events; resolves once they are guaranteed to arrive. */
  join(editionId: string): Promise<void>;
  /** Stop receiving them (the instance has no socket of the edition left). */
  leave(editionId: string): void;
  send(editionId: string, message: BusMessage): void;
  /** Sockets of the edition on every instance, as the instances report them. */
  connectedTotal(editionId: string, local: number): Promise<number>;
  /** This instance now has `count` sockets of the edition (0 removes its entry). */
  reportConnected(editionId: string, count: number): void;
  close(): Promise<void>;
}

type Deliver = (editionId: string, message: BusMessage) => void;
type Log = (message: string, err?: unknown) => void;

function encode(m: BusMessage): string {
  // audience and type never contain a newline; the payload is the rest, as it was serialized.
  return `${m.audience}\n${m.type}\n${m.payloadJson}`;
}

function decode(raw: string): BusMessage | null {
  const a = raw.indexOf('\n');
  const b = a < 0 ? -1 : raw.indexOf('\n', a + 1);
  if (b < 0) return null;
  const audience = raw.slice(0, a);
  if (audience !== 'public' && audience !== 'host') return null;
  return { audience, type: raw.slice(a + 1, b), payloadJson: raw.slice(b + 1) };
}

/** One process, no Redis: an event is delivered to this instance's sockets right away. */
export function localBus(deliver: Deliver): Bus {
  return {
    kind: 'local',
    join: async () => {},
    leave() {},
    send: (editionId, message) => deliver(editionId, message),
    connectedTotal: async (_editionId, local) => local,
    reportConnected() {},
    close: async () => {},
  };
}

/** How long an instance's connected count is trusted without a refresh (an instance killed with -9 leaves its entry behind). */
const CONNECTED_FRESH_MS = 90_000;

/** The namespace REDIS_URL gives with ioredis's `?keyPrefix=` (several deployments, or test runs, on one Redis). */
export function keyPrefixOf(url: string): string {
  try {
    return new URL(url).searchParams.get('keyPrefix') ?? '';
  } catch {
    return '';
  }
}

/**
 * What a bus carries: 'live' for the editions' sockets (keys are edition ids), 'user' for the
 * signed-in users' own sockets (keys are user ids, see user-hub.ts). Each topic has its own
 * channels, so an edition id and a user id never meet.
 */
export type BusTopic = 'live' | 'user';

/**
 * Redis pub/sub: one channel per edition (or, on the 'user' topic, per user), `<keyPrefix>lecture-hall:live:<editionId>`, which an instance
 * subscribes to while it has sockets of that edition — an instance hears only the editions it
 * serves, and an edition's traffic never reaches the others. One connection publishes (and
 * keeps the connected counts), one subscribes, per instance.
 *
 * Connected counts: the hash `<prefix>live:connected:<editionId>` holds, per instance id,
 * "count:refreshedAtMs"; the hub refreshes its entries every ping round, and a sum skips
 * entries older than CONNECTED_FRESH_MS.
 *
 * ioredis puts REDIS_URL's keyPrefix before keys but not before pub/sub channels (Redis has
 * no keys there), so the channels get it here.
 */
export function redisBus(url: string, deliver: Deliver, log: Log, onResubscribed: () => void, topic: BusTopic = 'live'): Bus {
  const options = { connectTimeout: 2000, maxRetriesPerRequest: 2, retryStrategy: (times: number) => Math.min(times * 200, 2000) };
  const pub = new Redis(url, options);
  const sub = new Redis(url, options);
  const instanceId = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  const channelPrefix = `${keyPrefixOf(url)}lecture-hall:${topic}:`;
  const connectedKey = (editionId: string) => `lecture-hall:${topic}:connected:${editionId}`;
  let readyOnce = false;

  pub.on('error', (err) => log('redis publisher error', err));
  sub.on('error', (err) => log('redis subscriber error', err));
  sub.on('ready', () => {
    // After a reconnect ioredis subscribes again by itself, but events published meanwhile are
    // gone: every socket gets a fresh snapshot.
    if (readyOnce) onResubscribed();
    readyOnce = true;
  });
  sub.on('message', (channel: string, raw: string) => {
    if (!channel.startsWith(channelPrefix)) return;
    const message = decode(raw);
    if (message) deliver(channel.slice(channelPrefix.length), message);
  });

  return {
    kind: 'redis',
    async join(editionId) {
      // SUBSCRIBE is acknowledged before any later PUBLISH reaches us: once it resolves, the
      // snapshot read next cannot miss an event.
      await sub.subscribe(channelPrefix + editionId);
    },
    leave(editionId) {
      sub.unsubscribe(channelPrefix + editionId).catch((err) => log('redis unsubscribe failed', err));
    },
    send(editionId, message) {
      pub.publish(channelPrefix + editionId, encode(message)).catch((err) => log('redis publish failed', err));
    },
    async connectedTotal(editionId, local) {
      try {
        const entries = await pub.hgetall(connectedKey(editionId));
        const now = Date.now();
        let total = 0;
        for (const [field, value] of Object.entries(entries)) {
          if (field === instanceId) continue;
          const [count, at] = value.split(':').map(Number);
          if (Number.isFinite(count) && Number.isFinite(at) && now - (at as number) < CONNECTED_FRESH_MS) total += count as number;
        }
        // Our own count is known exactly here, whatever Redis holds.
        return total + local;
      } catch (err) {
        log('redis connected count failed', err);
        return local;
      }
    },
    reportConnected(editionId, count) {
      const key = connectedKey(editionId);
      const done = (p: Promise<unknown>) => p.catch((err) => log('redis connected report failed', err));
      if (count > 0) done(pub.multi().hset(key, instanceId, `${count}:${Date.now()}`).expire(key, 86_400).exec());
      else done(pub.hdel(key, instanceId));
    },
    async close() {
      const quit = Promise.allSettled([sub.quit(), pub.quit()]);
      // A Redis that has gone away must not hold the shutdown.
      await Promise.race([quit, new Promise((r) => setTimeout(r, 1000).unref())]);
      sub.disconnect();
      pub.disconnect();
    },
  };
}
