import type { HostQuestion, ModerateBody, PublicQuestion, QuestionAck, QuestionBody, QuestionState } from '@lecture-hall/shared';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { RealtimeHub } from '../../realtime';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../auth/actor';
import { authorize } from '../auth/policy';
import { requireAttendee } from '../live/attendee-auth';
import { isUniqueViolation } from '../org/people.repository';
import { cleanQuestionText, heldReasonFor, type ModeratedQuestion, moderate, QUESTIONS_PER_MINUTE, RATE_WINDOW_MS } from './question.rules';
import { type EditionScopeRow, type QuestionRow, questionsRepository as repo } from './questions.repository';
import { loadSensitiveWords, type SensitiveWords } from './sensitive-words';

type QuestionBodyT = z.infer<typeof QuestionBody>;
type ModerateBodyT = z.infer<typeof ModerateBody>;
type QuestionAckT = z.infer<typeof QuestionAck>;

/** Upvote pushes are coalesced to one per this many milliseconds per edition (a hall upvotes in bursts). */
const PUSH_INTERVAL_MS = 250;

function toPublic(r: QuestionRow): PublicQuestion {
  return {
    id: r.id,
    text: r.text,
    talkId: r.talk_id,
    upvotes: Number(r.upvotes),
    pinned: Number(r.pinned) === 1,
    answered: r.state === 'answered',
    createdAt: r.created_at,
  };
}

function toHost(r: QuestionRow, duplicates: number): HostQuestion {
  return { ...toPublic(r), state: r.state as QuestionState, heldReason: r.held_reason, mergedInto: r.merged_into, duplicates };
}

const facts = (r: QuestionRow): ModeratedQuestion => ({
  id: r.id,
  editionId: r.edition_id,
  state: r.state as QuestionState,
  pinned: Number(r.pinned) === 1,
  mergedInto: r.merged_into,
});

const ack = (r: QuestionRow): QuestionAckT => ({ id: r.id, state: r.state as QuestionState, heldReason: r.held_reason });

const AUDIT_ACTIONS = {
  approve: 'question.approved',
  hide: 'question.hidden',
  answer: 'question.answered',
  pin: 'question.pinned',
  unpin: 'question.unpinned',
  merge: 'question.merged',
} as const;

/**
 * Live Q&A. Attendees (by their attendee token, scoped to one edition) ask questions and
 * upvote approved ones; the host moderates them. Every question starts 'pending' (the hall is
 * moderated); one containing a sensitive word carries a held reason telling the host why to
 * look closer. Asking and upvoting are the audience's data and are not audited (the audience
 * is anonymous to the host, and the audit log is about what people with roles did); every
 * moderation action is. Who asked a question is stored for the rate limit and never leaves
 * the server: neither the public list nor the host's queue carries it.
 *
 * Pushes go out after the commit: 'questions.queue' (host sockets) when a question comes in,
 * both lists after a moderation, and both, coalesced, after upvotes.
 */
export class QuestionsService {
  private readonly words: SensitiveWords;
  private readonly pushes = new Map<string, { dirty: boolean }>();

  constructor(
    readonly db: Db,
    readonly config: Config,
    readonly clock: Clock,
    readonly audit: AuditService,
    readonly realtime: RealtimeHub,
  ) {
    // Read once, at start: a bad SENSITIVE_WORDS_FILE stops the server before it listens.
    this.words = loadSensitiveWords(config.sensitiveWordsFile);
  }

