import { z } from 'zod';
import { NOMINATION_CHANNELS, NOMINATION_STATES, TALK_ANGLES } from '../domain/programme';
import { Id } from './common';

/** One reason a person may not be nominated, in Chinese, with a code the console can style. */
export const EligibilityReason = z.object({
  code: z.enum(['too_old', 'spoke_recently', 'open_nomination', 'outside_hall', 'quota_reached', 'already_nominated', 'edition_not_recruiting']),
  message: z.string(),
});
export type EligibilityReason = z.infer<typeof EligibilityReason>;

export const Eligibility = z.object({ eligible: z.boolean(), reasons: z.array(EligibilityReason) });
export type Eligibility = z.infer<typeof Eligibility>;

const Title = z.string().trim().min(1, '讲题不能为空').max(80, '讲题不能超过 80 个字符');
const Abstract = z.string().trim().max(2000, '内容简介不能超过 2000 个字符');

export const ProposedTalk = z.object({
  title: z.string(),
  abstract: z.string(),
  angle: z.enum(TALK_ANGLES).nullable(),
});

/** An earlier talk of the candidate in this hall, with its result once results exist. */
export const EarlierTalk = z.object({
  editionId: Id,
  editionSeq: z.number().int(),
  editionTitle: z.string(),
  date: z.string(),
  title: z.string(),
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
});

export const Nomination = z.object({
  id: Id,
  editionId: Id,
  editionSeq: z.number().int(),
  editionTitle: z.string(),
  hallId: Id,
  hallName: z.string(),
  personId: Id,
  personName: z.string(),
  gender: z.string(),
  /** Age on the edition date. */
  age: z.number().int(),
  unitId: Id,
  unitPathName: z.string(),
  position: z.string(),
  rankLevel: z.string(),
  channel: z.enum(NOMINATION_CHANNELS),
  state: z.enum(NOMINATION_STATES),
  proposed: ProposedTalk,
  /** Why the nominator puts the person forward (recommendation letter, org pick note). */
  statement: z.string(),
  nominatedBy: z.string(),
  /** Eligibility as checked now, against the edition's date and the hall's rules. */
  eligibility: Eligibility,
  /** Set when an admin let an ineligible nomination through: the written reason, shown on the candidate. */
  override: z.object({ reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  /** Running order once selected (1 = first speaker). */
  order: z.number().int().nullable(),
  earlierTalks: z.array(EarlierTalk),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type Nomination = z.infer<typeof Nomination>;
export const NominationList = z.object({ items: z.array(Nomination) });

const Base = {
  personId: Id,
  statement: z.string().trim().max(1000, '推荐理由不能超过 1000 个字符').default(''),
  proposedTitle: z.string().trim().max(80).default(''),
  proposedAbstract: Abstract.default(''),
  angle: z.enum(TALK_ANGLES).nullable().default(null),
  /** An admin's written reason to let an ineligible nomination through (org_pick only). */
  overrideReason: z.string().trim().min(5, '破格理由至少 5 个字').max(500).optional(),
};
export const OrgPickBody = z.object(Base);
export const RecommendBody = z.object({ ...Base, overrideReason: z.undefined().optional() });
/** A cadre nominates itself: no person id (its own), and a proposed talk is required. */
export const SelfNominationBody = z.object({
  statement: Base.statement,
  proposedTitle: Title,
  proposedAbstract: Abstract.min(20, '内容简介至少 20 个字'),
  angle: z.enum(TALK_ANGLES),
});
export type OrgPickBody = z.infer<typeof OrgPickBody>;
export type RecommendBody = z.infer<typeof RecommendBody>;
export type SelfNominationBody = z.infer<typeof SelfNominationBody>;

/** Whether a person could be nominated for an edition, before anyone submits. */
export const EligibilityQuery = z.object({ personId: Id });

/** Admin decisions on one nomination. Selection itself happens in one step for the whole edition. */
export const NominationDecisionBody = z.object({
  action: z.enum(['shortlist', 'unshortlist', 'withdraw', 'override']),
  reason: z.string().trim().min(5, '理由至少 5 个字').max(500).optional(),
});

/**
 * Confirms the edition's speakers: exactly the edition's speaker count, in running order.
 * Every other open nomination of the edition becomes not_selected.
 */
export const SelectionBody = z.object({ nominationIds: z.array(Id).min(1).max(20) });

export const Talk = z.object({
  id: Id,
  editionId: Id,
  nominationId: Id,
  personId: Id,
  speakerName: z.string(),
  unitPathName: z.string(),
  order: z.number().int(),
  title: z.string(),
  abstract: z.string(),
  angle: z.enum(TALK_ANGLES).nullable(),
  /** Whether the caller may still edit it (the speaker, until the edition is ready; hall admins too). */
  canEdit: z.boolean(),
});
export type Talk = z.infer<typeof Talk>;
export const TalkList = z.object({ items: z.array(Talk) });
export const TalkPatch = z.object({ title: Title.optional(), abstract: Abstract.optional(), angle: z.enum(TALK_ANGLES).optional() });
