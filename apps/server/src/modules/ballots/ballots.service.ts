import type { Attendee, AudienceCategory, AudienceMe, BallotAck, BallotBody, Rubric } from '@lecture-hall/shared';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { RealtimeHub } from '../../realtime';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../auth/actor';
import { requireActor } from '../auth/policy';
import { rubricFromJson } from '../halls/rubric';
import type { AttendeeRow } from '../live/attendee-auth.repository';
import {
  type BallotDraft,
  type Planned,
  planGroup,
  type RaterGroup,
  type ScoringView,
  type StoredBallot,
  sameScores,
  scoreProblems,
  scoresJson,
  scoringRefusal,
  versionKey,
} from './ballot.rules';
import { type BallotRow, ballotsRepository as repo } from './ballots.repository';
import { GroupCommitWriter, type Outcome } from './group-commit';

type AudienceMeT = z.infer<typeof AudienceMe>;

/** How long a request may rely on what was read about an edition's rubric and scoring window. */
const CONTEXT_TTL_MS = 250;
/** The most ballots written in one transaction. */
const MAX_GROUP = 256;

interface EditionContext {
  rubric: Rubric;
  view: ScoringView;
}

function toStored(row: BallotRow): StoredBallot {
  return {
    id: row.id,
    talkId: row.talk_id,
    raterKey: row.rater_key,
    version: Number(row.version),
    scores: JSON.parse(row.scores_json) as Record<string, number>,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
  };
}

function ackOf(b: StoredBallot, duplicate: boolean): BallotAck {
  return { ballotId: b.id, talkId: b.talkId, version: b.version, acceptedAt: b.createdAt, duplicate };
}

export function toAttendee(row: AttendeeRow): Attendee {
  return {
    id: row.id,
    editionId: row.edition_id,
    category: row.category as AudienceCategory,
    displayName: row.display_name,
    secondDevice: row.first_attendee_id !== null,
    counted: Boolean(Number(row.counted)),
  };
}

/**
 * Ballots: the audience's from their phones (one per attendee and talk, amendable until the
 * window closes, every version kept) and the appointed experts' (kept as the expert group).
 *
 * A ballot is acknowledged only once it is committed. Ballots arriving together are written by
 * one writer per edition in one transaction (group commit, see group-commit.ts); the checks a
 * request can fail on its own (the scores against the rubric, scoring being open) are made on
 * a view of the edition at most CONTEXT_TTL_MS old, and scoring is checked again inside the
 * group's transaction, so a ballot that raced the host's close is refused, never stored.
 *
 * Ballots are not written to the audit log one by one: they are the hall's raw data, kept
 * whole in their own table (every version, who, when, with its idempotency key), and a
 * thousand audit entries a minute would bury the people's actions the log exists to show.
 */
export class BallotsService {
  private readonly contexts = new Map<string, { at: number; value: Promise<EditionContext | null> }>();
  private readonly writers = new Map<string, GroupCommitWriter<BallotDraft, BallotAck>>();

  constructor(
    readonly db: Db,
    readonly config: Config,
    readonly clock: Clock,
    readonly audit: AuditService,
    readonly realtime: RealtimeHub,
  ) {}

  /** An attendee's ballot from its phone. */
  submitAudience(attendee: AttendeeRow, body: BallotBody): Promise<BallotAck> {
    return this.submit(attendee.edition_id, 'audience', attendee.id, attendee.id, null, body);
  }

  /** An appointed expert's ballot (403 not_appointed for anyone else signed in). */
  async submitExpert(ctx: RequestContext, editionId: string, body: BallotBody): Promise<BallotAck> {
    const actor = requireActor(ctx);
    if (!(await this.context(editionId))) throw notFound();
    if (!(await repo.isAppointed(this.db, editionId, actor.userId))) throw new AppError(403, 'not_appointed');
    return this.submit(editionId, 'expert', actor.userId, null, actor.userId, body);
  }

