import {
  type Eligibility,
  NOMINATION_CHANNEL_LABELS,
  type Nomination,
  type NominationChannel,
  type NominationDecisionBody,
  type NominationState,
  type OrgPickBody,
  type RecommendBody,
  type SelectionBody,
  type SelfNominationBody,
  type Talk,
  type TalkAngle,
  type TalkPatch,
} from '@lecture-hall/shared';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { ageOn, type Clock, isoNow } from '../../lib/clock';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { AuditService } from '../audit/audit.service';
import type { Actor, ActorGrant, RequestContext } from '../auth/actor';
import { authorize, can, canSeeUnit, covers, PERMISSIONS, requireActor } from '../auth/policy';
import type { NotificationInput, NotificationsService } from '../notifications/notifications.service';
import { unitPathNames } from '../org/org-unit.repository';
import { type PersonWithUnitRow, peopleRepository } from '../org/people.repository';
import { checkEligibility, mayStand, notOverridable } from './eligibility.rules';
import { transition } from './nomination.rules';
import {
  type EditionContextRow,
  type NominationHistoryRow,
  type NominationRow,
  type NominationViewRow,
  nominationsRepository as repo,
  type TalkHistoryRow,
  type TalkViewRow,
} from './nominations.repository';

type DecisionBody = z.infer<typeof NominationDecisionBody>;
type SelectionBodyT = z.infer<typeof SelectionBody>;
type TalkPatchT = z.infer<typeof TalkPatch>;

/** Until the edition is ready its talks may still change; from then on the programme is printed. */
const TALK_EDITABLE_STATUSES = ['planning', 'recruiting', 'preparing'];
/** The title a talk gets when the nomination proposed none (an org pick or a recommendation). */
export const TITLE_TO_BE_SET = '（讲题待定）';

const STATE_ORDER: Record<NominationState, number> = { selected: 0, shortlisted: 1, submitted: 2, not_selected: 3, withdrawn: 4 };

interface NewNomination {
  channel: NominationChannel;
  recommendingUnitId: string | null;
  statement: string;
  proposedTitle: string;
  proposedAbstract: string;
  angle: TalkAngle | null;
  overrideReason?: string;
}

