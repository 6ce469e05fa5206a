import { type ClientEventMap, type ClientEventName, LIVE_ENDED_CLOSE, type SocketAudience } from '@lecture-hall/shared';
import type { RawData } from 'ws';
import type { Bus, BusMessage } from './bus';
import type { AttachOptions, HubLogger, LiveDataSource, LiveEnded, LiveSocket, RealtimeHub } from './index';
import { GOING_AWAY, INTERNAL, messageText, OPEN, pingOrDrop, recheckGuard, type SocketGuard } from './liveness';
import type { UserHub } from './user-hub';

export interface HubOptions {
  /** Between two tally pushes of one edition: 250 ms makes at most 4 a second. */
  tallyIntervalMs?: number;
  /** A socket that has not answered the previous ping by the next one is dropped. */
  pingIntervalMs?: number;
  /** A socket whose unsent data grows past this (a phone that stopped reading) is dropped; it reconnects to a snapshot. */
  maxBufferedBytes?: number;
}

interface Client {
  socket: LiveSocket;
  audience: SocketAudience;
  alive: boolean;
  /** While a snapshot is being built, the events that arrive meanwhile wait here (they follow it). */
  queue: Buffer[] | null;
  /** Another snapshot was asked for while one was being built. */
  again: boolean;
  /** The edition's 'live.ended' has been sent or queued to this socket. */
  endedSent: boolean;
  /** A host console's session and right, asked again at each heartbeat round. */
  guard: SocketGuard | null;
  /** Its guard's answer is awaited. */
  checking?: boolean;
}

/**
 * An edition's sockets on this instance and its sequence numbers.
 *
 * Versions: every message a socket receives carries a number that this instance assigns when
 * it delivers, one counter per (edition, audience): 'public' counts the public events, 'host'
 * counts all (a host socket receives both). So each socket sees 1, 2, 3 … without gaps — a
 * public socket must not see a hole where a moderation-queue event went to the host only, or
 * it would ask for a snapshot at every question. A snapshot carries its audience's current
 * number, and the events after it follow with the next ones.
 *
 * Why per instance, not per edition across instances: an event reaches each instance through
 * the bus, and the instances would need a shared counter (a Redis INCR per event, with its own
 * ordering race against the pub/sub delivery) to agree. They need not: a socket lives on one
 * instance, a reconnecting client lands on whatever instance the balancer picks and is always
 * sent a snapshot on open, so a number is only ever compared with numbers from the same
 * instance. A client must take a snapshot's version as its new base, even when it is lower.
 */
interface Room {
  editionId: string;
  clients: Set<Client>;
  seq: Record<SocketAudience, number>;
  /** Resolves once the bus delivers the edition's events to this instance. */
  joined: Promise<void>;
  /** Snapshot reads in flight, by audience and number (see snapshotFrame). */
  snapshots: Map<string, Promise<Buffer>>;
  /**
   * The edition has ended (its 'live.ended' arrived here, or the room's first socket found it
   * ended once subscribed): public sockets get the final snapshot, the event and the close.
   */
  ended: LiveEnded | null;
}

interface TallyState {
  lastAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
  dirty: boolean;
}

type BusFactory = (deliver: (editionId: string, message: BusMessage) => void, log: (message: string, err?: unknown) => void, onResubscribed: () => void) => Bus;

export class Hub implements RealtimeHub {
  private readonly rooms = new Map<string, Room>();
  private readonly tallies = new Map<string, TallyState>();
  private readonly bus: Bus;
  private readonly tallyIntervalMs: number;
  private readonly maxBufferedBytes: number;
  private readonly pingTimer: ReturnType<typeof setInterval>;
  private source: LiveDataSource | null = null;
  private logger: HubLogger | null = null;
  private closed = false;

  constructor(
    options: HubOptions,
    makeBus: BusFactory,
    /** The signed-in users' own sockets; closed and logged with this hub. */
    readonly users: UserHub,
  ) {
    this.tallyIntervalMs = options.tallyIntervalMs ?? 250;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.bus = makeBus(
      (editionId, message) => this.deliver(editionId, message),
      (message, err) => this.warn(message, err),
      () => this.resnapshotAll(),
    );
    this.pingTimer = setInterval(() => this.pingRound(), options.pingIntervalMs ?? 25_000);
    this.pingTimer.unref();
    // The user's channel reaches the other instances holding a notification socket of the user: their host consoles of the user ask too.
    users.onAccessChanged((userId) => this.recheckUser(userId));
  }

  get busKind() {
    return this.bus.kind;
  }

  setDataSource(source: LiveDataSource): void {
    this.source = source;
  }

  setLogger(log: HubLogger): void {
    this.logger = log;
    this.users.setLogger(log);
  }

