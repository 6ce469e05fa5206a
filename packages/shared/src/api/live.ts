import { z } from 'zod';
import { AUDIENCE_CATEGORIES, LIVE_STEPS, QUESTION_STATES, SCREEN_MODES } from '../domain/programme';
import { Id } from './common';
import { RubricSchema } from './halls';

/*
 * The live session (现场): check-in, scoring, questions, the host's console and the big screen.
 * Attendees have no account: check-in gives a phone an attendee token for one edition, sent
 * back as the X-Attendee-Token header (also kept in a cookie and in local storage).
 */

export const ATTENDEE_TOKEN_HEADER = 'x-attendee-token';

export const LiveTalk = z.object({
  talkId: Id,
  order: z.number().int(),
  speakerName: z.string(),
  unitPathName: z.string(),
  title: z.string(),
});
export type LiveTalk = z.infer<typeof LiveTalk>;

export const ScoringWindow = z.object({
  id: Id,
  talkId: Id,
  openedAt: z.string(),
  /** When it closes by itself (auto-close), if the host set a limit. */
  closesAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type ScoringWindow = z.infer<typeof ScoringWindow>;

/** The public part of a question: never who asked it. Plain text, never HTML. */
export const PublicQuestion = z.object({
  id: Id,
  text: z.string(),
  talkId: Id.nullable(),
  upvotes: z.number().int(),
  pinned: z.boolean(),
  answered: z.boolean(),
  createdAt: z.string(),
});
export type PublicQuestion = z.infer<typeof PublicQuestion>;

/** A question as the host moderates it. */
export const HostQuestion = PublicQuestion.extend({
  state: z.enum(QUESTION_STATES),
  /** Why it is held for moderation (a sensitive word matched), in Chinese. */
  heldReason: z.string().nullable(),
  mergedInto: Id.nullable(),
  duplicates: z.number().int(),
});
export type HostQuestion = z.infer<typeof HostQuestion>;

export const LiveCounters = z.object({
  checkedIn: z.number().int(),
  connected: z.number().int(),
  /** Ballots counted (one per attendee) for each talk; experts separately. */
  audienceBallots: z.record(z.string(), z.number().int()),
  expertBallots: z.record(z.string(), z.number().int()),
});
export type LiveCounters = z.infer<typeof LiveCounters>;

/** Everything a screen needs to draw the session; resent whole when a client (re)connects. */
export const LiveSnapshot = z.object({
  editionId: Id,
  /** Increases with every change; a client that missed one asks for a new snapshot. */
  version: z.number().int(),
  editionTitle: z.string(),
  editionSeq: z.number().int(),
  hallName: z.string(),
  date: z.string(),
  venue: z.string(),
  step: z.enum(LIVE_STEPS),
  stepStartedAt: z.string().nullable(),
  checkinOpen: z.boolean(),
  currentTalkId: Id.nullable(),
  window: ScoringWindow.nullable(),
  talks: z.array(LiveTalk),
  rubric: RubricSchema,
  screen: z.enum(SCREEN_MODES),
  counters: LiveCounters,
  questions: z.array(PublicQuestion),
  /** The URL the QR code points at (PUBLIC_URL + /audience/<editionId>). */
  checkInUrl: z.string(),
});
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;

export const LiveCommand = z.discriminatedUnion('command', [
  z.object({ command: z.literal('open_checkin') }),
  z.object({ command: z.literal('close_checkin') }),
  z.object({ command: z.literal('start_talk'), talkId: Id }),
  z.object({ command: z.literal('start_qa') }),
  z.object({ command: z.literal('open_scoring'), talkId: Id, autoCloseSeconds: z.number().int().min(10).max(3600).nullable().default(null) }),
  z.object({ command: z.literal('close_scoring') }),
  z.object({ command: z.literal('screen'), mode: z.enum(SCREEN_MODES) }),
  z.object({ command: z.literal('end') }),
]);
export type LiveCommand = z.infer<typeof LiveCommand>;

export const CheckInBody = z.discriminatedUnion('mode', [
  /** A signed-in user (session cookie): its linked person, if any, counts. */
  z.object({ mode: z.literal('user'), category: z.enum(AUDIENCE_CATEGORIES).default('organ'), className: z.string().trim().max(40).default('') }),
  /** Roster match: name + unit + the last four digits of the phone on file. */
  z.object({
    mode: z.literal('roster'),
    name: z.string().trim().min(1, '请填写姓名').max(30),
    unitId: Id,
    phoneLast4: z.string().regex(/^\d{4}$/, '请填写手机号后四位'),
    category: z.enum(AUDIENCE_CATEGORIES).default('organ'),
    className: z.string().trim().max(40).default(''),
  }),
  z.object({
    mode: z.literal('guest'),
    category: z.enum(AUDIENCE_CATEGORIES),
    /** 党校学员's class (班次), required for that category. */
    className: z.string().trim().max(40).default(''),
    name: z.string().trim().max(30).default(''),
  }),
]);
export type CheckInBody = z.infer<typeof CheckInBody>;

/** The units a roster check-in may name: the hall's subtree, by name (unit names are not personal data). */
export const CheckInUnits = z.object({ items: z.array(z.object({ id: Id, name: z.string() })) });
export type CheckInUnits = z.infer<typeof CheckInUnits>;

export const Attendee = z.object({
  id: Id,
  editionId: Id,
  category: z.enum(AUDIENCE_CATEGORIES),
  displayName: z.string(),
  /** True when this device is a second one for a person already checked in (flagged for the host). */
  secondDevice: z.boolean(),
  /** False when the person had checked in before: a re-scan does not count again. */
  counted: z.boolean(),
});
export type Attendee = z.infer<typeof Attendee>;
export const CheckInResult = z.object({ attendee: Attendee, token: z.string() });

/** A phone's ballot: one per (attendee, talk); the last one before the window closes counts. */
export const BallotBody = z.object({
  talkId: Id,
  scores: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), z.number()),
  /** Made on the phone once per submit; a retry with the same key is acknowledged, never counted twice. */
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '无效的提交编号'),
});
export type BallotBody = z.infer<typeof BallotBody>;
export const BallotAck = z.object({
  ballotId: Id,
  talkId: Id,
  /** 1 for the first ballot of this attendee on this talk, then 2, 3 … for amendments. */
  version: z.number().int(),
  acceptedAt: z.string(),
  /** True when this request was a retry of one already stored. */
  duplicate: z.boolean(),
});
export type BallotAck = z.infer<typeof BallotAck>;

