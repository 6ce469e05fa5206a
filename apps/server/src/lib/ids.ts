import { createHash, randomBytes } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): time-ordered, so ids sort by creation and index well on both dialects.
 */
// Random bytes drawn 4 KiB at a time: one system call per 256 ids rather than one per id (hot on the ballot path).
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = POOL_SIZE;
function random16(): Buffer {
  if (poolOffset + 16 > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

export function newId(now: number = Date.now()): string {
  const bytes = random16();
  bytes[0] = Math.floor(now / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(now / 2 ** 32) & 0xff;
  bytes[2] = (now >>> 24) & 0xff;
  bytes[3] = (now >>> 16) & 0xff;
  bytes[4] = (now >>> 8) & 0xff;
  bytes[5] = now & 0xff;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An unguessable token for cookies and one-time secrets (256 bits, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How a bearer token (a session cookie, an attendee token) is stored: its SHA-256, so a leaked table yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
