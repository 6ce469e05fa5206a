import type { HostQuestion, LiveSnapshot } from '@lecture-hall/shared/api/live';
import type { ClientMessage } from '@lecture-hall/shared/realtime/events';

/** The session as a client holds it: the last snapshot with every later message folded in. */
export interface LiveView {
  snapshot: LiveSnapshot;
  /** The moderation queue; host sockets only. */
  queue: HostQuestion[] | null;
}

/** Folds one message into the view; before the first snapshot there is nothing to fold into. */
export function applyMessage(view: LiveView | null, msg: ClientMessage): LiveView | null {
  if (msg.type === 'live.snapshot') {
    const snapshot = msg.payload as LiveSnapshot;
    return { snapshot, queue: view?.queue ?? null };
  }
  if (!view) return null;
  const s = view.snapshot;
  switch (msg.type) {
    case 'live.state':
      return { ...view, snapshot: { ...s, ...(msg as ClientMessage<'live.state'>).payload, version: msg.version } };
    case 'live.tally':
      return { ...view, snapshot: { ...s, counters: (msg as ClientMessage<'live.tally'>).payload } };
    case 'questions.public':
      return { ...view, snapshot: { ...s, questions: (msg as ClientMessage<'questions.public'>).payload.questions } };
    case 'questions.queue':
      return { ...view, queue: (msg as ClientMessage<'questions.queue'>).payload.questions };
    default:
      return view;
  }
}

/** Whether the audience may score a talk now: a window open for it that has not closed or timed out. */
export function scoringOpenFor(s: Pick<LiveSnapshot, 'window'>, talkId: string | null, now: number = Date.now()): boolean {
  const w = s.window;
  if (!w || !talkId || w.talkId !== talkId || w.closedAt) return false;
  if (w.closesAt && Date.parse(w.closesAt) <= now) return false;
  return true;
}

/** Approved questions as shown: pinned first, then by upvotes, then oldest first. */
export function orderQuestions<Q extends { pinned: boolean; upvotes: number; createdAt: string }>(qs: readonly Q[]): Q[] {
  return [...qs].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.upvotes - a.upvotes || a.createdAt.localeCompare(b.createdAt));
}