interface History {
  talks: Map<string, TalkHistoryRow[]>;
  nominations: Map<string, NominationHistoryRow[]>;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

async function historyOf(db: Db, personIds: string[]): Promise<History> {
  const [talks, nominations] = await Promise.all([repo.talkHistory(db, personIds), repo.nominationHistory(db, personIds)]);
  return { talks: groupBy(talks, (t) => t.person_id), nominations: groupBy(nominations, (n) => n.person_id) };
}

function snapshot(r: Pick<NominationRow, 'state' | 'selected_order' | 'override_reason'>) {
  return { state: r.state, order: r.selected_order, override: r.override_reason };
}

const editionLink = (editionId: string) => `/editions/${editionId}`;
const MY_NOMINATIONS_LINK = '/my-nominations';

/**
 * Nominations through the three channels, the eligibility rules, the candidate board, the
 * selection of an edition's speakers and their talks. Every change is committed with its audit
 * entry and its notifications in one transaction.
 */
export class NominationsService {
  constructor(
    private readonly db: Db,
    readonly config: Config,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  // ── reading ──────────────────────────────────────────────────────────────────────────────

  /**
   * Whether a person could be nominated now, through the channel the caller would use: a hall
   * manager's org pick (any person), a liaison's recommendation (people within its scope, with
   * its unit's quota), a cadre's self-nomination (itself only).
   */
  async eligibility(ctx: RequestContext, editionId: string, personId: string): Promise<Eligibility> {
    const actor = requireActor(ctx);
    const ed = await this.edition(this.db, editionId);
    const person = await peopleRepository.findById(this.db, personId);
    if (!person) throw notFound({ personId });
    const seesHall = canSeeUnit(actor, ed.hall_unit_path);
    const grant = liaisonGrantFor(actor, person.unit_path);
    let channel: NominationChannel;
    let recommendingUnitId: string | null = null;
    if (can(actor, 'hall.manage', ed.hall_unit_path)) channel = 'org_pick';
    else if (grant && seesHall) {
      channel = 'unit_recommendation';
      recommendingUnitId = grant.orgUnitId;
    } else if (actor.personId === person.id && can(actor, 'nomination.self') && seesHall) channel = 'self';
    else throw forbidden();
    return this.checkNew(this.db, ed, person, channel, recommendingUnitId);
  }

  /** The candidate board of an edition: hall managers only, since it shows ages and histories. */
  async listCandidates(ctx: RequestContext, editionId: string): Promise<Nomination[]> {
    requireActor(ctx);
    const ed = await this.edition(this.db, editionId);
    authorize(ctx, 'hall.manage', ed.hall_unit_path);
    const items = await this.present(this.db, await repo.listViewsOfEdition(this.db, editionId));
    return items.sort(
      (a, b) =>
        STATE_ORDER[a.state] - STATE_ORDER[b.state] || (a.order ?? 0) - (b.order ?? 0) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
  }

  /** The caller's own nominations (as nominee) and those it submitted (a liaison's recommendations). */
  async listMine(ctx: RequestContext): Promise<Nomination[]> {
    const actor = requireActor(ctx);
    return this.present(this.db, await repo.listViewsMine(this.db, actor.personId, actor.userId));
  }

  // ── the three channels ───────────────────────────────────────────────────────────────────

  /** 组织点将: a hall manager nominates a person; an ineligible one only with a written override. */
  async createOrgPick(ctx: RequestContext, editionId: string, body: OrgPickBody): Promise<Nomination> {
    authorize(ctx, 'hall.manage');
    const ed = await this.edition(this.db, editionId);
    const actor = authorize(ctx, 'hall.manage', ed.hall_unit_path);
    const person = await this.person(body.personId);
    return this.create(ctx, actor, ed, person, {
      channel: 'org_pick',
      recommendingUnitId: null,
      statement: body.statement,
      proposedTitle: body.proposedTitle,
      proposedAbstract: body.proposedAbstract,
      angle: body.angle,
      overrideReason: body.overrideReason,
    });
  }

  /** 单位推荐: a liaison recommends a person of its own unit subtree, counted against its unit's quota. */
  async recommend(ctx: RequestContext, editionId: string, body: RecommendBody): Promise<Nomination> {
    const actor = authorize(ctx, 'nomination.recommend');
    const ed = await this.edition(this.db, editionId);
    const person = await this.person(body.personId);
    const grant = liaisonGrantFor(actor, person.unit_path);
    if (!grant || !canSeeUnit(actor, ed.hall_unit_path)) throw forbidden();
    return this.create(ctx, actor, ed, person, {
      channel: 'unit_recommendation',
      recommendingUnitId: grant.orgUnitId,
      statement: body.statement,
      proposedTitle: body.proposedTitle,
      proposedAbstract: body.proposedAbstract,
      angle: body.angle,
    });
  }

  /** 个人自荐: a cadre applies as the person its account is linked to, with a proposed talk. */
  async nominateSelf(ctx: RequestContext, editionId: string, body: SelfNominationBody): Promise<Nomination> {
    const actor = authorize(ctx, 'nomination.self');
    if (!actor.personId) throw badRequest('no_linked_person');
    const ed = await this.edition(this.db, editionId);
    if (!canSeeUnit(actor, ed.hall_unit_path)) throw forbidden();
    const person = await peopleRepository.findById(this.db, actor.personId);
    if (!person) throw badRequest('no_linked_person');
    return this.create(ctx, actor, ed, person, {
      channel: 'self',
      recommendingUnitId: null,
      statement: body.statement,
      proposedTitle: body.proposedTitle,
      proposedAbstract: body.proposedAbstract,
      angle: body.angle,
    });
  }

  // ── decisions ────────────────────────────────────────────────────────────────────────────

  /**
   * Shortlist, unshortlist and override are the hall managers'; a nomination may also be
   * withdrawn by its nominee or by whoever submitted it. State changes go through `transition`.
   */
  async decide(ctx: RequestContext, id: string, body: DecisionBody): Promise<Nomination> {
    const actor = requireActor(ctx);
    const found = await repo.findRow(this.db, id);
    if (!found) throw notFound({ nominationId: id });
    const ed = await this.edition(this.db, found.edition_id);
    const manager = can(actor, 'hall.manage', ed.hall_unit_path);
    const ownParty = actor.personId === found.person_id || actor.userId === found.nominated_by;
    if (!(manager || (body.action === 'withdraw' && ownParty))) throw forbidden();
    if (body.action === 'override' && !body.reason) throw badRequest('validation_failed', [{ path: 'body.reason', message: '请填写破格理由' }]);
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      await repo.lockEdition(trx, ed.id);
      const row = (await repo.findRow(trx, id))!;
      const state = row.state as NominationState;
      const orgUnit = { id: ed.hall_unit_id, path: ed.hall_unit_path };
      if (body.action === 'override') {
        if (!['submitted', 'shortlisted'].includes(state)) throw conflict('nomination_closed', { state });
        const [view] = await this.present(trx, [(await repo.findView(trx, id))!]);
        if (view!.eligibility.eligible) throw conflict('conflict', { reason: '该人选符合推选条件，无需破格' });
        if (notOverridable(view!.eligibility.reasons).length) throw new AppError(422, 'not_eligible', { reasons: view!.eligibility.reasons });
        await repo.update(trx, id, { override_reason: body.reason!, override_by: actor.userId, override_at: nowIso, updated_at: nowIso });
        await this.audit.record(trx, ctx, {
          action: 'nomination.override',
          entityType: 'nomination',
          entityId: id,
          orgUnit,
          before: snapshot(row),
          after: { ...snapshot({ ...row, override_reason: body.reason! }), reasons: view!.eligibility.reasons },
        });
        return;
      }
      const step = transition(state, body.action);
      if (!step.ok) throw conflict(step.error, { state });
      const decided = body.action === 'withdraw' ? nowIso : row.decided_at;
      await repo.update(trx, id, { state: step.to, decided_at: decided, updated_at: nowIso });
      const action = { shortlist: 'nomination.shortlisted', unshortlist: 'nomination.unshortlisted', withdraw: 'nomination.withdrawn' }[body.action];
      await this.audit.record(trx, ctx, {
        action,
        entityType: 'nomination',
        entityId: id,
        orgUnit,
        before: snapshot(row),
        after: { ...snapshot({ ...row, state: step.to }), ...(body.reason ? { reason: body.reason } : {}) },
      });
      if (body.action === 'withdraw') await this.notifyOutcome(trx, actor, ed, { ...row, state: step.to });
    });
    return this.view(this.db, id);
  }

