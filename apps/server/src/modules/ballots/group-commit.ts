/*
 * Group commit: requests that arrive together are written by one writer in one transaction,
 * and each is answered only after that transaction has committed. One commit per group instead
 * of one per request is what lets the ballot path keep up with the framework: the cost of a
 * commit (and on PostgreSQL, of its round trips) is shared by everything queued meanwhile.
 */

/** What a group's commit says about one of its items: its result, or its own error. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions<I, O> {
  /**
   * Writes a group in one transaction and returns one outcome per item, in order, once it has
   * committed. It throws only when the transaction itself failed (then nothing was written).
   */
  commit(items: I[]): Promise<Outcome<O>[]>;
  /** The most items in one transaction. */
  maxGroup?: number;
  /** Called after each committed group (e.g. to push a tally), never before the commit. */
  afterCommit?(items: I[], outcomes: Outcome<O>[]): void;
}

export class GroupCommitWriter<I, O> {
  private queue: Waiting<I, O>[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};
  private readonly maxGroup: number;

  constructor(private readonly options: GroupCommitOptions<I, O>) {
    this.maxGroup = options.maxGroup ?? 256;
  }

  /** Queues an item; resolves with its result once its group has committed. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        this.idle = new Promise((r) => {
          this.markIdle = r;
        });
        // The first group starts after the current turn of the event loop, so that every
        // request that arrived with this one (parsed in the same I/O phase) joins it. Later
        // groups take whatever queued while the previous one was committing.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Items queued and not yet answered. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves when everything queued so far has been answered. */
  whenIdle(): Promise<void> {
    return this.running ? this.idle : Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.maxGroup);
        const items = group.map((w) => w.item);
        let outcomes: Outcome<O>[];
        try {
          outcomes = await this.options.commit(items);
          this.options.afterCommit?.(items, outcomes);
        } catch {
          // The group's transaction failed as a whole (a unique index fired on a row another
          // instance wrote meanwhile, a lost connection): nothing of it was written. Write its
          // items one by one, so that one bad item fails alone.
          outcomes = [];
          for (const item of items) {
            try {
              const [one] = await this.options.commit([item]);
              outcomes.push(one!);
              this.options.afterCommit?.([item], [one!]);
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        }
        group.forEach((w, i) => {
          const o = outcomes[i];
          if (!o) w.reject(new Error('group commit returned too few outcomes'));
          else if (o.ok) w.resolve(o.value);
          else w.reject(o.error);
        });
      }
    } finally {
      this.running = false;
      this.markIdle();
    }
  }
}
