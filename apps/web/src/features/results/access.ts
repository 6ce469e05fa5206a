import type { EditionStatus } from '@lecture-hall/shared/domain/programme';
import type { Role } from '@lecture-hall/shared/domain/roles';

/** Roles that read an edition's published results across their scope (a liaison reads its own unit's speakers). */
const READERS: readonly Role[] = ['city_admin', 'hall_admin', 'leader', 'liaison'];
/** Roles that may verify and export (the whole edition, not one unit's speakers). */
const ANALYSTS: readonly Role[] = ['city_admin', 'hall_admin', 'leader'];

/**
 * Whether the edition page links to the results: a manager once scoring has closed (the draft),
 * a reader once they are published. The server decides again; this only avoids a dead link.
 */
export function mayOpenResults(edition: { status: EditionStatus; canManage: boolean }, roles: ReadonlySet<Role>): boolean {
  if (edition.status === 'closed') return edition.canManage;
  if (edition.status === 'published') return edition.canManage || READERS.some((r) => roles.has(r));
  return false;
}

/** Whether verify and the exports are offered: they cover the whole edition, which a liaison does not see. */
export function mayAnalyse(edition: { canManage: boolean }, roles: ReadonlySet<Role>): boolean {
  return edition.canManage || ANALYSTS.some((r) => roles.has(r));
}
