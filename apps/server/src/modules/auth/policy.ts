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
  /**
   * Create and run halls: stages, editions, commentary, the candidate board, selection, and
   * nominations through the org_pick channel. A hall admin runs the halls of its own unit only.
   */
  'hall.manage': ['city_admin', 'hall_admin'],
  /** Recommend people of one's own unit (unit_recommendation). */
  'nomination.recommend': ['liaison'],
  /** Nominate oneself (self), as the person the account is linked to. */
  'nomination.self': ['cadre'],
  /**
   * Review decks and record coaching feedback. The role alone is not enough: the expert must
   * also be assigned to the talk (review) or to the coaching session (see decks/talk-access.ts).
   */
  'deck.review': ['expert'],
  /** Run an edition's live session: the host console, moderation, the screen; hall managers too. */
  'live.host': ['host', 'city_admin', 'hall_admin'],
  /**
   * Read an edition's full published results: every speaker's scores, reliability, anomalies
   * (raters by anonymous code only) and the reports. Leaders read them within their subtree.
   */
  'results.read': ['city_admin', 'hall_admin', 'leader'],
  /** See the draft results before publication, publish them, and import paper score sheets. */
  'results.publish': ['city_admin', 'hall_admin'],
  /** See the published results of the speakers of one's own unit (and below) only. */
  'results.read_unit': ['liaison'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/**
 * Roles that hold an action over their grant's unit itself, not the units below it: a hall
 * admin of 市卫健委 runs 市卫健委's halls, not those of its sub-units (PRODUCT.md: "run the
 * halls of its unit").
 */
const UNIT_ONLY: Partial<Record<Action, readonly Role[]>> = {
  'hall.manage': ['hall_admin'],
  'live.host': ['hall_admin'],
  'results.read': ['hall_admin'],
  'results.publish': ['hall_admin'],
};

/** The scope rule: a grant over a unit covers that unit and all below it. */
export function covers(scopePath: string, unitPath: string): boolean {
  return unitPath.startsWith(scopePath);
}

/** A unit and a grant are related when either lies within the other (a hall is seen from above and from below). */
export function related(grantPath: string, unitPath: string): boolean {
  return covers(grantPath, unitPath) || covers(unitPath, grantPath);
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}

/** Unit paths whose whole subtree the actor may do the action in; empty when none. */
export function scopesFor(actor: Actor, action: Action): string[] {
  const roles: readonly Role[] = PERMISSIONS[action];
  const unitOnly = UNIT_ONLY[action] ?? [];
  const paths = actor.grants.filter((g) => roles.includes(g.role) && !unitOnly.includes(g.role)).map((g) => g.orgUnitPath);
  // Drop scopes nested in another, so that filters stay short.
  return paths.filter((p) => !paths.some((q) => q !== p && covers(q, p)));
}

/** Unit paths where the actor may do the action for that unit alone (see UNIT_ONLY). */
export function unitScopesFor(actor: Actor, action: Action): string[] {
  const unitOnly = UNIT_ONLY[action] ?? [];
  return [...new Set(actor.grants.filter((g) => unitOnly.includes(g.role)).map((g) => g.orgUnitPath))];
}

export function can(actor: Actor, action: Action, unitPath?: string): boolean {
  const scopes = scopesFor(actor, action);
  const units = unitScopesFor(actor, action);
  if (unitPath === undefined) return scopes.length > 0 || units.length > 0;
  return scopes.some((s) => covers(s, unitPath)) || units.includes(unitPath);
}

/** Whether any of the actor's grants, of any role, is related to the unit (see `related`). */
export function canSeeUnit(actor: Actor, unitPath: string): boolean {
  return actor.grants.some((g) => related(g.orgUnitPath, unitPath));
}

/** Throws 401 without a user and 403 when the action is not allowed over the unit. */
export function authorize(ctx: RequestContext, action: Action, unitPath?: string): Actor {
  const actor = requireActor(ctx);
  if (!can(actor, action, unitPath)) throw forbidden();
  return actor;
}
