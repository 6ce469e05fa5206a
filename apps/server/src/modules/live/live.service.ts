import type {
  AppointExpertsBody,
  CheckInUnits,
  EditionStatus,
  LiveCommand,
  LiveCounters,
  LiveExperts,
  LiveSnapshot,
  SocketAudience,
} from '@lecture-hall/shared';
import QRCode from 'qrcode';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { RealtimeHub } from '../../realtime';
import type { AuditService } from '../audit/audit.service';
import { type RequestContext, systemContext } from '../auth/actor';
import { requireActor } from '../auth/policy';
import { requireManage } from '../halls/hall-access';
import type { EditionRow } from '../halls/halls.repository';
import { orgUnitRepository, unitPathNames } from '../org/org-unit.repository';
import { requireExperts } from '../reviews/experts';
import { AttendanceService } from './attendance.service';
import { CheckInService } from './checkin.service';
import { liveRepository } from './live.repository';
import { applyCommand, type LiveEffect, type LiveState, settle } from './live.rules';
import { buildCounters, buildSnapshot, checkInUrlOf, stateOf, statePayload } from './live.snapshot';
import { findEdition, loadForAudience, loadForHost } from './live-access';

type LiveExpertsT = z.infer<typeof LiveExperts>;
type CheckInUnitsT = z.infer<typeof CheckInUnits>;
type AppointExpertsBodyT = z.infer<typeof AppointExpertsBody>;

/** A timer never waits longer than this at once (setTimeout's limit is about 24.8 days). */
const MAX_TIMER_MS = 60 * 60 * 1000;

/** The state of a session as stored, with the version its next write must find. */
interface StoredState {
  state: LiveState;
  version: number;
  /** Whether the edition has a live_sessions row. */
  exists: boolean;
}

/**
 * The live session of an edition: the host's commands (judged by live.rules.ts applyCommand),
 * the snapshot every screen draws from, the expert panel, and the auto-close of scoring
 * windows. Check-in and attendance live in their own services, reached through this one.
 */
