import { DEFAULT_AGGREGATION, DEFAULT_RUBRIC, type EditionStatus, type Role, RUBRIC_LOCKED_STATUSES } from '@lecture-hall/shared';
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

export async function makeHall(
  db: Db,
  unit: UnitRef,
  fields: Partial<{ name: string; youngAgeLimit: number; repeatWindow: number; defaultSpeakerCount: number; createdAt: string }> = {},
) {
  const id = newId();
  const name = fields.name ?? `${unit.name}干部讲堂`;
  await db
    .insertInto('halls')
    .values({
      id,
      name,
      unit_id: unit.id,
      description: '',
      young_age_limit: fields.youngAgeLimit ?? 40,
      repeat_window: fields.repeatWindow ?? 4,
      default_speaker_count: fields.defaultSpeakerCount ?? 5,
      default_rubric_json: JSON.stringify(DEFAULT_RUBRIC),
      next_seq: 1,
      created_at: fields.createdAt ?? NOW,
      updated_at: NOW,
    })
    .execute();
  return { id, name, unitId: unit.id };
}

export async function makeStage(db: Db, hallId: string, fields: Partial<{ title: string; sortOrder: number }> = {}) {
  const id = newId();
  const title = fields.title ?? '第一阶段';
  await db
    .insertInto('stages')
    .values({
      id,
      hall_id: hallId,
      title,
      theme_focus: '',
      period_start: null,
      period_end: null,
      description: '',
      sort_order: fields.sortOrder ?? 0,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return { id, hallId, title };
}

/** An edition numbered from its hall's counter, in any status (a locked one has its rubric locked). */
export async function makeEdition(
  db: Db,
  hallId: string,
  fields: Partial<{ title: string; date: string; status: EditionStatus; speakerCount: number; stageId: string | null; unitQuota: number | null }> = {},
) {
  const id = newId();
  const hall = await db
    .selectFrom('halls')
    .select(['next_seq', 'default_speaker_count', 'default_rubric_json'])
    .where('id', '=', hallId)
    .executeTakeFirstOrThrow();
  const seq = Number(hall.next_seq);
  await db
    .updateTable('halls')
    .set({ next_seq: seq + 1 })
    .where('id', '=', hallId)
    .execute();
  const status = fields.status ?? 'planning';
  await db
    .insertInto('editions')
    .values({
      id,
      hall_id: hallId,
      seq,
      stage_id: fields.stageId ?? null,
      title: fields.title ?? `第${seq}期`,
      theme: '',
      date: fields.date ?? '2026-03-15',
      start_time: '14:30',
      end_time: '17:00',
      venue: '市委党校报告厅',
      speaker_count: fields.speakerCount ?? hall.default_speaker_count,
      unit_quota: fields.unitQuota ?? null,
      rubric_json: hall.default_rubric_json,
      audience_weight_pct: 70,
      aggregation_json: JSON.stringify(DEFAULT_AGGREGATION),
      status,
      rubric_locked_at: RUBRIC_LOCKED_STATUSES.includes(status) ? NOW : null,
      status_changed_at: NOW,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return { id, hallId, seq };
}
