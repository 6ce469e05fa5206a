import type { LiveSocket } from './index';

/** ws's readyState of an open socket. */
export const OPEN = 1;
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
