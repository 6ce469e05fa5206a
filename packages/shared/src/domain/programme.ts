/** The lifecycle of an edition (期), in order. */
export const EDITION_STATUSES = ['planning', 'recruiting', 'preparing', 'ready', 'live', 'closed', 'published'] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];
export const EDITION_STATUS_LABELS: Record<EditionStatus, { zh: string; en: string }> = {
  planning: { zh: '筹备中', en: 'Planning' },
  recruiting: { zh: '推选中', en: 'Recruiting' },
  preparing: { zh: '备课中', en: 'Preparing' },
  ready: { zh: '待开讲', en: 'Ready' },
  live: { zh: '进行中', en: 'Live' },
  closed: { zh: '已结束', en: 'Closed' },
  published: { zh: '已发布', en: 'Published' },
};
/** Once live, an edition's rubric and scoring rules can no longer change. */
export const RUBRIC_LOCKED_STATUSES: readonly EditionStatus[] = ['live', 'closed', 'published'];
/** After the live session: ballots are final (the results can be computed) and phones and screens are let go. */
export const ENDED_STATUSES: readonly EditionStatus[] = ['closed', 'published'];

/** The three ways a speaker is found: 组织点将 + 单位推荐 + 个人自荐. */
export const NOMINATION_CHANNELS = ['org_pick', 'unit_recommendation', 'self'] as const;
export type NominationChannel = (typeof NOMINATION_CHANNELS)[number];
export const NOMINATION_CHANNEL_LABELS: Record<NominationChannel, { zh: string; en: string }> = {
  org_pick: { zh: '组织点将', en: 'Organisation pick' },
  unit_recommendation: { zh: '单位推荐', en: 'Unit recommendation' },
  self: { zh: '个人自荐', en: 'Self-nomination' },
};

