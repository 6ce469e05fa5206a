import type { Role } from '@lecture-hall/shared/domain/roles';
import { describe, expect, it } from 'vitest';
import { canEditOrg, canEditPeople, pageForPath, visiblePages } from './nav';

const roles = (...r: Role[]) => new Set<Role>(r);

describe('side menu', () => {
  it('shows a city admin every page', () => {
    expect(visiblePages(roles('city_admin'))).toEqual(['home', 'org', 'people', 'users', 'audit', 'account']);
  });

  it('shows hall admins, liaisons and leaders the org tree and roster but not users or audit', () => {
    for (const r of ['hall_admin', 'liaison', 'leader'] as const) {
      expect(visiblePages(roles(r))).toEqual(['home', 'org', 'people', 'account']);
    }
  });

  it('shows an expert or a cadre only home and account', () => {
    expect(visiblePages(roles('expert', 'cadre'))).toEqual(['home', 'account']);
    expect(visiblePages(roles())).toEqual(['home', 'account']);
  });

  it('lets only city admins edit units and city or hall admins edit people', () => {
    expect(canEditOrg(roles('hall_admin'))).toBe(false);
    expect(canEditOrg(roles('city_admin'))).toBe(true);
    expect(canEditPeople(roles('hall_admin'))).toBe(true);
    expect(canEditPeople(roles('liaison', 'leader'))).toBe(false);
  });

  it('highlights the page a path belongs to', () => {
    expect(pageForPath('/')).toBe('home');
    expect(pageForPath('/people')).toBe('people');
    expect(pageForPath('/people/abc')).toBe('people');
    expect(pageForPath('/nowhere')).toBe('home');
  });
});