  publish<K extends ClientEventName>(editionId: string, audience: SocketAudience, type: K, payload: ClientEventMap[K]): void {
    if (this.closed) return;
    this.bus.send(editionId, { audience, type, payloadJson: JSON.stringify(payload) });
  }

  /**
   * Coalescing: the first change after a quiet spell is pushed at once (on the next turn of the
   * event loop, so that a burst within one turn is one push); later ones wait until
   * tallyIntervalMs after the previous push started, and all the changes of that wait make one
   * push. The counters are read when the push is made, so each push is fresh. Only the instance
   * whose tallyChanged was called reads them; the result goes through the bus to all instances.
   */
  tallyChanged(editionId: string): void {
    if (this.closed) return;
    let state = this.tallies.get(editionId);
    if (!state) {
      state = { lastAt: Number.NEGATIVE_INFINITY, timer: null, running: false, dirty: false };
      this.tallies.set(editionId, state);
    }
    if (state.timer || state.running) {
      state.dirty = true;
      return;
    }
    this.scheduleTally(editionId, state);
  }

  endEdition(editionId: string, ended: LiveEnded): void {
    this.publish(editionId, 'public', 'live.ended', ended);
  }

  connectedCount(editionId: string): number {
    return this.rooms.get(editionId)?.clients.size ?? 0;
  }

  connectedTotal(editionId: string): Promise<number> {
    return this.bus.connectedTotal(editionId, this.connectedCount(editionId));
  }