  /** What the phone shows after a reload: the attendee, its latest ballot per talk, the questions it upvoted. */
  async me(attendee: AttendeeRow): Promise<AudienceMeT> {
    const [rows, upvoted] = await Promise.all([repo.ofRater(this.db, attendee.edition_id, attendee.id), repo.upvotedBy(this.db, attendee.id)]);
    const latest = new Map<string, BallotRow>();
    for (const row of rows) {
      const seen = latest.get(row.talk_id);
      if (!seen || Number(row.version) > Number(seen.version)) latest.set(row.talk_id, row);
    }
    return {
      attendee: toAttendee(attendee),
      ballots: [...latest.values()].map((r) => ({
        talkId: r.talk_id,
        scores: JSON.parse(r.scores_json) as Record<string, number>,
        version: Number(r.version),
        acceptedAt: r.created_at,
      })),
      upvoted,
    };
  }

  /**
   * Forgets what was read about an edition's scoring: the live module calls it after opening or
   * closing a window, so that this instance's next ballot reads the new state at once rather
   * than within CONTEXT_TTL_MS (the group's transaction re-checks either way).
   */
  windowChanged(editionId: string): void {
    this.contexts.delete(editionId);
  }

  /** Resolves once every ballot queued so far has been answered (for a graceful stop and for tests). */
  async drained(): Promise<void> {
    await Promise.all([...this.writers.values()].map((w) => w.whenIdle()));
  }

  private async submit(
    editionId: string,
    raterGroup: RaterGroup,
    raterKey: string,
    attendeeId: string | null,
    expertUserId: string | null,
    body: BallotBody,
  ): Promise<BallotAck> {
    const seen = this.context(editionId);
    let ctx = await seen;
    if (!ctx) throw notFound();
    const { rubric } = ctx;
    const problems = scoreProblems(rubric, body.scores);
    let refusal = problems.length > 0 ? new AppError(400, 'score_off_scale', problems) : this.refusalFromView(ctx.view, body.talkId);
    if (refusal && problems.length === 0) {
      // The view may be up to CONTEXT_TTL_MS old: a window opened since (the host has just moved
      // on to this speaker) must not be refused on a stale read. Refusals are rare; read again.
      ctx = await this.context(editionId, seen);
      refusal = ctx ? this.refusalFromView(ctx.view, body.talkId) : new AppError(404, 'not_found');
    }
    if (refusal) {
      // A retry of a ballot that landed is answered with its ack whatever has changed since
      // (the window closed while the phone was offline): the phone must learn it landed.
      const prior = await repo.findByIdempotencyKey(this.db, editionId, body.idempotencyKey);
      if (prior) return this.retryAck(toStored(prior), raterKey, body);
      throw refusal;
    }
    const draft: BallotDraft = {
      editionId,
      talkId: body.talkId,
      raterGroup,
      raterKey,
      attendeeId,
      expertUserId,
      scores: body.scores,
      scoresJson: scoresJson(rubric, body.scores),
      idempotencyKey: body.idempotencyKey,
    };
    return this.writerOf(editionId).submit(draft);
  }

  private refusalFromView(view: ScoringView, talkId: string): AppError | null {
    const code = scoringRefusal(view, talkId, this.clock.now());
    return code ? new AppError(409, code) : null;
  }

  private retryAck(prior: StoredBallot, raterKey: string, body: BallotBody): BallotAck {
    if (prior.raterKey !== raterKey || prior.talkId !== body.talkId || !sameScores(prior.scores, body.scores)) throw new AppError(409, 'conflict');
    return ackOf(prior, true);
  }

