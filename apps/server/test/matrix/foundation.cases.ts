import { newId } from '../../src/lib/ids';
import { xlsxUpload } from '../xlsx';
import { ADMINS, anyScope, type Case, everyone, MANAGERS, READERS, scoped, signedIn } from './types';

const personBody = (unitId: string) => ({
  name: `矩阵${newId().slice(-6)}`,
  gender: 'female',
  birthDate: '1992-03-04',
  unitId,
  position: '科员',
  rankLevel: '一级科员',
  politicalStatus: '中共党员',
  phone: '13900001111',
  entryDate: '2015-08-01',
});

export const FOUNDATION_CASES: Record<string, Case> = {
  getHealth: { request: () => ({ method: 'GET', url: '/api/health' }), expected: everyone(200) },
  login: { request: () => ({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong' } }), expected: everyone(401) },
  logout: { request: () => ({ method: 'POST', url: '/api/auth/logout' }), expected: everyone(200) },
  getMe: { request: () => ({ method: 'GET', url: '/api/auth/me' }), expected: signedIn(200) },
  changePassword: {
    request: () => ({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'not-my-password', newPassword: 'whatever-long-enough' } }),
    expected: signedIn(400),
  },
  listMySessions: { request: () => ({ method: 'GET', url: '/api/auth/sessions' }), expected: signedIn(200) },
  revokeMySession: { request: () => ({ method: 'DELETE', url: '/api/auth/sessions/0000000000000000' }), expected: signedIn(404) },

  listOrgUnits: { request: () => ({ method: 'GET', url: '/api/org-units' }), expected: signedIn(200) },
  createOrgUnit: {
    request: (fx) => ({ method: 'POST', url: '/api/org-units', payload: { parentId: fx.bureau.id, name: '新科室' } }),
    expected: scoped(ADMINS, 201),
  },
  renameOrgUnit: {
    request: async (fx) => ({ method: 'PATCH', url: `/api/org-units/${(await fx.fresh.unit()).id}`, payload: { name: '改名科' } }),
    expected: scoped(ADMINS, 200),
  },
  moveOrgUnit: {
    request: async (fx) => {
      const [a, b] = [await fx.fresh.unit(), await fx.fresh.unit()];
      return { method: 'POST', url: `/api/org-units/${a.id}/move`, payload: { newParentId: b.id } };
    },
    expected: scoped(ADMINS, 200),
  },
  archiveOrgUnit: {
    request: async (fx) => ({ method: 'POST', url: `/api/org-units/${(await fx.fresh.unit()).id}/archive` }),
    expected: scoped(ADMINS, 200),
  },
  restoreOrgUnit: {
    request: async (fx) => ({ method: 'POST', url: `/api/org-units/${(await fx.fresh.archivedUnit()).id}/restore` }),
    expected: scoped(ADMINS, 200),
  },

  listPeople: { request: (fx) => ({ method: 'GET', url: `/api/people?unitId=${fx.bureau.id}` }), expected: scoped(READERS, 200) },
  getPerson: { request: (fx) => ({ method: 'GET', url: `/api/people/${fx.personId}` }), expected: scoped(READERS, 200) },
  createPerson: { request: (fx) => ({ method: 'POST', url: '/api/people', payload: personBody(fx.bureau.id) }), expected: scoped(MANAGERS, 201) },
  updatePerson: {
    request: async (fx) => ({ method: 'PATCH', url: `/api/people/${await fx.fresh.person()}`, payload: { position: '副科长' } }),
    expected: scoped(MANAGERS, 200),
  },
  exportPeople: { request: () => ({ method: 'GET', url: '/api/people/export' }), expected: anyScope(READERS, 200) },
  getPeopleImportTemplate: { request: () => ({ method: 'GET', url: '/api/people/import-template' }), expected: anyScope(MANAGERS, 200) },
  importPeople: {
    request: async (fx) => ({
      method: 'POST',
      url: '/api/people/import?dryRun=true',
      ...(await xlsxUpload([['吴思雨', '女', '1995-06-07', `${fx.bureau.name}`, '科员', '一级科员', '中共党员', '13700002222', '2017-07-01']])),
    }),
    // Out of scope, the row's unit is not found among the importer's units: a report, not a refusal.
    expected: anyScope(MANAGERS, 200),
  },

  listUsers: { request: () => ({ method: 'GET', url: '/api/users' }), expected: anyScope(ADMINS, 200) },
  createUser: {
    request: async (fx) => ({
      method: 'POST',
      url: '/api/users',
      payload: { username: `u${newId().slice(-8)}`, displayName: '新用户', personId: await fx.fresh.person() },
    }),
    expected: scoped(ADMINS, 201),
  },
  updateUser: {
    request: (fx) => ({ method: 'PATCH', url: `/api/users/${fx.managedUserId}`, payload: { displayName: '改名' } }),
    expected: scoped(ADMINS, 200),
  },
  resetUserPassword: { request: (fx) => ({ method: 'POST', url: `/api/users/${fx.managedUserId}/reset-password` }), expected: scoped(ADMINS, 200) },
  createGrant: {
    request: async (fx) => ({
      method: 'POST',
      url: `/api/users/${(await fx.fresh.grant()).userId}/grants`,
      payload: { role: 'leader', orgUnitId: fx.bureau.id },
    }),
    expected: scoped(ADMINS, 201),
  },
  deleteGrant: {
    request: async (fx) => {
      const g = await fx.fresh.grant();
      return { method: 'DELETE', url: `/api/users/${g.userId}/grants/${g.grantId}` };
    },
    expected: scoped(ADMINS, 200),
  },

  listAuditEntries: { request: () => ({ method: 'GET', url: '/api/audit' }), expected: anyScope(ADMINS, 200) },
};
