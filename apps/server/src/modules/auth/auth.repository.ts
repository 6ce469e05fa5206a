import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db';
import type { SessionTable, UserTable } from '../../db/schema';

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;

export interface GrantRow {
  id: string;
  user_id: string;
  role: string;
  org_unit_id: string;
  org_unit_name: string;
  org_unit_path: string;
}

export const userRepository = {
  findByUsername(db: Db, username: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
  },
  findById(db: Db, id: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async insert(db: Db, row: Insertable<UserTable>): Promise<void> {
    await db.insertInto('users').values(row).execute();
  },
  async update(db: Db, id: string, patch: Updateable<UserTable>): Promise<void> {
    await db.updateTable('users').set(patch).where('id', '=', id).execute();
  },
  async count(db: Db): Promise<number> {
    const r = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
};

export const grantRepository = {
  listForUsers(db: Db, userIds: string[]): Promise<GrantRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('role_grants as g')
      .innerJoin('org_units as u', 'u.id', 'g.org_unit_id')
      .select(['g.id', 'g.user_id', 'g.role', 'g.org_unit_id', 'u.name as org_unit_name', 'u.path as org_unit_path'])
      .where('g.user_id', 'in', userIds)
      .orderBy('g.created_at')
      .orderBy('g.id')
      .execute();
  },
  findById(db: Db, id: string): Promise<GrantRow | undefined> {
    return db
      .selectFrom('role_grants as g')
      .innerJoin('org_units as u', 'u.id', 'g.org_unit_id')
      .select(['g.id', 'g.user_id', 'g.role', 'g.org_unit_id', 'u.name as org_unit_name', 'u.path as org_unit_path'])
      .where('g.id', '=', id)
      .executeTakeFirst();
  },
  async insert(db: Db, row: { id: string; user_id: string; role: string; org_unit_id: string; created_at: string; created_by: string | null }) {
    await db.insertInto('role_grants').values(row).execute();
  },
  async exists(db: Db, userId: string, role: string, orgUnitId: string): Promise<boolean> {
    const r = await db
      .selectFrom('role_grants')
      .select('id')
      .where('user_id', '=', userId)
      .where('role', '=', role)
      .where('org_unit_id', '=', orgUnitId)
      .executeTakeFirst();
    return r !== undefined;
  },
  async delete(db: Db, id: string): Promise<void> {
    await db.deleteFrom('role_grants').where('id', '=', id).execute();
  },
};

export const sessionRepository = {
  async insert(db: Db, row: Insertable<SessionTable>): Promise<void> {
    await db.insertInto('sessions').values(row).execute();
  },
  findActive(db: Db, id: string, nowIso: string): Promise<SessionRow | undefined> {
    return db.selectFrom('sessions').selectAll().where('id', '=', id).where('revoked_at', 'is', null).where('expires_at', '>', nowIso).executeTakeFirst();
  },
  /** Whether the session is active and its user not disabled: one indexed read, what a notification socket re-asks. */
  async isLive(db: Db, id: string, nowIso: string): Promise<boolean> {
    const row = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select('s.id')
      .where('s.id', '=', id)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', nowIso)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  },
  listActiveForUser(db: Db, userId: string, nowIso: string): Promise<SessionRow[]> {
    return db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', nowIso)
      .orderBy('created_at', 'desc')
      .execute();
  },
  async touch(db: Db, id: string, nowIso: string): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: nowIso }).where('id', '=', id).execute();
  },
  async revoke(db: Db, id: string, nowIso: string): Promise<void> {
    await db.updateTable('sessions').set({ revoked_at: nowIso }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  },
  /** Revokes every open session of a user but the one kept (after a password change). */
  async revokeAllForUser(db: Db, userId: string, nowIso: string, keepId: string | null = null): Promise<void> {
    let q = db.updateTable('sessions').set({ revoked_at: nowIso }).where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (keepId) q = q.where('id', '!=', keepId);
    await q.execute();
  },
};