  /**
   * The edition's rubric and scoring state, read at most once per CONTEXT_TTL_MS; null for an
   * unknown edition. With `newerThan` (a read the caller has found stale), a read started after
   * that one: the cached read when it is another (it began after the caller was handed the stale
   * one, so after its request arrived), else a new one. When the host moves on, the burst of
   * ballots refused by the old view shares one read instead of making one each.
   */
  private context(editionId: string, newerThan?: Promise<EditionContext | null>): Promise<EditionContext | null> {
    const now = Date.now();
    const cached = this.contexts.get(editionId);
    if (cached && (newerThan ? cached.value !== newerThan : now - cached.at < CONTEXT_TTL_MS)) return cached.value;
    const value = repo.editionScoring(this.db, editionId).then((row): EditionContext | null =>
      row
        ? {
            rubric: rubricFromJson(row.rubric_json),
            view: { status: row.status, windowId: row.window_id, windowTalkId: row.window_talk_id, closesAt: row.closes_at, closedAt: row.closed_at },
          }
        : null,
    );
    this.contexts.set(editionId, { at: now, value });
    // A failed read is not kept: the next request tries again.
    value.catch(() => this.contexts.delete(editionId));
    return value;
  }

  private writerOf(editionId: string): GroupCommitWriter<BallotDraft, BallotAck> {
    let writer = this.writers.get(editionId);
    if (!writer) {
      writer = new GroupCommitWriter<BallotDraft, BallotAck>({
        maxGroup: MAX_GROUP,
        commit: (drafts) => this.commitGroup(editionId, drafts),
        afterCommit: (_drafts, outcomes) => {
          if (outcomes.some((o) => o.ok && !o.value.duplicate)) this.realtime.tallyChanged(editionId);
        },
      });
      this.writers.set(editionId, writer);
    }
    return writer;
  }

  /** One transaction for a group of one edition's ballots; see planGroup for what each becomes. */
  private async commitGroup(editionId: string, drafts: BallotDraft[]): Promise<Outcome<BallotAck>[]> {
    const planned = await this.db.transaction().execute(async (trx): Promise<Planned[]> => {
      await repo.lockEdition(trx, editionId);
      const win = await repo.currentWindow(trx, editionId);
      const view: ScoringView = {
        status: win?.status ?? (await repo.editionStatus(trx, editionId)) ?? 'missing',
        windowId: win?.window_id ?? null,
        windowTalkId: win?.talk_id ?? null,
        closesAt: win?.closes_at ?? null,
        closedAt: win?.closed_at ?? null,
      };
      const stored = new Map(
        (
          await repo.byIdempotencyKeys(
            trx,
            editionId,
            drafts.map((d) => d.idempotencyKey),
          )
        ).map((r) => [r.idempotency_key, toStored(r)]),
      );
      const fresh = drafts.filter((d) => !stored.has(d.idempotencyKey));
      const latest = await repo.latestVersions(trx, [...new Set(fresh.map((d) => d.talkId))], [...new Set(fresh.map((d) => d.raterKey))]);
      const versions = new Map(latest.map((r) => [versionKey(r.talk_id, r.rater_key), r.version]));
      const plan = planGroup(drafts, stored, versions, view, this.clock.now(), newId);
      const rows = plan.flatMap((p, i) => {
        if (p.kind !== 'insert') return [];
        const d = drafts[i]!;
        return [
          {
            id: p.ballot.id,
            edition_id: editionId,
            talk_id: d.talkId,
            window_id: view.windowId!,
            rater_group: d.raterGroup,
            attendee_id: d.attendeeId,
            expert_user_id: d.expertUserId,
            rater_key: d.raterKey,
            version: p.ballot.version,
            scores_json: d.scoresJson,
            idempotency_key: d.idempotencyKey,
            created_at: p.ballot.createdAt,
          },
        ];
      });
      await repo.insertMany(trx, rows);
      return plan;
    });
    return planned.map((p): Outcome<BallotAck> => {
      if (p.kind === 'refuse') return { ok: false, error: new AppError(p.status, p.code) };
      return { ok: true, value: ackOf(p.ballot, p.kind === 'duplicate') };
    });
  }
}
