import { z } from 'zod';
import { COACHING_DIMENSIONS, CONVERSION_STATUSES, DECK_KINDS, DECK_STATUSES, REVIEW_CHECKLIST, REVIEW_VERDICTS, TALK_ANGLES } from '../domain/programme';
import { Id, IsoDate } from './common';

export const DeckVersion = z.object({
  id: Id,
  talkId: Id,
  version: z.number().int(),
  kind: z.enum(DECK_KINDS),
  /** The uploaded name, made safe (no path, no control characters), Chinese kept. */
  filename: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** Pages of the PDF, or of the converted preview of a PPTX once converted. */
  pageCount: z.number().int().nullable(),
  conversion: z.object({
    status: z.enum(CONVERSION_STATUSES),
    /** 0–100 while running. */
    progress: z.number().int(),
    /** Why there is no preview (LibreOffice missing, conversion failed), in Chinese. */
    message: z.string().nullable(),
  }),
  uploadedBy: z.string(),
  createdAt: z.string(),
});
export type DeckVersion = z.infer<typeof DeckVersion>;

export const ExpertRef = z.object({ userId: Id, displayName: z.string() });

/** A speaker's talk with its deck versions, where review stands, and what the caller may do. */
export const Deck = z.object({
  talkId: Id,
  editionId: Id,
  speakerName: z.string(),
  talkTitle: z.string(),
  order: z.number().int(),
  status: z.enum(DECK_STATUSES),
  versions: z.array(DeckVersion),
  experts: z.array(ExpertRef),
  canUpload: z.boolean(),
  canReview: z.boolean(),
  canAssign: z.boolean(),
});
export type Deck = z.infer<typeof Deck>;
export const DeckList = z.object({ items: z.array(Deck) });

export const AssignExpertsBody = z.object({ expertUserIds: z.array(Id).max(10) });
export const ExpertList = z.object({ items: z.array(ExpertRef) });
export const ExpertsQuery = z.object({ editionId: Id });

const ChecklistEntry = z.object({
  item: z.enum(REVIEW_CHECKLIST),
  ok: z.boolean(),
  note: z.string().trim().max(500).default(''),
});

export const ReviewComment = z.object({
  id: Id,
  reviewId: Id,
  /** The deck version it was written on, and the page (1-based). */
  deckVersionId: Id,
  version: z.number().int(),
  page: z.number().int(),
  text: z.string(),
  author: z.string(),
  /** Set when a later review marked it resolved. */
  resolved: z.boolean(),
  resolvedInReviewId: Id.nullable(),
  createdAt: z.string(),
});
export type ReviewComment = z.infer<typeof ReviewComment>;

export const Review = z.object({
  id: Id,
  talkId: Id,
  deckVersionId: Id,
  version: z.number().int(),
  expert: z.string(),
  checklist: z.array(z.object({ item: z.enum(REVIEW_CHECKLIST), ok: z.boolean(), note: z.string() })),
  verdict: z.enum(REVIEW_VERDICTS),
  summary: z.string(),
  comments: z.array(ReviewComment),
  createdAt: z.string(),
});
export type Review = z.infer<typeof Review>;
export const ReviewList = z.object({ items: z.array(Review) });

/**
 * One expert's review of one deck version, submitted whole: the checklist (every item once),
 * page comments, which earlier comments are now resolved, and the verdict.
 */
export const SubmitReviewBody = z
  .object({
    checklist: z.array(ChecklistEntry).length(REVIEW_CHECKLIST.length, '请逐项填写全部检查项'),
    comments: z.array(z.object({ page: z.number().int().min(1).max(2000), text: z.string().trim().min(1).max(2000) })).max(200),
    resolutions: z
      .array(z.object({ commentId: Id, resolved: z.boolean() }))
      .max(500)
      .default([]),
    verdict: z.enum(REVIEW_VERDICTS),
    summary: z.string().trim().max(2000).default(''),
  })
  .refine((b) => new Set(b.checklist.map((c) => c.item)).size === REVIEW_CHECKLIST.length, { message: '检查项不能重复', path: ['checklist'] })
  .refine((b) => b.verdict === 'approve' || b.summary.length > 0, { message: '要求修改或不通过时请填写审核意见', path: ['summary'] });
export type SubmitReviewBody = z.infer<typeof SubmitReviewBody>;

/** Whether the edition may become ready: every speaker's latest deck approved, or an admin's override. */
export const Readiness = z.object({
  ready: z.boolean(),
  talks: z.array(z.object({ talkId: Id, speakerName: z.string(), order: z.number().int(), status: z.enum(DECK_STATUSES) })),
  override: z.object({ reason: z.string(), by: z.string(), at: z.string() }).nullable(),
});
export type Readiness = z.infer<typeof Readiness>;
export const ReadinessOverrideBody = z.object({ reason: z.string().trim().min(5, '放行理由至少 5 个字').max(500) });

