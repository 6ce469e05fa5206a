import type { Role } from '@lecture-hall/shared';
import type { Db } from '../src/db';
import { newId } from '../src/lib/ids';
import { hashPassword } from '../src/modules/auth/password';
import { pathOf } from '../src/modules/org/org-unit.repository';

const NOW = '2026-01-01T00:00:00.000Z';

export interface UnitRef {
  id: string;
  path: string;
  depth: number;
  name: string;
}

export async function makeUnit(db: Db, name: string, parent: UnitRef | null = null, kind = parent ? 'department' : 'city'): Promise<UnitRef> {
  const id = newId();
  const unit = { id, path: pathOf(parent?.path ?? null, id), depth: parent ? parent.depth + 1 : 0, name };
  await db
    .insertInto('org_units')
    .values({ ...unit, parent_id: parent?.id ?? null, kind, sort_order: 0, archived_at: null, created_at: NOW, updated_at: NOW })
    .execute();
  return unit;
}

let personSeq = 0;
export async function makePerson(
  db: Db,
  unit: UnitRef,
  fields: Partial<{ name: string; gender: string; birthDate: string; phone: string | null; rankLevel: string; position: string }> = {},
) {
  const id = newId();
  personSeq += 1;
  const row = {
    id,
    name: fields.name ?? `测试人员${personSeq}`,
    gender: fields.gender ?? 'male',
    birth_date: fields.birthDate ?? '1990-05-01',
    unit_id: unit.id,
    position: fields.position ?? '科员',
    rank_level: fields.rankLevel ?? '一级科员',
    political_status: '中共党员',
    phone: fields.phone === undefined ? '13800001234' : fields.phone,
    entry_date: '2012-07-01',
    created_at: NOW,
    updated_at: NOW,
  };
  await db.insertInto('people').values(row).execute();
  return { id, name: row.name, unitId: unit.id };
}

// One hash for every test user: argon2id is deliberately slow, and the tests log in often.
let sharedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct-horse-battery';

export async function makeUser(db: Db, username: string, grants: Array<[Role, UnitRef]> = [], personId: string | null = null) {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: username,
      password_hash: await sharedHash,
      person_id: personId,
      must_change_password: 0,
      disabled_at: null,
      failed_login_count: 0,
      locked_until: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  for (const [role, unit] of grants) {
    await db.insertInto('role_grants').values({ id: newId(), user_id: id, role, org_unit_id: unit.id, created_at: NOW, created_by: null }).execute();
  }
  return { id, username };
}
