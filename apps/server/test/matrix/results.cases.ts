import { freezeResults } from '../../src/modules/results/results.service';
import { makeEdition, makeHall, makePerson } from '../factories';
import { makeTalk } from '../programme-factories';
import { type Case, type Fixture, MANAGERS, scoped, signedIn, type Who } from './types';

/*
 * Results. The target is an edition of a hall owned by fx.bureau, with one speaker of the
 * bureau. Full published results are for 'results.read' (city admins and leaders over the
 * subtree, the bureau's hall admin) and for those who publish; a liaison sees the speakers of
 * its own unit only (one inside, none outside: a 403). Publishing and verifying are for the
 * hall's managers (leaders may verify). The big screen's ranking needs no session.
 */

const READ = ['city_admin', 'hall_admin', 'leader'] as const;

async function editionWithSpeaker(fx: Fixture, status: 'closed' | 'published', screenShowsResults = false) {
  const hall = await makeHall(fx.db, fx.bureau, { name: `成绩矩阵讲堂${fx.next()}` });
  if (screenShowsResults) await fx.db.updateTable('halls').set({ screen_shows_results: 1 }).where('id', '=', hall.id).execute();
  const edition = await makeEdition(fx.db, hall.id, { status, speakerCount: 1 });
  const person = await makePerson(fx.db, fx.bureau, { name: `成绩矩阵讲课人${fx.next()}` });
  await makeTalk(fx.db, { editionId: edition.id, personId: person.id, nominatedBy: fx.managedUserId, title: '成绩矩阵讲题' });
  if (status === 'published') await freezeResults(fx.db, edition.id, fx.managedUserId, '2026-01-01T00:00:00.000Z');
  return { hallId: hall.id, editionId: edition.id };
}

const published = (fx: Fixture) => fx.memo('results.published', () => editionWithSpeaker(fx, 'published', true));

export const RESULTS_CASES: Record<string, Case> = {
  getEditionResults: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await published(fx)).editionId}/results` }),
    expected: (who: Who) => (who !== 'anonymous' && who.role === 'liaison' ? (who.inside ? 200 : 403) : scoped(READ, 200)(who)),
  },
  publishEditionResults: {
    // A fresh closed edition for every caller: publishing changes it for good.
    request: async (fx) => ({ method: 'POST', url: `/api/editions/${(await editionWithSpeaker(fx, 'closed')).editionId}/results/publish` }),
    expected: scoped(MANAGERS, 200),
  },
  verifyEditionResults: {
    request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await published(fx)).editionId}/results/verify` }),
    expected: scoped(READ, 200),
  },
  listMyResults: {
    request: () => ({ method: 'GET', url: '/api/my/results' }),
    expected: signedIn(200),
  },
  getHallResultsTrend: {
    request: async (fx) => ({ method: 'GET', url: `/api/halls/${(await published(fx)).hallId}/results-trend` }),
    expected: scoped(READ, 200),
  },
  getScreenResults: {
    request: async (fx) => ({ method: 'GET', url: `/api/live/${(await published(fx)).editionId}/results` }),
    expected: () => 200,
  },
};
