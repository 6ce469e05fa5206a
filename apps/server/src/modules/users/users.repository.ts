import type { Db } from '../../db';
import { offsetOf, type PageRequest } from '../../lib/pagination';
import type { UserRow } from '../auth/auth.repository';

export type UserListRow = UserRow & { person_name: string | null; person_unit_path: string | null };

export const usersListRepository = {
  /**
   * Users the reader may manage: those with a grant or a linked person under one of the scope
   * paths, plus (for a root-scope reader) accounts tied to no unit at all.
   */
  async list(db: Db, scopePaths: string[], includeUnscoped: boolean, q: string | undefined, page: PageRequest) {
    let query = db.selectFrom('users as u').leftJoin('people as p', 'p.id', 'u.person_id').leftJoin('org_units as pu', 'pu.id', 'p.unit_id');
    query = query.where((eb) => {
      const ors = scopePaths.flatMap((s) => [
        eb('pu.path', 'like', `${s}%`),
        eb.exists(
          eb
            .selectFrom('role_grants as g')
            .innerJoin('org_units as gu', 'gu.id', 'g.org_unit_id')
            .select('g.id')
            .whereRef('g.user_id', '=', 'u.id')
            .where('gu.path', 'like', `${s}%`),
        ),
      ]);
      if (includeUnscoped) {
        ors.push(
          eb.and([eb('u.person_id', 'is', null), eb.not(eb.exists(eb.selectFrom('role_grants as g2').select('g2.id').whereRef('g2.user_id', '=', 'u.id')))]),
        );
      }
      return ors.length ? eb.or(ors) : eb.val(false);
    });
    if (q) {
      // % and _ typed into the search box act as wildcards: they only widen a search.
      const like = `%${q}%`;
      query = query.where((eb) => eb.or([eb('u.username', 'like', like), eb('u.display_name', 'like', like)]));
    }
    const countRow = await query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    const rows = await query
      .selectAll('u')
      .select(['p.name as person_name', 'pu.path as person_unit_path'])
      .orderBy('u.username')
      .limit(page.pageSize)
      .offset(offsetOf(page))
      .execute();
    return { rows: rows as UserListRow[], total: Number(countRow.n) };
  },

  findWithPerson(db: Db, id: string): Promise<UserListRow | undefined> {
    return db
      .selectFrom('users as u')
      .leftJoin('people as p', 'p.id', 'u.person_id')
      .leftJoin('org_units as pu', 'pu.id', 'p.unit_id')
      .selectAll('u')
      .select(['p.name as person_name', 'pu.path as person_unit_path'])
      .where('u.id', '=', id)
      .executeTakeFirst() as Promise<UserListRow | undefined>;
  },

  findPersonUnitPath(db: Db, personId: string): Promise<{ path: string } | undefined> {
    return db.selectFrom('people as p').innerJoin('org_units as u', 'u.id', 'p.unit_id').select('u.path').where('p.id', '=', personId).executeTakeFirst();
  },
};
