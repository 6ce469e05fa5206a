import type { Eligibility, EligibilityReason, NominationChannel } from '@lecture-hall/shared';
import { OPEN_NOMINATION_STATES } from '@lecture-hall/shared';
import { ageOn } from '../../lib/clock';

/*
 * Who may be put forward as a speaker of an edition. Each rule is a pure function of facts the
 * service has read, returning one reason in Chinese or null; `checkEligibility` combines them.
 */

export type ReasonCode = EligibilityReason['code'];

/** An admin may let an ineligible person through with a written reason, except for these. */
export const NOT_OVERRIDABLE: readonly ReasonCode[] = ['edition_not_recruiting', 'already_nominated', 'outside_hall'];

/** Editions in these states have taken place: a talk there is in the past, not pending. */
const HELD_STATUSES = ['closed', 'published'];

export interface TalkFact {
  editionId: string;
  editionSeq: number;
  editionStatus: string;
}

export interface NominationFact {
  editionId: string;
  editionSeq: number;
  state: string;
}

export interface EligibilityFacts {
  channel: NominationChannel;
  /**
   * Set when re-checking a nomination that already exists (the candidate board, selection):
   * the nomination itself is left out of `nominations` and of the quota count, and whether the
   * edition still recruits is a question about new nominations, not about this candidate.
   */
  existing: boolean;
  edition: { id: string; seq: number; date: string; status: string; unitQuota: number | null };
  hall: { youngAgeLimit: number; repeatWindow: number; unitPath: string; unitName: string };
  person: { birthDate: string; unitPath: string };
  /** The person's talks in editions of this hall. */
  talks: TalkFact[];
  /** The person's nominations in this hall (without the one re-checked). */
  nominations: NominationFact[];
  /** Non-withdrawn recommendations of the recommending unit for this edition (without the one re-checked). */
  recommendationsUsed: number;
}

function reason(code: ReasonCode, message: string): EligibilityReason {
  return { code, message };
}

/** Age on the edition's date above the hall's limit: the limit itself is still young. */
export function tooOld(birthDate: string, editionDate: string, ageLimit: number): EligibilityReason | null {
  const age = ageOn(birthDate, editionDate);
  if (age <= ageLimit) return null;
  return reason('too_old', `讲课人应为年轻干部：截至本期日期（${editionDate}）年满 ${age} 岁，超过本讲堂 ${ageLimit} 岁的年龄上限`);
}

/**
 * A talk in one of the `window` editions before this one (seq s−N … s−1), or in a later edition
 * that has not taken place yet. A window of 0 turns the rule off.
 */
export function spokeRecently(talks: readonly TalkFact[], seq: number, window: number): EligibilityReason | null {
  if (window <= 0) return null;
  const hits = talks.filter(
    (t) => (t.editionSeq >= seq - window && t.editionSeq <= seq - 1) || (t.editionSeq > seq && !HELD_STATUSES.includes(t.editionStatus)),
  );
  if (hits.length === 0) return null;
  // The nearest earlier talk is the one the window is counted from; a pending later one otherwise.
  const earlier = hits.filter((t) => t.editionSeq < seq).map((t) => t.editionSeq);
  const k = earlier.length ? Math.max(...earlier) : Math.min(...hits.map((t) => t.editionSeq));
  return reason('spoke_recently', `第${k}期已讲过课，按规定 ${window} 期内不得再次登台`);
}

/** A nomination still waiting for a decision in another edition of the same hall. */
export function openNomination(nominations: readonly NominationFact[], editionId: string): EligibilityReason | null {
  const open = nominations.find((n) => n.editionId !== editionId && OPEN_NOMINATION_STATES.includes(n.state as never));
  if (!open) return null;
  return reason('open_nomination', `已在第${open.editionSeq}期推选中，每人在同一讲堂只能有一个未决推选`);
}

/** Any nomination for this very edition that was not withdrawn, whatever its channel or outcome. */
export function alreadyNominated(nominations: readonly NominationFact[], editionId: string): EligibilityReason | null {
  return nominations.some((n) => n.editionId === editionId && n.state !== 'withdrawn') ? reason('already_nominated', '已被推选参加本期') : null;
}

/** The person's unit must lie in the hall's unit subtree. */
export function outsideHall(personUnitPath: string, hallUnitPath: string, hallUnitName: string): EligibilityReason | null {
  if (personUnitPath.startsWith(hallUnitPath)) return null;
  return reason('outside_hall', `不属于本讲堂的单位范围（讲堂主办单位：${hallUnitName}）`);
}

/** A unit recommends at most `quota` people per edition; other channels have no quota. */
export function quotaReached(channel: NominationChannel, quota: number | null, used: number): EligibilityReason | null {
  if (channel !== 'unit_recommendation' || quota === null || used < quota) return null;
  return reason('quota_reached', `本单位本期推荐名额（${quota} 人）已用完`);
}

export function editionNotRecruiting(status: string): EligibilityReason | null {
  return status === 'recruiting' ? null : reason('edition_not_recruiting', '本期不在推选阶段');
}

/** Every reason that applies, in a fixed order (the person first, then the nomination, then the edition). */
export function checkEligibility(f: EligibilityFacts): Eligibility {
  const reasons = [
    tooOld(f.person.birthDate, f.edition.date, f.hall.youngAgeLimit),
    spokeRecently(
      f.talks.filter((t) => t.editionId !== f.edition.id),
      f.edition.seq,
      f.hall.repeatWindow,
    ),
    openNomination(f.nominations, f.edition.id),
    alreadyNominated(f.nominations, f.edition.id),
    outsideHall(f.person.unitPath, f.hall.unitPath, f.hall.unitName),
    quotaReached(f.channel, f.edition.unitQuota, f.recommendationsUsed),
    f.existing ? null : editionNotRecruiting(f.edition.status),
  ].filter((r): r is EligibilityReason => r !== null);
  return { eligible: reasons.length === 0, reasons };
}

/** The reasons an admin's written override cannot lift. */
export function notOverridable(reasons: readonly EligibilityReason[]): EligibilityReason[] {
  return reasons.filter((r) => NOT_OVERRIDABLE.includes(r.code));
}

/** Whether a candidate may stand: eligible, or overridden and blocked by nothing an override cannot lift. */
export function mayStand(eligibility: Eligibility, overridden: boolean): boolean {
  return eligibility.eligible || (overridden && notOverridable(eligibility.reasons).length === 0);
}
