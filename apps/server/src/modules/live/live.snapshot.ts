import type { ClientEventMap, LiveCounters, LiveSnapshot, LiveStep, PublicQuestion, ScoringWindow, ScreenMode } from '@lecture-hall/shared';
import type { Config } from '../../config';
import type { Db } from '../../db';
import type { RealtimeHub } from '../../realtime';
import type { EditionRow } from '../halls/halls.repository';
import { rubricFromJson } from '../halls/rubric';
import { unitPathNames } from '../org/org-unit.repository';
import { type LiveSessionRow, liveRepository, type ScoringWindowRow } from './live.repository';
import { INITIAL_LIVE_STATE, type LiveState, type WindowState } from './live.rules';

/*
 * The snapshot builder: everything a screen needs to draw the session, for the host's console,
 * the big screen and the phones alike. It never carries who asked a question, an attendee id
 * or any ballot — only counts.
 */

/** The most questions a snapshot carries: the screen shows the top ones, a phone scrolls a few dozen. */
export const SNAPSHOT_QUESTIONS = 100;

/** The rater group of the expert panel in the ballots table; every other group counts as the audience. */
export const EXPERT_GROUP = 'expert';

export function windowOf(r: ScoringWindowRow | undefined): WindowState | null {
  return r ? { id: r.id, talkId: r.talk_id, openedAt: r.opened_at, closesAt: r.closes_at, closedAt: r.closed_at } : null;
}

/** The live state a session row (and its window) stands for; an edition without a row is at the start. */
export function stateOf(session: LiveSessionRow | undefined, window: ScoringWindowRow | undefined): LiveState {
  if (!session) return INITIAL_LIVE_STATE;
  return {
    step: session.step as LiveStep,
    stepStartedAt: session.step_started_at,
    checkinOpen: Number(session.checkin_open) === 1,
    currentTalkId: session.current_talk_id,
    window: windowOf(window),
    screen: session.screen as ScreenMode,
  };
}

export function toScoringWindow(w: WindowState | null): ScoringWindow | null {
  return w ? { id: w.id, talkId: w.talkId, openedAt: w.openedAt, closesAt: w.closesAt, closedAt: w.closedAt } : null;
}

/** The 'live.state' event's payload. */
export function statePayload(s: LiveState): ClientEventMap['live.state'] {
  return {
    step: s.step,
    stepStartedAt: s.stepStartedAt,
    checkinOpen: s.checkinOpen,
    currentTalkId: s.currentTalkId,
    window: toScoringWindow(s.window),
    screen: s.screen,
  };
}

/** The URL the QR code points at: the audience page of the edition. */
export function checkInUrlOf(config: Config, editionId: string): string {
  const base = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  return `${base}/audience/${encodeURIComponent(editionId)}`;
}

export async function buildCounters(db: Db, realtime: RealtimeHub, editionId: string): Promise<LiveCounters> {
  // Phones connected to every instance (this one's alone without Redis).
  const [checkedIn, ballots, connected] = await Promise.all([
    liveRepository.countCheckedIn(db, editionId),
    liveRepository.ballotCounts(db, editionId),
    realtime.connectedTotal(editionId),
  ]);
  const audienceBallots: Record<string, number> = {};
  const expertBallots: Record<string, number> = {};
  for (const b of ballots) {
    const into = b.group === EXPERT_GROUP ? expertBallots : audienceBallots;
    into[b.talkId] = (into[b.talkId] ?? 0) + b.raters;
  }
  return { checkedIn, connected, audienceBallots, expertBallots };
}

export async function publicQuestions(db: Db, editionId: string): Promise<PublicQuestion[]> {
  const rows = await liveRepository.publicQuestions(db, editionId, SNAPSHOT_QUESTIONS);
  return rows.map((q) => ({
    id: q.id,
    text: q.text,
    talkId: q.talk_id,
    upvotes: Number(q.upvotes),
    pinned: Number(q.pinned) === 1,
    answered: q.state === 'answered',
    createdAt: q.created_at,
  }));
}

export async function buildSnapshot(
  db: Db,
  deps: { config: Config; realtime: RealtimeHub },
  edition: EditionRow,
  state: LiveState,
  version: number,
): Promise<LiveSnapshot> {
  const [talks, counters, questions] = await Promise.all([
    liveRepository.talks(db, edition.id),
    buildCounters(db, deps.realtime, edition.id),
    publicQuestions(db, edition.id),
  ]);
  const pathNames = await unitPathNames(db, [...new Set(talks.map((t) => t.unit_path))]);
  return {
    editionId: edition.id,
    version,
    editionTitle: edition.title,
    editionSeq: Number(edition.seq),
    hallName: edition.hall_name,
    date: edition.date,
    venue: edition.venue,
    step: state.step,
    stepStartedAt: state.stepStartedAt,
    checkinOpen: state.checkinOpen,
    currentTalkId: state.currentTalkId,
    window: toScoringWindow(state.window),
    talks: talks.map((t) => ({
      talkId: t.id,
      order: Number(t.position),
      speakerName: t.speaker_name,
      unitPathName: pathNames.get(t.unit_path) ?? '',
      title: t.title,
    })),
    rubric: rubricFromJson(edition.rubric_json),
    screen: state.screen,
    counters,
    questions,
    checkInUrl: checkInUrlOf(deps.config, edition.id),
  };
}
