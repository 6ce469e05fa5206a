/**
 * Every WebSocket message the server pushes, by name. The live-session issue adds the socket;
 * until then notifications are polled, and this map holds only what already exists.
 */
export interface ClientEventMap {
  'audit.appended': { id: string; action: string; entityType: string };
}
export type ClientEventName = keyof ClientEventMap;
