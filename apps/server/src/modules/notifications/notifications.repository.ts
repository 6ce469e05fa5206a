import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db';
import type { NotificationTable } from '../../db/schema';
import { offsetOf, type PageRequest } from '../../lib/pagination';
import { idsOnPath } from '../org/org-unit.repository';

export type NotificationRow = Selectable<NotificationTable>;

export const notificationsRepository = {
  async insertMany(db: Db, rows: Insertable<NotificationTable>[]): Promise<void> {
    if (rows.length === 0) return;
    await db.insertInto('notifications').values(rows).execute();
  },

  /** One user's notifications, newest first; id breaks ties, as ids are time-ordered. */
  async list(db: Db, userId: string, unreadOnly: boolean, page: PageRequest): Promise<{ rows: NotificationRow[]; total: number }> {
    let q = db.selectFrom('notifications').where('user_id', '=', userId);
    if (unreadOnly) q = q.where('read_at', 'is', null);
    const countRow = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute();
    return { rows, total: Number(countRow.n) };
  },

  async countUnread(db: Db, userId: string): Promise<number> {
    const r = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  findOwn(db: Db, id: string, userId: string): Promise<NotificationRow | undefined> {
    return db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  },

  async markRead(db: Db, id: string, nowIso: string): Promise<void> {
    await db.updateTable('notifications').set({ read_at: nowIso }).where('id', '=', id).where('read_at', 'is', null).execute();
  },

  async markAllRead(db: Db, userId: string, nowIso: string): Promise<void> {
    await db.updateTable('notifications').set({ read_at: nowIso }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
  },

  /** Active accounts linked to a person of the roster. */
  async userIdsOfPerson(db: Db, personId: string): Promise<string[]> {
    const rows = await db.selectFrom('users').select('id').where('person_id', '=', personId).where('disabled_at', 'is', null).orderBy('id').execute();
    return rows.map((r) => r.id);
  },

  /**
   * Active accounts that manage a hall of the unit: city admins over the unit or any unit
   * above it, and hall admins of the unit itself.
   */
  async hallManagerIds(db: Db, unit: { id: string; path: string }): Promise<string[]> {
    const rows = await db
      .selectFrom('role_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .select('u.id')
      .distinct()
      .where('u.disabled_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('g.role', '=', 'city_admin'), eb('g.org_unit_id', 'in', idsOnPath(unit.path))]),
          eb.and([eb('g.role', '=', 'hall_admin'), eb('g.org_unit_id', '=', unit.id)]),
        ]),
      )
      .orderBy('u.id')
      .execute();
    return rows.map((r) => r.id);
  },
};
