import {
  DEFAULT_AGGREGATION,
  type Edition,
  type EditionInput,
  type EditionPatch,
  type EditionStatus,
  type EditionsQuery,
  type TransitionBody,
} from '@lecture-hall/shared';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow, todayOf } from '../../lib/clock';
import { badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { Page } from '../../lib/pagination';
import type { RealtimeHub } from '../../realtime';
import type { AuditService } from '../audit/audit.service';
import type { Actor, RequestContext } from '../auth/actor';
import { can, canSeeUnit, requireActor } from '../auth/policy';
import { liveRepository } from '../live/live.repository';
import { freezeResults } from '../results/results.service';
import { editionDeckFacts } from '../reviews/deck-summary';
import { checkTransition, isRubricLocked, isSpeakerCountOpen, type TransitionFacts } from './edition.rules';
import { auditUnit, canManageUnit, loadHall, requireManage, requireVisible } from './hall-access';
import { type EditionRow, editionRepository, hallRepository, stageRepository } from './halls.repository';
import { aggregationFromJson, aggregationToJson, rubricFromJson, rubricIssues, rubricToJson, sameJson } from './rubric';

type EditionInputT = z.infer<typeof EditionInput>;
type EditionPatchT = z.infer<typeof EditionPatch>;
type TransitionBodyT = z.infer<typeof TransitionBody>;

function toEdition(r: EditionRow, selectedCount: number, canManage: boolean): Edition {
  return {
    id: r.id,
    hallId: r.hall_id,
    hallName: r.hall_name,
    seq: r.seq,
    title: r.title,
    theme: r.theme,
    stageId: r.stage_id,
    stageTitle: r.stage_title,
    date: r.date,
    startTime: r.start_time,
    endTime: r.end_time,
    venue: r.venue,
    speakerCount: r.speaker_count,
    unitQuota: r.unit_quota,
    rubric: rubricFromJson(r.rubric_json),
    audienceWeightPct: r.audience_weight_pct,
    aggregation: aggregationFromJson(r.aggregation_json),
    status: r.status as EditionStatus,
    rubricLocked: r.rubric_locked_at !== null,
    selectedCount,
    canManage,
    createdAt: r.created_at,
  };
}

function editionSnapshot(r: EditionRow) {
  return {
    seq: r.seq,
    title: r.title,
    theme: r.theme,
    stageId: r.stage_id,
    date: r.date,
    startTime: r.start_time,
    endTime: r.end_time,
    venue: r.venue,
    speakerCount: r.speaker_count,
    unitQuota: r.unit_quota,
    rubric: rubricFromJson(r.rubric_json),
    audienceWeightPct: r.audience_weight_pct,
    aggregation: aggregationFromJson(r.aggregation_json),
    status: r.status,
  };
}

/** Fields an edition's scoring depends on: they lock when it goes live (RUBRIC_LOCKED_STATUSES). */
const LOCKED_FIELDS = ['rubric', 'audienceWeightPct', 'aggregation', 'speakerCount'] as const;

/**
 * Editions (期) of a hall: 第N期 numbering, the rubric and scoring rules, and the lifecycle,
 * whose moves are judged by the one transition function in edition.rules.ts.
 */
export class EditionsService {
  constructor(
    private readonly db: Db,
    readonly config: Config,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeHub,
  ) {}

  async list(ctx: RequestContext, q: EditionsQuery): Promise<Page<Edition>> {
    const actor = requireActor(ctx);
    if (q.hallId) await loadHall(this.db, ctx, q.hallId, 'see');
    const { rows, total } = await editionRepository.list(
      this.db,
      { grantPaths: actor.grants.map((g) => g.orgUnitPath), hallId: q.hallId, status: q.status, from: q.from, to: q.to },
      q,
    );
    const counts = await editionRepository.talkCounts(
      this.db,
      rows.map((r) => r.id),
    );
    return {
      items: rows.filter((r) => canSeeUnit(actor, r.unit_path)).map((r) => toEdition(r, counts.get(r.id) ?? 0, canManageUnit(actor, r.unit_path))),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(ctx: RequestContext, id: string): Promise<Edition> {
    const { actor, edition } = await this.load(ctx, id, 'see');
    return this.view(edition.id, canManageUnit(actor, edition.unit_path));
  }

  /** Numbers the edition 第N期 from the hall's counter, taken in the same transaction as the insert. */
  async create(ctx: RequestContext, hallId: string, body: EditionInputT): Promise<Edition> {
    const { hall } = await loadHall(this.db, ctx, hallId, 'manage');
    if (body.stageId) await this.requireStageOfHall(hall.id, body.stageId);
    const id = newId();
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      const seq = await hallRepository.takeNextSeq(trx, hall.id);
      await editionRepository.insert(trx, {
        id,
        hall_id: hall.id,
        seq,
        stage_id: body.stageId,
        title: body.title,
        theme: body.theme,
        date: body.date,
        start_time: body.startTime,
        end_time: body.endTime,
        venue: body.venue,
        speaker_count: body.speakerCount ?? hall.default_speaker_count,
        unit_quota: body.unitQuota,
        rubric_json: body.rubric ? rubricToJson(body.rubric) : hall.default_rubric_json,
        audience_weight_pct: body.audienceWeightPct,
        aggregation_json: aggregationToJson(body.aggregation ?? DEFAULT_AGGREGATION),
        status: 'planning',
        rubric_locked_at: null,
        status_changed_at: nowIso,
        created_at: nowIso,
        updated_at: nowIso,
      });
      const row = (await editionRepository.findById(trx, id))!;
      await this.audit.record(trx, ctx, {
        action: 'edition.created',
        entityType: 'edition',
        entityId: id,
        orgUnit: auditUnit(hall),
        after: editionSnapshot(row),
      });
    });
    return this.view(id, true);
  }

  /**
   * Edits an edition. Once live, its rubric, audience weight, aggregation rule and speaker
   * count are locked (409 edition_locked); the speaker count is also fixed once recruiting is
   * over, since the speakers have been chosen (409 transition_refused). A field resent
   * unchanged is not a change.
   */
  async update(ctx: RequestContext, id: string, body: EditionPatchT): Promise<Edition> {
    const { edition } = await this.load(ctx, id, 'manage');
    const status = edition.status as EditionStatus;
    const changed = {
      rubric: body.rubric !== undefined && !sameJson(body.rubric, rubricFromJson(edition.rubric_json)),
      audienceWeightPct: body.audienceWeightPct !== undefined && body.audienceWeightPct !== edition.audience_weight_pct,
      aggregation: body.aggregation !== undefined && !sameJson(body.aggregation, aggregationFromJson(edition.aggregation_json)),
      speakerCount: body.speakerCount !== undefined && body.speakerCount !== edition.speaker_count,
    };
    const lockedChanges = LOCKED_FIELDS.filter((f) => changed[f]);
    if (lockedChanges.length && isRubricLocked(status)) throw conflict('edition_locked', { fields: lockedChanges });
    if (changed.speakerCount && !isSpeakerCountOpen(status)) {
      throw conflict('transition_refused', { reasons: ['讲课人推选已结束，不能再修改讲课人数'] });
    }
    if (body.stageId) await this.requireStageOfHall(edition.hall_id, body.stageId);
    const startTime = body.startTime ?? edition.start_time;
    const endTime = body.endTime ?? edition.end_time;
    // A patch may move one end of the time past the other that it leaves unchanged.
    if (startTime >= endTime) throw badRequest('validation_failed', [{ path: 'body.endTime', message: '结束时间必须晚于开始时间' }]);
    const patch = {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.theme !== undefined ? { theme: body.theme } : {}),
      ...(body.stageId !== undefined ? { stage_id: body.stageId } : {}),
      ...(body.date !== undefined ? { date: body.date } : {}),
      ...(body.startTime !== undefined ? { start_time: body.startTime } : {}),
      ...(body.endTime !== undefined ? { end_time: body.endTime } : {}),
      ...(body.venue !== undefined ? { venue: body.venue } : {}),
      ...(body.speakerCount !== undefined ? { speaker_count: body.speakerCount } : {}),
      ...(body.unitQuota !== undefined ? { unit_quota: body.unitQuota } : {}),
      ...(body.rubric !== undefined ? { rubric_json: rubricToJson(body.rubric) } : {}),
      ...(body.audienceWeightPct !== undefined ? { audience_weight_pct: body.audienceWeightPct } : {}),
      ...(body.aggregation !== undefined ? { aggregation_json: aggregationToJson(body.aggregation) } : {}),
      updated_at: isoNow(this.clock),
    };
    await this.db.transaction().execute(async (trx) => {
      await editionRepository.update(trx, id, patch);
      const after = (await editionRepository.findById(trx, id))!;
      await this.audit.record(trx, ctx, {
        action: 'edition.updated',
        entityType: 'edition',
        entityId: id,
        orgUnit: { id: after.unit_id, path: after.unit_path },
        before: editionSnapshot(edition),
        after: editionSnapshot(after),
      });
    });
    return this.view(id, true);
  }

  /**
   * Moves an edition through its lifecycle, as judged by checkTransition (its doc comment lists
   * the side effects). A refused move is a 409 transition_refused with the reasons in Chinese.
   */
  async transition(ctx: RequestContext, id: string, body: TransitionBodyT): Promise<Edition> {
    const { actor, edition } = await this.load(ctx, id, 'see');
    const from = edition.status as EditionStatus;
    const to = body.to;
    // The host runs the session itself: it may open it and close it; every other move is the hall's managers'.
    const hostMove = (from === 'ready' && to === 'live') || (from === 'live' && to === 'closed');
    if (!(hostMove && can(actor, 'live.host', edition.unit_path))) requireManage(actor, edition.unit_path);
    const movedAt = await this.db.transaction().execute(async (trx) => {
      const titles = await editionRepository.talkTitles(trx, id);
      const facts: TransitionFacts = {
        title: edition.title,
        date: edition.date,
        today: todayOf(this.clock),
        rubricIssues: rubricIssues(rubricFromJson(edition.rubric_json)),
        speakerCount: edition.speaker_count,
        talkCount: titles.length,
        untitledTalkCount: titles.filter((t) => !t.trim()).length,
        // Only the move to ready looks at the decks (the courseware review's gate).
        decks: from === 'preparing' && to === 'ready' ? await editionDeckFacts(trx, id) : [],
        readinessOverridden: edition.readiness_override_at !== null,
      };
      const check = checkTransition(from, to, facts);
      if (!check.ok) throw conflict('transition_refused', { reasons: check.reasons });
      const nowIso = isoNow(this.clock);
      const moved = await editionRepository.updateStatus(trx, id, from, {
        status: to,
        status_changed_at: nowIso,
        updated_at: nowIso,
        ...(to === 'live' ? { rubric_locked_at: nowIso } : {}),
      });
      if (!moved) throw conflict('transition_refused', { reasons: ['本期状态刚刚已被更改，请刷新后重试'] });
      // Going live starts the live session (step idle), so the host's console opens on it.
      if (to === 'live') await liveRepository.startSession(trx, id, nowIso);
      // Publishing freezes the results, with the hash of their inputs, in the same commit.
      if (to === 'published') await freezeResults(trx, id, actor.userId, nowIso);
      await this.audit.record(trx, ctx, {
        action: 'edition.transition',
        entityType: 'edition',
        entityId: id,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        before: { status: from },
        after: { status: to },
      });
      return nowIso;
    });
    // After the commit: the phones and screens of the session are told it is over, and let go.
    if (to === 'closed') this.realtime.endEdition(id, { editionId: id, status: 'closed', endedAt: movedAt });
    return this.view(id, true);
  }

  private async load(ctx: RequestContext, id: string, access: 'see' | 'manage'): Promise<{ actor: Actor; edition: EditionRow }> {
    const actor = requireActor(ctx);
    const edition = await editionRepository.findById(this.db, id);
    if (!edition) throw notFound({ editionId: id });
    if (access === 'manage') requireManage(actor, edition.unit_path);
    else requireVisible(actor, edition.unit_path);
    return { actor, edition };
  }

  private async view(id: string, canManage: boolean): Promise<Edition> {
    const row = (await editionRepository.findById(this.db, id))!;
    const counts = await editionRepository.talkCounts(this.db, [id]);
    return toEdition(row, counts.get(id) ?? 0, canManage);
  }

  /** A stage named in a request must be one of the hall's: a 400 on the field, like any other bad input. */
  private async requireStageOfHall(hallId: string, stageId: string): Promise<void> {
    const stage = await stageRepository.findById(this.db, stageId);
    if (!stage || stage.hall_id !== hallId) throw badRequest('validation_failed', [{ path: 'body.stageId', message: '所选阶段不属于本讲堂' }]);
  }
}
