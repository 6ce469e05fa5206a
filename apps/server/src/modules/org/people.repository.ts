import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../db';
import type { PersonTable } from '../../db/schema';
import { offsetOf, type PageRequest } from '../../lib/pagination';

export type PersonRow = Selectable<PersonTable>;
/** A person with the unit it belongs to: the unit's name for display, its path for scope checks. */
export type PersonWithUnitRow = PersonRow & { unit_name: string; unit_path: string };

export interface PeopleFilter {
  /** Unit paths the reader may see; an empty list matches nobody. */
  scopePaths: string[];
  /** Only this unit's subtree (a path prefix)… */
  unitPathPrefix?: string;
  /** …or only this very unit. */
  unitId?: string;
  /** Part of the name. */
  q?: string;
  gender?: string;
  rankLevel?: string;
  politicalStatus?: string;
  /** Birth dates strictly after this one (YYYY-MM-DD text compares in date order). */
  birthDateAfter?: string;
}

/** LIKE treats % and _ as wildcards; a name search for "50%" must find the text itself. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// Batches stay well below SQLite's and PostgreSQL's limits on bound parameters per statement.
const BATCH = 500;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function baseQuery(db: Db) {
  return db.selectFrom('people as p').innerJoin('org_units as u', 'u.id', 'p.unit_id');
}

function filtered(db: Db, f: PeopleFilter) {
  let q = baseQuery(db).where((eb) => (f.scopePaths.length ? eb.or(f.scopePaths.map((s) => eb('u.path', 'like', `${s}%`))) : eb.val(false)));
  if (f.unitPathPrefix) q = q.where('u.path', 'like', `${f.unitPathPrefix}%`);
  if (f.unitId) q = q.where('p.unit_id', '=', f.unitId);
  if (f.q) {
    // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not (for ASCII letters).
    q = q.where(sql<boolean>`lower(${sql.ref('p.name')}) like lower(${`%${escapeLike(f.q)}%`}) escape '\\'`);
  }
  if (f.gender) q = q.where('p.gender', '=', f.gender);
  if (f.rankLevel) q = q.where('p.rank_level', '=', f.rankLevel);
  if (f.politicalStatus) q = q.where('p.political_status', '=', f.politicalStatus);
  if (f.birthDateAfter) q = q.where('p.birth_date', '>', f.birthDateAfter);
  return q;
}

export const peopleRepository = {
  findById(db: Db, id: string): Promise<PersonWithUnitRow | undefined> {
    return baseQuery(db).selectAll('p').select(['u.name as unit_name', 'u.path as unit_path']).where('p.id', '=', id).executeTakeFirst();
  },

  async count(db: Db, f: PeopleFilter): Promise<number> {
    const r = await filtered(db, f)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },

  /**
   * Matching people in a stable order: by unit path, birth date, id. Never by name — Chinese
   * text sorts differently under each database's collation; ids and ISO dates sort the same.
   */
  list(db: Db, f: PeopleFilter, page?: PageRequest, limit?: number): Promise<PersonWithUnitRow[]> {
    let q = filtered(db, f).selectAll('p').select(['u.name as unit_name', 'u.path as unit_path']).orderBy('u.path').orderBy('p.birth_date').orderBy('p.id');
    if (page) q = q.limit(page.pageSize).offset(offsetOf(page));
    else if (limit !== undefined) q = q.limit(limit);
    return q.execute();
  },

  /** Whether someone else already has this identity (the people_identity_uq index). */
  async identityTaken(db: Db, name: string, birthDate: string, unitId: string, exceptId?: string): Promise<boolean> {
    let q = db.selectFrom('people').select('id').where('name', '=', name).where('birth_date', '=', birthDate).where('unit_id', '=', unitId);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  },

  /** Identities of everyone bearing one of the names, for checking an upload against the roster. */
  async identitiesByName(db: Db, names: readonly string[]): Promise<Array<{ name: string; birth_date: string; unit_id: string }>> {
    const out: Array<{ name: string; birth_date: string; unit_id: string }> = [];
    for (const batch of chunks([...new Set(names)])) {
      out.push(...(await db.selectFrom('people').select(['name', 'birth_date', 'unit_id']).where('name', 'in', batch).execute()));
    }
    return out;
  },

  async insert(db: Db, row: Insertable<PersonTable>): Promise<void> {
    await db.insertInto('people').values(row).execute();
  },

  async insertMany(db: Db, rows: readonly Insertable<PersonTable>[]): Promise<void> {
    for (const batch of chunks(rows, 200)) await db.insertInto('people').values(batch).execute();
  },

  async update(db: Db, id: string, patch: Partial<Omit<PersonRow, 'id' | 'created_at'>>): Promise<void> {
    await db.updateTable('people').set(patch).where('id', '=', id).execute();
  },
};

/** A unique index refused the row: SQLite and PostgreSQL say so differently. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
