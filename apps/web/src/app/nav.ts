import type { Role } from '@lecture-hall/shared/domain/roles';

export type PageKey =
  | 'home'
  | 'halls'
  | 'editions'
  | 'myNominations'
  | 'myReviews'
  | 'myResults'
  | 'notifications'
  | 'org'
  | 'people'
  | 'users'
  | 'audit'
  | 'account';

export const PAGE_PATHS: Record<PageKey, string> = {
  home: '/',
  halls: '/halls',
  editions: '/editions',
  myNominations: '/my-nominations',
  myReviews: '/my-reviews',
  myResults: '/my/results',
  notifications: '/notifications',
  org: '/org',
  people: '/people',
  users: '/users',
  audit: '/audit',
  account: '/account',
};

/** Who may open each page; null means anyone logged in. The server enforces the same again. */
const PAGE_ROLES: Record<PageKey, readonly Role[] | null> = {
  home: null,
  halls: null,
  editions: null,
  myNominations: ['cadre', 'liaison'],
  myReviews: ['expert'],
  myResults: ['cadre'],
  notifications: null,
  org: ['city_admin', 'hall_admin', 'liaison', 'leader'],
  people: ['city_admin', 'hall_admin', 'liaison', 'leader'],
  users: ['city_admin'],
  audit: ['city_admin'],
  account: null,
};

/** The notification centre is reached from the bell in the header, not the menu. */
export const MENU_ORDER: readonly PageKey[] = [
  'home',
  'halls',
  'editions',
  'myNominations',
  'myReviews',
  'myResults',
  'org',
  'people',
  'users',
  'audit',
  'account',
];

/** Paths outside the menu that belong to a menu entry: a talk's deck workspace is part of the editions; /my/results is a speaker's results. */
const PATH_ALIASES: Record<string, PageKey> = { talks: 'editions', my: 'myResults' };

export function canOpen(page: PageKey, roles: ReadonlySet<Role>): boolean {
  const allowed = PAGE_ROLES[page];
  return allowed === null || allowed.some((r) => roles.has(r));
}

/** The side menu for someone holding these roles, in menu order. */
export function visiblePages(roles: ReadonlySet<Role>): PageKey[] {
  return MENU_ORDER.filter((p) => canOpen(p, roles));
}

/** The menu entry to highlight for a location, e.g. /people/123 highlights the roster. */
export function pageForPath(pathname: string): PageKey {
  const first = pathname.split('/').filter(Boolean)[0] ?? '';
  const alias = PATH_ALIASES[first];
  if (alias) return alias;
  const hit = (Object.entries(PAGE_PATHS) as [PageKey, string][]).find(([, p]) => p === `/${first}`);
  return hit ? hit[0] : 'home';
}

/** Who may change units, and who may add, edit, import people. */
export const canEditOrg = (roles: ReadonlySet<Role>) => roles.has('city_admin');
export const canEditPeople = (roles: ReadonlySet<Role>) => roles.has('city_admin') || roles.has('hall_admin');
/** Who may create halls; editing one follows the hall's own canManage from the server. */
export const canManageHalls = (roles: ReadonlySet<Role>) => roles.has('city_admin') || roles.has('hall_admin');
/** Who may run an edition's live console (the server checks the edition's unit again). */
export const canHost = (roles: ReadonlySet<Role>) => roles.has('host') || roles.has('city_admin') || roles.has('hall_admin');