  /**
   * Confirms the edition's speakers in running order. The listed nominations become selected
   * (order = position in the list), every other open one not_selected, and each speaker has
   * one talk — kept, with its text, when the selection is confirmed again.
   */
  async confirmSelection(ctx: RequestContext, editionId: string, body: SelectionBodyT): Promise<Talk[]> {
    authorize(ctx, 'hall.manage');
    const ed0 = await this.edition(this.db, editionId);
    const actor = authorize(ctx, 'hall.manage', ed0.hall_unit_path);
    const ids = body.nominationIds;
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      await repo.lockEdition(trx, editionId);
      const ed = await this.edition(trx, editionId);
      if (ed.status !== 'recruiting') throw conflict('edition_not_recruiting', { status: ed.status });
      if (new Set(ids).size !== ids.length) throw badRequest('selection_invalid', { reason: '选定名单中有重复的人选' });
      if (ids.length !== ed.speaker_count) {
        throw badRequest('selection_invalid', { reason: `本期应选定 ${ed.speaker_count} 名讲课人，实际选定 ${ids.length} 名` });
      }
      const rows = await repo.listViewsOfEdition(trx, editionId);
      const candidates = rows.filter((r) => ['submitted', 'shortlisted', 'selected'].includes(r.state));
      const byId = new Map(candidates.map((r) => [r.id, r]));
      const unknown = ids.filter((id) => !byId.has(id));
      if (unknown.length) {
        throw badRequest('selection_invalid', { reason: '所选人选须为本期待定或已选定的推选（已撤回、未入选的不能选定）', nominationIds: unknown });
      }
      const chosen = await this.present(
        trx,
        ids.map((id) => byId.get(id)!),
      );
      const blocked = chosen.filter((n) => !mayStand(n.eligibility, n.override !== null));
      if (blocked.length) {
        throw badRequest('selection_invalid', {
          reason: `以下人选不符合推选条件且未经破格，不能选定：${blocked.map((n) => n.personName).join('、')}`,
          candidates: blocked.map((n) => ({ nominationId: n.id, personName: n.personName, reasons: n.eligibility.reasons })),
        });
      }
      const before = candidates
        .filter((r) => r.state === 'selected')
        .sort((a, b) => (a.selected_order ?? 0) - (b.selected_order ?? 0))
        .map((r) => r.id);
      const newlySelected: NominationViewRow[] = [];
      for (const [i, id] of ids.entries()) {
        const row = byId.get(id)!;
        const step = transition(row.state as NominationState, 'select');
        if (!step.ok) throw conflict(step.error, { nominationId: id });
        if (row.state !== 'selected') newlySelected.push(row);
        await repo.update(trx, id, {
          state: step.to,
          selected_order: i + 1,
          decided_at: row.state === 'selected' ? row.decided_at : nowIso,
          updated_at: nowIso,
        });
      }
      const notSelected = candidates.filter((r) => !ids.includes(r.id));
      for (const row of notSelected) {
        const step = transition(row.state as NominationState, 'not_select');
        if (!step.ok) throw conflict(step.error, { nominationId: row.id });
        await repo.update(trx, row.id, { state: step.to, selected_order: null, decided_at: nowIso, updated_at: nowIso });
      }
      await this.syncTalks(trx, ed, ids, byId, nowIso);
      await this.audit.record(trx, ctx, {
        action: 'edition.selection_confirmed',
        entityType: 'edition',
        entityId: ed.id,
        orgUnit: { id: ed.hall_unit_id, path: ed.hall_unit_path },
        before: { selected: before },
        after: { selected: ids, notSelected: notSelected.map((r) => r.id) },
      });
      // A speaker kept on a re-confirmation has been told already; only changes of outcome are news.
      for (const row of newlySelected) await this.notifyOutcome(trx, actor, ed, { ...row, state: 'selected', selected_order: ids.indexOf(row.id) + 1 });
      for (const row of notSelected) await this.notifyOutcome(trx, actor, ed, { ...row, state: 'not_selected' });
    });
    return this.listTalks(ctx, editionId);
  }

  // ── talks ────────────────────────────────────────────────────────────────────────────────

  /** The running order of an edition: anyone who can see the hall (a grant above or below its unit). */
  async listTalks(ctx: RequestContext, editionId: string): Promise<Talk[]> {
    const actor = requireActor(ctx);
    const ed = await this.edition(this.db, editionId);
    if (!canSeeUnit(actor, ed.hall_unit_path)) throw forbidden();
    const rows = await repo.listTalks(this.db, editionId);
    return this.presentTalks(actor, ed, rows);
  }

  /** The speaker or a hall manager edits the talk until the edition is ready. */
  async updateTalk(ctx: RequestContext, id: string, patch: TalkPatchT): Promise<Talk> {
    const actor = requireActor(ctx);
    const talk = await repo.findTalk(this.db, id);
    if (!talk) throw notFound({ talkId: id });
    const ed = await this.edition(this.db, talk.edition_id);
    if (!(actor.personId === talk.person_id || can(actor, 'hall.manage', ed.hall_unit_path))) throw forbidden();
    if (!TALK_EDITABLE_STATUSES.includes(ed.status)) throw conflict('talk_locked', { status: ed.status });
    const nowIso = isoNow(this.clock);
    const after = {
      title: patch.title ?? talk.title,
      abstract: patch.abstract ?? talk.abstract,
      angle: patch.angle ?? talk.angle,
    };
    await this.db.transaction().execute(async (trx) => {
      await repo.updateTalk(trx, id, { ...after, updated_at: nowIso });
      await this.audit.record(trx, ctx, {
        action: 'talk.updated',
        entityType: 'talk',
        entityId: id,
        orgUnit: { id: ed.hall_unit_id, path: ed.hall_unit_path },
        before: { title: talk.title, abstract: talk.abstract, angle: talk.angle },
        after,
      });
    });
    const rows = await repo.listTalks(this.db, ed.id);
    const [view] = await this.presentTalks(
      actor,
      ed,
      rows.filter((r) => r.id === id),
    );
    return view!;
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private async edition(db: Db, id: string): Promise<EditionContextRow> {
    const ed = await repo.findEdition(db, id);
    if (!ed) throw notFound({ editionId: id });
    return ed;
  }

  private async person(id: string): Promise<PersonWithUnitRow> {
    const person = await peopleRepository.findById(this.db, id);
    if (!person) throw notFound({ personId: id });
    return person;
  }

  /** Eligibility of a new nomination of the person through the channel. */
  private async checkNew(db: Db, ed: EditionContextRow, person: PersonWithUnitRow, channel: NominationChannel, recommendingUnitId: string | null) {
    const history = await historyOf(db, [person.id]);
    const counts = recommendingUnitId ? await repo.recommendationCounts(db, [ed.id]) : new Map<string, number>();
    return checkEligibility({
      channel,
      existing: false,
      edition: { id: ed.id, seq: ed.seq, date: ed.date, status: ed.status, unitQuota: ed.unit_quota },
      hall: { youngAgeLimit: ed.young_age_limit, repeatWindow: ed.repeat_window, unitPath: ed.hall_unit_path, unitName: ed.hall_unit_name },
      person: { birthDate: person.birth_date, unitPath: person.unit_path },
      talks: (history.talks.get(person.id) ?? [])
        .filter((t) => t.hall_id === ed.hall_id)
        .map((t) => ({ editionId: t.edition_id, editionSeq: t.seq, editionStatus: t.status })),
      nominations: (history.nominations.get(person.id) ?? [])
        .filter((n) => n.hall_id === ed.hall_id)
        .map((n) => ({ editionId: n.edition_id, editionSeq: n.seq, state: n.state })),
      recommendationsUsed: counts.get(`${ed.id}:${recommendingUnitId}`) ?? 0,
    });
  }

  /**
   * Writes a nomination after checking eligibility inside the transaction, with the edition
   * locked, so that two liaisons cannot both take the last place of a quota. An override given
   * for an eligible person is not recorded: there is nothing to override.
   */
  private async create(ctx: RequestContext, actor: Actor, ed: EditionContextRow, person: PersonWithUnitRow, input: NewNomination): Promise<Nomination> {
    const id = newId();
    const nowIso = isoNow(this.clock);
    await this.db.transaction().execute(async (trx) => {
      await repo.lockEdition(trx, ed.id);
      const current = await this.edition(trx, ed.id);
      const eligibility = await this.checkNew(trx, current, person, input.channel, input.recommendingUnitId);
      const overridden = !eligibility.eligible && input.overrideReason !== undefined;
      if (!eligibility.eligible && (!overridden || notOverridable(eligibility.reasons).length > 0)) {
        throw new AppError(422, 'not_eligible', { reasons: eligibility.reasons });
      }
      const row: NominationRow = {
        id,
        edition_id: ed.id,
        hall_id: ed.hall_id,
        person_id: person.id,
        channel: input.channel,
        state: 'submitted',
        recommending_unit_id: input.recommendingUnitId,
        nominated_by: actor.userId,
        statement: input.statement,
        proposed_title: input.proposedTitle,
        proposed_abstract: input.proposedAbstract,
        angle: input.angle,
        override_reason: overridden ? input.overrideReason! : null,
        override_by: overridden ? actor.userId : null,
        override_at: overridden ? nowIso : null,
        selected_order: null,
        decided_at: null,
        created_at: nowIso,
        updated_at: nowIso,
      };
      await repo.insert(trx, row);
      const orgUnit = { id: ed.hall_unit_id, path: ed.hall_unit_path };
      await this.audit.record(trx, ctx, {
        action: 'nomination.created',
        entityType: 'nomination',
        entityId: id,
        orgUnit,
        after: { editionId: ed.id, personId: person.id, channel: input.channel, recommendingUnitId: input.recommendingUnitId, state: 'submitted' },
      });
      if (overridden) {
        await this.audit.record(trx, ctx, {
          action: 'nomination.override',
          entityType: 'nomination',
          entityId: id,
          orgUnit,
          after: { reason: input.overrideReason, reasons: eligibility.reasons },
        });
      }
      await this.notifyCreated(trx, actor, ed, person, row);
    });
    return this.view(this.db, id);
  }

  /** Creates, reorders and removes talks so that exactly the selected nominations have one, in order. */
  private async syncTalks(trx: Db, ed: EditionContextRow, ids: string[], byId: Map<string, NominationViewRow>, nowIso: string) {
    const existing = await repo.listTalks(trx, ed.id);
    const byNomination = new Map(existing.map((t) => [t.nomination_id, t]));
    await repo.deleteTalks(
      trx,
      existing.filter((t) => !ids.includes(t.nomination_id)).map((t) => t.id),
    );
    for (const [i, nominationId] of ids.entries()) {
      const talk = byNomination.get(nominationId);
      if (talk) {
        if (talk.position !== i + 1) await repo.updateTalk(trx, talk.id, { position: i + 1, updated_at: nowIso });
        continue;
      }
      const n = byId.get(nominationId)!;
      await repo.insertTalk(trx, {
        id: newId(),
        edition_id: ed.id,
        nomination_id: nominationId,
        person_id: n.person_id,
        position: i + 1,
        title: n.proposed_title || TITLE_TO_BE_SET,
        abstract: n.proposed_abstract,
        angle: n.angle,
        created_at: nowIso,
        updated_at: nowIso,
      });
    }
  }

  private async view(db: Db, id: string): Promise<Nomination> {
    const row = await repo.findView(db, id);
    if (!row) throw notFound({ nominationId: id });
    const [n] = await this.present(db, [row]);
    return n!;
  }

  /** Rows to the API's nominations, each with its eligibility re-checked now and its earlier talks in the hall. */
  private async present(db: Db, rows: NominationViewRow[]): Promise<Nomination[]> {
    if (rows.length === 0) return [];
    const [history, counts, pathNames] = await Promise.all([
      historyOf(
        db,
        rows.map((r) => r.person_id),
      ),
      repo.recommendationCounts(
        db,
        rows.map((r) => r.edition_id),
      ),
      unitPathNames(db, [...new Set(rows.map((r) => r.person_unit_path))]),
    ]);
    return rows.map((r) => {
      const talks = (history.talks.get(r.person_id) ?? []).filter((t) => t.hall_id === r.hall_id);
      const others = (history.nominations.get(r.person_id) ?? []).filter((n) => n.hall_id === r.hall_id && n.id !== r.id);
      const counted = r.channel === 'unit_recommendation' && r.state !== 'withdrawn' ? 1 : 0;
      const used = r.recommending_unit_id ? (counts.get(`${r.edition_id}:${r.recommending_unit_id}`) ?? 0) - counted : 0;
      const eligibility = checkEligibility({
        channel: r.channel as NominationChannel,
        existing: true,
        edition: { id: r.edition_id, seq: r.edition_seq, date: r.edition_date, status: r.edition_status, unitQuota: r.edition_unit_quota },
        hall: { youngAgeLimit: r.young_age_limit, repeatWindow: r.repeat_window, unitPath: r.hall_unit_path, unitName: r.hall_unit_name },
        person: { birthDate: r.birth_date, unitPath: r.person_unit_path },
        talks: talks.map((t) => ({ editionId: t.edition_id, editionSeq: t.seq, editionStatus: t.status })),
        nominations: others.map((n) => ({ editionId: n.edition_id, editionSeq: n.seq, state: n.state })),
        recommendationsUsed: used,
      });
      return {
        id: r.id,
        editionId: r.edition_id,
        editionSeq: r.edition_seq,
        editionTitle: r.edition_title,
        hallId: r.hall_id,
        hallName: r.hall_name,
        personId: r.person_id,
        personName: r.person_name,
        gender: r.gender,
        age: ageOn(r.birth_date, r.edition_date),
        unitId: r.person_unit_id,
        unitPathName: pathNames.get(r.person_unit_path) ?? '',
        position: r.position,
        rankLevel: r.rank_level,
        channel: r.channel as NominationChannel,
        state: r.state as NominationState,
        proposed: { title: r.proposed_title, abstract: r.proposed_abstract, angle: r.angle as TalkAngle | null },
        statement: r.statement,
        nominatedBy: r.nominator_name ?? '',
        eligibility,
        override: r.override_reason ? { reason: r.override_reason, by: r.override_name ?? '', at: r.override_at ?? '' } : null,
        order: r.selected_order,
        // Scores and ranks arrive with the results of an edition (a later issue).
        earlierTalks: talks
          .filter((t) => t.edition_id !== r.edition_id)
          .map((t) => ({ editionId: t.edition_id, editionSeq: t.seq, editionTitle: t.edition_title, date: t.date, title: t.title, score: null, rank: null })),
        createdAt: r.created_at,
        decidedAt: r.decided_at,
      };
    });
  }

  private async presentTalks(actor: Actor, ed: EditionContextRow, rows: TalkViewRow[]): Promise<Talk[]> {
    const pathNames = await unitPathNames(this.db, [...new Set(rows.map((r) => r.person_unit_path))]);
    const open = TALK_EDITABLE_STATUSES.includes(ed.status);
    const manager = can(actor, 'hall.manage', ed.hall_unit_path);
    return rows.map((r) => ({
      id: r.id,
      editionId: r.edition_id,
      nominationId: r.nomination_id,
      personId: r.person_id,
      speakerName: r.speaker_name,
      unitPathName: pathNames.get(r.person_unit_path) ?? '',
      order: r.position,
      title: r.title,
      abstract: r.abstract,
      angle: r.angle as TalkAngle | null,
      canEdit: open && (manager || actor.personId === r.person_id),
    }));
  }

  // ── notifications (written in the transaction of the change they tell of) ───────────────
  // The one who made the change is never notified of it: it knows.

  private async send(trx: Db, actor: Actor, userIds: string[], n: NotificationInput) {
    await this.notifications.notify(
      trx,
      userIds.filter((u) => u !== actor.userId),
      n,
    );
  }

  private async notifyCreated(trx: Db, actor: Actor, ed: EditionContextRow, person: PersonWithUnitRow, row: NominationRow) {
    const where = `${ed.hall_name}第${ed.seq}期「${ed.title}」（${ed.date}）`;
    if (row.channel === 'self') {
      await this.send(trx, actor, await this.notifications.hallManagers(trx, { id: ed.hall_unit_id, path: ed.hall_unit_path }), {
        kind: 'nomination.self_submitted',
        title: `${person.name}自荐担任第${ed.seq}期讲课人`,
        body: `${person.name}（${person.unit_name}）自荐参加${where}，拟讲题目「${row.proposed_title}」，请在候选人名单中审核。`,
        link: editionLink(ed.id),
        entityType: 'nomination',
        entityId: row.id,
      });
      return;
    }
    await this.send(trx, actor, await this.notifications.usersOfPerson(trx, person.id), {
      kind: 'nomination.received',
      title: `您已被推荐为第${ed.seq}期讲课人选`,
      body: `经${NOMINATION_CHANNEL_LABELS[row.channel as NominationChannel].zh}，您被推荐参加${where}的讲课人推选，结果将另行通知。`,
      link: MY_NOMINATIONS_LINK,
      entityType: 'nomination',
      entityId: row.id,
    });
  }

  /** The outcome (selected, not selected, withdrawn) to the nominee and, for a recommendation, to its liaison. */
  private async notifyOutcome(trx: Db, actor: Actor, ed: EditionContextRow, row: NominationRow & { person_name?: string }) {
    const person = row.person_name ?? (await peopleRepository.findById(trx, row.person_id))?.name ?? '';
    const nominee = await this.notifications.usersOfPerson(trx, row.person_id);
    const entity = { entityType: 'nomination', entityId: row.id };
    let outcome: string;
    if (row.state === 'selected') {
      outcome = `已入选第${ed.seq}期讲课人`;
      await this.send(trx, actor, nominee, {
        kind: 'nomination.selected',
        title: `您已被推选为第${ed.seq}期讲课人`,
        body: `${ed.hall_name}第${ed.seq}期「${ed.title}」将于${ed.date}举行，您是第${row.selected_order}位讲课人，请及时完善讲题和内容简介。`,
        link: editionLink(ed.id),
        ...entity,
      });
    } else if (row.state === 'not_selected') {
      outcome = `未入选第${ed.seq}期讲课人`;
      await this.send(trx, actor, nominee, {
        kind: 'nomination.not_selected',
        title: `第${ed.seq}期讲课人推选结果`,
        body: `感谢您参加${ed.hall_name}第${ed.seq}期讲课人推选。本期讲课人已确定，您未能入选，欢迎继续关注后续各期。`,
        link: MY_NOMINATIONS_LINK,
        ...entity,
      });
    } else {
      outcome = `参加第${ed.seq}期讲课人推选的提名已撤回`;
      // The nominee who withdrew itself is the actor, and `send` leaves it out.
      await this.send(trx, actor, nominee, {
        kind: 'nomination.withdrawn',
        title: `您参加第${ed.seq}期讲课人推选的提名已撤回`,
        body: `${actor.displayName}撤回了您参加${ed.hall_name}第${ed.seq}期「${ed.title}」讲课人推选的提名。`,
        link: MY_NOMINATIONS_LINK,
        ...entity,
      });
    }
    if (row.channel === 'unit_recommendation') {
      await this.send(trx, actor, [row.nominated_by], {
        kind: 'recommendation.outcome',
        title: `您推荐的${person}${outcome}`,
        body: `您推荐的${person}${outcome}（${ed.hall_name}第${ed.seq}期「${ed.title}」，${ed.date}）。`,
        link: editionLink(ed.id),
        ...entity,
      });
    }
  }
}

/** The liaison grant that covers a person's unit, the narrowest if several do: its unit is the recommending unit. */
function liaisonGrantFor(actor: Actor, personUnitPath: string): ActorGrant | undefined {
  const roles: readonly string[] = PERMISSIONS['nomination.recommend'];
  return actor.grants
    .filter((g) => roles.includes(g.role) && covers(g.orgUnitPath, personUnitPath))
    .sort((a, b) => b.orgUnitPath.length - a.orgUnitPath.length)[0];
}
