import { randomBytes } from 'node:crypto';
import type { ClientEventMap, ClientEventName } from '@lecture-hall/shared';
import type { Bus, BusMessage } from './bus';
import type { HubLogger, LiveSocket } from './index';
import { GOING_AWAY, INTERNAL, messageText, OPEN, pingOrDrop, recheckGuard, type SocketGuard } from './liveness';

/** What a user's socket is sent on connect: the user's unread count; the notifications module provides it. */
export interface UserDataSource {
  unread(userId: string): Promise<number>;
}

export interface UserHubOptions {
  /** A socket that has not answered the previous ping by the next one is dropped. */
  pingIntervalMs?: number;
}

interface UserClient {
  socket: LiveSocket;
  alive: boolean;
  /** This socket's last message number: a user's sockets (tabs) are numbered each on its own. */
  seq: number;
  /** While the count sent on connect is read, the events that arrive meanwhile wait here (they follow it). */
  queue: BusMessage[] | null;
  /** The session the socket came with, asked again at each heartbeat round and when the user's access changes. */
  guard: SocketGuard | null;
  /** Its guard's answer is awaited. */
  checking?: boolean;
}

/**
 * On the user's channel, not for the sockets: the user's sessions or rights changed, and every
 * instance hearing it has that user's sockets ask their guards again. Not a ClientEventName, so
 * it can never be confused with an event for the client.
 */
const ACCESS_CHANGED = 'internal:access-changed';

interface UserRoom {
  clients: Set<UserClient>;
  /** Resolves once the bus delivers the user's events to this instance. */
  joined: Promise<void>;
}

type BusFactory = (deliver: (userId: string, message: BusMessage) => void, log: (message: string, err?: unknown) => void, onResubscribed: () => void) => Bus;

/**
 * The signed-in users' own sockets on this instance: a console tab opens one, and receives the
 * user's notifications as they are committed, on whichever instance they were written (through
 * the bus's 'user' topic: one Redis channel per user, subscribed while a socket of the user is
 * here).
 *
 * Unlike an edition's room there is no snapshot to resume from and no shared numbering: a user
 * has a handful of sockets and a few messages an hour, each carrying whole values (a
 * notification, the unread count). A socket is sent the count on connect, and the client
 * refetches its list whenever it (re)connects.
 */
export class UserHub {
  private readonly rooms = new Map<string, UserRoom>();
  private readonly bus: Bus;
  private readonly pingTimer: ReturnType<typeof setInterval>;
  private source: UserDataSource | null = null;
  private logger: HubLogger | null = null;
  private closed = false;
  private accessListener: (userId: string) => void = () => {};
  /** Tells this instance's own word on the user's channel from the others' (it has acted on its own already). */
  private readonly instanceId = randomBytes(8).toString('hex');

  constructor(options: UserHubOptions, makeBus: BusFactory) {
    this.bus = makeBus(
      (userId, message) => this.deliver(userId, message),
      (message, err) => this.warn(message, err),
      () => this.recountAll(),
    );
    this.pingTimer = setInterval(() => this.pingRound(), options.pingIntervalMs ?? 25_000);
    this.pingTimer.unref();
  }

  setDataSource(source: UserDataSource): void {
    this.source = source;
  }

  setLogger(log: HubLogger): void {
    this.logger = log;
  }

  /** Pushes an event to every socket of the user, on every instance. Call after the commit. */
  publish<K extends ClientEventName>(userId: string, type: K, payload: ClientEventMap[K]): void {
    if (this.closed) return;
    this.bus.send(userId, { audience: 'public', type, payloadJson: JSON.stringify(payload) });
  }

  /**
   * The user's sessions or rights changed: the user's sockets here ask their guards again now,
   * and so do those on every other instance holding a socket of the user (through the user's
   * channel), where the edition hub's host consoles of the user ask too (onAccessChanged). An
   * instance without a socket of the user hears nothing: its host consoles of the user ask at
   * their next heartbeat round. Call after the commit.
   */
  accessChanged(userId: string): void {
    if (this.closed) return;
    this.recheckHere(userId);
    this.bus.send(userId, { audience: 'public', type: ACCESS_CHANGED, payloadJson: JSON.stringify({ from: this.instanceId }) });
  }

  /** Called with the user's id on each instance where accessChanged arrives. */
  onAccessChanged(listener: (userId: string) => void): void {
    this.accessListener = listener;
  }

  /** Sockets of the user on this instance. */
  connectedCount(userId: string): number {
    return this.rooms.get(userId)?.clients.size ?? 0;
  }

