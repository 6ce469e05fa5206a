import { newId } from '../../src/lib/ids';
import { makeEdition, makeHall, makePerson } from '../factories';
import { linkUser, makeTalk } from '../programme-factories';
import { talkPeople, userId } from './reviews.cases';
import { type Case, type Fixture, MANAGERS, scoped } from './types';

/*
 * Coaching sessions. The target edition lies in a hall of fx.bureau; its session has expert_in
 * as its expert and one talk whose speaker is cadre_in (linked at each request). Hall managers
 * inside, that expert and that speaker are the session's people; nobody else sees it. Writes
 * get fresh sessions.
 */

const NOW = '2026-01-01T00:00:00.000Z';
const hall = (fx: Fixture) => fx.memo('coaching.hall', () => makeHall(fx.db, fx.bureau, { name: '培训矩阵讲堂' }));
const edition = (fx: Fixture) => fx.memo('coaching.edition', async () => makeEdition(fx.db, (await hall(fx)).id, { status: 'preparing', speakerCount: 5 }));
const talk = (fx: Fixture) =>
  fx.memo('coaching.talk', async () => {
    const person = await makePerson(fx.db, fx.bureau, { name: `培训矩阵${fx.next()}`, birthDate: '1991-02-02' });
    const t = await makeTalk(fx.db, { editionId: (await edition(fx)).id, personId: person.id, nominatedBy: fx.managedUserId });
    return { talkId: t.id, personId: person.id };
  });

/** A session of the edition with expert_in and the talk, written as createCoachingSession leaves it. */
async function newSession(fx: Fixture): Promise<string> {
  const id = newId();
  await fx.db
    .insertInto('coaching_sessions')
    .values({
      id,
      edition_id: (await edition(fx)).id,
      date: '2026-02-10',
      start_time: '09:00',
      place: '市委党校',
      notes: '',
      created_by: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  await fx.db
    .insertInto('coaching_session_experts')
    .values({ session_id: id, expert_user_id: await userId(fx, 'expert_in') })
    .execute();
  await fx.db
    .insertInto('coaching_session_talks')
    .values({ session_id: id, talk_id: (await talk(fx)).talkId })
    .execute();
  return id;
}
const session = (fx: Fixture) => fx.memo('coaching.session', () => newSession(fx));

async function asSpeaker(fx: Fixture) {
  await session(fx);
  await linkUser(fx.db, 'cadre_in', (await talk(fx)).personId);
}

const feedback = {
  scores: { language: 8, deportment: 7, timing: 9, structure: 8 },
  notes: { language: '', deportment: '', timing: '', structure: '' },
  overall: '表达清晰',
};

export const COACHING_CASES: Record<string, Case> = {
  listCoachingSessions: {
    request: async (fx) => {
      await asSpeaker(fx);
      return { method: 'GET', url: `/api/editions/${(await edition(fx)).id}/coaching-sessions` };
    },
    expected: talkPeople(200),
  },
  createCoachingSession: {
    request: async (fx) => ({
      method: 'POST',
      url: `/api/editions/${(await edition(fx)).id}/coaching-sessions`,
      payload: { date: '2026-02-20', place: '卫健委会议室', expertUserIds: [await userId(fx, 'expert_in')], talkIds: [(await talk(fx)).talkId] },
    }),
    expected: scoped(MANAGERS, 201),
  },
  updateCoachingSession: {
    request: async (fx) => ({ method: 'PATCH', url: `/api/coaching-sessions/${await newSession(fx)}`, payload: { place: '市民中心' } }),
    expected: scoped(MANAGERS, 200),
  },
  recordCoachingFeedback: {
    request: async (fx) => ({ method: 'PUT', url: `/api/coaching-sessions/${await newSession(fx)}/feedback/${(await talk(fx)).talkId}`, payload: feedback }),
    // The session's expert alone.
    expected: scoped(['expert'], 200),
  },
  getTalkCoaching: {
    request: async (fx) => {
      await asSpeaker(fx);
      return { method: 'GET', url: `/api/talks/${(await talk(fx)).talkId}/coaching` };
    },
    // The speaker, the managers, and the expert who coached it in the session.
    expected: talkPeople(200),
  },
  getCoachingGrid: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await edition(fx)).id}/coaching-grid` }),
    expected: scoped(MANAGERS, 200),
  },
};
