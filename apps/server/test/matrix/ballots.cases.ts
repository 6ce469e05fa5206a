import { appointExpert, flatScores, idemKey, makeAttendee, makeLiveEdition, openWindow } from '../ballot-factories';
import { userId } from './reviews.cases';
import type { Case, Fixture, Who } from './types';

/*
 * Ballots. The target edition is live in a hall of fx.bureau, with the first speaker's window
 * open and expert_in appointed to its panel. Phones prove themselves with an attendee token,
 * not a session: with a token every caller is taken, whatever role its session holds. The
 * expert ballot needs a session of an appointed expert: anonymous 401, everyone else 403.
 */

const live = (fx: Fixture) =>
  fx.memo('ballots.live', async () => {
    const ed = await makeLiveEdition(fx.db, { unit: fx.bureau });
    await openWindow(fx.db, ed.editionId, ed.talkIds[0]!);
    await appointExpert(fx.db, ed.editionId, await userId(fx, 'expert_in'));
    return ed;
  });

export const BALLOTS_CASES: Record<string, Case> = {
  submitBallot: {
    // A fresh attendee per caller keeps each well inside the per-credential limit.
    request: async (fx) => {
      const ed = await live(fx);
      const a = await makeAttendee(fx.db, ed.editionId);
      return {
        method: 'POST',
        url: `/api/live/${ed.editionId}/ballots`,
        headers: { 'x-attendee-token': a.token },
        payload: { talkId: ed.talkIds[0], scores: flatScores(7), idempotencyKey: idemKey() },
      };
    },
    expected: () => 200,
  },
  submitExpertBallot: {
    request: async (fx) => {
      const ed = await live(fx);
      return {
        method: 'POST',
        url: `/api/editions/${ed.editionId}/live/expert-ballots`,
        payload: { talkId: ed.talkIds[0], scores: flatScores(8), idempotencyKey: idemKey() },
      };
    },
    expected: (who: Who) => (who === 'anonymous' ? 401 : who.role === 'expert' && who.inside ? 200 : 403),
  },
  getMyAudienceState: {
    request: async (fx) => {
      const ed = await live(fx);
      const a = await fx.memo('ballots.attendee', () => makeAttendee(fx.db, ed.editionId));
      return { method: 'GET', url: `/api/live/${ed.editionId}/me`, headers: { 'x-attendee-token': a.token } };
    },
    expected: () => 200,
  },
};
