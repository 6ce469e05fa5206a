import { EDITION_STATUS_LABELS, type EditionStatus, type LiveCommand, type LiveStep, type ScreenMode } from '@lecture-hall/shared';

/** A scoring window as the live state holds it: the open one, or the last one once closed. */
export interface WindowState {
  id: string;
  talkId: string;
  openedAt: string;
  /** When it closes by itself (auto-close), if the host set a limit. */
  closesAt: string | null;
  closedAt: string | null;
}

/** Where the live session of an edition stands (one live_sessions row and its window). */
export interface LiveState {
  step: LiveStep;
  stepStartedAt: string | null;
  checkinOpen: boolean;
  currentTalkId: string | null;
  window: WindowState | null;
  screen: ScreenMode;
}

/** The state of an edition whose session has not started: what a ready edition's screen shows. */
export const INITIAL_LIVE_STATE: LiveState = {
  step: 'idle',
  stepStartedAt: null,
  checkinOpen: false,
  currentTalkId: null,
  window: null,
  screen: 'welcome',
};

/** What a command is judged against besides the state; gathered by the service. */
export interface CommandFacts {
  editionStatus: EditionStatus;
  /** The edition's talks, in running order. */
  talkIds: readonly string[];
  /** The instant of the command, ISO. */
  now: string;
  /** The id a window opened by this command gets (made by the service, so that this stays pure). */
  newWindowId: string;
}

/** A row to write besides the live_sessions row itself. */
export type LiveEffect =
  /** Close the window: closed_at = at. `by` is 'host' for a command, 'timer' when its time ran out (closed_at = closes_at). */
  { kind: 'close_window'; windowId: string; at: string; by: 'host' | 'timer' } | { kind: 'open_window'; window: WindowState };

export type CommandResult = { ok: true; next: LiveState; effects: LiveEffect[] } | { ok: false; reasons: string[] };

/** Whether the window takes ballots at an instant: not closed, and its auto-close time not reached. */
export function isWindowOpen(w: WindowState | null, now: string): w is WindowState {
  return w !== null && w.closedAt === null && (w.closesAt === null || w.closesAt > now);
}

/**
 * The state once an expired window is closed: a window whose closes_at has passed is closed at
 * that instant (not when someone notices), and the step moves from scoring to between. The
 * effects are empty when nothing expired. Applied before every command and on every read, so
 * that another instance, or a restart, closes the window as the opening instance's timer would.
 */
export function settle(state: LiveState, now: string): { next: LiveState; effects: LiveEffect[] } {
  const w = state.window;
  if (!w || w.closedAt !== null || w.closesAt === null || w.closesAt > now) return { next: state, effects: [] };
  const closed = { ...w, closedAt: w.closesAt };
  const moved = state.step === 'scoring' ? { step: 'between' as const, stepStartedAt: w.closesAt } : {};
  return { next: { ...state, ...moved, window: closed }, effects: [{ kind: 'close_window', windowId: w.id, at: w.closesAt, by: 'timer' }] };
}

const statusLabel = (s: EditionStatus) => EDITION_STATUS_LABELS[s].zh;

function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}

/**
 * The one transition function of the live session. Steps: idle → checkin → talk k → qa →
 * scoring → between → talk k+1 … → ended; check-in may stay open throughout, and the screen
 * mode changes at any step. Pure: it judges the command against the state (an expired window
 * closed first, see `settle`) and the facts, and returns the next state with the window rows to
 * write, or the reasons it refuses, in Chinese.
 *
 * LiveService.command applies an allowed result in one transaction, with these side effects:
 * - the live_sessions row is written with the next state and its version increases by one (a
 *   concurrent command that changed the row first makes this one refused, never lost);
 * - the effects: 'open_window' inserts a scoring_windows row (closes_at = now + autoCloseSeconds,
 *   if set); 'close_window' sets its closed_at (and closed_by, for the host's command);
 * - an audit entry 'live.<command>' with the state before and after;
 * and after the commit:
 * - the realtime event 'live.state' to every screen of the edition;
 * - a timer, in this instance, that closes a window with closes_at when the time comes (and
 *   publishes 'live.state'); any instance reading the state closes it too (`settle`).
 */
export function applyCommand(state: LiveState, command: LiveCommand, facts: CommandFacts): CommandResult {
  if (facts.editionStatus !== 'live') {
    const why =
      facts.editionStatus === 'ready' ? '本期尚未开讲：请先将本期状态改为“进行中”' : `本期当前为“${statusLabel(facts.editionStatus)}”状态，不能操作现场`;
    return { ok: false, reasons: [why] };
  }
  const { next: s, effects: pre } = settle(state, facts.now);
  const now = facts.now;
  const refuse = (...reasons: string[]): CommandResult => ({ ok: false, reasons });
  const ok = (next: LiveState, effects: LiveEffect[] = []): CommandResult => ({ ok: true, next, effects: [...pre, ...effects] });
  const open = isWindowOpen(s.window, now) ? s.window : null;
  const closeOpen = (): LiveEffect[] => (open ? [{ kind: 'close_window', windowId: open.id, at: now, by: 'host' }] : []);
  const closedWindow = open ? { ...open, closedAt: now } : s.window;

  if (s.step === 'ended' && command.command !== 'screen') return refuse('本场已散场，不能再操作');

  switch (command.command) {
    case 'open_checkin':
      if (s.checkinOpen) return refuse('签到已经开启');
      return ok({ ...s, checkinOpen: true, ...(s.step === 'idle' ? { step: 'checkin', stepStartedAt: now } : {}) });
    case 'close_checkin':
      if (!s.checkinOpen) return refuse('签到尚未开启');
      return ok({ ...s, checkinOpen: false, ...(s.step === 'checkin' ? { step: 'idle', stepStartedAt: now } : {}) });
    case 'start_talk': {
      if (!facts.talkIds.includes(command.talkId)) return refuse('该讲题不属于本期');
      if (open) return refuse('评分进行中：请先结束当前的评分');
      if (s.step === 'talk' && s.currentTalkId === command.talkId) return refuse('该讲课人已在讲课');
      return ok({ ...s, step: 'talk', stepStartedAt: now, currentTalkId: command.talkId });
    }
    case 'start_qa':
      if (s.step !== 'talk') return refuse('只有在讲课环节才能开始互动问答');
      return ok({ ...s, step: 'qa', stepStartedAt: now });
    case 'open_scoring': {
      if (!facts.talkIds.includes(command.talkId)) return refuse('该讲题不属于本期');
      if (s.step === 'idle' || s.step === 'checkin') return refuse('讲课尚未开始，不能开始评分');
      if (open && open.talkId === command.talkId) return refuse('该讲课人的评分已经开始');
      const window: WindowState = {
        id: facts.newWindowId,
        talkId: command.talkId,
        openedAt: now,
        closesAt: command.autoCloseSeconds === null ? null : addSeconds(now, command.autoCloseSeconds),
        closedAt: null,
      };
      return ok({ ...s, step: 'scoring', stepStartedAt: now, currentTalkId: command.talkId, window }, [...closeOpen(), { kind: 'open_window', window }]);
    }
    case 'close_scoring':
      if (!open) return refuse('当前没有进行中的评分');
      return ok({ ...s, step: 'between', stepStartedAt: now, window: closedWindow }, closeOpen());
    case 'screen':
      return ok({ ...s, screen: command.mode });
    case 'end':
      return ok({ ...s, step: 'ended', stepStartedAt: now, checkinOpen: false, currentTalkId: null, window: closedWindow }, closeOpen());
  }
}
