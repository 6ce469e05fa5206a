import { POLITICAL_STATUSES, RANK_LEVELS } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testConfig } from '../../test/db';
import { buildApp } from '../app';
import { ageOn, systemClock } from '../lib/clock';
import { AuditService } from '../modules/audit/audit.service';
import { verifyPassword } from '../modules/auth/password';
import { genderOfGivenName, SURNAMES } from './names';
import { addDays, addYears } from './people';
import { DEMO_PASSWORD, DEMO_REFERENCE_DATE, DemoSeedError, demoPasswordHash, seedDemo } from './seed';

async function seeded(): Promise<TestDb> {
  const t = await createTestDb('sqlite');
  const result = await seedDemo(t.db, testConfig(t.target, { DEMO_MODE: 'true' }), new AuditService(t.db, systemClock));
  expect(result.seeded).toBe(true);
  return t;
}

const TABLES = [
  'org_units',
  'people',
  'users',
  'halls',
  'stages',
  'editions',
  'nominations',
  'talks',
  'notifications',
  'commentaries',
  'blobs',
  'deck_versions',
  'expert_assignments',
  'reviews',
  'review_comments',
  'coaching_sessions',
  'coaching_feedback',
] as const;
const rowsOf = (t: TestDb) =>
  Promise.all(
    TABLES.map((table) =>
      (table === 'blobs'
        ? t.db.selectFrom('blobs').select(['sha256', 'size', 'driver']).orderBy('sha256')
        : t.db.selectFrom(table).selectAll().orderBy('id')
      ).execute(),
    ),
  );

