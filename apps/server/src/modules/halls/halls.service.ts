import {
  type Commentary,
  type CommentaryInput,
  DEFAULT_RUBRIC,
  type Hall,
  type HallInput,
  type HallPatch,
  type Stage,
  type StageInput,
  type StagePatch,
} from '@lecture-hall/shared';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../auth/actor';
import { authorize, canSeeUnit, requireActor } from '../auth/policy';
import { orgUnitRepository } from '../org/org-unit.repository';
import { auditUnit, canManageUnit, loadHall } from './hall-access';
import { type CommentaryRow, commentaryRepository, editionRepository, type HallRow, hallRepository, type StageRow, stageRepository } from './halls.repository';
import { rubricFromJson, rubricToJson } from './rubric';

type HallInputT = z.infer<typeof HallInput>;
type HallPatchT = z.infer<typeof HallPatch>;
type StageInputT = z.infer<typeof StageInput>;
type StagePatchT = z.infer<typeof StagePatch>;
type CommentaryInputT = z.infer<typeof CommentaryInput>;

function toHall(r: HallRow, editionCount: number, canManage: boolean): Hall {
  return {
    id: r.id,
    name: r.name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    description: r.description,
    youngAgeLimit: r.young_age_limit,
    repeatWindow: r.repeat_window,
    defaultSpeakerCount: r.default_speaker_count,
    defaultRubric: rubricFromJson(r.default_rubric_json),
    speakersSeeResults: r.speakers_see_results === 1,
    screenShowsResults: r.screen_shows_results === 1,
    editionCount,
    canManage,
    createdAt: r.created_at,
  };
}

function hallSnapshot(r: HallRow) {
  return {
    name: r.name,
    unitId: r.unit_id,
    description: r.description,
    youngAgeLimit: r.young_age_limit,
    repeatWindow: r.repeat_window,
    defaultSpeakerCount: r.default_speaker_count,
    defaultRubric: rubricFromJson(r.default_rubric_json),
    speakersSeeResults: r.speakers_see_results === 1,
    screenShowsResults: r.screen_shows_results === 1,
  };
}

function toStage(r: StageRow): Stage {
  return {
    id: r.id,
    hallId: r.hall_id,
    title: r.title,
    themeFocus: r.theme_focus,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    description: r.description,
    sortOrder: r.sort_order,
  };
}

function stageSnapshot(r: StageRow) {
  const { id: _id, hallId: _hallId, ...rest } = toStage(r);
  return rest;
}

function toCommentary(r: CommentaryRow): Commentary {
  return {
    id: r.id,
    hallId: r.hall_id,
    editionId: r.edition_id,
    author: r.author,
    authorTitle: r.author_title,
    title: r.title,
    text: r.text,
    createdAt: r.created_at,
  };
}

/**
 * Halls (讲堂), their stages (阶段) and the commentary (权威点评) shown on them. Anyone whose
 * grant is related to a hall's unit sees it; city admins manage the halls of their subtree, a
 * hall admin those of its own unit.
 */
export class HallsService {
  constructor(
    private readonly db: Db,
    readonly config: Config,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext): Promise<Hall[]> {
    const actor = requireActor(ctx);
    const rows = await hallRepository.listVisible(
      this.db,
      actor.grants.map((g) => g.orgUnitPath),
    );
    // The SQL filter mirrors canSeeUnit; the policy stays the judge of every row.
    const visible = rows.filter((r) => canSeeUnit(actor, r.unit_path));
    const counts = await hallRepository.editionCounts(
      this.db,
      visible.map((r) => r.id),
    );
    return visible.map((r) => toHall(r, counts.get(r.id) ?? 0, canManageUnit(actor, r.unit_path)));
  }

  async get(ctx: RequestContext, id: string): Promise<Hall> {
    const { actor, hall } = await loadHall(this.db, ctx, id, 'see');
    return this.view(hall.id, canManageUnit(actor, hall.unit_path));
  }

