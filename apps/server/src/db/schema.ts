import type { Generated } from 'kysely';

/*
 * Table row types. Timestamps are ISO-8601 UTC text and calendar dates YYYY-MM-DD text on
 * both dialects, so that a row reads back identically from SQLite and PostgreSQL and sorts
 * by byte order; booleans are integers 0/1 for the same reason.
 */

export interface OrgUnitTable {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  /** Ancestor ids and its own, as /root/…/id/ — a subtree is every path with this prefix. */
  path: string;
  depth: number;
  sort_order: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  name: string;
  gender: string;
  birth_date: string;
  unit_id: string;
  position: string;
  rank_level: string;
  political_status: string;
  phone: string | null;
  entry_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  person_id: string | null;
  must_change_password: number;
  disabled_at: string | null;
  failed_login_count: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked table does not yield usable cookies. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface RoleGrantTable {
  id: string;
  user_id: string;
  role: string;
  org_unit_id: string;
  created_at: string;
  created_by: string | null;
}

export interface AuditLogTable {
  id: string;
  seq: Generated<number>;
  at: string;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_unit_id: string | null;
  /** Path of org_unit_id when written, so that a scope filter needs no join. */
  org_unit_path: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  ip: string | null;
}

export interface HallTable {
  id: string;
  name: string;
  unit_id: string;
  description: string;
  young_age_limit: number;
  repeat_window: number;
  default_speaker_count: number;
  default_rubric_json: string;
  /** Whether a speaker sees its own published results (its scores and the anonymous distribution). */
  speakers_see_results: Generated<number>;
  /** Whether the big screen may show published results. */
  screen_shows_results: Generated<number>;
  /** The next 第N期 number: sequence numbers are never reused, even after a deletion. */
  next_seq: number;
  created_at: string;
  updated_at: string;
}

export interface StageTable {
  id: string;
  hall_id: string;
  title: string;
  theme_focus: string;
  period_start: string | null;
  period_end: string | null;
  description: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface EditionTable {
  id: string;
  hall_id: string;
  seq: number;
  stage_id: string | null;
  title: string;
  theme: string;
  /** The day of the edition (YYYY-MM-DD, local): ages are reckoned on it. */
  date: string;
  start_time: string;
  end_time: string;
  venue: string;
  speaker_count: number;
  unit_quota: number | null;
  rubric_json: string;
  audience_weight_pct: number;
  aggregation_json: string;
  status: string;
  rubric_locked_at: string | null;
  status_changed_at: string;
  readiness_override_reason: string | null;
  readiness_override_by: string | null;
  readiness_override_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NominationTable {
  id: string;
  edition_id: string;
  hall_id: string;
  person_id: string;
  channel: string;
  state: string;
  recommending_unit_id: string | null;
  nominated_by: string;
  statement: string;
  proposed_title: string;
  proposed_abstract: string;
  angle: string | null;
  override_reason: string | null;
  override_by: string | null;
  override_at: string | null;
  selected_order: number | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TalkTable {
  id: string;
  edition_id: string;
  nomination_id: string;
  person_id: string;
  position: number;
  title: string;
  abstract: string;
  angle: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  entity_type: string | null;
  entity_id: string | null;
  read_at: string | null;
  created_at: string;
}

export interface CommentaryTable {
  id: string;
  hall_id: string;
  edition_id: string | null;
  author: string;
  author_title: string;
  title: string;
  text: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface BlobTable {
  sha256: string;
  size: number;
  /** Which storage driver holds the bytes: 'disk' or 'database'. */
  driver: string;
  created_at: string;
}

export interface BlobChunkTable {
  sha256: string;
  idx: number;
  data: Buffer;
}

export interface DeckVersionTable {
  id: string;
  talk_id: string;
  version: number;
  kind: string;
  filename: string;
  size: number;
  sha256: string;
  page_count: number | null;
  /** The PDF made from a PPTX for preview, once converted. */
  preview_sha256: string | null;
  conversion_status: string;
  conversion_progress: number;
  conversion_message: string | null;
  uploaded_by: string;
  created_at: string;
  updated_at: string;
}

export interface ExpertAssignmentTable {
  id: string;
  talk_id: string;
  expert_user_id: string;
  assigned_by: string | null;
  created_at: string;
}

export interface ReviewTable {
  id: string;
  talk_id: string;
  deck_version_id: string;
  expert_user_id: string;
  checklist_json: string;
  verdict: string;
  summary: string;
  created_at: string;
}

export interface ReviewCommentTable {
  id: string;
  review_id: string;
  talk_id: string;
  deck_version_id: string;
  page: number;
  text: string;
  resolved_in_review_id: string | null;
  created_at: string;
}

export interface CoachingSessionTable {
  id: string;
  edition_id: string;
  date: string;
  start_time: string;
  place: string;
  notes: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CoachingSessionExpertTable {
  session_id: string;
  expert_user_id: string;
}

export interface CoachingSessionTalkTable {
  session_id: string;
  talk_id: string;
}

export interface CoachingFeedbackTable {
  id: string;
  session_id: string;
  talk_id: string;
  expert_user_id: string;
  language: number;
  deportment: number;
  timing: number;
  structure: number;
  notes_json: string;
  overall: string;
  created_at: string;
  updated_at: string;
}

export interface LiveSessionTable {
  edition_id: string;
  step: string;
  step_started_at: string | null;
  checkin_open: number;
  current_talk_id: string | null;
  /** The open (or last) scoring window. */
  window_id: string | null;
  screen: string;
  /** Increases with every change pushed to the screens. */
  version: number;
  updated_at: string;
}

export interface ScoringWindowTable {
  id: string;
  edition_id: string;
  talk_id: string;
  opened_at: string;
  closes_at: string | null;
  closed_at: string | null;
  opened_by: string | null;
  closed_by: string | null;
}

export interface AttendeeTable {
  id: string;
  edition_id: string;
  token_hash: string;
  kind: string;
  user_id: string | null;
  person_id: string | null;
  category: string;
  class_name: string;
  display_name: string;
  first_attendee_id: string | null;
  counted: number;
  created_at: string;
  last_seen_at: string;
}

export interface LiveExpertTable {
  edition_id: string;
  expert_user_id: string;
  created_at: string;
}

export interface BallotTable {
  id: string;
  edition_id: string;
  talk_id: string;
  window_id: string;
  rater_group: string;
  attendee_id: string | null;
  expert_user_id: string | null;
  rater_key: string;
  version: number;
  scores_json: string;
  idempotency_key: string;
  created_at: string;
}

export interface QuestionTable {
  id: string;
  edition_id: string;
  talk_id: string | null;
  attendee_id: string;
  text: string;
  state: string;
  held_reason: string | null;
  pinned: number;
  merged_into: string | null;
  upvotes: number;
  idempotency_key: string;
  created_at: string;
  updated_at: string;
}

export interface QuestionUpvoteTable {
  question_id: string;
  attendee_id: string;
  created_at: string;
}

export interface EditionResultsTable {
  edition_id: string;
  results_json: string;
  inputs_hash: string;
  algorithm_version: number;
  published_at: string;
  published_by: string;
}

export interface PaperImportTable {
  id: string;
  edition_id: string;
  file_name: string;
  sha256: string;
  ballot_count: number;
  imported_by: string;
  created_at: string;
}

export interface PaperBallotTable {
  id: string;
  edition_id: string;
  talk_id: string;
  import_id: string;
  rater_label: string;
  rater_group: string;
  scores_json: string;
  created_at: string;
}

/** The secret that orders an edition's anonymous rater codes; never leaves the server. */
export interface RaterCodeSaltTable {
  edition_id: string;
  salt: string;
  created_at: string;
}

export interface Database {
  org_units: OrgUnitTable;
  people: PersonTable;
  users: UserTable;
  sessions: SessionTable;
  role_grants: RoleGrantTable;
  audit_log: AuditLogTable;
  halls: HallTable;
  stages: StageTable;
  editions: EditionTable;
  nominations: NominationTable;
  talks: TalkTable;
  notifications: NotificationTable;
  commentaries: CommentaryTable;
  blobs: BlobTable;
  blob_chunks: BlobChunkTable;
  deck_versions: DeckVersionTable;
  expert_assignments: ExpertAssignmentTable;
  reviews: ReviewTable;
  review_comments: ReviewCommentTable;
  coaching_sessions: CoachingSessionTable;
  coaching_session_experts: CoachingSessionExpertTable;
  coaching_session_talks: CoachingSessionTalkTable;
  coaching_feedback: CoachingFeedbackTable;
  live_sessions: LiveSessionTable;
  scoring_windows: ScoringWindowTable;
  attendees: AttendeeTable;
  live_experts: LiveExpertTable;
  ballots: BallotTable;
  edition_results: EditionResultsTable;
  paper_imports: PaperImportTable;
  paper_ballots: PaperBallotTable;
  rater_code_salts: RaterCodeSaltTable;
  questions: QuestionTable;
  question_upvotes: QuestionUpvoteTable;
}