  /**
   * An attendee asks a question (201 QuestionAck). The request carries the attendee token of
   * this edition (401 attendee_required otherwise). A retry with the same idempotency key gets
   * the same acknowledgement, even after the session has ended; a key another attendee used
   * is a 409. Otherwise: the edition must be live (409 not_live); the text is cleaned
   * (cleanQuestionText: control characters 400, whitespace runs collapsed); a talkId must be a
   * talk of the edition (400); more than QUESTIONS_PER_MINUTE in a minute is a 429.
   */
  async ask(from: FastifyRequest, editionId: string, body: QuestionBodyT): Promise<QuestionAckT> {
    const edition = await this.edition(editionId);
    const attendee = await requireAttendee(this.db, from, editionId);
    const earlier = await repo.findByIdempotencyKey(this.db, editionId, body.idempotencyKey);
    if (earlier) return this.retried(earlier, attendee.id);
    if (edition.status !== 'live') throw new AppError(409, 'not_live');
    const cleaned = cleanQuestionText(body.text);
    if (!cleaned.ok) throw badRequest('validation_failed', [{ path: 'body.text', message: cleaned.reason }]);
    if (body.talkId !== null && !(await repo.isTalkOfEdition(this.db, body.talkId, editionId))) {
      throw badRequest('validation_failed', [{ path: 'body.talkId', message: '该讲题不属于本期' }]);
    }
    const heldReason = heldReasonFor(this.words.find(cleaned.text));
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const row: QuestionRow = {
      id: newId(now.getTime()),
      edition_id: editionId,
      talk_id: body.talkId,
      attendee_id: attendee.id,
      text: cleaned.text,
      state: 'pending',
      held_reason: heldReason,
      pinned: 0,
      merged_into: null,
      upvotes: 0,
      idempotency_key: body.idempotencyKey,
      created_at: nowIso,
      updated_at: nowIso,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        await repo.touchAttendee(trx, attendee.id, nowIso);
        const since = new Date(now.getTime() - RATE_WINDOW_MS).toISOString();
        if ((await repo.countAskedSince(trx, editionId, attendee.id, since)) >= QUESTIONS_PER_MINUTE) {
          throw new AppError(429, 'rate_limited', { limit: QUESTIONS_PER_MINUTE, perSeconds: RATE_WINDOW_MS / 1000 });
        }
        await repo.insert(trx, row);
      });
    } catch (err) {
      // The same submit arriving twice at once: the second finds the first's row.
      if (!isUniqueViolation(err)) throw err;
      const winner = await repo.findByIdempotencyKey(this.db, editionId, body.idempotencyKey);
      if (!winner) throw err;
      return this.retried(winner, attendee.id);
    }
    await this.pushQueue(editionId);
    return ack(row);
  }

  /**
   * An attendee of the question's edition upvotes an approved or answered question ({upvotes});
   * a second upvote by the same attendee changes nothing and answers the same count. A question
   * the audience cannot see (pending, hidden, merged) is 404; outside the live session 409.
   */
  async upvote(from: FastifyRequest, questionId: string): Promise<{ upvotes: number }> {
    return this.vote(from, questionId, true);
  }

  /** Takes the attendee's upvote back; without one, nothing changes. */
  async removeUpvote(from: FastifyRequest, questionId: string): Promise<{ upvotes: number }> {
    return this.vote(from, questionId, false);
  }

  /** The approved and answered questions, for everyone, while the edition is ready or live; 404 otherwise. */
  async listPublic(editionId: string): Promise<PublicQuestion[]> {
    const edition = await this.edition(editionId);
    if (edition.status !== 'ready' && edition.status !== 'live') throw notFound({ editionId });
    return this.publicQuestions(editionId);
  }

  /** Every question of the edition with its moderation details, for its hosts ('live.host' over the hall's unit). */
  async listHost(ctx: RequestContext, editionId: string, state?: QuestionState): Promise<HostQuestion[]> {
    const edition = await this.edition(editionId);
    authorize(ctx, 'live.host', edition.unit_path);
    return this.hostQueue(editionId, state);
  }

  /**
   * The host moderates a question ('live.host' over the hall's unit): the transition is
   * question.rules.ts `moderate`, whose comment lists its side effects; a refusal is a 409 with
   * its reason in Chinese (details.reason). A merge target that does not exist is a 404.
   */
  async moderate(ctx: RequestContext, id: string, body: ModerateBodyT): Promise<HostQuestion> {
    const found = await repo.findById(this.db, id);
    if (!found) throw notFound({ questionId: id });
    const edition = await this.edition(found.edition_id);
    authorize(ctx, 'live.host', edition.unit_path);
    const intoId = body.action === 'merge' ? body.intoId : null;
    if (intoId !== null && !(await repo.findById(this.db, intoId))) throw notFound({ intoId });
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      await repo.lock(trx, intoId ? [id, intoId] : [id]);
      // Read again under the lock: another host may have moved it meanwhile.
      const q = (await repo.findById(trx, id))!;
      const target = intoId ? ((await repo.findById(trx, intoId)) ?? null) : null;
      const t = moderate(facts(q), body.action, target ? facts(target) : null);
      if (!t.ok) throw conflict('conflict', { reason: t.reason });
      const before = { state: q.state, pinned: Number(q.pinned) === 1, mergedInto: q.merged_into, upvotes: Number(q.upvotes) };
      const after: Record<string, unknown> = { state: t.next.state, pinned: t.next.pinned, mergedInto: t.next.mergedInto };
      await repo.update(trx, id, { state: t.next.state, pinned: t.next.pinned ? 1 : 0, merged_into: t.next.mergedInto, updated_at: nowIso });
      if (target) {
        const targetUpvotes = await repo.moveUpvotes(trx, id, target.id);
        await repo.update(trx, target.id, { upvotes: targetUpvotes, updated_at: nowIso });
        await repo.update(trx, id, { upvotes: 0 });
        await repo.repointDuplicates(trx, id, target.id, nowIso);
        Object.assign(after, { upvotes: 0, targetUpvotes: { before: Number(target.upvotes), after: targetUpvotes } });
      }
      await this.audit.record(trx, ctx, {
        action: AUDIT_ACTIONS[body.action],
        entityType: 'question',
        entityId: id,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        before: { ...before, text: q.text },
        after,
      });
    });
    await this.pushBoth(edition.id);
    const row = (await repo.findById(this.db, id))!;
    const duplicates = await repo.duplicateCounts(this.db, edition.id);
    return toHost(row, duplicates.get(id) ?? 0);
  }

  private async vote(from: FastifyRequest, questionId: string, add: boolean): Promise<{ upvotes: number }> {
    const found = await repo.findById(this.db, questionId);
    if (!found) throw notFound({ questionId });
    const attendee = await requireAttendee(this.db, from, found.edition_id);
    const edition = await this.edition(found.edition_id);
    if (edition.status !== 'live') throw new AppError(409, 'not_live');
    const nowIso = isoNow(this.clock);
    const result = await this.db.transaction().execute(async (trx) => {
      // Held until the commit: a merge of this question waits for the vote, or the vote sees the merge.
      if (!(await repo.lockVotable(trx, questionId))) throw notFound({ questionId });
      const changed = add ? await repo.addUpvote(trx, questionId, attendee.id, nowIso) : await repo.removeUpvote(trx, questionId, attendee.id);
      // questions.upvotes moves with the votes in the same transaction; no change, no write.
      const upvotes = changed ? await repo.addToUpvotes(trx, questionId, add ? 1 : -1) : Number((await repo.findById(trx, questionId))!.upvotes);
      return { changed, upvotes };
    });
    if (result.changed) this.pushCoalesced(found.edition_id);
    return { upvotes: result.upvotes };
  }

  private retried(earlier: QuestionRow, attendeeId: string): QuestionAckT {
    if (earlier.attendee_id !== attendeeId) throw conflict('conflict', { reason: '该提交编号已被使用，请重新提交' });
    return ack(earlier);
  }

  private async edition(editionId: string): Promise<EditionScopeRow> {
    const edition = await repo.editionScope(this.db, editionId);
    if (!edition) throw notFound({ editionId });
    return edition;
  }

  /** The public list as the audience sees it, without a permission check: for the live snapshot, whose caller has checked. */
  async publicQuestions(editionId: string): Promise<PublicQuestion[]> {
    return (await repo.publicOf(this.db, editionId)).map(toPublic);
  }

  /** The host's queue, without a permission check: for the host console's snapshot, whose caller has checked. */
  async hostQueue(editionId: string, state?: QuestionState): Promise<HostQuestion[]> {
    const [rows, duplicates] = await Promise.all([repo.hostOf(this.db, editionId, state), repo.duplicateCounts(this.db, editionId)]);
    return rows.map((r) => toHost(r, duplicates.get(r.id) ?? 0));
  }

  /*
   * Pushes never fail the request that caused them: the change is committed already, and a
   * screen that missed a push is brought up to date by the next one or by its reconnect snapshot.
   */

  private async pushQueue(editionId: string): Promise<void> {
    try {
      this.realtime.publish(editionId, 'host', 'questions.queue', { questions: await this.hostQueue(editionId) });
    } catch {}
  }

  private async pushBoth(editionId: string): Promise<void> {
    try {
      const [pub, host] = await Promise.all([this.publicQuestions(editionId), this.hostQueue(editionId)]);
      this.realtime.publish(editionId, 'public', 'questions.public', { questions: pub });
      this.realtime.publish(editionId, 'host', 'questions.queue', { questions: host });
    } catch {}
  }

  /** Both lists now, then at most once per PUSH_INTERVAL_MS while upvotes keep coming (the last one always goes out). */
  private pushCoalesced(editionId: string): void {
    const pending = this.pushes.get(editionId);
    if (pending) {
      pending.dirty = true;
      return;
    }
    const entry = { dirty: false };
    this.pushes.set(editionId, entry);
    void this.pushBoth(editionId);
    const timer = setTimeout(() => {
      this.pushes.delete(editionId);
      if (entry.dirty) this.pushCoalesced(editionId);
    }, PUSH_INTERVAL_MS);
    timer.unref();
  }
}
