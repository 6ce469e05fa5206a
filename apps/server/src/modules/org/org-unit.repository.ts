import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db';
import type { OrgUnitTable } from '../../db/schema';

export type OrgUnitRow = Selectable<OrgUnitTable>;

export const orgUnitRepository = {
  findById(db: Db, id: string): Promise<OrgUnitRow | undefined> {
    return db.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async namesByIds(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('org_units')
      .select(['id', 'name'])
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  },
  list(db: Db, includeArchived: boolean): Promise<OrgUnitRow[]> {
    let q = db.selectFrom('org_units').selectAll();
    if (!includeArchived) q = q.where('archived_at', 'is', null);
    // id, not name, breaks ties: byte order is the same on both dialects, collations are not.
    return q.orderBy('depth').orderBy('sort_order').orderBy('id').execute();
  },
  /** People per unit (direct members only). */
  async peopleCounts(db: Db): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('people')
      .select(['unit_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy('unit_id')
      .execute();
    return new Map(rows.map((r) => [r.unit_id, Number(r.n)]));
  },
  async countActiveChildren(db: Db, id: string): Promise<number> {
    const r = await db
      .selectFrom('org_units')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('parent_id', '=', id)
      .where('archived_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async countPeople(db: Db, id: string): Promise<number> {
    const r = await db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('unit_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async nextSortOrder(db: Db, parentId: string): Promise<number> {
    const r = await db
      .selectFrom('org_units')
      .select((eb) => eb.fn.max('sort_order').as('m'))
      .where('parent_id', '=', parentId)
      .executeTakeFirst();
    return r?.m === null || r?.m === undefined ? 0 : Number(r.m) + 1;
  },
  async insert(db: Db, row: Insertable<OrgUnitTable>): Promise<void> {
    await db.insertInto('org_units').values(row).execute();
  },
  async update(db: Db, id: string, patch: Partial<Pick<OrgUnitRow, 'name' | 'archived_at' | 'updated_at' | 'parent_id' | 'sort_order'>>) {
    await db.updateTable('org_units').set(patch).where('id', '=', id).execute();
  },
  /** Re-roots a subtree: every path that starts with oldPrefix starts with newPrefix instead. */
  async moveSubtree(db: Db, oldPrefix: string, newPrefix: string, depthDelta: number, nowIso: string): Promise<void> {
    const rows = await db.selectFrom('org_units').select(['id', 'path', 'depth']).where('path', 'like', `${oldPrefix}%`).execute();
    for (const r of rows) {
      await db
        .updateTable('org_units')
        .set({ path: newPrefix + r.path.slice(oldPrefix.length), depth: r.depth + depthDelta, updated_at: nowIso })
        .where('id', '=', r.id)
        .execute();
    }
  },
  /** Units whose name is the one given, among those under any of the scope paths. */
  findByNameInScopes(db: Db, name: string, scopePaths: string[]): Promise<OrgUnitRow[]> {
    if (scopePaths.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('org_units')
      .selectAll()
      .where('name', '=', name)
      .where('archived_at', 'is', null)
      .where((eb) => eb.or(scopePaths.map((p) => eb('path', 'like', `${p}%`))))
      .execute();
  },
};

/** Ids on a unit path, from the root down to the unit itself. */
export function idsOnPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * A unit as people name it in a list: the names below the tree's root down to the unit
 * (市卫健委/办公室), since many units share a leaf name such as 办公室; the root by its own name.
 */
export async function unitPathNames(db: Db, paths: readonly string[]): Promise<Map<string, string>> {
  const below = (path: string) => {
    const ids = idsOnPath(path);
    return ids.length > 1 ? ids.slice(1) : ids;
  };
  const names = await orgUnitRepository.namesByIds(db, [...new Set(paths.flatMap(below))]);
  return new Map(
    paths.map((p) => [
      p,
      below(p)
        .map((id) => names.get(id) ?? '?')
        .join('/'),
    ]),
  );
}

export function pathOf(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}
