import type { Role } from '@lecture-hall/shared';
import { forbidden, unauthenticated } from '../../lib/errors';
import type { Actor, RequestContext } from './actor';

/**
 * The one place that decides permissions. Each action names the roles that may do it; a role
 * counts only over its grant's org-unit subtree (the scope rule, `covers`). Later modules add
 * their actions here, so the authorization matrix test reads one table.
 */
export const PERMISSIONS = {
  /** Manage the unit tree: create, rename, move, archive. */
  'org.unit.manage': ['city_admin'],
  /** See people of the roster (name, unit, position…). */
  'person.read': ['city_admin', 'hall_admin', 'liaison', 'leader'],
  /** See a person's full phone number rather than the masked one. */
  'person.read_phone': ['city_admin', 'hall_admin'],
  /** Add, edit, import and export people. */
  'person.manage': ['city_admin', 'hall_admin'],
  /** Manage accounts and role grants. */
  'user.manage': ['city_admin'],
  /** Read the audit trail. */
  'audit.read': ['city_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** The scope rule: a grant over a unit covers that unit and all below it. */
export function covers(scopePath: string, unitPath: string): boolean {
  return unitPath.startsWith(scopePath);
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}

/** Unit paths within which the actor may do the action; empty when it may not at all. */
export function scopesFor(actor: Actor, action: Action): string[] {
  const roles: readonly Role[] = PERMISSIONS[action];
  const paths = actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.orgUnitPath);
  // Drop scopes nested in another, so that filters stay short.
  return paths.filter((p) => !paths.some((q) => q !== p && covers(q, p)));
}

export function can(actor: Actor, action: Action, unitPath?: string): boolean {
  const scopes = scopesFor(actor, action);
  if (unitPath === undefined) return scopes.length > 0;
  return scopes.some((s) => covers(s, unitPath));
}

/** Throws 401 without a user and 403 when the action is not allowed over the unit. */
export function authorize(ctx: RequestContext, action: Action, unitPath?: string): Actor {
  const actor = requireActor(ctx);
  if (!can(actor, action, unitPath)) throw forbidden();
  return actor;
}
