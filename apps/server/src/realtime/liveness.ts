import { SESSION_ENDED_CLOSE } from '@lecture-hall/shared';
import type { LiveSocket } from './index';

/** ws's readyState of an open socket. */
export const OPEN = 1;
/**
 * A message as every socket receives it, {type, version, payload}, with the payload's JSON as the
 * publisher serialised it: concatenated, never parsed again (one tally reaches thousands of phones).
 */
export function messageText(type: string, version: number, payloadJson: string): string {
  return `{"type":${JSON.stringify(type)},"version":${version},"payload":${payloadJson}}`;
}

/** Close codes the client sees: the server is going away, or could not build what it owed the socket. */
export const GOING_AWAY = 1001;
export const INTERNAL = 1011;

/**
 * One heartbeat round for a socket: a phone that left the hall's Wi-Fi (or a laptop that went to
 * sleep) never closes, so a socket that has not answered the previous ping by now is dropped;
 * otherwise it is pinged again and must answer (its pong handler sets `alive`) before the next.
 */
export function pingOrDrop(client: { socket: LiveSocket; alive: boolean }): void {
  if (!client.alive) {
    client.socket.terminate();
    return;
  }
  client.alive = false;
  try {
    client.socket.ping();
  } catch {
    client.socket.terminate();
  }
}

/**
 * What keeps a signed-in socket open after its upgrade was allowed: the session it came with
 * can be revoked (logout, another device signing it out, a password change or reset, the
 * account disabled) or expire, and the user can lose the right the route required of it.
 */
export interface SocketGuard {
  userId: string;
  /** Whether the socket may stay: its session still active, its user still allowed what the route required. */
  stillAllowed(): Promise<boolean>;
}

/**
 * Asks a guarded socket's guard again and closes the socket (SESSION_ENDED_CLOSE) when the answer
 * is no. A check that fails (the database out of reach) keeps the socket: it is asked again at
 * the next heartbeat round, and dropping every console over a blip would be worse. A check still
 * waiting from before is not doubled: a stalled database gets one query per socket, not a pile.
 */
export function recheckGuard(
  client: { socket: LiveSocket; guard: SocketGuard | null; checking?: boolean },
  warn: (message: string, err: unknown) => void,
): void {
  const { guard, socket } = client;
  if (!guard || client.checking || socket.readyState !== OPEN) return;
  client.checking = true;
  guard
    .stillAllowed()
    .then(
      (allowed) => {
        if (!allowed && socket.readyState === OPEN) socket.close(SESSION_ENDED_CLOSE.code, SESSION_ENDED_CLOSE.reason);
      },
      (err) => warn('could not re-check a signed-in socket', err),
    )
    .finally(() => {
      client.checking = false;
    });
}
