import { ROLES } from '@lecture-hall/shared';
import { newId } from '../../src/lib/ids';
import { makeEdition, makeHall, makeStage } from '../factories';
import { type Case, type Fixture, MANAGERS, scoped, signedIn } from './types';

/*
 * Halls, stages, editions and commentary. Every target lies in a hall owned by fx.bureau:
 * every role inside sees it (canSeeUnit), none outside does (their grant is over a sibling),
 * and a hall admin inside runs it, its grant being over the hall's own unit.
 */

/** Visible to every role inside: a grant of any role related to the hall's unit. */
const SEERS = ROLES;

const hall = (fx: Fixture) => fx.memo('halls.hall', () => makeHall(fx.db, fx.bureau, { name: '矩阵讲堂' }));
const stage = (fx: Fixture) => fx.memo('halls.stage', async () => makeStage(fx.db, (await hall(fx)).id, { title: '矩阵阶段' }));
const edition = (fx: Fixture) => fx.memo('halls.edition', async () => makeEdition(fx.db, (await hall(fx)).id));

async function freshCommentary(fx: Fixture): Promise<string> {
  const id = newId();
  const at = '2026-01-01T00:00:00.000Z';
  await fx.db
    .insertInto('commentaries')
    .values({
      id,
      hall_id: (await hall(fx)).id,
      edition_id: null,
      author: '点评人',
      author_title: '',
      title: `点评${fx.next()}`,
      text: '内容',
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export const HALLS_CASES: Record<string, Case> = {
  listHalls: { request: () => ({ method: 'GET', url: '/api/halls' }), expected: signedIn(200) },
  createHall: {
    request: (fx) => ({ method: 'POST', url: '/api/halls', payload: { name: `新讲堂${fx.next()}`, unitId: fx.bureau.id } }),
    expected: scoped(MANAGERS, 201),
  },
  getHall: { request: async (fx) => ({ method: 'GET', url: `/api/halls/${(await hall(fx)).id}` }), expected: scoped(SEERS, 200) },
  updateHall: {
    request: async (fx) => ({ method: 'PATCH', url: `/api/halls/${(await hall(fx)).id}`, payload: { description: `说明${fx.next()}` } }),
    expected: scoped(MANAGERS, 200),
  },

  listStages: { request: async (fx) => ({ method: 'GET', url: `/api/halls/${(await hall(fx)).id}/stages` }), expected: scoped(SEERS, 200) },
  createStage: {
    request: async (fx) => ({ method: 'POST', url: `/api/halls/${(await hall(fx)).id}/stages`, payload: { title: `阶段${fx.next()}` } }),
    expected: scoped(MANAGERS, 201),
  },
  updateStage: {
    request: async (fx) => ({ method: 'PATCH', url: `/api/stages/${(await stage(fx)).id}`, payload: { themeFocus: `主题${fx.next()}` } }),
    expected: scoped(MANAGERS, 200),
  },
  deleteStage: {
    request: async (fx) => ({ method: 'DELETE', url: `/api/stages/${(await makeStage(fx.db, (await hall(fx)).id, { title: `待删${fx.next()}` })).id}` }),
    expected: scoped(MANAGERS, 200),
  },

  listEditions: { request: () => ({ method: 'GET', url: '/api/editions' }), expected: signedIn(200) },
  createEdition: {
    request: async (fx) => ({ method: 'POST', url: `/api/halls/${(await hall(fx)).id}/editions`, payload: { title: `期次${fx.next()}`, date: '2026-06-01' } }),
    expected: scoped(MANAGERS, 201),
  },
  getEdition: { request: async (fx) => ({ method: 'GET', url: `/api/editions/${(await edition(fx)).id}` }), expected: scoped(SEERS, 200) },
  updateEdition: {
    request: async (fx) => ({ method: 'PATCH', url: `/api/editions/${(await edition(fx)).id}`, payload: { venue: `会场${fx.next()}` } }),
    expected: scoped(MANAGERS, 200),
  },
  transitionEdition: {
    // A fresh planning edition each time: the first allowed move must not spoil the next role's.
    request: async (fx) => ({
      method: 'POST',
      url: `/api/editions/${(await makeEdition(fx.db, (await hall(fx)).id)).id}/transition`,
      payload: { to: 'recruiting' },
    }),
    expected: scoped(MANAGERS, 200),
  },

  listCommentaries: { request: async (fx) => ({ method: 'GET', url: `/api/halls/${(await hall(fx)).id}/commentaries` }), expected: scoped(SEERS, 200) },
  createCommentary: {
    request: async (fx) => ({
      method: 'POST',
      url: `/api/halls/${(await hall(fx)).id}/commentaries`,
      payload: { author: '王部长', title: '点评', text: '讲得好' },
    }),
    expected: scoped(MANAGERS, 201),
  },
  deleteCommentary: {
    request: async (fx) => ({ method: 'DELETE', url: `/api/commentaries/${await freshCommentary(fx)}` }),
    expected: scoped(MANAGERS, 200),
  },
};