  async create(ctx: RequestContext, body: HallInputT): Promise<Hall> {
    authorize(ctx, 'hall.manage');
    const unit = await orgUnitRepository.findById(this.db, body.unitId);
    if (!unit) throw notFound({ unitId: body.unitId });
    authorize(ctx, 'hall.manage', unit.path);
    if (unit.archived_at) throw conflict('unit_archived');
    const id = newId();
    const nowIso = isoNow(this.clock);
    const row: HallRow = {
      id,
      name: body.name,
      unit_id: unit.id,
      description: body.description,
      young_age_limit: body.youngAgeLimit,
      repeat_window: body.repeatWindow,
      default_speaker_count: body.defaultSpeakerCount,
      default_rubric_json: rubricToJson(body.defaultRubric ?? DEFAULT_RUBRIC),
      speakers_see_results: body.speakersSeeResults ? 1 : 0,
      screen_shows_results: body.screenShowsResults ? 1 : 0,
      next_seq: 1,
      created_at: nowIso,
      updated_at: nowIso,
      unit_name: unit.name,
      unit_path: unit.path,
      unit_depth: unit.depth,
    };
    const { unit_name: _n, unit_path: _p, unit_depth: _d, ...insert } = row;
    await this.db.transaction().execute(async (trx) => {
      await hallRepository.insert(trx, insert);
      await this.audit.record(trx, ctx, { action: 'hall.created', entityType: 'hall', entityId: id, orgUnit: auditUnit(row), after: hallSnapshot(row) });
    });
    return toHall(row, 0, true);
  }

