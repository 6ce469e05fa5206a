import type { HostQuestion, LiveCounters, LiveSnapshot, PublicQuestion, ScoringWindow } from '../api/live';
import type { LiveStep, ScreenMode } from '../domain/programme';

/**
 * Every WebSocket message the server pushes, by name. A message is
 * `{ "type": name, "version": n, "payload": ClientEventMap[name] }`; versions increase per
 * edition, and a client that sees a gap (or reconnects) is sent a fresh 'live.snapshot'.
 */
export interface ClientEventMap {
  /** The whole state, on connect and after a gap. */
  'live.snapshot': LiveSnapshot;
  /** The host moved the session on: a step, the current talk, the scoring window, check-in, the screen. */
  'live.state': {
    step: LiveStep;
    stepStartedAt: string | null;
    checkinOpen: boolean;
    currentTalkId: string | null;
    window: ScoringWindow | null;
    screen: ScreenMode;
  };
  /** Counters, coalesced to at most 4 pushes a second per edition. */
  'live.tally': LiveCounters;
  /** The approved questions as the audience and the screen see them. */
  'questions.public': { questions: PublicQuestion[] };
  /** The moderation queue (host sockets only). */
  'questions.queue': { questions: HostQuestion[] };
}
export type ClientEventName = keyof ClientEventMap;
export interface ClientMessage<K extends ClientEventName = ClientEventName> {
  type: K;
  version: number;
  payload: ClientEventMap[K];
}
/** Who a socket is: the host's console sees the moderation queue; the audience and the screen do not. */
export type SocketAudience = 'public' | 'host';
