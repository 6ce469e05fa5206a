import { ROLE_LABELS, ROLES, type Role } from '@lecture-hall/shared/domain/roles';
import type { Lang } from '@lecture-hall/shared/i18n/errors';

export function roleLabel(role: Role, lang: Lang): string {
  return ROLE_LABELS[role]?.[lang] ?? role;
}

export function roleOptions(lang: Lang): { value: Role; label: string }[] {
  return ROLES.map((r) => ({ value: r, label: roleLabel(r, lang) }));
}

/** A grant as the users table and the home page show it: 讲堂管理员 @ 市发改委. */
export function grantLabel(grant: { role: Role; orgUnitName: string }, lang: Lang): string {
  return `${roleLabel(grant.role, lang)} @ ${grant.orgUnitName}`;
}
