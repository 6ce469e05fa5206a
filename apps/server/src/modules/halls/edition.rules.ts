import { EDITION_STATUS_LABELS, type EditionStatus, RUBRIC_LOCKED_STATUSES } from '@lecture-hall/shared';
import { type DeckReadinessFact, unapprovedDeckReasons } from '../reviews/review.rules';

/** What the lifecycle needs to know about an edition to decide a move; gathered by the service, judged here. */
export interface TransitionFacts {
  title: string;
  /** The edition's day, YYYY-MM-DD. */
  date: string;
  /** Today by the server's clock, YYYY-MM-DD. */
  today: string;
  /** What is wrong with the edition's rubric (see rubricIssues); empty when valid. */
  rubricIssues: readonly string[];
  speakerCount: number;
  /** Talks of the edition: the nominations module creates one per selected speaker. */
  talkCount: number;
  /** Talks whose title is empty or blank. */
  untitledTalkCount: number;
  /** Each speaker's deck and where its review stands (see reviews/review.rules.ts deckStatus). */
  decks: readonly DeckReadinessFact[];
  /** A hall admin recorded a reason to let the edition become ready with unapproved decks. */
  readinessOverridden: boolean;
}

export type TransitionCheck = { ok: true } | { ok: false; reasons: string[] };

/** A precondition: the reasons it fails, in Chinese; empty when it holds. */
export type Gate = (facts: TransitionFacts) => string[];

const label = (s: EditionStatus) => EDITION_STATUS_LABELS[s].zh;

const titleAndDateSet: Gate = (f) => [...(f.title.trim() ? [] : ['请先填写本期标题']), ...(f.date ? [] : ['请先确定本期举办日期'])];

const rubricValid: Gate = (f) => f.rubricIssues.map((issue) => `评分细则有误：${issue}`);

const speakersComplete: Gate = (f) => (f.talkCount === f.speakerCount ? [] : [`本期需要 ${f.speakerCount} 名讲课人，目前已选定 ${f.talkCount} 名`]);

const talksTitled: Gate = (f) => (f.untitledTalkCount === 0 ? [] : [`还有 ${f.untitledTalkCount} 个讲题未填写题目`]);

/** Every speaker's latest deck approved by its experts, unless a hall admin overrode with a recorded reason. */
const decksApproved: Gate = (f) => (f.readinessOverridden ? [] : unapprovedDeckReasons(f.decks));

const noSpeakersYet: Gate = (f) => (f.talkCount === 0 ? [] : [`已选定 ${f.talkCount} 名讲课人，不能退回筹备阶段`]);

/**
 * The gates of preparing → ready. This is the extension point for readiness: the courseware
 * review's gate (every deck approved, or an admin's recorded override) is the last of them,
 * with the facts it needs (decks, readinessOverridden) in TransitionFacts.
 */
export const READY_GATES: readonly Gate[] = [speakersComplete, talksTitled, decksApproved];

/** Every allowed move, from → to → its preconditions. A move not listed here is refused. */
const MOVES: Partial<Record<EditionStatus, Partial<Record<EditionStatus, readonly Gate[]>>>> = {
  planning: { recruiting: [titleAndDateSet, rubricValid] },
  recruiting: { preparing: [speakersComplete], planning: [noSpeakersYet] },
  // Reopening recruitment deletes nothing here: the nominations module decides what it means for the speakers.
  preparing: { ready: READY_GATES, recruiting: [] },
  // Going live is the host's call, on the day or before it: an early session or a rehearsal must be possible.
  ready: { live: [], preparing: [] },
  live: { closed: [] },
  closed: { published: [] },
};

/** The moves allowed out of a status, in lifecycle order (for a console's buttons). */
export function nextStatuses(from: EditionStatus): EditionStatus[] {
  return Object.keys(MOVES[from] ?? {}) as EditionStatus[];
}

/**
 * The one transition function of an edition's lifecycle
 * (planning → recruiting → preparing → ready → live → closed → published, with the backward
 * moves recruiting → planning, preparing → recruiting and ready → preparing). Pure: it only
 * judges; EditionsService.transition applies an allowed move, with these side effects in the
 * same transaction:
 * - status and status_changed_at are written;
 * - an audit entry 'edition.transition' with the status before and after;
 * - going live sets rubric_locked_at: the rubric, the audience weight, the aggregation rule and
 *   the speaker count can no longer change (RUBRIC_LOCKED_STATUSES);
 * - going live starts the live session: a live_sessions row at step 'idle' (live.repository.ts
 *   startSession), so the host's console opens on it;
 * - publishing freezes the results with the hash of their inputs (results.service.ts
 *   freezeResults): what is published is never recomputed in place;
 * and after the commit:
 * - closing (live → closed) ends the session's sockets: every phone and screen is sent
 *   'live.ended' and closed with LIVE_ENDED_CLOSE, on every instance (RealtimeHub endEdition);
 * later issues add notifications.
 */
export function checkTransition(from: EditionStatus, to: EditionStatus, facts: TransitionFacts): TransitionCheck {
  if (from === to) return { ok: false, reasons: [`本期已处于“${label(from)}”状态`] };
  const gates = MOVES[from]?.[to];
  if (!gates) return { ok: false, reasons: [`不能从“${label(from)}”转为“${label(to)}”`] };
  const reasons = gates.flatMap((gate) => gate(facts));
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/** Whether the rubric and the scoring rules of an edition in this status are locked. */
export function isRubricLocked(status: EditionStatus): boolean {
  return RUBRIC_LOCKED_STATUSES.includes(status);
}

/** Whether the speaker count may still change: only until recruiting is over. */
export function isSpeakerCountOpen(status: EditionStatus): boolean {
  return status === 'planning' || status === 'recruiting';
}
