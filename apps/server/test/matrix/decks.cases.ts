import { makeDeckVersion, makePdf, multipart } from '../deck-fixtures';
import { makeEdition, makeHall, makePerson } from '../factories';
import { linkUser, makeTalk } from '../programme-factories';
import type { Case, Fixture, Who } from './types';

/*
 * Deck versions. The target is one talk in a hall of fx.bureau, in an edition still preparing.
 * Its speaker is cadre_in (linked to the talk's person by each request builder, since the
 * matrix's users have no person and other modules relink cadre_in); expert_in is assigned to
 * the talk in the fixture, so it may read the deck but never upload; experts outside are not
 * assigned. Hall managers inside (city and hall admins over the bureau) may do everything.
 * Everyone else — liaisons, leaders, hosts, any grant over the sibling bureau — gets 403.
 */

const deck = (fx: Fixture) =>
  fx.memo('decks.talk', async () => {
    const hall = await makeHall(fx.db, fx.bureau, { name: '课件矩阵讲堂' });
    const edition = await makeEdition(fx.db, hall.id, { status: 'preparing', date: '2026-05-15' });
    const person = await makePerson(fx.db, fx.bureau, { name: '课件矩阵讲课人', birthDate: '1991-01-01' });
    const talk = await makeTalk(fx.db, { editionId: edition.id, personId: person.id, nominatedBy: fx.managedUserId, title: '矩阵讲题' });
    const expert = await fx.db.selectFrom('users').select('id').where('username', '=', 'expert_in').executeTakeFirstOrThrow();
    await fx.db
      .insertInto('expert_assignments')
      .values({ id: `decks-matrix-${talk.id}`, talk_id: talk.id, expert_user_id: expert.id, assigned_by: null, created_at: '2026-01-01T00:00:00.000Z' })
      .execute();
    const version = await makeDeckVersion(fx.db, { talkId: talk.id, uploadedBy: fx.managedUserId });
    return { talkId: talk.id, personId: person.id, versionId: version.id };
  });

/** The talk's deck, with cadre_in as its speaker. */
async function asSpeaker(fx: Fixture) {
  const d = await deck(fx);
  await linkUser(fx.db, 'cadre_in', d.personId);
  return d;
}

const inside = (who: Who, roles: string[]) => who !== 'anonymous' && who.inside && roles.includes(who.role);
/** The speaker, the hall's managers and the assigned expert read. */
const readers = (ok: number) => (who: Who) => (who === 'anonymous' ? 401 : inside(who, ['city_admin', 'hall_admin', 'cadre', 'expert']) ? ok : 403);
/** The speaker and the hall's managers upload; the assigned expert does not. */
const uploaders = (ok: number) => (who: Who) => (who === 'anonymous' ? 401 : inside(who, ['city_admin', 'hall_admin', 'cadre']) ? ok : 403);

export const DECKS_CASES: Record<string, Case> = {
  listDeckVersions: {
    request: async (fx) => ({ method: 'GET', url: `/api/talks/${(await asSpeaker(fx)).talkId}/deck/versions` }),
    expected: readers(200),
  },
  uploadDeckVersion: {
    request: async (fx) => ({
      method: 'POST',
      url: `/api/talks/${(await asSpeaker(fx)).talkId}/deck/versions`,
      ...multipart(makePdf(1, `matrix ${fx.next()}`), '矩阵课件.pdf'),
    }),
    expected: uploaders(201),
  },
  downloadDeckVersion: {
    request: async (fx) => ({ method: 'GET', url: `/api/deck-versions/${(await asSpeaker(fx)).versionId}/file` }),
    expected: readers(200),
  },
  previewDeckVersion: {
    request: async (fx) => ({ method: 'GET', url: `/api/deck-versions/${(await asSpeaker(fx)).versionId}/preview` }),
    expected: readers(200),
  },
};