  async update(ctx: RequestContext, id: string, body: HallPatchT): Promise<Hall> {
    const { hall } = await loadHall(this.db, ctx, id, 'manage');
    const nowIso = isoNow(this.clock);
    const patch = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.youngAgeLimit !== undefined ? { young_age_limit: body.youngAgeLimit } : {}),
      ...(body.repeatWindow !== undefined ? { repeat_window: body.repeatWindow } : {}),
      ...(body.defaultSpeakerCount !== undefined ? { default_speaker_count: body.defaultSpeakerCount } : {}),
      ...(body.defaultRubric !== undefined ? { default_rubric_json: rubricToJson(body.defaultRubric) } : {}),
      ...(body.speakersSeeResults !== undefined ? { speakers_see_results: body.speakersSeeResults ? 1 : 0 } : {}),
      ...(body.screenShowsResults !== undefined ? { screen_shows_results: body.screenShowsResults ? 1 : 0 } : {}),
      updated_at: nowIso,
    };
    const after: HallRow = { ...hall, ...patch };
    await this.db.transaction().execute(async (trx) => {
      await hallRepository.update(trx, id, patch);
      await this.audit.record(trx, ctx, {
        action: 'hall.updated',
        entityType: 'hall',
        entityId: id,
        orgUnit: auditUnit(hall),
        before: hallSnapshot(hall),
        after: hallSnapshot(after),
      });
    });
    return this.view(id, true);
  }

  private async view(id: string, canManage: boolean): Promise<Hall> {
    const row = (await hallRepository.findById(this.db, id))!;
    const counts = await hallRepository.editionCounts(this.db, [id]);
    return toHall(row, counts.get(id) ?? 0, canManage);
  }

  // ── Stages ────────────────────────────────────────────────────────────────

  async listStages(ctx: RequestContext, hallId: string): Promise<Stage[]> {
    const { hall } = await loadHall(this.db, ctx, hallId, 'see');
    return (await stageRepository.listByHall(this.db, hall.id)).map(toStage);
  }

  async createStage(ctx: RequestContext, hallId: string, body: StageInputT): Promise<Stage> {
    const { hall } = await loadHall(this.db, ctx, hallId, 'manage');
    const nowIso = isoNow(this.clock);
    const row: StageRow = {
      id: newId(),
      hall_id: hall.id,
      title: body.title,
      theme_focus: body.themeFocus,
      period_start: body.periodStart,
      period_end: body.periodEnd,
      description: body.description,
      sort_order: body.sortOrder ?? (await stageRepository.nextSortOrder(this.db, hall.id)),
      created_at: nowIso,
      updated_at: nowIso,
    };
    await this.db.transaction().execute(async (trx) => {
      await stageRepository.insert(trx, row);
      await this.audit.record(trx, ctx, {
        action: 'stage.created',
        entityType: 'stage',
        entityId: row.id,
        orgUnit: auditUnit(hall),
        after: stageSnapshot(row),
      });
    });
    return toStage(row);
  }

  async updateStage(ctx: RequestContext, id: string, body: StagePatchT): Promise<Stage> {
    const stage = await this.findStage(id);
    const { hall } = await loadHall(this.db, ctx, stage.hall_id, 'manage');
    const patch = {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.themeFocus !== undefined ? { theme_focus: body.themeFocus } : {}),
      ...(body.periodStart !== undefined ? { period_start: body.periodStart } : {}),
      ...(body.periodEnd !== undefined ? { period_end: body.periodEnd } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.sortOrder !== undefined ? { sort_order: body.sortOrder } : {}),
      updated_at: isoNow(this.clock),
    };
    const after: StageRow = { ...stage, ...patch };
    // A patch may move one end of the period past the other that it leaves unchanged.
    if (after.period_start && after.period_end && after.period_start > after.period_end) {
      throw badRequest('validation_failed', [{ path: 'body.periodEnd', message: '结束日期不能早于开始日期' }]);
    }
    await this.db.transaction().execute(async (trx) => {
      await stageRepository.update(trx, id, patch);
      await this.audit.record(trx, ctx, {
        action: 'stage.updated',
        entityType: 'stage',
        entityId: id,
        orgUnit: auditUnit(hall),
        before: stageSnapshot(stage),
        after: stageSnapshot(after),
      });
    });
    return toStage(after);
  }

  /** Deletes a stage that no edition belongs to; editions keep their history, so a used stage stays. */
  async deleteStage(ctx: RequestContext, id: string): Promise<void> {
    const stage = await this.findStage(id);
    const { hall } = await loadHall(this.db, ctx, stage.hall_id, 'manage');
    await this.db.transaction().execute(async (trx) => {
      const editions = await stageRepository.countEditions(trx, id);
      if (editions > 0) throw conflict('stage_in_use', { editions });
      await stageRepository.delete(trx, id);
      await this.audit.record(trx, ctx, { action: 'stage.deleted', entityType: 'stage', entityId: id, orgUnit: auditUnit(hall), before: stageSnapshot(stage) });
    });
  }

  private async findStage(id: string): Promise<StageRow> {
    const stage = await stageRepository.findById(this.db, id);
    if (!stage) throw notFound({ stageId: id });
    return stage;
  }

  // ── Commentary ────────────────────────────────────────────────────────────

  /** A hall's commentary, its own and its editions', newest first; with an edition, that edition's only. */
  async listCommentaries(ctx: RequestContext, hallId: string, editionId?: string): Promise<Commentary[]> {
    const { hall } = await loadHall(this.db, ctx, hallId, 'see');
    if (editionId) await this.requireEditionOfHall(hall.id, editionId, 'querystring.editionId');
    return (await commentaryRepository.list(this.db, hall.id, editionId)).map(toCommentary);
  }

  async createCommentary(ctx: RequestContext, hallId: string, body: CommentaryInputT): Promise<Commentary> {
    const { actor, hall } = await loadHall(this.db, ctx, hallId, 'manage');
    if (body.editionId) await this.requireEditionOfHall(hall.id, body.editionId, 'body.editionId');
    const nowIso = isoNow(this.clock);
    const row: CommentaryRow = {
      id: newId(),
      hall_id: hall.id,
      edition_id: body.editionId,
      author: body.author,
      author_title: body.authorTitle,
      title: body.title,
      text: body.text,
      created_by: actor.userId,
      created_at: nowIso,
      updated_at: nowIso,
    };
    await this.db.transaction().execute(async (trx) => {
      await commentaryRepository.insert(trx, row);
      await this.audit.record(trx, ctx, {
        action: 'commentary.created',
        entityType: 'commentary',
        entityId: row.id,
        orgUnit: auditUnit(hall),
        after: { editionId: row.edition_id, author: row.author, authorTitle: row.author_title, title: row.title },
      });
    });
    return toCommentary(row);
  }

  async deleteCommentary(ctx: RequestContext, id: string): Promise<void> {
    requireActor(ctx);
    const row = await commentaryRepository.findById(this.db, id);
    if (!row) throw notFound({ commentaryId: id });
    const { hall } = await loadHall(this.db, ctx, row.hall_id, 'manage');
    await this.db.transaction().execute(async (trx) => {
      await commentaryRepository.delete(trx, id);
      await this.audit.record(trx, ctx, {
        action: 'commentary.deleted',
        entityType: 'commentary',
        entityId: id,
        orgUnit: auditUnit(hall),
        before: { editionId: row.edition_id, author: row.author, authorTitle: row.author_title, title: row.title, text: row.text },
      });
    });
  }

  /** An edition named in a request must be one of the hall's: a 400 on the field, like any other bad input. */
  private async requireEditionOfHall(hallId: string, editionId: string, path: string): Promise<void> {
    const edition = await editionRepository.findById(this.db, editionId);
    if (!edition || edition.hall_id !== hallId) throw badRequest('validation_failed', [{ path, message: '所选期次不属于本讲堂' }]);
  }
}