  /**
   * Takes over a socket whose session belongs to the user: sends the unread count, then the
   * user's events; pings it and drops it when it stops answering, and closes it (4401) once its
   * guard says no. Resolves once the count is sent.
   */
  async attach(socket: LiveSocket, userId: string, guard: SocketGuard | null = null): Promise<void> {
    if (this.closed) {
      socket.close(GOING_AWAY, 'server closing');
      return;
    }
    if (socket.readyState !== OPEN) return;
    const client: UserClient = { socket, alive: true, seq: 0, queue: [], guard };
    const room = this.join(userId);
    room.clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    // The client sends nothing; any frame still proves it is there.
    socket.on('message', () => {
      client.alive = true;
    });
    socket.on('close', () => this.detach(userId, room, client));
    socket.on('error', () => socket.terminate());
    // The route checked the session before this socket was handed over; a change committed in between found no socket to close.
    recheckGuard(client, (m, err) => this.warn(m, err, userId));
    try {
      await room.joined;
    } catch (err) {
      this.warn('could not subscribe to the user', err);
      socket.close(INTERNAL, 'realtime unavailable');
      return;
    }
    await this.sendCount(userId, client);
  }

  /** A trouble that cannot be thrown (a count that could not be read after a commit), to the app's log. */
  warn(message: string, err?: unknown, userId?: string): void {
    this.logger?.warn({ err, userId }, `realtime: ${message}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    for (const room of this.rooms.values()) {
      for (const client of room.clients) client.socket.close(GOING_AWAY, 'server closing');
      room.clients.clear();
    }
    this.rooms.clear();
    await this.bus.close();
  }

  private join(userId: string): UserRoom {
    let room = this.rooms.get(userId);
    if (!room) {
      const joined = this.bus.join(userId);
      joined.catch(() => {});
      room = { clients: new Set(), joined };
      this.rooms.set(userId, room);
    }
    return room;
  }

  private detach(userId: string, room: UserRoom, client: UserClient) {
    if (!room.clients.delete(client)) return;
    if (room.clients.size === 0 && this.rooms.get(userId) === room) {
      this.rooms.delete(userId);
      this.bus.leave(userId);
    }
  }

  private deliver(userId: string, message: BusMessage) {
    if (this.closed) return;
    if (message.type === ACCESS_CHANGED) {
      if ((JSON.parse(message.payloadJson) as { from?: string }).from === this.instanceId) return;
      this.accessListener(userId);
      this.recheckHere(userId);
      return;
    }
    const room = this.rooms.get(userId);
    if (!room) return;
    for (const client of room.clients) {
      if (client.queue) client.queue.push(message);
      else this.send(client, message.type, message.payloadJson);
    }
  }

  private recheckHere(userId: string) {
    for (const client of this.rooms.get(userId)?.clients ?? []) recheckGuard(client, (m, err) => this.warn(m, err, userId));
  }

  private send(client: UserClient, type: string, payloadJson: string) {
    if (client.socket.readyState !== OPEN) return;
    client.seq += 1;
    client.socket.send(messageText(type, client.seq, payloadJson));
  }

  /** The count, read after the subscription holds (so no notification falls between), then what arrived meanwhile. */
  private async sendCount(userId: string, client: UserClient) {
    const source = this.source;
    if (!source) {
      client.socket.close(INTERNAL, 'notifications not ready');
      return;
    }
    try {
      const unread = await source.unread(userId);
      const payload: ClientEventMap['notifications.unread'] = { unread };
      this.send(client, 'notifications.unread', JSON.stringify(payload));
      for (const m of client.queue ?? []) this.send(client, m.type, m.payloadJson);
    } catch (err) {
      this.warn('could not read the unread count', err, userId);
      client.socket.close(INTERNAL, 'count failed');
    } finally {
      client.queue = null;
    }
  }

  /** After Redis came back, events published meanwhile are gone: every socket gets the count afresh (its client refetches on it). */
  private recountAll() {
    for (const [userId, room] of this.rooms) {
      const source = this.source;
      if (!source) return;
      source.unread(userId).then(
        (unread) => this.publishHere(room, 'notifications.unread', { unread }),
        (err) => this.warn('could not read the unread count', err, userId),
      );
    }
  }

  private publishHere<K extends ClientEventName>(room: UserRoom, type: K, payload: ClientEventMap[K]) {
    const json = JSON.stringify(payload);
    for (const client of room.clients) if (!client.queue) this.send(client, type, json);
  }

  private pingRound() {
    for (const [userId, room] of this.rooms) {
      for (const client of room.clients) {
        pingOrDrop(client);
        recheckGuard(client, (m, err) => this.warn(m, err, userId));
      }
    }
  }
}