describe('the demo city', () => {
  let a: TestDb;
  let b: TestDb;
  beforeAll(async () => {
    [a, b] = await Promise.all([seeded(), seeded()]);
  });
  afterAll(async () => {
    await Promise.all([a.drop(), b.drop()]);
  });

  it('is the same, ids included, on two fresh databases', async () => {
    const rowsA = await rowsOf(a);
    const rowsB = await rowsOf(b);
    for (const [i, table] of TABLES.entries()) {
      expect(rowsA[i]!.length, table).toBeGreaterThan(0);
      // Password hashes are salted afresh on every run; everything else must match.
      const strip = (rows: unknown[]) => rows.map((r) => ({ ...(r as object), password_hash: undefined }));
      expect(strip(rowsB[i]!), table).toEqual(strip(rowsA[i]!));
    }
  });

  it('runs the city hall: two stages, six finished editions, one ready with five speakers, one recruiting with twelve candidates', async () => {
    const halls = await a.db
      .selectFrom('halls as h')
      .innerJoin('org_units as u', 'u.id', 'h.unit_id')
      .select(['h.id', 'h.name', 'u.name as unit'])
      .orderBy('h.id')
      .execute();
    expect(halls.map((h) => [h.name, h.unit])).toEqual([
      ['市直机关干部大讲堂', '市委组织部（市直机关工委）'],
      ['威远县青年干部讲堂', '威远县'],
      ['隆昌市干部讲堂', '隆昌市'],
      ['卫健大讲堂', '市卫健委'],
    ]);
    const city = halls[0]!.id;
    expect((await a.db.selectFrom('stages').select('title').where('hall_id', '=', city).execute()).length).toBe(2);
    const editions = await a.db.selectFrom('editions').selectAll().where('hall_id', '=', city).orderBy('seq').execute();
    expect(editions.map((e) => `${e.seq}:${e.status}`)).toEqual([
      '1:closed',
      '2:closed',
      '3:closed',
      '4:closed',
      '5:closed',
      '6:closed',
      '7:ready',
      '8:recruiting',
    ]);
    const talksOf = (editionId: string) =>
      a.db.selectFrom('talks').select(['position', 'person_id']).where('edition_id', '=', editionId).orderBy('position').execute();
    for (const e of editions.slice(0, 7))
      expect(
        (await talksOf(e.id)).map((t) => t.position),
        `第${e.seq}期`,
      ).toEqual([1, 2, 3, 4, 5]);
    expect(await talksOf(editions[7]!.id)).toEqual([]);
    const candidates = await a.db.selectFrom('nominations').select(['channel', 'state', 'override_reason']).where('edition_id', '=', editions[7]!.id).execute();
    expect(candidates).toHaveLength(12);
    const byChannel = (c: string) => candidates.filter((n) => n.channel === c).length;
    expect([byChannel('org_pick'), byChannel('unit_recommendation'), byChannel('self')]).toEqual([4, 5, 3]);
    expect(candidates.filter((n) => n.override_reason !== null)).toHaveLength(1);
    // No one speaks twice in the city hall's first seven editions.
    const speakers = await a.db
      .selectFrom('talks')
      .innerJoin('editions as e', 'e.id', 'talks.edition_id')
      .select('talks.person_id')
      .where('e.hall_id', '=', city)
      .execute();
    expect(new Set(speakers.map((s) => s.person_id)).size).toBe(35);
  });

  it("shows two of the recruiting edition's twelve candidates as ineligible, with their reasons, on the admin's board", async () => {
    // On the second database: logging in writes audit entries, which the first one's audit test must not see.
    const app = await buildApp(testConfig(b.target, { DEMO_MODE: 'true' }), { db: b.db, logger: false });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
      const cookie = `lh_session=${login.cookies.find((c) => c.name === 'lh_session')!.value}`;
      const eighth = await b.db.selectFrom('editions').select('id').where('seq', '=', 8).executeTakeFirstOrThrow();
      const board = await app.inject({ method: 'GET', url: `/api/editions/${eighth.id}/nominations`, headers: { cookie } });
      expect(board.statusCode).toBe(200);
      const items = board.json().items as Array<{ channel: string; eligibility: { eligible: boolean; reasons: Array<{ code: string }> }; override: unknown }>;
      expect(items).toHaveLength(12);
      const ineligible = items.filter((n) => !n.eligibility.eligible);
      expect(ineligible.map((n) => [n.channel, n.eligibility.reasons.map((r) => r.code), n.override !== null]).sort()).toEqual([
        ['org_pick', ['too_old'], true],
        ['unit_recommendation', ['spoke_recently'], false],
      ]);
      // Every speaker already chosen was eligible on the day of the edition.
      const seventh = await b.db.selectFrom('editions').select('id').where('seq', '=', 7).executeTakeFirstOrThrow();
      const chosen = (await app.inject({ method: 'GET', url: `/api/editions/${seventh.id}/nominations`, headers: { cookie } })).json().items as Array<{
        state: string;
        eligibility: { eligible: boolean };
      }>;
      expect(chosen.filter((n) => n.state === 'selected').map((n) => n.eligibility.eligible)).toEqual([true, true, true, true, true]);
    } finally {
      await app.close();
    }
  });

  it('has the root, at least eight city departments and five counties, each with sub-units', async () => {
    const units = await a.db.selectFrom('org_units').selectAll().execute();
    const root = units.filter((u) => u.parent_id === null);
    expect(root.map((u) => [u.name, u.kind, u.depth])).toEqual([['市委组织部（市直机关工委）', 'city', 0]]);
    const departments = units.filter((u) => u.kind === 'department' && u.parent_id === root[0]!.id);
    const counties = units.filter((u) => u.kind === 'county' && u.parent_id === root[0]!.id);
    expect(departments.length).toBeGreaterThanOrEqual(8);
    expect(departments.map((d) => d.name)).toEqual(expect.arrayContaining(['市卫健委', '市场监管局', '市发改委', '市教育局', '市财政局', '市委党校']));
    expect(counties.map((c) => c.name).sort()).toEqual(['东兴区', '威远县', '市中区', '资中县', '隆昌市'].sort());
    for (const branch of [...departments, ...counties]) {
      const subs = units.filter((u) => u.parent_id === branch.id);
      expect(subs.length, branch.name).toBeGreaterThanOrEqual(2);
      for (const s of subs) expect(s.path).toBe(`${branch.path}${s.id}/`);
    }
    const weiyuan = counties.find((c) => c.name === '威远县')!;
    expect(units.filter((u) => u.parent_id === weiyuan.id).map((u) => u.name)).toEqual(expect.arrayContaining(['县委组织部', '县卫健局', '连界镇']));
  });

  it('has about 400 people with plausible roster entries', async () => {
    const people = await a.db.selectFrom('people').selectAll().execute();
    expect(people.length).toBeGreaterThanOrEqual(380);
    expect(people.length).toBeLessThanOrEqual(420);
    const surnames = new Set(SURNAMES.map(([s]) => s));
    const nextYear = addDays(DEMO_REFERENCE_DATE, 365);
    for (const p of people) {
      expect(surnames.has(p.name[0]!), p.name).toBe(true);
      expect(p.name.length).toBeGreaterThanOrEqual(2);
      expect(p.name.length).toBeLessThanOrEqual(3);
      const gendered = genderOfGivenName(p.name.slice(1));
      if (gendered) expect(p.gender, p.name).toBe(gendered);
      expect(ageOn(p.birth_date, DEMO_REFERENCE_DATE)).toBeGreaterThanOrEqual(24);
      expect(ageOn(p.birth_date, DEMO_REFERENCE_DATE)).toBeLessThanOrEqual(58);
      // Ages are reckoned on a fixed day, yet must still be 24–58 a year on.
      expect(ageOn(p.birth_date, nextYear)).toBeLessThanOrEqual(58);
      expect(RANK_LEVELS).toContain(p.rank_level);
      expect(POLITICAL_STATUSES).toContain(p.political_status);
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(p.entry_date! > addYears(p.birth_date, 22)).toBe(true);
      expect(p.entry_date! < DEMO_REFERENCE_DATE).toBe(true);
      expect(p.position).not.toBe('');
    }
    expect(new Set(people.map((p) => p.phone)).size).toBe(people.length);
    // Mostly party members, as in any organ; both genders present.
    expect(people.filter((p) => p.political_status === '中共党员').length / people.length).toBeGreaterThan(0.6);
    expect(people.filter((p) => p.gender === 'female').length).toBeGreaterThan(100);
    // Under 30 mostly hold the two lowest rank levels.
    const young = people.filter((p) => ageOn(p.birth_date, DEMO_REFERENCE_DATE) < 30);
    expect(young.filter((p) => ['一级科员', '四级主任科员'].includes(p.rank_level)).length / young.length).toBeGreaterThan(0.8);
  });

  it("gives the ready edition's five speakers approved PDF decks — two after a revise round — and a coaching session", async () => {
    const app = await buildApp(testConfig(b.target, { DEMO_MODE: 'true' }), { db: b.db, logger: false });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hall', password: DEMO_PASSWORD } });
      const cookie = `lh_session=${login.cookies.find((c) => c.name === 'lh_session')!.value}`;
      const seventh = await b.db.selectFrom('editions').select('id').where('seq', '=', 7).where('status', '=', 'ready').executeTakeFirstOrThrow();
      const readiness = (await app.inject({ method: 'GET', url: `/api/editions/${seventh.id}/readiness`, headers: { cookie } })).json();
      expect(readiness.ready).toBe(true);
      expect(readiness.talks.map((t: { status: string }) => t.status)).toEqual(['approved', 'approved', 'approved', 'approved', 'approved']);
      const decks = (await app.inject({ method: 'GET', url: `/api/editions/${seventh.id}/decks`, headers: { cookie } })).json().items as Array<{
        order: number;
        versions: Array<{ id: string; version: number; pageCount: number }>;
      }>;
      expect(decks.map((d) => [d.order, d.versions.length])).toEqual([
        [1, 1],
        [2, 2],
        [3, 1],
        [4, 2],
        [5, 1],
      ]);
      const file = await app.inject({ method: 'GET', url: `/api/deck-versions/${decks[1]!.versions[0]!.id}/file`, headers: { cookie } });
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(decks[1]!.versions[0]!.pageCount).toBe(5);
      const reviews = (
        await app.inject({ method: 'GET', url: `/api/talks/${(decks[1] as unknown as { talkId: string }).talkId}/reviews`, headers: { cookie } })
      ).json().items as Array<{
        verdict: string;
        comments: Array<{ page: number; resolved: boolean }>;
      }>;
      expect(reviews.map((r) => r.verdict)).toEqual(['approve', 'revise']);
      expect(reviews[1]!.comments.map((c) => [c.page, c.resolved])).toEqual([
        [3, true],
        [4, false],
      ]);
      const grid = (await app.inject({ method: 'GET', url: `/api/editions/${seventh.id}/coaching-grid`, headers: { cookie } })).json();
      expect(grid.sessions).toHaveLength(1);
      expect(grid.rows.map((r: { cells: Array<{ feedbackCount: number }> }) => r.cells[0]!.feedbackCount)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await app.close();
    }
  });

  it('has the seven demo accounts with their roles, each linked to a person', async () => {
    const all = await a.db
      .selectFrom('users as u')
      .innerJoin('role_grants as g', 'g.user_id', 'u.id')
      .innerJoin('org_units as o', 'o.id', 'g.org_unit_id')
      .leftJoin('people as p', 'p.id', 'u.person_id')
      .select(['u.username', 'u.display_name', 'u.password_hash', 'u.must_change_password', 'g.role', 'o.name as scope', 'p.name as person', 'p.birth_date'])
      .orderBy('u.username')
      .execute();
    // The programme step adds three more liaisons and three cadres who nominated themselves.
    expect(all.filter((r) => /^(liaison|cadre)\d$/.test(r.username)).map((r) => [r.username, r.role])).toEqual([
      ['cadre2', 'cadre'],
      ['cadre3', 'cadre'],
      ['cadre4', 'cadre'],
      ['liaison2', 'liaison'],
      ['liaison3', 'liaison'],
      ['liaison4', 'liaison'],
    ]);
    const rows = all.filter((r) => !/\d$/.test(r.username));
    expect(rows.map((r) => [r.username, r.role, r.scope])).toEqual([
      ['admin', 'city_admin', '市委组织部（市直机关工委）'],
      ['cadre', 'cadre', '市卫健委'],
      ['expert', 'expert', '市委组织部（市直机关工委）'],
      ['hall', 'hall_admin', '市委组织部（市直机关工委）'],
      ['host', 'host', '市委组织部（市直机关工委）'],
      ['leader', 'leader', '市委组织部（市直机关工委）'],
      ['liaison', 'liaison', '市卫健委'],
    ]);
    for (const r of rows) {
      expect(r.person, r.username).not.toBeNull();
      expect(r.display_name).toMatch(/[\u4e00-\u9fff]/);
      expect(r.must_change_password).toBe(0);
    }
    expect(rows.find((r) => r.username === 'hall')!.display_name).toBe('讲堂管理员·陈静');
    const cadre = rows.find((r) => r.username === 'cadre')!;
    expect(Math.abs(ageOn(cadre.birth_date!, DEMO_REFERENCE_DATE) - 30)).toBeLessThanOrEqual(2);
    // The cadre's person sits in the 市卫健委 subtree, where the cadre role is held.
    const cadrePerson = await a.db
      .selectFrom('users as u')
      .innerJoin('people as p', 'p.id', 'u.person_id')
      .innerJoin('org_units as o', 'o.id', 'p.unit_id')
      .select(['o.path'])
      .where('u.username', '=', 'cadre')
      .executeTakeFirstOrThrow();
    const health = await a.db.selectFrom('org_units').select('path').where('name', '=', '市卫健委').executeTakeFirstOrThrow();
    expect(cadrePerson.path.startsWith(health.path)).toBe(true);
    expect(await verifyPassword(rows[0]!.password_hash, DEMO_PASSWORD)).toBe(true);
  });

  it('leaves one demo.seeded audit entry, and a second run writes nothing', async () => {
    const again = await seedDemo(a.db, testConfig(a.target, { DEMO_MODE: 'true' }), new AuditService(a.db, systemClock));
    expect(again.seeded).toBe(false);
    const audit = await a.db.selectFrom('audit_log').select(['action', 'actor_user_id']).execute();
    expect(audit).toEqual([{ action: 'demo.seeded', actor_user_id: null }]);
    expect((await a.db.selectFrom('users').select('id').execute()).length).toBe(18);
  });
});

