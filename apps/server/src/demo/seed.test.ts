import { type EditionResults, POLITICAL_STATUSES, RANK_LEVELS } from '@lecture-hall/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type Dialect, type TestDb, testConfig } from '../../test/db';
import { buildApp } from '../app';
import { ageOn, systemClock } from '../lib/clock';
import { AuditService } from '../modules/audit/audit.service';
import { verifyPassword } from '../modules/auth/password';
import { editionRepository } from '../modules/halls/halls.repository';
import { resultsRepository } from '../modules/results/results.repository';
import { inputsHash, raterCodes } from '../modules/results/results.rules';
import { loadResultsInputs } from '../modules/results/results.service';
import { genderOfGivenName, SURNAMES } from './names';
import { addDays, addYears } from './people';
import { DEMO_PASSWORD, DEMO_REFERENCE_DATE, DemoSeedError, demoPasswordHash, seedDemo } from './seed';

async function seeded(dialect: Dialect = 'sqlite'): Promise<TestDb> {
  const t = await createTestDb(dialect);
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
  'live_sessions',
  'scoring_windows',
  'live_experts',
  'attendees',
  'ballots',
  'paper_imports',
  'paper_ballots',
  'edition_results',
  'rater_code_salts',
] as const;
/** Tables keyed by something other than an id column. */
const ORDER_BY: Partial<Record<(typeof TABLES)[number], string[]>> = {
  live_sessions: ['edition_id'],
  live_experts: ['edition_id', 'expert_user_id'],
  edition_results: ['edition_id'],
  rater_code_salts: ['edition_id'],
};
const rowsOf = (t: TestDb) =>
  Promise.all(
    TABLES.map((table) => {
      if (table === 'blobs') return t.db.selectFrom('blobs').select(['sha256', 'size', 'driver']).orderBy('sha256').execute();
      let q = t.db.selectFrom(table).selectAll();
      for (const column of ORDER_BY[table] ?? ['id']) q = q.orderBy(column as 'id');
      return q.execute();
    }),
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

  it('runs the city hall: two stages, six finished and published editions, one ready with five speakers, one recruiting with twelve candidates', async () => {
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
      '1:published',
      '2:published',
      '3:published',
      '4:published',
      '5:published',
      '6:published',
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

  describe('its finished editions, scored and published', () => {
    /** The city hall's published editions in order, with their frozen results. */
    const cityEditions = async (t: TestDb) => {
      const rows = await t.db
        .selectFrom('editions as e')
        .innerJoin('halls as h', 'h.id', 'e.hall_id')
        .innerJoin('edition_results as r', 'r.edition_id', 'e.id')
        .select(['e.id', 'e.seq', 'e.date', 'e.status', 'e.status_changed_at', 'r.results_json', 'r.inputs_hash', 'r.published_at'])
        .where('h.name', '=', '市直机关干部大讲堂')
        .orderBy('e.seq')
        .execute();
      return rows.map((r) => ({ ...r, results: JSON.parse(r.results_json) as EditionResults }));
    };
    const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

    it("publishes the six finished city editions and the other halls' four, each frozen with a hash a recomputation matches", async () => {
      const statuses = await a.db
        .selectFrom('editions')
        .select(['status', a.db.fn.countAll<number>().as('n')])
        .groupBy('status')
        .orderBy('status')
        .execute();
      expect(statuses.map((s) => [s.status, Number(s.n)])).toEqual([
        ['planning', 2],
        ['preparing', 1],
        ['published', 10],
        ['ready', 1],
        ['recruiting', 1],
      ]);
      const city = await cityEditions(a);
      expect(city.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      for (const e of city) {
        // Published the Monday after the Friday edition, at 10:00 in Beijing, by the hall's admin.
        expect(beijing(e.published_at)).toBe(`${addDays(e.date, 3)} 10:00`);
        expect(e.status_changed_at).toBe(e.published_at);
        expect(e.results.state).toBe('published');
        const edition = (await editionRepository.findById(a.db, e.id))!;
        expect(inputsHash(await loadResultsInputs(a.db, edition, e.published_at, await resultsRepository.findPublished(a.db, e.id))), `第${e.seq}期`).toBe(
          e.inputs_hash,
        );
      }
      const publishers = await a.db
        .selectFrom('edition_results as r')
        .innerJoin('users as u', 'u.id', 'r.published_by')
        .select('u.username')
        .distinct()
        .execute();
      expect(publishers).toEqual([{ username: 'hall' }]);
    });

    it('checks in 150–320 attendees an edition: party-school classes, organ cadres matched to the roster, and others', async () => {
      const city = await cityEditions(a);
      const counts: number[] = [];
      for (const e of city) {
        const rows = await a.db.selectFrom('attendees').selectAll().where('edition_id', '=', e.id).execute();
        counts.push(rows.length);
        const of = (c: string) => rows.filter((r) => r.category === c);
        expect(of('party_school').length / rows.length).toBeGreaterThan(0.3);
        expect(of('organ').length / rows.length).toBeGreaterThan(0.35);
        expect(of('other').length / rows.length).toBeGreaterThan(0.05);
        expect(of('party_school').every((r) => r.class_name.endsWith('班'))).toBe(true);
        expect(rows.filter((r) => r.category !== 'party_school').every((r) => r.class_name === '')).toBe(true);
        // Roster check-ins carry the person (so a rater's unit is known); guests do not; each counts once.
        expect(rows.every((r) => (r.kind === 'roster') === (r.person_id !== null) && r.counted === 1 && r.first_attendee_id === null)).toBe(true);
        expect(of('organ').filter((r) => r.kind === 'roster').length).toBeGreaterThan(60);
        const speakers = new Set((await a.db.selectFrom('talks').select('person_id').where('edition_id', '=', e.id).execute()).map((t) => t.person_id));
        expect(rows.some((r) => r.person_id !== null && speakers.has(r.person_id))).toBe(false);
        for (const r of rows) {
          expect(beijing(r.created_at) >= `${e.date} 14:05`, r.created_at).toBe(true);
          expect(beijing(r.created_at) <= `${e.date} 15:08`, r.created_at).toBe(true);
        }
      }
      expect(counts).toEqual([230, 221, 211, 214, 271, 286]);
    });

    it('scores each talk in its own three-minute window in speaking order, ballots inside the window, five experts a talk', async () => {
      const city = await cityEditions(a);
      const ballotRows: number[] = [];
      const amended: number[] = [];
      for (const e of city) {
        const windows = await a.db
          .selectFrom('scoring_windows as w')
          .innerJoin('talks as t', 't.id', 'w.talk_id')
          .select(['w.id', 'w.opened_at', 'w.closes_at', 'w.closed_at', 't.position'])
          .where('w.edition_id', '=', e.id)
          .orderBy('w.opened_at')
          .execute();
        expect(windows.map((w) => w.position)).toEqual([1, 2, 3, 4, 5]);
        expect(beijing(windows[0]!.opened_at) >= `${e.date} 14:55`).toBe(true);
        for (const w of windows) expect(Date.parse(w.closed_at!) - Date.parse(w.opened_at)).toBe(180_000);
        const opened = new Map(windows.map((w) => [w.id, Date.parse(w.opened_at)]));
        const ballots = await a.db.selectFrom('ballots').selectAll().where('edition_id', '=', e.id).execute();
        ballotRows.push(ballots.length);
        amended.push(ballots.filter((b) => b.version === 2).length);
        const seconds = ballots.map((b) => (Date.parse(b.created_at) - opened.get(b.window_id)!) / 1000);
        // Nobody scores before checking in (a late-comer misses the first talk).
        const checkedIn = new Map(
          (await a.db.selectFrom('attendees').select(['id', 'created_at']).where('edition_id', '=', e.id).execute()).map((x) => [x.id, x.created_at]),
        );
        expect(ballots.filter((b) => b.attendee_id !== null && b.created_at <= checkedIn.get(b.attendee_id)!)).toEqual([]);
        expect(Math.min(...seconds)).toBeGreaterThanOrEqual(2);
        expect(Math.max(...seconds)).toBeLessThan(180);
        expect(seconds.filter((s) => s >= 30 && s <= 120).length / seconds.length).toBeGreaterThan(0.75);
        // A second version always follows the rater's first, for the same talk.
        const first = new Map(ballots.filter((b) => b.version === 1).map((b) => [`${b.talk_id}|${b.rater_key}`, b.created_at]));
        for (const b of ballots.filter((x) => x.version === 2)) expect(first.get(`${b.talk_id}|${b.rater_key}`)! < b.created_at).toBe(true);
        const experts = await a.db
          .selectFrom('live_experts as x')
          .innerJoin('users as u', 'u.id', 'x.expert_user_id')
          .select('u.username')
          .where('x.edition_id', '=', e.id)
          .orderBy('u.username')
          .execute();
        expect(experts.map((x) => x.username)).toEqual(['expert', 'expert2', 'expert3', 'expert4', 'expert5']);
        expect(e.results.ballotCounts.expert).toBe(25);
      }
      expect(ballotRows).toEqual([1161, 1092, 1041, 1063, 1153, 1445]);
      expect(amended).toEqual([60, 44, 38, 34, 46, 56]);
      expect(city.map((e) => e.results.ballotCounts.audience)).toEqual([1076, 1023, 978, 1004, 1102, 1364]);
    });

    it('gives plausible finals: 7–9.5, a spread within each edition, and some statistical ties', async () => {
      const city = await cityEditions(a);
      let tied = 0;
      for (const e of city) {
        const finals = e.results.speakers.map((s) => s.final!);
        for (const f of finals) {
          expect(f).toBeGreaterThanOrEqual(7);
          expect(f).toBeLessThanOrEqual(9.5);
        }
        expect(Math.max(...finals) - Math.min(...finals)).toBeGreaterThan(0.5);
        expect(e.results.speakers.map((s) => s.rank).sort()).toEqual([1, 2, 3, 4, 5]);
        tied += e.results.speakers.filter((s) => s.tiedWith.length > 0).length;
      }
      expect(tied).toBeGreaterThan(6);
    });

    it('flags every planted behaviour in the published results, on the rater or talk it was planted on', async () => {
      const city = await cityEditions(a);
      const kinds = (i: number) => city[i]!.results.anomalies.map((f) => f.kind);
      const codesOf = async (i: number) => {
        const edition = (await editionRepository.findById(a.db, city[i]!.id))!;
        const inputs = await loadResultsInputs(a.db, edition, '2026-11-30T00:00:00.000Z', await resultsRepository.findPublished(a.db, city[i]!.id));
        return raterCodes(inputs.ballots, inputs.edition.raterCodeSalt);
      };
      const talkAt = async (i: number, position: number) =>
        (await a.db.selectFrom('talks').select('id').where('edition_id', '=', city[i]!.id).where('position', '=', position).executeTakeFirstOrThrow()).id;

      // 1st: the straight-liner (8 on everything for every speaker) and a speeder.
      const eight = JSON.stringify({ depth: 8, breadth: 8, practical_value: 8, delivery: 8, responsiveness: 8 });
      const allEights = await a.db
        .selectFrom('ballots')
        .select('rater_key')
        .where('edition_id', '=', city[0]!.id)
        .groupBy('rater_key')
        .having((eb) => eb.fn.count('id'), '=', 5)
        .having((eb) => eb.fn.max('scores_json'), '=', eight)
        .having((eb) => eb.fn.min('scores_json'), '=', eight)
        .execute();
      expect(allEights).toHaveLength(1);
      const straight = city[0]!.results.anomalies.filter((f) => f.kind === 'straight_liner');
      expect(straight.map((f) => f.rater)).toEqual([(await codesOf(0)).get(allEights[0]!.rater_key)]);
      const speeding = city[0]!.results.anomalies.filter((f) => f.kind === 'speeding');
      expect(speeding.map((f) => [f.talkId, f.detail.includes('仅 2.0 秒')])).toEqual([[await talkAt(0, 2), true]]);

      // 3rd: the speaker whose seven colleagues in the audience rated them 2.5 higher.
      const favour = city[2]!.results.anomalies.filter((f) => f.kind === 'own_unit_favouritism');
      expect(favour).toHaveLength(1);
      const favoured = city[2]!.results.speakers.find((s) => s.talkId === favour[0]!.talkId)!;
      const colleagues = await a.db
        .selectFrom('attendees as x')
        .innerJoin('people as p', 'p.id', 'x.person_id')
        .innerJoin('people as s', 's.unit_id', 'p.unit_id')
        .select('x.id')
        .where('x.edition_id', '=', city[2]!.id)
        .where('s.id', '=', favoured.personId)
        .execute();
      expect(colleagues).toHaveLength(7);
      expect(favour[0]!.ballots).toBe(7);
      // Seven of about two hundred raters: without their ballots the speaker's final drops, by a few hundredths.
      expect(favoured.finalWithoutFlagged!).toBeLessThan(favoured.final! - 0.02);

      // 4th: eight identical full-mark ballots within five seconds, and a rater ranking the speakers in reverse.
      const bursts = city[3]!.results.anomalies.filter((f) => f.kind === 'identical_burst');
      expect(bursts.map((f) => [f.talkId, f.ballots, f.detail.includes('(10,10,10,10,10)')])).toEqual([[await talkAt(3, 3), 8, true]]);
      // The contrarian: of the raters who scored all five, the one whose scores run most against the speakers' finals.
      const finals = new Map(city[3]!.results.speakers.map((s) => [s.talkId, s.final!]));
      // rater → talk → mean score of its counting (last) ballot.
      const byRater = new Map<string, Map<string, number>>();
      for (const b of await a.db
        .selectFrom('ballots')
        .select(['rater_key', 'talk_id', 'scores_json'])
        .where('edition_id', '=', city[3]!.id)
        .where('rater_group', '=', 'audience')
        .orderBy('version')
        .execute()) {
        const scores = Object.values(JSON.parse(b.scores_json) as Record<string, number>);
        if (!byRater.has(b.rater_key)) byRater.set(b.rater_key, new Map());
        byRater.get(b.rater_key)!.set(b.talk_id, scores.reduce((x, y) => x + y, 0) / scores.length);
      }
      const pearson = (xy: Array<[number, number]>) => {
        const mx = xy.reduce((s, [x]) => s + x, 0) / xy.length;
        const my = xy.reduce((s, [, y]) => s + y, 0) / xy.length;
        const sxy = xy.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
        const sxx = xy.reduce((s, [x]) => s + (x - mx) ** 2, 0);
        const syy = xy.reduce((s, [, y]) => s + (y - my) ** 2, 0);
        return syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
      };
      const [contrarian, r] = [...byRater]
        .filter(([, cells]) => cells.size === 5)
        .map(([key, cells]) => [key, pearson([...cells].map(([talk, y]) => [finals.get(talk)!, y]))] as const)
        .sort((x, y) => x[1] - y[1])[0]!;
      expect(r).toBeLessThan(-0.9);
      const outliers = city[3]!.results.anomalies.filter((f) => f.kind === 'outlier_rater').map((f) => f.rater);
      expect(outliers).toContain((await codesOf(3)).get(contrarian));

      // 5th: the Wi-Fi failed 50 s into the last talk's window; twenty paper sheets were imported.
      const last = city[4]!.results.speakers[4]!;
      expect([city[4]!.results.ballotCounts.paper, last.paperBallots, last.audience.n]).toEqual([20, 20, 73]);
      const imports = await a.db.selectFrom('paper_imports').select(['file_name', 'ballot_count', 'edition_id']).execute();
      expect(imports).toEqual([{ file_name: '第5期纸质评分表.xlsx', ballot_count: 20, edition_id: city[4]!.id }]);
      const lastWindow = await a.db.selectFrom('scoring_windows').select(['id', 'opened_at']).where('talk_id', '=', last.talkId).executeTakeFirstOrThrow();
      const lastLive = await a.db.selectFrom('ballots').select('created_at').where('window_id', '=', lastWindow.id).execute();
      expect(Math.max(...lastLive.map((b) => Date.parse(b.created_at) - Date.parse(lastWindow.opened_at)))).toBeLessThan(50_000);
      expect(kinds(4)).toContain('speeding');

      // 6th: a party-school class of 25 giving everyone +2 — no flag, but the rater model sees its leniency.
      const bloc = await a.db
        .selectFrom('attendees')
        .select('id')
        .where('edition_id', '=', city[5]!.id)
        .where('class_name', '=', '第28期科级干部进修班')
        .execute();
      expect(bloc).toHaveLength(25);
      const codes6 = await codesOf(5);
      const blocCodes = new Set(bloc.map((x) => codes6.get(x.id)));
      const meanSeverity = (pick: (code: string) => boolean) => {
        const xs = city[5]!.results.raters.filter((r) => r.group === 'audience' && pick(r.rater)).map((r) => r.severity!);
        return xs.reduce((s, x) => s + x, 0) / xs.length;
      };
      expect(meanSeverity((c) => blocCodes.has(c)) - meanSeverity((c) => !blocCodes.has(c))).toBeGreaterThan(1);

      const all = new Set(city.flatMap((_, i) => kinds(i)));
      expect([...all].sort()).toEqual(['identical_burst', 'outlier_rater', 'own_unit_favouritism', 'speeding', 'straight_liner']);
    });

    it("shows the demo cadre its own results from the 2nd edition, and a liaison only its unit's speakers", async () => {
      const app = await buildApp(testConfig(b.target, { DEMO_MODE: 'true' }), { db: b.db, logger: false });
      try {
        const session = async (username: string) => {
          const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
          return `lh_session=${login.cookies.find((c) => c.name === 'lh_session')!.value}`;
        };
        const second = (await cityEditions(b))[1]!;
        const mine = await app.inject({ method: 'GET', url: '/api/my/results', headers: { cookie: await session('cadre') } });
        expect(mine.statusCode).toBe(200);
        const items = mine.json().items as Array<{ editionId: string; final: number; rank: number; speakerCount: number }>;
        const own = second.results.speakers.find((s) => s.position === 1)!;
        expect(items.map((i) => [i.editionId, i.final, i.rank, i.speakerCount])).toEqual([[second.id, own.final, own.rank, 5]]);
        const asLiaison = await app.inject({ method: 'GET', url: `/api/editions/${second.id}/results`, headers: { cookie: await session('liaison') } });
        expect(asLiaison.statusCode).toBe(200);
        expect((asLiaison.json() as EditionResults).speakers.length).toBeLessThan(5);
        const verify = await app.inject({
          method: 'GET',
          url: `/api/editions/${(await cityEditions(b))[4]!.id}/results/verify`,
          headers: { cookie: await session('hall') },
        });
        expect(verify.json().matches).toBe(true);
      } finally {
        await app.close();
      }
    });
  });

  it('leaves one demo.seeded audit entry, and a second run writes nothing', async () => {
    const again = await seedDemo(a.db, testConfig(a.target, { DEMO_MODE: 'true' }), new AuditService(a.db, systemClock));
    expect(again.seeded).toBe(false);
    const audit = await a.db.selectFrom('audit_log').select(['action', 'actor_user_id']).execute();
    expect(audit).toEqual([{ action: 'demo.seeded', actor_user_id: null }]);
    // 18 from the programme and courseware, and the results step's four more experts.
    expect((await a.db.selectFrom('users').select('id').execute()).length).toBe(22);
  });
});

describe.skipIf(!DIALECTS.includes('postgres'))('the demo city on PostgreSQL', () => {
  it('publishes the same results, to the last digit and hash, as on SQLite', { timeout: 240_000 }, async () => {
    const [lite, pg] = await Promise.all([seeded('sqlite'), seeded('postgres')]);
    try {
      const published = (t: TestDb) =>
        t.db.selectFrom('edition_results').select(['edition_id', 'inputs_hash', 'results_json', 'published_at']).orderBy('edition_id').execute();
      const [x, y] = await Promise.all([published(lite), published(pg)]);
      expect(x).toHaveLength(10);
      expect(y).toEqual(x);
    } finally {
      await Promise.all([lite.drop(), pg.drop()]);
    }
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
