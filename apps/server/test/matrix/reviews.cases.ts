import { REVIEW_CHECKLIST } from '@lecture-hall/shared';
import { makeEdition, makeHall, makePerson } from '../factories';
import { linkUser, makeTalk } from '../programme-factories';
import { assignExpert, makeDeckVersion } from '../review-factories';
import { type Case, type Fixture, MANAGERS, scoped, signedIn, type Who } from './types';

/*
 * Decks, reviews and readiness. Every target is a talk of a preparing edition in a hall of
 * fx.bureau. The talk's own people are: its speaker (cadre_in, linked to the talk's person at
 * each request, since other cases relink it) and its assigned expert (expert_in); with the hall
 * managers inside, they are the only ones who see a deck. Writes get fresh talks and editions.
 */

export const userId = async (fx: Fixture, username: string) =>
  (await fx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

const hall = (fx: Fixture) => fx.memo('reviews.hall', () => makeHall(fx.db, fx.bureau, { name: '课件矩阵讲堂' }));
const edition = (fx: Fixture) => fx.memo('reviews.edition', async () => makeEdition(fx.db, (await hall(fx)).id, { status: 'preparing', speakerCount: 5 }));

/** A talk of the edition with a deck version and expert_in assigned to it. */
async function newTalk(fx: Fixture, editionId?: string) {
  const person = await makePerson(fx.db, fx.bureau, { name: `课件矩阵${fx.next()}`, birthDate: '1991-01-01' });
  const talk = await makeTalk(fx.db, { editionId: editionId ?? (await edition(fx)).id, personId: person.id, nominatedBy: fx.managedUserId });
  await assignExpert(fx.db, talk.id, await userId(fx, 'expert_in'));
  const version = await makeDeckVersion(fx.db, { talkId: talk.id, version: 1, uploadedBy: fx.managedUserId });
  return { talkId: talk.id, personId: person.id, versionId: version.id };
}
const talk = (fx: Fixture) => fx.memo('reviews.talk', () => newTalk(fx));

/** The talk's speaker is cadre_in, for this request. */
async function asSpeaker(fx: Fixture, personId: string) {
  await linkUser(fx.db, 'cadre_in', personId);
}

/** Hall managers inside, the assigned expert and the speaker: the people of one talk. */
export const talkPeople = (ok: number) => (who: Who) =>
  who === 'anonymous' ? 401 : who.inside && ['city_admin', 'hall_admin', 'expert', 'cadre'].includes(who.role) ? ok : 403;

const approve = { checklist: REVIEW_CHECKLIST.map((item) => ({ item, ok: true, note: '' })), comments: [], verdict: 'approve' };

export const REVIEWS_CASES: Record<string, Case> = {
  getDeck: {
    request: async (fx) => {
      const t = await talk(fx);
      await asSpeaker(fx, t.personId);
      return { method: 'GET', url: `/api/talks/${t.talkId}/deck` };
    },
    expected: talkPeople(200),
  },
  listEditionDecks: {
    request: async (fx) => {
      await asSpeaker(fx, (await talk(fx)).personId);
      return { method: 'GET', url: `/api/editions/${(await edition(fx)).id}/decks` };
    },
    // Managers see every deck, the expert and the speaker their own rows; anyone else is refused.
    expected: talkPeople(200),
  },
  assignExperts: {
    request: async (fx) => ({
      method: 'PUT',
      url: `/api/talks/${(await newTalk(fx)).talkId}/experts`,
      payload: { expertUserIds: [await userId(fx, 'expert_in')] },
    }),
    expected: scoped(MANAGERS, 200),
  },
  listExperts: {
    request: async (fx) => ({ method: 'GET', url: `/api/experts?editionId=${(await edition(fx)).id}` }),
    expected: scoped(MANAGERS, 200),
  },
  listReviews: {
    request: async (fx) => {
      const t = await talk(fx);
      await asSpeaker(fx, t.personId);
      return { method: 'GET', url: `/api/talks/${t.talkId}/reviews` };
    },
    expected: talkPeople(200),
  },
  submitReview: {
    request: async (fx) => {
      const t = await newTalk(fx);
      await asSpeaker(fx, t.personId);
      return { method: 'POST', url: `/api/deck-versions/${t.versionId}/reviews`, payload: approve };
    },
    // The assigned expert alone; the speaker and the managers see the deck but may not review it.
    expected: scoped(['expert'], 201),
  },
  listMyReviewAssignments: { request: () => ({ method: 'GET', url: '/api/reviews/assigned' }), expected: signedIn(200) },
  getReadiness: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await edition(fx)).id}/readiness` }),
    expected: scoped(MANAGERS, 200),
  },
  overrideReadiness: {
    request: async (fx) => {
      // A fresh preparing edition whose one deck is not approved yet.
      const ed = await makeEdition(fx.db, (await hall(fx)).id, { status: 'preparing', speakerCount: 1 });
      await newTalk(fx, ed.id);
      return { method: 'POST', url: `/api/editions/${ed.id}/readiness-override`, payload: { reason: '课件已线下审核，先行放行' } };
    },
    expected: scoped(MANAGERS, 200),
  },
};
