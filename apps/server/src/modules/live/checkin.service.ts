import type { AttendeeList, Attendee as AttendeeT, AudienceCategory, CheckInBody, CheckInResult } from '@lecture-hall/shared';
import type { z } from 'zod';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { AppError, badRequest } from '../../lib/errors';
import { newId, newToken } from '../../lib/ids';
import type { RealtimeHub } from '../../realtime';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../auth/actor';
import { requireActor } from '../auth/policy';
import { attendanceRepository } from './attendance.repository';
import { hashAttendeeToken } from './attendee-auth';
import { type AttendeeRow, attendeeAuthRepository } from './attendee-auth.repository';
import { liveRepository } from './live.repository';
import { AUDIENCE_STATUSES, findEdition, loadForHost } from './live-access';

type CheckInBodyT = z.infer<typeof CheckInBody>;
type CheckInResultT = z.infer<typeof CheckInResult>;
type AttendeeListT = z.infer<typeof AttendeeList>;

/** Who is checking in, once the mode is resolved: a person of the roster, an account, or a guest. */
interface Identity {
  kind: 'user' | 'roster' | 'guest';
  userId: string | null;
  personId: string | null;
  displayName: string;
}

export function toAttendee(r: AttendeeRow, override: Partial<Pick<AttendeeT, 'counted'>> = {}): AttendeeT {
  return {
    id: r.id,
    editionId: r.edition_id,
    category: r.category as AudienceCategory,
    displayName: r.display_name,
    secondDevice: r.first_attendee_id !== null,
    counted: Number(r.counted) === 1,
    ...override,
  };
}

/** Whether the attendee row a device already holds is this same identity (a re-scan) rather than someone else's. */
function sameIdentity(row: AttendeeRow, who: Identity): boolean {
  if (who.personId) return row.person_id === who.personId;
  if (who.kind === 'user') return row.person_id === null && row.user_id === who.userId;
  return row.kind === 'guest';
}

/**
 * Check-in (签到) to an edition's live session, by the phones of the audience. A person counts
 * once per edition (人次): a re-scan from the same device (it presents its token) returns the
 * same attendee; another device for the same person gets an attendee of its own, not counted
 * and flagged for the host as a second device. A guest's device counts once.
 */
export class CheckInService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeHub,
  ) {}

  /**
   * Checks a device in (409 checkin_closed unless the edition is ready or live and its check-in
   * open). The token is returned once, in the body (and set as a cookie by the route): only its
   * SHA-256 is stored. Side effects: an attendee row, an audit entry 'attendee.checked_in'
   * carrying ids only, and after the commit a tally push.
   */
  async checkIn(ctx: RequestContext, editionId: string, body: CheckInBodyT, presentedToken: string | null): Promise<CheckInResultT> {
    const edition = await findEdition(this.db, editionId);
    const session = await liveRepository.findSession(this.db, editionId);
    if (!(AUDIENCE_STATUSES as readonly string[]).includes(edition.status) || !session || Number(session.checkin_open) !== 1) {
      throw new AppError(409, 'checkin_closed');
    }
    const className = body.category === 'party_school' ? body.className : '';
    if (body.category === 'party_school' && !className) {
      throw badRequest('validation_failed', [{ path: 'body.className', message: '党校学员请填写班次' }]);
    }
    const who = await this.identify(ctx, body, edition.unit_path);
    const presented = presentedToken ? await attendeeAuthRepository.findByTokenHash(this.db, hashAttendeeToken(presentedToken)) : undefined;
    const device = presented && presented.edition_id === editionId ? presented : undefined;
    const nowIso = isoNow(this.clock);

    const result = await this.db.transaction().execute(async (trx): Promise<CheckInResultT> => {
      // Check-ins of one person are decided one after the other, so that two phones at once never both count.
      if (who.kind !== 'guest') await liveRepository.lockSession(trx, editionId);
      if (device && sameIdentity(device, who)) {
        await attendanceRepository.touch(trx, device.id, nowIso);
        return { attendee: toAttendee(device, { counted: false }), token: presentedToken! };
      }
      const first = who.personId
        ? await attendanceRepository.firstOfPerson(trx, editionId, who.personId)
        : who.kind === 'user' && who.userId
          ? await attendanceRepository.firstOfUser(trx, editionId, who.userId)
          : undefined;
      const token = newToken();
      const row: AttendeeRow = {
        id: newId(),
        edition_id: editionId,
        token_hash: hashAttendeeToken(token),
        kind: who.kind,
        user_id: who.userId,
        person_id: who.personId,
        category: body.category,
        class_name: className,
        display_name: who.displayName,
        first_attendee_id: first?.id ?? null,
        counted: first ? 0 : 1,
        created_at: nowIso,
        last_seen_at: nowIso,
      };
      await attendanceRepository.insert(trx, row);
      await this.audit.record(trx, ctx, {
        action: 'attendee.checked_in',
        entityType: 'attendee',
        entityId: row.id,
        orgUnit: { id: edition.unit_id, path: edition.unit_path },
        after: {
          editionId,
          kind: row.kind,
          category: row.category,
          personId: row.person_id,
          userId: row.user_id,
          counted: row.counted === 1,
          firstAttendeeId: row.first_attendee_id,
        },
      });
      return { attendee: toAttendee(row), token };
    });
    this.realtime.tallyChanged(editionId);
    return result;
  }

  /** The edition's attendees for the host, in check-in order; `flaggedOnly` keeps the second devices. */
  async listAttendees(ctx: RequestContext, editionId: string, flaggedOnly: boolean): Promise<AttendeeListT> {
    await loadForHost(this.db, ctx, editionId);
    const rows = await attendanceRepository.list(this.db, editionId, flaggedOnly);
    return { items: rows.map((r) => ({ ...toAttendee(r), checkedInAt: r.created_at, kind: r.kind as 'user' | 'roster' | 'guest' })) };
  }

  private async identify(ctx: RequestContext, body: CheckInBodyT, hallUnitPath: string): Promise<Identity> {
    switch (body.mode) {
      case 'user': {
        const actor = requireActor(ctx);
        return { kind: 'user', userId: actor.userId, personId: actor.personId, displayName: actor.displayName };
      }
      case 'roster': {
        // The person must be of the hall's unit or below it, and the last four digits of the phone on file must match.
        const match = (await attendanceRepository.rosterCandidates(this.db, body.name, body.unitId)).find(
          (p) => p.unit_path.startsWith(hallUnitPath) && p.phone !== null && p.phone.slice(-4) === body.phoneLast4,
        );
        if (!match) throw new AppError(404, 'roster_no_match');
        return { kind: 'roster', userId: null, personId: match.id, displayName: match.name };
      }
      case 'guest':
        return { kind: 'guest', userId: null, personId: null, displayName: body.name };
    }
  }
}
