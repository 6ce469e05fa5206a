import { makeEdition, makeHall, makePerson } from '../factories';
import { makeTalk } from '../programme-factories';
import { type Case, everyone, type Fixture, MANAGERS, scoped, type Who } from './types';

/*
 * The live session. The target is a live edition of a hall owned by fx.bureau, its check-in
 * open. The host console (state, commands, attendees, experts, the attendance export) is for
 * 'live.host': hosts over the subtree, city admins and the bureau's hall admin — inside only.
 * Appointing the expert panel is managing the hall. Attendance counts are read by anyone who
 * sees the hall. The audience's endpoints (state, QR code, check-in as a guest) need no session
 * and answer everyone alike: attendees have no account.
 */

const HOSTS = ['host', 'city_admin', 'hall_admin'] as const;

const live = (fx: Fixture) =>
  fx.memo('live.edition', async () => {
    const hall = await makeHall(fx.db, fx.bureau, { name: '现场矩阵讲堂' });
    const edition = await makeEdition(fx.db, hall.id, { status: 'live', speakerCount: 1 });
    const person = await makePerson(fx.db, fx.bureau, { name: '现场矩阵讲课人', birthDate: '1992-02-02' });
    await makeTalk(fx.db, { editionId: edition.id, personId: person.id, nominatedBy: fx.managedUserId, title: '现场矩阵讲题' });
    await fx.db
      .insertInto('live_sessions')
      .values({
        edition_id: edition.id,
        step: 'checkin',
        step_started_at: null,
        checkin_open: 1,
        current_talk_id: null,
        window_id: null,
        screen: 'welcome',
        version: 0,
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    const expert = await fx.db.selectFrom('users').select('id').where('username', '=', 'expert_in').executeTakeFirstOrThrow();
    return { hallId: hall.id, editionId: edition.id, expertId: expert.id };
  });

/** Anyone whose grant is related to the hall's unit: every role inside, nobody outside. */
const seers = (ok: number) => (who: Who) => (who === 'anonymous' ? 401 : who.inside ? ok : 403);

export const LIVE_CASES: Record<string, Case> = {
  getLiveConsole: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await live(fx)).editionId}/live` }),
    expected: scoped(HOSTS, 200),
  },
  sendLiveCommand: {
    // Showing the welcome page again changes nothing, so every allowed caller gets the same answer.
    request: async (fx) => ({
      method: 'POST',
      url: `/api/editions/${(await live(fx)).editionId}/live/commands`,
      payload: { command: 'screen', mode: 'welcome' },
    }),
    expected: scoped(HOSTS, 200),
  },
  listLiveExperts: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await live(fx)).editionId}/live/experts` }),
    expected: scoped(HOSTS, 200),
  },
  appointLiveExperts: {
    request: async (fx) => {
      const l = await live(fx);
      return { method: 'PUT', url: `/api/editions/${l.editionId}/live/experts`, payload: { expertUserIds: [l.expertId] } };
    },
    expected: scoped(MANAGERS, 200),
  },
  listAttendees: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await live(fx)).editionId}/live/attendees?flagged=true` }),
    expected: scoped(HOSTS, 200),
  },
  getAttendance: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await live(fx)).editionId}/attendance` }),
    expected: seers(200),
  },
  exportAttendance: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await live(fx)).editionId}/attendance/export` }),
    expected: scoped(HOSTS, 200),
  },
  getHallAttendance: {
    request: async (fx) => ({ method: 'GET', url: `/api/halls/${(await live(fx)).hallId}/attendance` }),
    expected: seers(200),
  },
  getAudienceState: {
    request: async (fx) => ({ method: 'GET', url: `/api/live/${(await live(fx)).editionId}` }),
    expected: everyone(200),
  },
  listCheckInUnits: {
    request: async (fx) => ({ method: 'GET', url: `/api/live/${(await live(fx)).editionId}/units` }),
    expected: everyone(200),
  },
  getCheckInQr: {
    request: async (fx) => ({ method: 'GET', url: `/api/live/${(await live(fx)).editionId}/qr.svg` }),
    expected: everyone(200),
  },
  checkIn: {
    request: async (fx) => ({ method: 'POST', url: `/api/live/${(await live(fx)).editionId}/check-in`, payload: { mode: 'guest', category: 'other' } }),
    expected: everyone(201),
  },
};
