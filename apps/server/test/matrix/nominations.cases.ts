import { ROLES } from '@lecture-hall/shared';
import { makeEdition, makeHall, makePerson } from '../factories';
import { linkUser, makeNomination, makeNotification, makeTalk } from '../programme-factories';
import { type Case, type Fixture, MANAGERS, scoped, signedIn } from './types';

/*
 * Nominations, selection, talks and notifications. Every target lies in a hall owned by
 * fx.bureau, so a hall admin inside runs it and a city admin inside (its grant over the bureau)
 * too; grants over the sibling bureau neither manage nor see it. Writes get fresh people (and
 * a fresh edition where the edition's state changes), so each request stands on its own.
 */

const hall = (fx: Fixture) => fx.memo('nominations.hall', () => makeHall(fx.db, fx.bureau, { name: '推选矩阵讲堂' }));
/** A recruiting edition with room for everyone the matrix nominates. */
const edition = (fx: Fixture) =>
  fx.memo('nominations.edition', async () => makeEdition(fx.db, (await hall(fx)).id, { status: 'recruiting', date: '2026-03-15', speakerCount: 5 }));
const freshPerson = async (fx: Fixture) => (await makePerson(fx.db, fx.bureau, { name: `推选矩阵${fx.next()}`, birthDate: '1992-01-01' })).id;

const selfBody = { proposedTitle: '矩阵讲题', proposedAbstract: '这是一段足够长的内容简介，用于矩阵测试。', angle: 'theory_study' };

export const NOMINATIONS_CASES: Record<string, Case> = {
  checkEligibility: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await edition(fx)).id}/eligibility?personId=${fx.personId}` }),
    // Managers about anyone, liaisons about people in their scope; a cadre only about itself (not this person).
    expected: scoped(['city_admin', 'hall_admin', 'liaison'], 200),
  },
  createOrgPick: {
    request: async (fx) => ({
      method: 'POST',
      url: `/api/editions/${(await edition(fx)).id}/nominations/org-pick`,
      payload: { personId: await freshPerson(fx) },
    }),
    expected: scoped(MANAGERS, 201),
  },
  recommendCandidate: {
    // A person of fx.bureau: liaison_in's own unit, outside liaison_out's.
    request: async (fx) => ({
      method: 'POST',
      url: `/api/editions/${(await edition(fx)).id}/nominations/recommend`,
      payload: { personId: await freshPerson(fx) },
    }),
    expected: scoped(['liaison'], 201),
  },
  nominateSelf: {
    request: async (fx) => {
      // The matrix's users have no person: the calling cadre (in or out) is linked here to a fresh
      // person of fx.bureau, so that it has someone to nominate. cadre_out still cannot see the hall.
      await linkUser(fx.db, 'cadre_in', await freshPerson(fx));
      await linkUser(fx.db, 'cadre_out', await freshPerson(fx));
      return { method: 'POST', url: `/api/editions/${(await edition(fx)).id}/nominations/self`, payload: selfBody };
    },
    expected: scoped(['cadre'], 201),
  },
  listCandidates: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await edition(fx)).id}/nominations` }),
    // The candidate board shows ages and histories: hall managers only, never a cadre or a liaison.
    expected: scoped(MANAGERS, 200),
  },
  listMyNominations: { request: () => ({ method: 'GET', url: '/api/nominations/mine' }), expected: signedIn(200) },
  decideNomination: {
    request: async (fx) => {
      const n = await makeNomination(fx.db, { editionId: (await edition(fx)).id, personId: await freshPerson(fx), nominatedBy: fx.managedUserId });
      return { method: 'POST', url: `/api/nominations/${n.id}/decision`, payload: { action: 'shortlist' } };
    },
    expected: scoped(MANAGERS, 200),
  },
  confirmSelection: {
    request: async (fx) => {
      const ed = await makeEdition(fx.db, (await hall(fx)).id, { status: 'recruiting', date: '2026-04-15', speakerCount: 1 });
      const n = await makeNomination(fx.db, { editionId: ed.id, personId: await freshPerson(fx), nominatedBy: fx.managedUserId });
      return { method: 'PUT', url: `/api/editions/${ed.id}/selection`, payload: { nominationIds: [n.id] } };
    },
    expected: scoped(MANAGERS, 200),
  },
  listTalks: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await edition(fx)).id}/talks` }),
    // Anyone who can see the hall: every role inside.
    expected: scoped(ROLES, 200),
  },
  updateTalk: {
    request: async (fx) => {
      const talk = await makeTalk(fx.db, { editionId: (await edition(fx)).id, personId: await freshPerson(fx), nominatedBy: fx.managedUserId });
      return { method: 'PATCH', url: `/api/talks/${talk.id}`, payload: { title: '改过的讲题' } };
    },
    // The speaker may too; no matrix user is this fresh speaker.
    expected: scoped(MANAGERS, 200),
  },

  listNotifications: { request: () => ({ method: 'GET', url: '/api/notifications' }), expected: signedIn(200) },
  countUnreadNotifications: { request: () => ({ method: 'GET', url: '/api/notifications/unread-count' }), expected: signedIn(200) },
  markNotificationRead: {
    // Someone else's notification: not found for everyone but its owner.
    request: async (fx) => ({ method: 'POST', url: `/api/notifications/${(await makeNotification(fx.db, fx.managedUserId)).id}/read` }),
    expected: signedIn(404),
  },
  markAllNotificationsRead: { request: () => ({ method: 'POST', url: '/api/notifications/read-all' }), expected: signedIn(200) },
};