export const NOMINATION_STATES = ['submitted', 'shortlisted', 'selected', 'not_selected', 'withdrawn'] as const;
export type NominationState = (typeof NOMINATION_STATES)[number];
/** A nomination still waiting for a decision: a person may have one such per hall. */
export const OPEN_NOMINATION_STATES: readonly NominationState[] = ['submitted', 'shortlisted'];
export const NOMINATION_STATE_LABELS: Record<NominationState, { zh: string; en: string }> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  shortlisted: { zh: '入围', en: 'Shortlisted' },
  selected: { zh: '已选定', en: 'Selected' },
  not_selected: { zh: '未入选', en: 'Not selected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** The angles a talk takes, from the seed: 分享理论学习、党性锻炼、服务民生和推进发展. */
export const TALK_ANGLES = ['theory_study', 'party_spirit', 'public_service', 'development'] as const;
export type TalkAngle = (typeof TALK_ANGLES)[number];
export const TALK_ANGLE_LABELS: Record<TalkAngle, { zh: string; en: string }> = {
  theory_study: { zh: '理论学习', en: 'Theory study' },
  party_spirit: { zh: '党性锻炼', en: 'Party spirit' },
  public_service: { zh: '服务民生', en: 'Serving the public' },
  development: { zh: '推进发展', en: 'Driving development' },
};

export interface RubricDimension {
  key: string;
  labelZh: string;
  labelEn: string;
  description: string;
  weight: number;
}
export interface Rubric {
  dimensions: RubricDimension[];
  scale: { min: number; max: number; step: number };
}

/**
 * The default rubric, after the seed's 考察干部对课题的思考深度、广度及应变能力 plus what the
 * talk is worth in practice and how it is delivered.
 */
export const DEFAULT_RUBRIC: Rubric = {
  dimensions: [
    { key: 'depth', labelZh: '思考深度', labelEn: 'Depth of thought', description: '对课题理解透彻，分析有深度、有见地', weight: 0.25 },
    { key: 'breadth', labelZh: '思考广度', labelEn: 'Breadth of thought', description: '视野开阔，能联系全局和相关领域', weight: 0.2 },
    { key: 'practical_value', labelZh: '实践价值', labelEn: 'Practical value', description: '结合实际工作，建议可操作、有成效', weight: 0.25 },
    { key: 'delivery', labelZh: '语言表达', labelEn: 'Delivery', description: '表达清晰流畅，仪态得体，时间把控好', weight: 0.15 },
    { key: 'responsiveness', labelZh: '现场应变', labelEn: 'Responsiveness in Q&A', description: '回答提问准确、从容，应变能力强', weight: 0.15 },
  ],
  scale: { min: 1, max: 10, step: 1 },
};

/** How many scores a trimmed mean drops from each end. */
export type AggregationRule = { kind: 'trim_k'; k: number } | { kind: 'trim_fraction'; fraction: number; atLeast: number };
export const DEFAULT_AGGREGATION: AggregationRule = { kind: 'trim_fraction', fraction: 0.1, atLeast: 1 };
/** Audience and expert shares of a speaker's score, in percent. */
export const DEFAULT_AUDIENCE_WEIGHT_PCT = 70;

/** The kinds of slide deck a speaker may upload, told apart by their content, never their name. */
export const DECK_KINDS = ['pdf', 'pptx'] as const;
export type DeckKind = (typeof DECK_KINDS)[number];

/** Where a speaker's deck stands: its latest version decides. */
export const DECK_STATUSES = ['none', 'awaiting_review', 'revise', 'rejected', 'approved'] as const;
export type DeckStatus = (typeof DECK_STATUSES)[number];
export const DECK_STATUS_LABELS: Record<DeckStatus, { zh: string; en: string }> = {
  none: { zh: '未上传', en: 'No deck' },
  awaiting_review: { zh: '待审核', en: 'Awaiting review' },
  revise: { zh: '需修改', en: 'Revision requested' },
  rejected: { zh: '未通过', en: 'Rejected' },
  approved: { zh: '已通过', en: 'Approved' },
};

export const REVIEW_VERDICTS = ['approve', 'revise', 'reject'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];
export const REVIEW_VERDICT_LABELS: Record<ReviewVerdict, { zh: string; en: string }> = {
  approve: { zh: '通过', en: 'Approve' },
  revise: { zh: '修改后再审', en: 'Revise' },
  reject: { zh: '不通过', en: 'Reject' },
};

/** The courseware checklist (课件规范把关). */
export const REVIEW_CHECKLIST = ['political_orientation', 'facts_and_figures', 'format_norms', 'fits_time_slot', 'originality'] as const;
export type ReviewChecklistItem = (typeof REVIEW_CHECKLIST)[number];
export const REVIEW_CHECKLIST_LABELS: Record<ReviewChecklistItem, { zh: string; en: string }> = {
  political_orientation: { zh: '政治方向', en: 'Political orientation' },
  facts_and_figures: { zh: '史实数据准确', en: 'Facts and figures' },
  format_norms: { zh: '格式规范', en: 'Format norms' },
  fits_time_slot: { zh: '时长匹配', en: 'Fits the time slot' },
  originality: { zh: '原创性', en: 'Originality' },
};

/** What coaching (授课培训) scores, each 1–10. */
export const COACHING_DIMENSIONS = ['language', 'deportment', 'timing', 'structure'] as const;
export type CoachingDimension = (typeof COACHING_DIMENSIONS)[number];
export const COACHING_DIMENSION_LABELS: Record<CoachingDimension, { zh: string; en: string }> = {
  language: { zh: '语言表达', en: 'Language expression' },
  deportment: { zh: '形体形象', en: 'Deportment and image' },
  timing: { zh: '时间把控', en: 'Timing' },
  structure: { zh: '内容结构', en: 'Structure' },
};

/** Turning a PPTX into a PDF for preview, done on the server when LibreOffice is installed. */
export const CONVERSION_STATUSES = ['not_needed', 'queued', 'running', 'done', 'failed', 'unavailable'] as const;
export type ConversionStatus = (typeof CONVERSION_STATUSES)[number];

/** The live steps of an edition's session, as the host runs it. */
export const LIVE_STEPS = ['idle', 'checkin', 'talk', 'qa', 'scoring', 'between', 'ended'] as const;
export type LiveStep = (typeof LIVE_STEPS)[number];
export const LIVE_STEP_LABELS: Record<LiveStep, { zh: string; en: string }> = {
  idle: { zh: '未开始', en: 'Not started' },
  checkin: { zh: '签到中', en: 'Check-in' },
  talk: { zh: '讲课中', en: 'Talk' },
  qa: { zh: '互动问答', en: 'Q&A' },
  scoring: { zh: '评分中', en: 'Scoring open' },
  between: { zh: '评分已结束', en: 'Scoring closed' },
  ended: { zh: '已散场', en: 'Ended' },
};

/** Who an attendee is, for attendance (人次) by category: 党校学员 / 机关干部 / 其他. */
export const AUDIENCE_CATEGORIES = ['party_school', 'organ', 'other'] as const;
export type AudienceCategory = (typeof AUDIENCE_CATEGORIES)[number];
export const AUDIENCE_CATEGORY_LABELS: Record<AudienceCategory, { zh: string; en: string }> = {
  party_school: { zh: '党校学员', en: 'Party-school trainee' },
  organ: { zh: '机关干部', en: 'Organ cadre' },
  other: { zh: '其他', en: 'Other' },
};

export const QUESTION_STATES = ['pending', 'approved', 'hidden', 'answered'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

/** What the hall's projector shows, chosen by the host. */
export const SCREEN_MODES = ['welcome', 'speaker', 'questions', 'progress', 'results'] as const;
export type ScreenMode = (typeof SCREEN_MODES)[number];
