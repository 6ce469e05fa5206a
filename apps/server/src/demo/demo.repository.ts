import type { Insertable } from 'kysely';
import type { Db } from '../db';
import type { OrgUnitTable, PersonTable } from '../db/schema';

// Multi-row inserts keep the seed to a handful of statements; 100 rows of 12 columns stay far
// below either dialect's bound-parameter limit.
const CHUNK = 100;

async function count(db: Db, table: 'org_units' | 'people' | 'users'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Rows the demo seed writes directly; users and grants go through the auth module's repositories. */
export const demoRepository = {
  /** Whether the demo city has been loaded into this database: its seed leaves one 'demo.seeded' audit entry. */
  async isSeeded(db: Db): Promise<boolean> {
    const r = await db.selectFrom('audit_log').select('id').where('action', '=', 'demo.seeded').limit(1).executeTakeFirst();
    return r !== undefined;
  },
  async counts(db: Db): Promise<{ units: number; people: number; users: number }> {
    const [units, people, users] = await Promise.all([count(db, 'org_units'), count(db, 'people'), count(db, 'users')]);
    return { units, people, users };
  },
  async insertOrgUnits(db: Db, rows: Insertable<OrgUnitTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK)
      await db
        .insertInto('org_units')
        .values(rows.slice(i, i + CHUNK))
        .execute();
  },
  async insertPeople(db: Db, rows: Insertable<PersonTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK)
      await db
        .insertInto('people')
        .values(rows.slice(i, i + CHUNK))
        .execute();
  },
};
