import { type ClientEventName, type ClientMessage, LIVE_ENDED_CLOSE, SESSION_ENDED_CLOSE, WS_CLOSE } from '@lecture-hall/shared/realtime/events';

/*
 * The live session's socket, shared by the phone page, the big screen and the host console.
 * Dependency-free on purpose (types only from the shared package): the phone's bundle stays small.
 *
 * One WebSocket per edition. Every message is {type, version, payload}; versions increase per
 * edition. A snapshot replaces everything; the other messages replace one part of the state
 * (the step, the tally, the question list), so applying one twice is harmless. A version that
 * jumps ahead means something was missed: the client asks for a fresh snapshot ('resume').
 *
 * When the edition ends, the server sends 'live.ended' and closes with LIVE_ENDED_CLOSE (1000):
 * the client stops for good rather than reconnect to a session that is over. A refusal (4400
 * bad request, 4401 no session, 4403 forbidden, 4404 not found) is final too: asking again
 * gets the same answer.
 */

/** Close codes after which reconnecting is pointless: the end of the session, or a refusal. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([LIVE_ENDED_CLOSE.code, SESSION_ENDED_CLOSE.code, ...Object.values(WS_CLOSE)]);

export type SocketRole = 'public' | 'host' | 'screen';
export type SocketStatus = 'connecting' | 'open' | 'closed';

/** What the client does with an incoming message's version. */
export type VersionDecision = 'apply' | 'stale' | 'gap';

/**
 * Tracks the last version seen and decides what to do with the next message. A snapshot always
 * applies and resets the count; a message older than what we hold is dropped; one equal to it
 * (a coalesced tally carrying the current version) or the next one applies; one further ahead
 * applies too (its payload is a full replacement of its part) but asks for a resume, at most
 * once until the snapshot arrives.
 */
export class VersionTracker {
  version: number | null = null;
  private awaitingSnapshot = false;

  /** Returns what to do and whether a resume must be sent now. */
  accept(msg: Pick<ClientMessage, 'type' | 'version'>): { decision: VersionDecision; sendResume: boolean } {
    if (msg.type === 'live.snapshot') {
      this.version = msg.version;
      this.awaitingSnapshot = false;
      return { decision: 'apply', sendResume: false };
    }
    if (this.version === null) {
      // A message before any snapshot: nothing to compare with; ask for the whole state.
      const send = !this.awaitingSnapshot;
      this.awaitingSnapshot = true;
      return { decision: 'gap', sendResume: send };
    }
    if (msg.version < this.version) return { decision: 'stale', sendResume: false };
    if (msg.version <= this.version + 1) {
      this.version = msg.version;
      return { decision: 'apply', sendResume: false };
    }
    const send = !this.awaitingSnapshot;
    this.awaitingSnapshot = true;
    this.version = msg.version;
    return { decision: 'gap', sendResume: send };
  }

  /** After a reconnect we always want a snapshot; the server sends one on connect anyway. */
  reconnected(): void {
    this.awaitingSnapshot = true;
  }
}

