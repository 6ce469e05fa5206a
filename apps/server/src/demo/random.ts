/**
 * A small seeded random source for the demo city: the same seed gives the same sequence on
 * every machine and every Node version (Math.random cannot be seeded), so the demo's rows —
 * ids included — are the same on every run.
 */

/** 32-bit FNV-1a: turns a seed and a label into a 32-bit state, so each seed step draws from its own stream. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'string' ? hashSeed(seed) : seed >>> 0;
  }

  /** mulberry32: a uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One item, chosen with probability proportional to its weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** n random hex digits. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) out += this.nextUint32().toString(16).padStart(8, '0');
    return out.slice(0, n);
  }
}

/**
 * Deterministic UUIDv7-shaped ids: the time field counts up from a fixed instant (so the ids
 * sort in the order the seed made them, like real UUIDv7s) and the random bits come from the
 * seeded stream. They pass any UUIDv7 check and never collide with ids made at run time,
 * whose time field is the real clock.
 */
export class IdFactory {
  private counter = 0;

  constructor(
    private readonly rng: Rng,
    private readonly epochMs: number,
  ) {}

  next(): string {
    const ms = this.epochMs + this.counter++;
    const time = ms.toString(16).padStart(12, '0');
    const rand = this.rng.hex(19);
    const variant = ((parseInt(rand[3]!, 16) & 0x3) | 0x8).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(4, 7)}-${rand.slice(7, 19)}`;
  }
}
