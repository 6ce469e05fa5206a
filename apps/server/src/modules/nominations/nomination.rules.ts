import type { NominationState } from '@lecture-hall/shared';

/** Everything that moves a nomination between states. */
export type NominationTransition = 'shortlist' | 'unshortlist' | 'withdraw' | 'select' | 'not_select';

/** A nomination with an outcome: the decision screen no longer changes it. */
export const DECIDED_STATES: readonly NominationState[] = ['selected', 'not_selected', 'withdrawn'];

const TABLE: Record<NominationTransition, Partial<Record<NominationState, NominationState>>> = {
  shortlist: { submitted: 'shortlisted' },
  unshortlist: { shortlisted: 'submitted' },
  withdraw: { submitted: 'withdrawn', shortlisted: 'withdrawn' },
  // Confirming the selection again while the edition still recruits may keep, reorder or drop a speaker.
  select: { submitted: 'selected', shortlisted: 'selected', selected: 'selected' },
  not_select: { submitted: 'not_selected', shortlisted: 'not_selected', selected: 'not_selected' },
};

export type TransitionResult = { ok: true; to: NominationState } | { ok: false; error: 'nomination_closed' | 'conflict' };

/**
 * The one transition function of a nomination: `submitted → shortlisted → selected |
 * not_selected | withdrawn` (and back from shortlisted to submitted). A refused step out of a
 * decided state is `nomination_closed`; any other refused step (shortlisting twice) `conflict`.
 *
 * The service applies an allowed step in one transaction with its side effects:
 * - an audit entry: `nomination.shortlisted`, `nomination.unshortlisted`, `nomination.withdrawn`,
 *   and for select / not_select the edition's one `edition.selection_confirmed`;
 * - notifications: `nomination.selected` / `nomination.not_selected` to the nominee's accounts
 *   and `recommendation.outcome` to the recommending liaison; on withdraw by someone other
 *   than the nominee, `nomination.withdrawn` to the nominee (and the outcome to the liaison
 *   unless it withdrew itself). Shortlisting notifies nobody: it is not an outcome;
 * - select / not_select set `decided_at`; select sets the running order and creates the talk.
 */
export function transition(state: NominationState, action: NominationTransition): TransitionResult {
  const to = TABLE[action][state];
  if (to) return { ok: true, to };
  return { ok: false, error: DECIDED_STATES.includes(state) ? 'nomination_closed' : 'conflict' };
}
