import type { Role } from '@lecture-hall/shared';
import type { InjectOptions } from 'fastify';
import type { Db } from '../../src/db';
import type { UnitRef } from '../factories';

/*
 * The authorization matrix, one file of cases per module: for every operation in the OpenAPI
 * document, every role — holding its grant over the target's bureau (inside) or over a
 * sibling bureau (outside) — and an anonymous caller get exactly the status written here.
 */

export type Who = { role: Role; inside: boolean } | 'anonymous';

export interface Fixture {
  db: Db;
  city: UnitRef;
  /** The bureau every target lies in; "inside" grants are over it. */
  bureau: UnitRef;
  /** A sibling bureau; "outside" grants are over it. */
  other: UnitRef;
  personId: string;
  managedUserId: string;
  /** Builds a module's fixture once per database and hands back the same one after. */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** A number unique within the run, for names that must not collide. */
  next(): number;
  fresh: {
    unit(): Promise<UnitRef>;
    archivedUnit(): Promise<UnitRef>;
    grant(): Promise<{ userId: string; grantId: string }>;
    person(): Promise<string>;
  };
}

export interface Case {
  request(fx: Fixture): Promise<InjectOptions> | InjectOptions;
  expected(who: Who): number;
}

export const READERS = ['city_admin', 'hall_admin', 'liaison', 'leader'] as const;
export const MANAGERS = ['city_admin', 'hall_admin'] as const;
export const ADMINS = ['city_admin'] as const;

/** Allowed for these roles within scope; 403 for everyone else signed in; 401 without a session. */
export const scoped =
  (roles: readonly Role[], ok: number) =>
  (who: Who): number =>
    who === 'anonymous' ? 401 : roles.includes(who.role) && who.inside ? ok : 403;
/** Allowed for these roles whatever their scope (the operation has no unit to be inside of). */
export const anyScope =
  (roles: readonly Role[], ok: number) =>
  (who: Who): number =>
    who === 'anonymous' ? 401 : roles.includes(who.role) ? ok : 403;
export const signedIn = (ok: number) => (who: Who) => (who === 'anonymous' ? 401 : ok);
export const everyone = (status: number) => () => status;