export class LiveService {
  readonly checkins: CheckInService;
  readonly attendance: AttendanceService;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    readonly db: Db,
    readonly config: Config,
    readonly clock: Clock,
    readonly audit: AuditService,
    readonly realtime: RealtimeHub,
  ) {
    this.checkins = new CheckInService(db, clock, audit, realtime);
    this.attendance = new AttendanceService(db, clock);
    realtime.setDataSource({
      snapshot: (editionId, audience) => this.snapshot(editionId, audience),
      counters: (editionId) => this.counters(editionId),
    });
  }

  /** The host console's view of the session. */
  async getConsole(ctx: RequestContext, editionId: string): Promise<LiveSnapshot> {
    const { edition } = await loadForHost(this.db, ctx, editionId);
    return this.snapshotOf(edition);
  }

  /**
   * Applies a host's command (see applyCommand for the steps and the side effects). A refused
   * command is a 409 live_command_refused with the reasons in Chinese.
   */
  async command(ctx: RequestContext, editionId: string, command: LiveCommand): Promise<LiveSnapshot> {
    const { actor, edition } = await loadForHost(this.db, ctx, editionId);
    if (edition.status === 'live') await liveRepository.startSession(this.db, editionId, isoNow(this.clock));
    const next = await this.db.transaction().execute(async (trx) => {
      const stored = await this.readStored(trx, editionId);
      const talks = await liveRepository.talks(trx, editionId);
      const now = isoNow(this.clock);
      const result = applyCommand(stored.state, command, {
        editionStatus: edition.status as EditionStatus,
        talkIds: talks.map((t) => t.id),
        now,
        newWindowId: newId(),
      });
      if (!result.ok) throw conflict('live_command_refused', { reasons: result.reasons });
      const written = await this.write(trx, editionId, stored.version, result.next, result.effects, actor.userId, now);
      if (!written) throw conflict('live_command_refused', { reasons: ['现场状态刚刚已被其他主持人更改，请刷新后重试'] });
      await this.audit.record(trx, ctx, {
        action: `live.${command.command}`,
        entityType: 'edition',
        entityId: editionId,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        before: statePayload(stored.state),
        after: { command, ...statePayload(result.next) },
      });
      return result.next;
    });
    this.realtime.publish(editionId, 'public', 'live.state', statePayload(next));
    this.arm(editionId, next);
    return this.snapshotOf(edition);
  }

  /** The audience's view, for the phones and the big screen: no session needed, only an edition that is ready or live. */
  async getAudienceState(editionId: string): Promise<LiveSnapshot> {
    const edition = await loadForAudience(this.db, editionId);
    return this.snapshotOf(edition);
  }

  /** The units of the hall's subtree, for the phone's roster check-in: names only, active units, in tree order. */
  async checkInUnits(editionId: string): Promise<CheckInUnitsT> {
    const edition = await loadForAudience(this.db, editionId);
    const units = (await orgUnitRepository.list(this.db, false)).filter((u) => u.path.startsWith(edition.unit_path));
    const names = await unitPathNames(
      this.db,
      units.map((u) => u.path),
    );
    return { items: units.map((u) => ({ id: u.id, name: names.get(u.path) ?? u.name })) };
  }

  /** The check-in QR code as SVG, pointing at the audience page (PUBLIC_URL + /audience/<editionId>). */
  async checkInQr(editionId: string): Promise<string> {
    const edition = await loadForAudience(this.db, editionId);
    return QRCode.toString(checkInUrlOf(this.config, edition.id), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  async listExperts(ctx: RequestContext, editionId: string): Promise<LiveExpertsT> {
    await loadForHost(this.db, ctx, editionId);
    return this.expertsOf(editionId);
  }

  /**
   * Makes the edition's expert panel exactly these users: each must be an enabled user holding
   * the expert role over a unit related to the hall's (400 validation_failed naming each one
   * that is not). Their ballots are kept as the expert group.
   */
  async appointExperts(ctx: RequestContext, editionId: string, body: AppointExpertsBodyT): Promise<LiveExpertsT> {
    const actor = requireActor(ctx);
    const edition = await findEdition(this.db, editionId);
    requireManage(actor, edition.unit_path);
    const ids = [...new Set(body.expertUserIds)];
    await requireExperts(this.db, body.expertUserIds, edition.unit_path, 'body.expertUserIds');
    const before = (await this.expertsOf(editionId)).items.map((e) => e.userId);
    await this.db.transaction().execute(async (trx) => {
      await liveRepository.replaceExperts(trx, editionId, ids, isoNow(this.clock));
      await this.audit.record(trx, ctx, {
        action: 'live.experts_appointed',
        entityType: 'edition',
        entityId: editionId,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        before: { expertUserIds: before },
        after: { expertUserIds: ids },
      });
    });
    return this.expertsOf(editionId);
  }

  /** The realtime hub's data source: the snapshot a (re)connecting socket is sent. Hosts and the audience see the same. */
  async snapshot(editionId: string, _audience: SocketAudience): Promise<LiveSnapshot> {
    return this.snapshotOf(await findEdition(this.db, editionId));
  }

  /** The realtime hub's data source: the counters a tally push carries. */
  counters(editionId: string): Promise<LiveCounters> {
    return buildCounters(this.db, this.realtime, editionId);
  }

  /**
   * Closes the edition's scoring window if its auto-close time has passed, and tells the
   * screens. Whichever instance gets there first closes it; the others find it closed.
   */
  async closeExpired(editionId: string): Promise<boolean> {
    const now = isoNow(this.clock);
    const closed = await this.db.transaction().execute(async (trx) => {
      const stored = await this.readStored(trx, editionId);
      const { next, effects } = settle(stored.state, now);
      if (effects.length === 0 || !stored.exists) return null;
      if (!(await this.write(trx, editionId, stored.version, next, effects, null, now))) return null;
      const edition = await findEdition(trx, editionId);
      await this.audit.record(trx, systemContext('live.auto_close'), {
        action: 'live.scoring_auto_closed',
        entityType: 'edition',
        entityId: editionId,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        before: statePayload(stored.state),
        after: statePayload(next),
      });
      return next;
    });
    if (!closed) return false;
    this.realtime.publish(editionId, 'public', 'live.state', statePayload(closed));
    this.disarm(editionId);
    return true;
  }

  /** Stops the auto-close timers of this instance (the app is closing); a restart closes expired windows on read. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async expertsOf(editionId: string): Promise<LiveExpertsT> {
    const rows = await liveRepository.experts(this.db, editionId);
    return { items: rows.map((r) => ({ userId: r.user_id, displayName: r.display_name })) };
  }

  /** The snapshot of an edition, after closing an expired window (lazily: the timer may have been on another instance). */
  private async snapshotOf(edition: EditionRow): Promise<LiveSnapshot> {
    if (edition.status === 'live') await liveRepository.startSession(this.db, edition.id, isoNow(this.clock));
    let stored = await this.readStored(this.db, edition.id);
    if (settle(stored.state, isoNow(this.clock)).effects.length > 0) {
      await this.closeExpired(edition.id);
      stored = await this.readStored(this.db, edition.id);
    }
    return buildSnapshot(this.db, { config: this.config, realtime: this.realtime }, edition, stored.state, stored.version);
  }

  private async readStored(db: Db, editionId: string): Promise<StoredState> {
    const session = await liveRepository.findSession(db, editionId);
    const window = session?.window_id ? await liveRepository.findWindow(db, session.window_id) : undefined;
    return { state: stateOf(session, window), version: session ? Number(session.version) : 0, exists: session !== undefined };
  }

  /** Writes the window rows and the session row; false when another write got there first. */
  private async write(db: Db, editionId: string, version: number, next: LiveState, effects: LiveEffect[], actorUserId: string | null, now: string) {
    const updated = await liveRepository.updateSession(db, editionId, version, {
      step: next.step,
      step_started_at: next.stepStartedAt,
      checkin_open: next.checkinOpen ? 1 : 0,
      current_talk_id: next.currentTalkId,
      window_id: next.window?.id ?? null,
      screen: next.screen,
      updated_at: now,
    });
    if (!updated) return false;
    for (const e of effects) {
      if (e.kind === 'close_window') await liveRepository.closeWindow(db, e.windowId, e.at, e.by === 'host' ? actorUserId : null);
      else
        await liveRepository.insertWindow(db, {
          id: e.window.id,
          edition_id: editionId,
          talk_id: e.window.talkId,
          opened_at: e.window.openedAt,
          closes_at: e.window.closesAt,
          closed_at: null,
          opened_by: actorUserId,
          closed_by: null,
        });
    }
    return true;
  }

  /** Sets (or clears) this instance's timer for the window's auto-close. */
  private arm(editionId: string, state: LiveState): void {
    this.disarm(editionId);
    const w = state.window;
    if (this.stopped || !w || w.closedAt !== null || w.closesAt === null) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(w.closesAt) - this.clock.now().getTime()) + 50);
    const timer = setTimeout(() => {
      this.timers.delete(editionId);
      this.closeExpired(editionId)
        .then(async (closed) => {
          // Not yet due (the timer woke early, or the clock is not the wall clock): wait again.
          if (!closed) {
            const stored = await this.readStored(this.db, editionId);
            if (stored.state.window?.id === w.id) this.arm(editionId, stored.state);
          }
        })
        // The database may be closing with the app; a read closes the window later anyway.
        .catch(() => {});
    }, wait);
    timer.unref();
    this.timers.set(editionId, timer);
  }

  private disarm(editionId: string): void {
    const t = this.timers.get(editionId);
    if (t) clearTimeout(t);
    this.timers.delete(editionId);
  }
}