/** An expert's work list: the talks it is assigned to review. */
export const ReviewAssignment = z.object({
  talkId: Id,
  editionId: Id,
  editionSeq: z.number().int(),
  editionTitle: z.string(),
  hallName: z.string(),
  speakerName: z.string(),
  talkTitle: z.string(),
  angle: z.enum(TALK_ANGLES).nullable(),
  status: z.enum(DECK_STATUSES),
  latestVersion: z.number().int().nullable(),
  /** Whether the latest version still waits for this expert's review. */
  awaitingMe: z.boolean(),
});
export const ReviewAssignmentList = z.object({ items: z.array(ReviewAssignment) });

const Score = z.number().int().min(1, '分值为 1–10').max(10, '分值为 1–10');

export const CoachingSession = z.object({
  id: Id,
  editionId: Id,
  date: z.string(),
  startTime: z.string(),
  place: z.string(),
  notes: z.string(),
  experts: z.array(ExpertRef),
  talks: z.array(z.object({ talkId: Id, speakerName: z.string(), order: z.number().int() })),
  canRecord: z.boolean(),
  createdAt: z.string(),
});
export type CoachingSession = z.infer<typeof CoachingSession>;
export const CoachingSessionList = z.object({ items: z.array(CoachingSession) });

export const CoachingSessionInput = z.object({
  date: IsoDate,
  startTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm')
    .default('09:00'),
  place: z.string().trim().min(1, '地点不能为空').max(100),
  notes: z.string().trim().max(1000).default(''),
  expertUserIds: z.array(Id).min(1, '至少安排一名专家').max(10),
  talkIds: z.array(Id).min(1, '至少安排一名讲课人').max(20),
});
export const CoachingSessionPatch = z.object({
  date: IsoDate.optional(),
  startTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .optional(),
  place: z.string().trim().min(1).max(100).optional(),
  notes: z.string().trim().max(1000).optional(),
  expertUserIds: z.array(Id).min(1).max(10).optional(),
  talkIds: z.array(Id).min(1).max(20).optional(),
});

export const CoachingScores = z.object(
  Object.fromEntries(COACHING_DIMENSIONS.map((d) => [d, Score])) as Record<(typeof COACHING_DIMENSIONS)[number], typeof Score>,
);
export const CoachingNotes = z.object(
  Object.fromEntries(COACHING_DIMENSIONS.map((d) => [d, z.string().trim().max(1000).default('')])) as Record<
    (typeof COACHING_DIMENSIONS)[number],
    z.ZodDefault<z.ZodString>
  >,
);

/** Means of several experts' scores per dimension, to 2 decimals (so not whole numbers like the scores); a dimension is absent without feedback. */
export const CoachingMeans = z.object(
  Object.fromEntries(COACHING_DIMENSIONS.map((d) => [d, z.number().optional()])) as Record<(typeof COACHING_DIMENSIONS)[number], z.ZodOptional<z.ZodNumber>>,
);

export const CoachingFeedbackBody = z.object({ scores: CoachingScores, notes: CoachingNotes, overall: z.string().trim().max(2000).default('') });

export const CoachingFeedback = z.object({
  id: Id,
  sessionId: Id,
  talkId: Id,
  expert: z.string(),
  scores: CoachingScores,
  notes: z.object(Object.fromEntries(COACHING_DIMENSIONS.map((d) => [d, z.string()])) as Record<(typeof COACHING_DIMENSIONS)[number], z.ZodString>),
  overall: z.string(),
  updatedAt: z.string(),
});
export type CoachingFeedback = z.infer<typeof CoachingFeedback>;

/** A speaker's coaching record: each session's feedback and the per-dimension mean, session by session. */
export const TalkCoaching = z.object({
  talkId: Id,
  speakerName: z.string(),
  sessions: z.array(z.object({ session: CoachingSession, feedback: z.array(CoachingFeedback), mean: CoachingMeans })),
  /** Per dimension, the session means in date order (the trend). */
  trend: z.object(
    Object.fromEntries(COACHING_DIMENSIONS.map((d) => [d, z.array(z.number())])) as Record<(typeof COACHING_DIMENSIONS)[number], z.ZodArray<z.ZodNumber>>,
  ),
});
export type TalkCoaching = z.infer<typeof TalkCoaching>;

/** The hall admin's grid: speakers × sessions, each cell the mean of the experts' four scores. */
export const CoachingGrid = z.object({
  sessions: z.array(z.object({ id: Id, date: z.string(), place: z.string() })),
  rows: z.array(
    z.object({
      talkId: Id,
      speakerName: z.string(),
      order: z.number().int(),
      cells: z.array(z.object({ sessionId: Id, mean: CoachingMeans.nullable(), feedbackCount: z.number().int() })),
    }),
  ),
});
export type CoachingGrid = z.infer<typeof CoachingGrid>;