/** Delay before reconnect attempt n (1-based): 0.5 s doubling to 15 s, with ±25 % jitter so 500 phones do not return at once. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/** ws(s)://host<path> for the page's own origin (the session cookie goes along). */
export function socketUrl(path: string, loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${path}`;
}

/** ws(s)://host/api/live/<id>/ws?as=role for the page's own origin. */
export function liveSocketUrl(editionId: string, role: SocketRole, loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return socketUrl(`/api/live/${encodeURIComponent(editionId)}/ws?as=${role}`, loc);
}

/**
 * Starts a socket and reconnects it at once when the browser comes back online (rather than at
 * its next backoff); returns what stops both, for an effect's cleanup.
 */
export function runSocket(socket: Pick<LiveSocket, 'start' | 'stop' | 'reconnectNow'>): () => void {
  socket.start();
  const online = () => socket.reconnectNow();
  window.addEventListener('online', online);
  return () => {
    window.removeEventListener('online', online);
    socket.stop();
  };
}

/** The part of WebSocket the client uses (tests pass a fake). */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface LiveSocketOptions {
  url: string;
  onMessage: <K extends ClientEventName>(msg: ClientMessage<K>) => void;
  onStatus?: (status: SocketStatus) => void;
  /**
   * The socket stopped for good: the edition ended ('live.ended' or the 1000 close; `ended` is
   * true) or the server refused it (`ended` false, with its close code).
   */
  onFinished?: (why: { ended: boolean; code: number }) => void;
  /**
   * False for a socket whose messages each carry whole values and no edition numbering (the
   * user's notification socket): every message applies, none asks for a resume.
   */
  tracksVersions?: boolean;
  /** Creates the socket; defaults to the browser's WebSocket. */
  create?: (url: string) => SocketLike;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const OPEN = 1;

/** Parses a frame into a message, or null for anything that is not {type, version, payload}. */
export function parseMessage(data: unknown): ClientMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const m = JSON.parse(data) as Partial<ClientMessage> | null;
    if (!m || typeof m.type !== 'string' || typeof m.version !== 'number' || m.payload === undefined) return null;
    return m as ClientMessage;
  } catch {
    return null;
  }
}

/** A socket that reconnects with backoff and resumes from the last version it saw. */
export class LiveSocket {
  readonly tracker = new VersionTracker();
  private ws: SocketLike | null = null;
  private attempt = 0;
  private timer: unknown = null;
  private stopped = false;
  private everOpened = false;
  /** 'live.ended' has arrived: the close that follows is the end, whatever its code. */
  private ended = false;
  private readonly opts: Required<Omit<LiveSocketOptions, 'onStatus' | 'onFinished'>> & Pick<LiveSocketOptions, 'onStatus' | 'onFinished'>;

  constructor(options: LiveSocketOptions) {
    this.opts = {
      create: (url) => new WebSocket(url) as unknown as SocketLike,
      random: Math.random,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      tracksVersions: true,
      ...options,
    };
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      ws.close(1000, 'bye');
    }
    this.opts.onStatus?.('closed');
  }

  /** Reconnects at once (the phone came back online, the tab became visible). */
  reconnectNow(): void {
    if (this.stopped || (this.ws && this.ws.readyState === OPEN)) return;
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = null;
    this.attempt = 0;
    if (this.ws) {
      this.ws.onclose = null;
      this.ws.close();
      this.ws = null;
    }
    this.connect();
  }

  private send(data: object): void {
    if (this.ws && this.ws.readyState === OPEN) this.ws.send(JSON.stringify(data));
  }

  private connect(): void {
    if (this.stopped) return;
    this.opts.onStatus?.('connecting');
    let ws: SocketLike;
    try {
      ws = this.opts.create(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.opts.onStatus?.('open');
      if (this.everOpened && this.tracker.version !== null) {
        this.tracker.reconnected();
        this.send({ type: 'resume', version: this.tracker.version });
      }
      this.everOpened = true;
    };
    ws.onmessage = (ev) => this.handle(ev.data);
    ws.onerror = () => {
      // onclose follows and reconnects
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      const code = typeof (ev as { code?: unknown } | null)?.code === 'number' ? (ev as { code: number }).code : 0;
      if (this.ended || FINAL_CLOSE_CODES.has(code)) {
        this.stopped = true;
        this.opts.onStatus?.('closed');
        this.opts.onFinished?.({ ended: this.ended || code === LIVE_ENDED_CLOSE.code, code });
        return;
      }
      this.opts.onStatus?.('closed');
      this.scheduleReconnect();
    };
  }

  /** Exposed for tests: what happens with one frame. */
  handle(data: unknown): void {
    const msg = parseMessage(data);
    if (!msg) return;
    if (msg.type === 'live.ended') this.ended = true;
    if (!this.opts.tracksVersions) {
      this.opts.onMessage(msg);
      return;
    }
    const { decision, sendResume } = this.tracker.accept(msg);
    if (sendResume) this.send({ type: 'resume', version: this.tracker.version ?? 0 });
    if (decision === 'stale') return;
    if (decision === 'gap' && this.tracker.version === null) return; // nothing to apply it to yet
    this.opts.onMessage(msg);
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer !== null) return;
    this.attempt += 1;
    this.timer = this.opts.setTimer(
      () => {
        this.timer = null;
        this.connect();
      },
      reconnectDelay(this.attempt, this.opts.random),
    );
  }
}