  async attach(socket: LiveSocket, editionId: string, audience: SocketAudience, options: AttachOptions = {}): Promise<void> {
    if (this.closed) {
      socket.close(GOING_AWAY, 'server closing');
      return;
    }
    if (socket.readyState !== OPEN) return;
    if (options.ended) {
      await this.sendFinal(socket, editionId, audience, options.ended);
      return;
    }
    const client: Client = { socket, audience, alive: true, queue: null, again: false, endedSent: false, guard: options.guard ?? null };
    const room = this.join(editionId, options.endedNow);
    room.clients.add(client);
    this.bus.reportConnected(editionId, room.clients.size);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      client.alive = true;
      if (!isBinary) this.onClientMessage(room, client, data);
    });
    socket.on('close', () => this.detach(room, client));
    socket.on('error', () => socket.terminate());
    // The route checked a host's session and right before this socket was handed over; a change committed in between found no socket to close.
    recheckGuard(client, (m, err) => this.warn(m, err, editionId));
    this.tallyChanged(editionId);
    try {
      await room.joined;
    } catch (err) {
      this.warn('could not subscribe to the edition', err);
      socket.close(INTERNAL, 'realtime unavailable');
      return;
    }
    await this.sendSnapshot(room, client);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    for (const state of this.tallies.values()) if (state.timer) clearTimeout(state.timer);
    this.tallies.clear();
    for (const room of this.rooms.values()) {
      for (const client of room.clients) client.socket.close(GOING_AWAY, 'server closing');
      room.clients.clear();
      this.bus.reportConnected(room.editionId, 0);
    }
    this.rooms.clear();
    await Promise.all([this.bus.close(), this.users.close()]);
  }

  /**
   * `endedNow` is asked only by the socket that makes the room, once subscribed: an end
   * published before the subscription held never reaches this instance, and an end committed
   * after that read is published after it, so it arrives through the bus.
   */
  private join(editionId: string, endedNow?: () => Promise<LiveEnded | null>): Room {
    let room = this.rooms.get(editionId);
    if (!room) {
      const made: Room = { editionId, clients: new Set(), seq: { public: 0, host: 0 }, joined: Promise.resolve(), snapshots: new Map(), ended: null };
      made.joined = this.bus.join(editionId).then(async () => {
        const ended = endedNow ? await endedNow() : null;
        if (ended) made.ended ??= ended;
      });
      // A failed subscription is reported to each socket that waits on it, not as unhandled.
      made.joined.catch(() => {});
      room = made;
      this.rooms.set(editionId, room);
    }
    return room;
  }

  private detach(room: Room, client: Client) {
    if (!room.clients.delete(client)) return;
    this.bus.reportConnected(room.editionId, room.clients.size);
    if (room.clients.size === 0 && this.rooms.get(room.editionId) === room) {
      this.rooms.delete(room.editionId);
      this.bus.leave(room.editionId);
    }
    this.tallyChanged(room.editionId);
  }

  private onClientMessage(room: Room, client: Client, data: RawData) {
    // Anything but a well-formed resume is ignored; ws has already refused frames over the size limit.
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { type, version } = message as { type?: unknown; version?: unknown };
    if (type !== 'resume' || typeof version !== 'number' || !Number.isInteger(version)) return;
    if (version !== room.seq[client.audience]) void this.sendSnapshot(room, client);
  }

  /** Frames the event once per audience with this instance's next number, and sends it to the edition's sockets here. */
  private deliver(editionId: string, message: BusMessage) {
    const room = this.rooms.get(editionId);
    if (!room || this.closed) return;
    const frames: Partial<Record<SocketAudience, Buffer>> = {};
    room.seq.host += 1;
    frames.host = wireFrame(message.type, room.seq.host, message.payloadJson);
    if (message.audience === 'public') {
      room.seq.public += 1;
      frames.public = wireFrame(message.type, room.seq.public, message.payloadJson);
    }
    const ending = message.type === 'live.ended';
    if (ending && !room.ended) room.ended = JSON.parse(message.payloadJson) as LiveEnded;
    for (const client of room.clients) {
      const data = frames[client.audience];
      if (!data) continue;
      if (ending) client.endedSent = true;
      if (client.queue) client.queue.push(data);
      else {
        this.send(client, data);
        // A socket still waiting for its snapshot is closed once that and its queue are sent (sendSnapshot).
        if (ending) this.finishEnded(room, client);
      }
    }
  }

  /**
   * A socket opened to an edition that has already ended: it joins no room (nothing will be
   * published), and is sent the final snapshot (number 0), 'live.ended' (1) and the close.
   */
  private async sendFinal(socket: LiveSocket, editionId: string, audience: SocketAudience, ended: LiveEnded) {
    const source = this.source;
    if (!source) {
      socket.close(INTERNAL, 'live data not ready');
      return;
    }
    try {
      const snapshot = await source.snapshot(editionId, audience);
      if (socket.readyState !== OPEN) return;
      socket.send(messageText('live.snapshot', 0, JSON.stringify({ ...snapshot, version: 0 })));
      socket.send(messageText('live.ended', 1, JSON.stringify(ended)));
      socket.close(LIVE_ENDED_CLOSE.code, LIVE_ENDED_CLOSE.reason);
    } catch (err) {
      this.warn('could not build the final snapshot', err, editionId);
      socket.close(INTERNAL, 'snapshot failed');
    }
  }

  /**
   * An ended edition's phone or screen: 'live.ended' (unless the bus already brought it), then a
   * normal closure telling the client not to come back. Host consoles keep their socket: the
   * host may still read the final state, and nothing else will be pushed.
   */
  private finishEnded(room: Room, client: Client) {
    if (!room.ended || client.audience !== 'public' || client.socket.readyState !== OPEN) return;
    if (!client.endedSent) {
      client.endedSent = true;
      // Numbered as the current message: nothing follows it on this socket.
      this.send(client, wireFrame('live.ended', room.seq.public, JSON.stringify(room.ended)));
    }
    client.socket.close(LIVE_ENDED_CLOSE.code, LIVE_ENDED_CLOSE.reason);
  }

  /** Sends a frame made by wireFrame. */
  private send(client: Client, wire: Buffer) {
    const { socket } = client;
    if (socket.readyState !== OPEN) return;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      socket.terminate();
      return;
    }
    const stream = rawStreamOf(socket);
    if (stream) stream.write(wire);
    else socket.send(wire.subarray(headerLength(wire)), { binary: false });
  }

  /**
   * The snapshot carries the audience's number as it stood when the read began; events that
   * arrive while it is read are queued and follow it with the next numbers. An event both in
   * the snapshot and after it is harmless: every event carries a whole state or whole counters.
   */
  private async sendSnapshot(room: Room, client: Client): Promise<void> {
    if (client.queue) {
      client.again = true;
      return;
    }
    const source = this.source;
    if (!source) {
      client.socket.close(INTERNAL, 'live data not ready');
      return;
    }
    client.queue = [];
    try {
      do {
        client.again = false;
        const wire = await this.snapshotFrame(source, room, client.audience);
        this.send(client, wire);
        for (const data of client.queue.splice(0)) this.send(client, data);
      } while (client.again && client.socket.readyState === OPEN);
    } catch (err) {
      this.warn('could not build a live snapshot', err, room.editionId);
      client.socket.close(INTERNAL, 'snapshot failed');
    } finally {
      client.queue = null;
    }
    this.finishEnded(room, client);
  }

  /**
   * One read for all the sockets that ask at the same number: when the hall's Wi-Fi comes back,
   * 500 phones reconnect within a second, and while no event has arrived in between, one
   * snapshot (read after the number was taken) serves them all.
   */
  private snapshotFrame(source: LiveDataSource, room: Room, audience: SocketAudience): Promise<Buffer> {
    const version = room.seq[audience];
    const key = `${audience}:${version}`;
    let read = room.snapshots.get(key);
    if (!read) {
      read = Promise.all([source.snapshot(room.editionId, audience), this.connectedTotal(room.editionId)]).then(([snapshot, connected]) =>
        wireFrame('live.snapshot', version, JSON.stringify({ ...snapshot, version, counters: { ...snapshot.counters, connected } })),
      );
      room.snapshots.set(key, read);
      const forget = () => room.snapshots.delete(key);
      read.then(forget, forget);
    }
    return read;
  }

  private resnapshotAll() {
    for (const room of this.rooms.values()) for (const client of room.clients) void this.sendSnapshot(room, client);
  }

  private scheduleTally(editionId: string, state: TallyState) {
    const delay = Math.max(0, state.lastAt + this.tallyIntervalMs - Date.now());
    state.timer = setTimeout(() => void this.pushTally(editionId, state), delay);
    state.timer.unref?.();
  }

  private async pushTally(editionId: string, state: TallyState) {
    state.timer = null;
    state.dirty = false;
    state.running = true;
    state.lastAt = Date.now();
    try {
      const source = this.source;
      if (source) {
        const [counters, connected] = await Promise.all([source.counters(editionId), this.connectedTotal(editionId)]);
        if (!this.closed) this.publish(editionId, 'public', 'live.tally', { ...counters, connected });
      }
    } catch (err) {
      this.warn('could not read the live counters', err, editionId);
    } finally {
      state.running = false;
      if (!this.closed && state.dirty) this.scheduleTally(editionId, state);
      else if (!this.closed && !this.rooms.has(editionId)) this.forgetTallyLater(editionId, state);
    }
  }

  /** An edition nobody watches here keeps its pacing only as long as it matters. */
  private forgetTallyLater(editionId: string, state: TallyState) {
    const t = setTimeout(() => {
      if (this.tallies.get(editionId) === state && !state.timer && !state.running) this.tallies.delete(editionId);
    }, this.tallyIntervalMs);
    t.unref?.();
  }

  userAccessChanged(userId: string): void {
    if (this.closed) return;
    this.recheckUser(userId);
    this.users.accessChanged(userId);
  }

  /** The host consoles of the user on this instance ask their guards again. */
  private recheckUser(userId: string) {
    for (const room of this.rooms.values()) {
      for (const client of room.clients) if (client.guard?.userId === userId) recheckGuard(client, (m, err) => this.warn(m, err, room.editionId));
    }
  }

  private pingRound() {
    for (const room of this.rooms.values()) {
      for (const client of room.clients) {
        pingOrDrop(client);
        recheckGuard(client, (m, err) => this.warn(m, err, room.editionId));
      }
      this.bus.reportConnected(room.editionId, room.clients.size);
    }
  }

  private warn(message: string, err?: unknown, editionId?: string) {
    this.logger?.warn({ err, editionId }, `realtime: ${message}`);
  }
}

