/*
 * The phone's ballot outbox. A submit is written to local storage with an idempotency key made
 * on the phone BEFORE it is sent, then sent one at a time in order. A network failure, a 5xx, a
 * 408 or a 429 is retried with exponential backoff (and at once when the phone comes back
 * online) with the same key, so the server stores it once; any other 4xx is a refusal: it stops
 * retrying and keeps the reason to show. A reload resumes whatever was not acknowledged.
 */

export type OutboxState = 'unsent' | 'sending' | 'sent' | 'refused';

export interface OutboxAck {
  version: number;
  acceptedAt: string;
  duplicate: boolean;
}

export interface OutboxItem {
  key: string;
  talkId: string;
  scores: Record<string, number>;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  /** When the next try is due (epoch ms); 0 for at once. */
  nextAttemptAt: number;
  /** A refusal's code and message, or the last transient failure's. */
  error: { code: string; message: string } | null;
  ack: OutboxAck | null;
}

/** What one send came to. */
export type SendOutcome =
  | { kind: 'ok'; ack: OutboxAck }
  /** The server said no (a 4xx but 408/429): do not retry. */
  | { kind: 'refused'; code: string; message: string }
  /** No answer, a 5xx, 408 or 429: try again later (retryAfterMs from Retry-After, if any). */
  | { kind: 'retry'; code: string; message: string; retryAfterMs?: number };

/** Maps an HTTP status to whether a failure is worth retrying. */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** Backoff before retry n (1-based): 1 s, 2 s, 4 s … capped at 30 s, with ±20 % jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + random() * 0.4));
}

/** 16 random bytes as 22 URL-safe characters; crypto.getRandomValues works on plain-http hall Wi-Fi, randomUUID does not. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface OutboxOptions {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  storageKey: string;
  send: (item: OutboxItem) => Promise<SendOutcome>;
  onChange?: (items: readonly OutboxItem[]) => void;
  now?: () => number;
  random?: () => number;
  isOnline?: () => boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  newKey?: () => string;
}

/** How many acknowledged ballots are kept for display (the latest per talk is what matters). */
const KEEP_SENT = 20;

export class Outbox {
  private items: OutboxItem[] = [];
  private running = false;
  private timer: unknown = null;
  private readonly o: Required<Omit<OutboxOptions, 'onChange' | 'storage'>> & Pick<OutboxOptions, 'onChange' | 'storage'>;

  constructor(options: OutboxOptions) {
    this.o = {
      now: Date.now,
      random: Math.random,
      isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      newKey: newIdempotencyKey,
      ...options,
    };
    this.items = this.load();
  }

  list(): readonly OutboxItem[] {
    return this.items;
  }

  /** The latest submit for a talk: what its state line shows. */
  latestFor(talkId: string): OutboxItem | null {
    for (let i = this.items.length - 1; i >= 0; i--) if (this.items[i]?.talkId === talkId) return this.items[i] ?? null;
    return null;
  }

  /** Stores a new submit (persisted before any request) and starts sending. An amendment supersedes unsent older ones. */
  enqueue(talkId: string, scores: Record<string, number>): OutboxItem {
    const item: OutboxItem = {
      key: this.o.newKey(),
      talkId,
      scores: { ...scores },
      createdAt: this.o.now(),
      state: 'unsent',
      attempts: 0,
      nextAttemptAt: 0,
      error: null,
      ack: null,
    };
    // Older submits for the talk that never left the phone are dropped; one in flight finishes first (sent in order).
    this.items = this.items.filter((x) => x.talkId !== talkId || x.state === 'sending' || x.state === 'sent');
    this.items.push(item);
    this.prune();
    this.save();
    this.kick();
    return item;
  }

  /** Tries what is due now (called on 'online', on a visible tab, after a timer). */
  kick(): void {
    if (this.timer !== null) {
      this.o.clearTimer(this.timer);
      this.timer = null;
    }
    void this.run(true);
  }

  /** Drops everything (a new check-in on this phone). */
  clear(): void {
    this.items = [];
    this.save();
  }

  private async run(force: boolean): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const next = this.items.find((x) => x.state === 'unsent');
        if (!next) break;
        if (!this.o.isOnline()) break; // the 'online' event kicks again
        const now = this.o.now();
        if (!force && next.nextAttemptAt > now) {
          this.schedule(next.nextAttemptAt - now);
          break;
        }
        // A kick (a new submit, the phone back online) tries at once; later ones wait for their turn.
        force = false;
        next.state = 'sending';
        next.attempts += 1;
        this.save();
        let outcome: SendOutcome;
        try {
          outcome = await this.o.send(next);
        } catch (e) {
          outcome = { kind: 'retry', code: 'network_error', message: e instanceof Error ? e.message : String(e) };
        }
        if (outcome.kind === 'ok') {
          next.state = 'sent';
          next.ack = outcome.ack;
          next.error = null;
          // An older acknowledged ballot for the same talk is superseded by this one.
          this.items = this.items.filter((x) => x === next || x.talkId !== next.talkId || x.state !== 'sent');
        } else if (outcome.kind === 'refused') {
          next.state = 'refused';
          next.error = { code: outcome.code, message: outcome.message };
        } else {
          next.state = 'unsent';
          next.error = { code: outcome.code, message: outcome.message };
          const wait = Math.max(outcome.retryAfterMs ?? 0, backoffDelay(next.attempts, this.o.random));
          next.nextAttemptAt = this.o.now() + wait;
          this.save();
          this.schedule(wait);
          break;
        }
        this.prune();
        this.save();
      }
    } finally {
      this.running = false;
    }
  }

  private schedule(ms: number): void {
    if (this.timer !== null) this.o.clearTimer(this.timer);
    this.timer = this.o.setTimer(() => {
      this.timer = null;
      void this.run(false);
    }, ms);
  }

  private prune(): void {
    const sent = this.items.filter((x) => x.state === 'sent');
    if (sent.length <= KEEP_SENT) return;
    const drop = new Set(sent.slice(0, sent.length - KEEP_SENT));
    this.items = this.items.filter((x) => !drop.has(x));
  }

  private load(): OutboxItem[] {
    try {
      const raw = this.o.storage?.getItem(this.o.storageKey);
      const parsed = raw ? (JSON.parse(raw) as OutboxItem[]) : [];
      if (!Array.isArray(parsed)) return [];
      // A request cut off by a reload may or may not have landed: send it again with the same key.
      return parsed.filter((x) => x && typeof x.key === 'string').map((x) => (x.state === 'sending' ? { ...x, state: 'unsent' as const } : x));
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      this.o.storage?.setItem(this.o.storageKey, JSON.stringify(this.items));
    } catch {
      // storage full or blocked: the ballot still goes out from memory
    }
    this.o.onChange?.(this.items);
  }
}
