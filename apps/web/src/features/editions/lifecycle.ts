import { EDITION_STATUSES, type EditionStatus } from '@lecture-hall/shared/domain/programme';

export type LifecycleActionKey =
  | 'startRecruiting'
  | 'confirmSpeakers'
  | 'preparationDone'
  | 'goLive'
  | 'close'
  | 'publish'
  | 'backToPlanning'
  | 'reopenRecruiting'
  | 'backToPreparing';

export interface LifecycleAction {
  key: LifecycleActionKey;
  to: EditionStatus;
  direction: 'forward' | 'backward';
}

const FORWARD: Partial<Record<EditionStatus, LifecycleActionKey>> = {
  planning: 'startRecruiting',
  recruiting: 'confirmSpeakers',
  preparing: 'preparationDone',
  ready: 'goLive',
  live: 'close',
  closed: 'publish',
};

/**
 * The steps back an organiser may take, as the server's lifecycle allows them: reopen what is
 * not yet live. Once an edition is live it only moves on (its ballots are being cast).
 */
const BACKWARD: Partial<Record<EditionStatus, { key: LifecycleActionKey; to: EditionStatus }>> = {
  recruiting: { key: 'backToPlanning', to: 'planning' },
  preparing: { key: 'reopenRecruiting', to: 'recruiting' },
  ready: { key: 'backToPreparing', to: 'preparing' },
};

/** The buttons an edition in this status offers, the forward one first. The server checks each step's preconditions. */
export function nextActions(status: EditionStatus): LifecycleAction[] {
  const out: LifecycleAction[] = [];
  const fwd = FORWARD[status];
  const idx = EDITION_STATUSES.indexOf(status);
  if (fwd) out.push({ key: fwd, to: EDITION_STATUSES[idx + 1] as EditionStatus, direction: 'forward' });
  const back = BACKWARD[status];
  if (back) out.push({ ...back, direction: 'backward' });
  return out;
}

/** The index of a status in the lifecycle, for antd Steps. */
export const stepIndex = (status: EditionStatus): number => EDITION_STATUSES.indexOf(status);

/** Tag colours per status, from grey (planning) to green (published). */
export const STATUS_COLORS: Record<EditionStatus, string> = {
  planning: 'default',
  recruiting: 'processing',
  preparing: 'gold',
  ready: 'cyan',
  live: 'red',
  closed: 'purple',
  published: 'success',
};

/** Reasons a 409 transition_refused carries (details.reasons: string[]); anything else yields none. */
export function refusalReasons(details: unknown): string[] {
  if (!details || typeof details !== 'object') return [];
  const reasons = (details as { reasons?: unknown }).reasons;
  if (!Array.isArray(reasons)) return [];
  return reasons
    .map((r) => (typeof r === 'string' ? r : r && typeof r === 'object' && 'message' in r ? String((r as { message: unknown }).message) : ''))
    .filter(Boolean);
}
