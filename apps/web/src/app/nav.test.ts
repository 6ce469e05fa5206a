import type { Role } from '@lecture-hall/shared/domain/roles';
import { describe, expect, it } from 'vitest';
import { canEditOrg, canEditPeople, canManageHalls, canOpen, pageForPath, visiblePages } from './nav';

const roles = (...r: Role[]) => new Set<Role>(r);

describe('side menu', () => {
  it('shows a city admin every page', () => {
    expect(visiblePages(roles('city_admin'))).toEqual(['home', 'halls', 'editions', 'org', 'people', 'users', 'audit', 'account']);
  });

  it('shows hall admins, liaisons and leaders the org tree and roster but not users or audit', () => {
    for (const r of ['hall_admin', 'leader'] as const) {
      expect(visiblePages(roles(r))).toEqual(['home', 'halls', 'editions', 'org', 'people', 'account']);
    }
    expect(visiblePages(roles('liaison'))).toEqual(['home', 'halls', 'editions', 'myNominations', 'org', 'people', 'account']);
  });

  it('shows every role the halls and editions, my nominations only to cadres and liaisons, my review tasks only to experts, my results only to cadres', () => {
    expect(visiblePages(roles('expert', 'cadre'))).toEqual(['home', 'halls', 'editions', 'myNominations', 'myReviews', 'myResults', 'account']);
    expect(visiblePages(roles('expert'))).toEqual(['home', 'halls', 'editions', 'myReviews', 'account']);
    expect(visiblePages(roles('cadre'))).toEqual(['home', 'halls', 'editions', 'myNominations', 'myResults', 'account']);
    expect(visiblePages(roles())).toEqual(['home', 'halls', 'editions', 'account']);
  });

  it('keeps the notification centre out of the menu but open to everyone', () => {
    for (const r of ['city_admin', 'cadre', 'expert'] as const) expect(visiblePages(roles(r))).not.toContain('notifications');
    expect(canOpen('notifications', roles())).toBe(true);
    expect(canOpen('myNominations', roles('hall_admin'))).toBe(false);
    expect(canOpen('myReviews', roles('hall_admin', 'cadre'))).toBe(false);
    expect(canOpen('myReviews', roles('expert'))).toBe(true);
  });

  it('lets only city admins edit units and city or hall admins edit people', () => {
    expect(canEditOrg(roles('hall_admin'))).toBe(false);
    expect(canEditOrg(roles('city_admin'))).toBe(true);
    expect(canEditPeople(roles('hall_admin'))).toBe(true);
    expect(canEditPeople(roles('liaison', 'leader'))).toBe(false);
    expect(canManageHalls(roles('hall_admin'))).toBe(true);
    expect(canManageHalls(roles('liaison', 'cadre'))).toBe(false);
  });

  it('highlights the page a path belongs to', () => {
    expect(pageForPath('/')).toBe('home');
    expect(pageForPath('/people')).toBe('people');
    expect(pageForPath('/people/abc')).toBe('people');
    expect(pageForPath('/nowhere')).toBe('home');
    expect(pageForPath('/editions/e1')).toBe('editions');
    expect(pageForPath('/halls/h1')).toBe('halls');
    expect(pageForPath('/my-nominations')).toBe('myNominations');
    expect(pageForPath('/my/results')).toBe('myResults');
    expect(pageForPath('/my-reviews')).toBe('myReviews');
    expect(pageForPath('/talks/t1/deck')).toBe('editions');
  });
});