export const AudienceMe = z.object({
  attendee: Attendee,
  ballots: z.array(z.object({ talkId: Id, scores: z.record(z.string(), z.number()), version: z.number().int(), acceptedAt: z.string() })),
  upvoted: z.array(Id),
});

export const QuestionBody = z.object({
  text: z.string().trim().min(1, '请输入问题').max(300, '问题不能超过 300 个字'),
  talkId: Id.nullable().default(null),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});
export const QuestionAck = z.object({ id: Id, state: z.enum(QUESTION_STATES), heldReason: z.string().nullable() });
export const QuestionList = z.object({ items: z.array(HostQuestion) });
export const QuestionsQuery = z.object({ state: z.enum(QUESTION_STATES).optional() });
export const ModerateBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve') }),
  z.object({ action: z.literal('hide') }),
  z.object({ action: z.literal('answer') }),
  z.object({ action: z.literal('pin') }),
  z.object({ action: z.literal('unpin') }),
  z.object({ action: z.literal('merge'), intoId: Id }),
]);

export const LiveExperts = z.object({ items: z.array(z.object({ userId: Id, displayName: z.string() })) });
export const AppointExpertsBody = z.object({ expertUserIds: z.array(Id).max(20) });

export const Attendance = z.object({
  editionId: Id,
  /** Person-times (人次): a person counts once per edition however often it scans. */
  total: z.number().int(),
  byCategory: z.record(z.enum(AUDIENCE_CATEGORIES), z.number().int()),
  /** 党校学员 by class. */
  byClass: z.array(z.object({ className: z.string(), count: z.number().int() })),
  secondDevices: z.number().int(),
});
export type Attendance = z.infer<typeof Attendance>;
export const HallAttendance = z.object({
  hallId: Id,
  total: z.number().int(),
  byCategory: z.record(z.enum(AUDIENCE_CATEGORIES), z.number().int()),
  editions: z.array(z.object({ editionId: Id, seq: z.number().int(), title: z.string(), date: z.string(), total: z.number().int() })),
});
export const AttendeeList = z.object({
  items: z.array(Attendee.extend({ checkedInAt: z.string(), kind: z.enum(['user', 'roster', 'guest']) })),
});