/**
 * A message as a whole WebSocket text frame (FIN, unmasked, as a server sends), built once per
 * event and audience, then written to every socket as it is. ws's own send() builds a header
 * and writes header and payload through cork/uncork for each socket: for a tally to 3,000
 * phones that per-socket work was most of the delivery time (the fanout benchmark measured the
 * loop at 50–275 ms with send(), 40–140 ms with one prebuilt frame; bench/README.md).
 */
function wireFrame(type: string, version: number, payloadJson: string): Buffer {
  const payload = Buffer.from(messageText(type, version, payloadJson));
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(head + n);
  out[0] = 0x81; // FIN + text
  if (n < 126) out[1] = n;
  else if (n < 65536) {
    out[1] = 126;
    out.writeUInt16BE(n, 2);
  } else {
    out[1] = 127;
    out.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(out, head);
  return out;
}

function headerLength(wire: Buffer): number {
  const len = wire[1]! & 0x7f;
  return len < 126 ? 2 : len === 126 ? 4 : 10;
}

/** The parts of a ws 8 WebSocket that decide whether a prebuilt frame may be written to its TCP stream. */
interface WsInternals {
  _socket?: { write(b: Buffer): boolean; destroyed: boolean };
  _sender?: { _state?: number; _queue?: unknown[] };
  _extensions?: Record<string, unknown>;
}

/**
 * The socket's TCP stream when a prebuilt frame can go straight onto it: ws's sender is idle
 * (no frame of its own half-written or queued — it writes synchronously when idle) and no
 * extension (permessage-deflate, off in our server) transforms frames. Order is kept: ws's own
 * writes (snapshot fallbacks, pings, close) and ours go to the same stream in call order, and
 * bufferedAmount still counts ours. Anything unexpected — a fake socket in tests, another ws
 * version — falls back to send().
 */
function rawStreamOf(socket: LiveSocket) {
  const ws = socket as unknown as WsInternals;
  const stream = ws._socket;
  const sender = ws._sender;
  if (!stream || stream.destroyed || !sender || sender._state !== 0 || !Array.isArray(sender._queue) || sender._queue.length) return null;
  if (!ws._extensions || Object.keys(ws._extensions).length) return null;
  return stream;
}