describe('the demo password', () => {
  it('is refused outside demo mode', async () => {
    await expect(demoPasswordHash({ demoMode: false })).rejects.toBeInstanceOf(DemoSeedError);
    const hash = await demoPasswordHash({ demoMode: true });
    expect(await verifyPassword(hash, DEMO_PASSWORD)).toBe(true);
  });

  it('keeps the whole seed from running outside demo mode, writing nothing', async () => {
    const t = await createTestDb('sqlite');
    try {
      await expect(seedDemo(t.db, testConfig(t.target), new AuditService(t.db, systemClock))).rejects.toBeInstanceOf(DemoSeedError);
      expect(await t.db.selectFrom('users').select('id').execute()).toEqual([]);
      expect(await t.db.selectFrom('org_units').select('id').execute()).toEqual([]);
    } finally {
      await t.drop();
    }
  });
});

describe('seeding a database that is not empty', () => {
  it('adopts a bare root as the demo root', async () => {
    const t = await createTestDb('sqlite');
    try {
      const now = '2026-01-01T00:00:00.000Z';
      await t.db
        .insertInto('org_units')
        .values({
          id: 'root-1',
          parent_id: null,
          name: '市委组织部',
          kind: 'city',
          path: '/root-1/',
          depth: 0,
          sort_order: 0,
          archived_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await seedDemo(t.db, testConfig(t.target, { DEMO_MODE: 'true' }), new AuditService(t.db, systemClock));
      const roots = await t.db.selectFrom('org_units').select(['id', 'name']).where('parent_id', 'is', null).execute();
      expect(roots).toEqual([{ id: 'root-1', name: '市委组织部（市直机关工委）' }]);
      const children = await t.db.selectFrom('org_units').select('path').where('parent_id', '=', 'root-1').execute();
      expect(children.length).toBeGreaterThan(15);
    } finally {
      await t.drop();
    }
  });

  it('refuses one that holds accounts or people, and changes nothing', async () => {
    const t = await createTestDb('sqlite');
    try {
      const now = '2026-01-01T00:00:00.000Z';
      await t.db
        .insertInto('users')
        .values({
          id: 'u1',
          username: 'someone',
          display_name: 'someone',
          password_hash: 'x',
          person_id: null,
          must_change_password: 0,
          disabled_at: null,
          failed_login_count: 0,
          locked_until: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await expect(seedDemo(t.db, testConfig(t.target, { DEMO_MODE: 'true' }), new AuditService(t.db, systemClock))).rejects.toThrow(/not empty/);
      expect(await t.db.selectFrom('org_units').select('id').execute()).toEqual([]);
    } finally {
      await t.drop();
    }
  });
});
