import { newId } from '../../src/lib/ids';
import { makeEdition, makeHall } from '../factories';
import { idemKey, makeAttendee, makeLiveSession } from '../question-factories';
import type { Case, Fixture, Who } from './types';

/*
 * Live Q&A. The target is a live edition in a hall of fx.bureau. The public list answers
 * everyone alike, signed in or not. The audience's writes (ask, upvote) take an attendee
 * token, not a session: without one every caller, whatever its roles, gets 401
 * attendee_required; the askQuestion row sends a fresh attendee's token with each request to
 * show the 201 that token earns anyone. The host's operations are for hosts over the hall's
 * unit (its subtree), city admins over it and the hall admin of the hall's own unit (inside);
 * everyone else signed in gets 403.
 */

const NOW = '2026-01-01T00:00:00.000Z';

const live = (fx: Fixture) =>
  fx.memo('questions.edition', async () => {
    const hall = await makeHall(fx.db, fx.bureau, { name: '问答矩阵讲堂' });
    const edition = await makeEdition(fx.db, hall.id, { status: 'ready', date: '2026-05-20' });
    await makeLiveSession(fx.db, edition.id);
    const asker = await makeAttendee(fx.db, edition.id);
    const approvedId = await question(fx, edition.id, asker.id, 'approved');
    return { editionId: edition.id, askerId: asker.id, approvedId };
  });

async function question(fx: Fixture, editionId: string, attendeeId: string, state: 'pending' | 'approved'): Promise<string> {
  const id = newId();
  await fx.db
    .insertInto('questions')
    .values({
      id,
      edition_id: editionId,
      talk_id: null,
      attendee_id: attendeeId,
      text: '矩阵问题',
      state,
      held_reason: null,
      pinned: 0,
      merged_into: null,
      upvotes: 0,
      idempotency_key: idemKey(),
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return id;
}

const hosts = (ok: number) => (who: Who) => (who === 'anonymous' ? 401 : who.inside && ['host', 'city_admin', 'hall_admin'].includes(who.role) ? ok : 403);

export const QUESTIONS_CASES: Record<string, Case> = {
  askQuestion: {
    request: async (fx) => {
      const { editionId } = await live(fx);
      const attendee = await makeAttendee(fx.db, editionId);
      return {
        method: 'POST',
        url: `/api/live/${editionId}/questions`,
        headers: attendee.headers,
        payload: { text: '请问如何落实？', idempotencyKey: idemKey() },
      };
    },
    expected: () => 201,
  },
  listPublicQuestions: {
    request: async (fx) => ({ method: 'GET', url: `/api/live/${(await live(fx)).editionId}/questions` }),
    expected: () => 200,
  },
  upvoteQuestion: {
    request: async (fx) => ({ method: 'POST', url: `/api/questions/${(await live(fx)).approvedId}/upvote` }),
    expected: () => 401,
  },
  removeUpvote: {
    request: async (fx) => ({ method: 'DELETE', url: `/api/questions/${(await live(fx)).approvedId}/upvote` }),
    expected: () => 401,
  },
  listLiveQuestions: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await live(fx)).editionId}/live/questions` }),
    expected: hosts(200),
  },
  moderateQuestion: {
    // A fresh pending question each time, so that every allowed caller's approval is a real transition.
    request: async (fx) => {
      const { editionId, askerId } = await live(fx);
      return { method: 'POST', url: `/api/questions/${await question(fx, editionId, askerId, 'pending')}/moderate`, payload: { action: 'approve' } };
    },
    expected: hosts(200),
  },
};
