import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { ballotRow, flatScores, makeAttendees, makeLiveEdition, openWindow } from './ballot-factories';
import { DIALECTS } from './db';
import { makeUnit, makeUser, type UnitRef } from './factories';

/*
 * Edition results end to end, with figures worked by hand. Every ballot gives the same score on
 * all five dimensions, so a ballot's total is that score whatever the rubric's weights. The
 * default rule drops 10 % from each end but at least one; the audience weighs 70 %.
 *
 *   talk 1: audience 9 8 8 7 6 → drop 6 and 9 → 23/3 = 7.6667; experts 9 8 → too few to drop, mean 8.5
 *           final 0.7 × 7.6667 + 0.3 × 8.5 = 7.9167
 *   talk 2: audience 7 7 6 6 5 → 19/3 = 6.3333; experts 7 6 → 6.5; final 6.3833
 *   talk 3: audience 8 9 9 9 10 → 9; experts 9 10 → 9.5; final 9.15
 * The first audience rater amended talk 1 from 5 to 9: only the last version counts.
 */

const AUDIENCE = [
  [9, 8, 8, 7, 6],
  [7, 7, 6, 6, 5],
  [8, 9, 9, 9, 10],
];
const EXPERTS = [
  [9, 8],
  [7, 6],
  [9, 10],
];

describe.each(DIALECTS)('edition results on %s', (dialect) => {
  let t: TestApp;
  let hallAdmin: Session;
  let leader: Session;
  let liaisonOutside: Session;
  let editionId: string;
  let talkIds: string[];
  let bureau: UnitRef;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const db = t.testDb.db;
    const city = await makeUnit(db, '市委组织部');
    bureau = await makeUnit(db, '市卫健委', city);
    const other = await makeUnit(db, '市场监管局', city);
    const live = await makeLiveEdition(db, { unit: bureau, talks: 3 });
    editionId = live.editionId;
    talkIds = live.talkIds;
    await makeUser(db, 'results_admin', [['hall_admin', bureau]]);
    await makeUser(db, 'results_leader', [['leader', city]]);
    await makeUser(db, 'results_liaison_out', [['liaison', other]]);
    const experts = [await makeUser(db, 'results_expert1', [['expert', city]]), await makeUser(db, 'results_expert2', [['expert', city]])];
    hallAdmin = await login(t.app, 'results_admin');
    leader = await login(t.app, 'results_leader');
    liaisonOutside = await login(t.app, 'results_liaison_out');

    const attendees = await makeAttendees(db, editionId, 5);
    let minute = 0;
    const at = () => new Date(Date.UTC(2026, 0, 1, 6, minute++)).toISOString();
    const rows = [];
    for (const [t, talkId] of talkIds.entries()) {
      const windowId = await openWindow(db, editionId, talkId, { openedAt: at() });
      const ballot = (raterKey: string, group: 'audience' | 'expert', value: number, version = 1) =>
        ballotRow({ editionId, talkId, windowId, raterKey, group, value, version, createdAt: at() });
      if (t === 0) rows.push(ballot(attendees[0]!.id, 'audience', 5, 1));
      for (const [i, v] of AUDIENCE[t]!.entries()) rows.push(ballot(attendees[i]!.id, 'audience', v, t === 0 && i === 0 ? 2 : 1));
      for (const [i, v] of EXPERTS[t]!.entries()) rows.push(ballot(experts[i]!.id, 'expert', v));
    }
    await db.insertInto('ballots').values(rows).execute();
    await db.updateTable('editions').set({ status: 'closed' }).where('id', '=', editionId).execute();
  });
  afterAll(() => t.close());

  it('computes the draft for the hall admin with each group aggregated under the rule and weighted 70/30', async () => {
    const res = await hallAdmin.request({ method: 'GET', url: `/api/editions/${editionId}/results` });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.state).toBe('draft');
    expect(r.ballotCounts).toMatchObject({ audience: 15, expert: 6, paper: 0 });
    const [s1, s2, s3] = r.speakers;
    expect(s1.audience).toMatchObject({ n: 5, aggregate: 7.6667, dropped: 1, fellBackToMean: false, mean: 7.6, median: 8 });
    expect(s1.expert).toMatchObject({ n: 2, aggregate: 8.5, dropped: 0, fellBackToMean: true });
    expect(s1.final).toBe(7.9167);
    expect(s2.final).toBe(6.3833);
    expect(s3.final).toBe(9.15);
    expect(r.speakers.map((s: { rank: number }) => s.rank)).toEqual([2, 3, 1]);
    expect(s1.formula).toBe('听众 70% × 7.67 + 专家 30% × 8.50 = 7.92');
    expect(s1.audience.box).toEqual({ min: 6, q1: 7, median: 8, q3: 8, max: 9 });
    expect(s1.audience.histogram).toEqual([
      { value: 6, count: 1 },
      { value: 7, count: 1 },
      { value: 8, count: 2 },
      { value: 9, count: 1 },
    ]);
    expect(s1.dimensions.map((d: { key: string; n: number; mean: number }) => [d.key, d.n, d.mean])).toEqual([
      ['depth', 7, 7.8571],
      ['breadth', 7, 7.8571],
      ['practical_value', 7, 7.8571],
      ['delivery', 7, 7.8571],
      ['responsiveness', 7, 7.8571],
    ]);
    // The expert panel scored every speaker: its reliability is defined.
    const experts = r.reliability.find((x: { group: string }) => x.group === 'expert');
    expect(experts).toMatchObject({ raters: 2, completeRaters: 2 });
    expect(experts.icc).not.toBeNull();
    expect(r.raters).toHaveLength(7);
    expect(r.raters.every((x: { rater: string }) => /^(听众-\d{3}|专家-\d{2})$/.test(x.rater))).toBe(true);
  });

  it("shows readers nothing before publication: the draft is the hall managers' alone", async () => {
    for (const reader of [leader, liaisonOutside]) {
      const res = await reader.request({ method: 'GET', url: `/api/editions/${editionId}/results` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.details).toMatchObject({ reason: 'results_not_published' });
    }
  });

  it('publishes frozen results that a recomputation matches, and detects a ballot changed afterwards', async () => {
    const pub = await hallAdmin.request({ method: 'POST', url: `/api/editions/${editionId}/results/publish` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ state: 'published', speakers: [{ final: 7.9167 }, { final: 6.3833 }, { final: 9.15 }] });
    const edition = await t.testDb.db.selectFrom('editions').select('status').where('id', '=', editionId).executeTakeFirstOrThrow();
    expect(edition.status).toBe('published');

    const read = await leader.request({ method: 'GET', url: `/api/editions/${editionId}/results` });
    expect(read.statusCode).toBe(200);
    expect(read.json().inputsHash).toBe(pub.json().inputsHash);

    const ok = (await leader.request({ method: 'GET', url: `/api/editions/${editionId}/results/verify` })).json();
    expect(ok).toEqual({ matches: true, publishedHash: pub.json().inputsHash, recomputedHash: pub.json().inputsHash, differences: [] });

    // Someone edits a stored ballot behind the application's back.
    const db = t.testDb.db;
    const victim = await db.selectFrom('ballots').select('id').where('talk_id', '=', talkIds[1]!).where('rater_group', '=', 'expert').executeTakeFirstOrThrow();
    await db
      .updateTable('ballots')
      .set({ scores_json: JSON.stringify(flatScores(1)) })
      .where('id', '=', victim.id)
      .execute();
    const bad = (await leader.request({ method: 'GET', url: `/api/editions/${editionId}/results/verify` })).json();
    expect(bad.matches).toBe(false);
    expect(bad.recomputedHash).not.toBe(bad.publishedHash);
    expect(bad.differences).toContain('speakers.1.final');
    // A liaison whose unit has no speaker in the edition sees nothing of it.
    expect((await liaisonOutside.request({ method: 'GET', url: `/api/editions/${editionId}/results` })).statusCode).toBe(403);
    // A liaison of the speakers' own unit sees their scores, and nothing about raters or flags.
    await makeUser(t.testDb.db, 'results_liaison_in', [['liaison', bureau]]);
    const liaisonInside = await login(t.app, 'results_liaison_in');
    const own = (await liaisonInside.request({ method: 'GET', url: `/api/editions/${editionId}/results` })).json();
    expect(own.speakers.map((x: { final: number }) => x.final)).toEqual([7.9167, 6.3833, 9.15]);
    expect([own.raters, own.anomalies, own.reliability, own.ballotCounts.flagged]).toEqual([[], [], [], 0]);
    // The published figures stay as frozen.
    expect((await leader.request({ method: 'GET', url: `/api/editions/${editionId}/results` })).json().speakers[1].final).toBe(6.3833);
  });

  it('shows a speaker its own published scores and the anonymous distribution, and nothing when its hall says no', async () => {
    const db = t.testDb.db;
    const talk = await db.selectFrom('talks').select(['person_id']).where('id', '=', talkIds[0]!).executeTakeFirstOrThrow();
    await makeUser(db, 'results_speaker', [['cadre', bureau]], talk.person_id);
    const speaker = await login(t.app, 'results_speaker');
    const mine = (await speaker.request({ method: 'GET', url: '/api/my/results' })).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ editionId, final: 7.9167, rank: 2, speakerCount: 3, editionFinals: [9.15, 7.9167, 6.3833] });
    expect(mine.items[0].audience).toMatchObject({ n: 5, aggregate: 7.6667 });
    // Nothing names the other speakers.
    expect(JSON.stringify(mine)).not.toContain('讲题2');

    const edition = await db.selectFrom('editions').select('hall_id').where('id', '=', editionId).executeTakeFirstOrThrow();
    await db.updateTable('halls').set({ speakers_see_results: 0 }).where('id', '=', edition.hall_id).execute();
    expect((await speaker.request({ method: 'GET', url: '/api/my/results' })).json()).toEqual({ items: [] });
  });

  it('refuses to publish twice', async () => {
    const again = await hallAdmin.request({ method: 'POST', url: `/api/editions/${editionId}/results/publish` });
    expect(again.statusCode).toBe(409);
  });

  it("gives the hall's trend one point per published edition, and the big screen the ranking only where the hall allows it", async () => {
    const db = t.testDb.db;
    const edition = await db.selectFrom('editions').select(['hall_id', 'seq', 'title', 'date']).where('id', '=', editionId).executeTakeFirstOrThrow();
    const published = (await leader.request({ method: 'GET', url: `/api/editions/${editionId}/results` })).json();
    const trend = await leader.request({ method: 'GET', url: `/api/halls/${edition.hall_id}/results-trend` });
    expect(trend.statusCode).toBe(200);
    expect(trend.json()).toEqual({
      items: [
        {
          editionId,
          seq: edition.seq,
          title: edition.title,
          date: edition.date,
          speakers: 3,
          ballots: 21,
          // (7.9167 + 6.3833 + 9.15) / 3
          meanFinal: 7.8167,
          topFinal: 9.15,
          audienceIcc2k: published.reliability.find((x: { group: string }) => x.group === 'audience').icc.ICC2k,
          attendance: 5,
        },
      ],
    });

    // The big screen needs no session; a hall shows results there only once it says so.
    const hidden = await t.app.inject({ method: 'GET', url: `/api/live/${editionId}/results` });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.details).toMatchObject({ reason: 'results_not_shown' });
    await db.updateTable('halls').set({ screen_shows_results: 1 }).where('id', '=', edition.hall_id).execute();
    const shown = (await t.app.inject({ method: 'GET', url: `/api/live/${editionId}/results` })).json();
    expect(shown.editionTitle).toBe(edition.title);
    expect(shown.speakers.map((x: { talkId: string; final: number; rank: number }) => [x.talkId, x.final, x.rank])).toEqual([
      [talkIds[2], 9.15, 1],
      [talkIds[0], 7.9167, 2],
      [talkIds[1], 6.3833, 3],
    ]);
  });

  it('computes, publishes and verifies an edition whose two raters order its two speakers oppositely, reporting no ICC', async () => {
    // Rater 1 gives 6 then 8, rater 2 gives 8 then 6: both speakers average 7, so the ICC has no
    // between-speaker variance to apportion (its interval's degrees of freedom are 0/0). This used
    // to throw inside the computation, a 500 on the draft and on publication.
    const db = t.testDb.db;
    const live = await makeLiveEdition(db, { unit: bureau, talks: 2 });
    const attendees = await makeAttendees(db, live.editionId, 2);
    const rows = [];
    for (const [i, talkId] of live.talkIds.entries()) {
      const windowId = await openWindow(db, live.editionId, talkId, { openedAt: new Date(Date.UTC(2026, 0, 2, 6, i * 10)).toISOString() });
      for (const [r, v] of (i === 0 ? [6, 8] : [8, 6]).entries()) {
        rows.push(
          ballotRow({
            editionId: live.editionId,
            talkId,
            windowId,
            raterKey: attendees[r]!.id,
            group: 'audience',
            value: v,
            createdAt: new Date(Date.UTC(2026, 0, 2, 6, i * 10 + 2, r)).toISOString(),
          }),
        );
      }
    }
    await db.insertInto('ballots').values(rows).execute();
    await db.updateTable('editions').set({ status: 'closed' }).where('id', '=', live.editionId).execute();

    const draft = await hallAdmin.request({ method: 'GET', url: `/api/editions/${live.editionId}/results` });
    expect(draft.statusCode).toBe(200);
    const audience = draft.json().reliability.find((x: { group: string }) => x.group === 'audience');
    expect(audience).toMatchObject({ raters: 2, completeRaters: 2, icc: null, iccCi95: null, kendallW: 0 });
    expect(audience.notes).toContain('各主讲人的平均总分完全相同，无法计算组内相关系数');
    expect(draft.json().speakers.map((s: { final: number; rank: number }) => [s.final, s.rank])).toEqual([
      [7, 1],
      [7, 1],
    ]);

    const pub = await hallAdmin.request({ method: 'POST', url: `/api/editions/${live.editionId}/results/publish` });
    expect(pub.statusCode).toBe(200);
    expect((await leader.request({ method: 'GET', url: `/api/editions/${live.editionId}/results` })).statusCode).toBe(200);
    const verify = (await leader.request({ method: 'GET', url: `/api/editions/${live.editionId}/results/verify` })).json();
    expect(verify).toMatchObject({ matches: true, differences: [] });
  });
});

describe.each(DIALECTS)('ballots before the talk ended on %s', (dialect) => {
  let t: TestApp;
  afterAll(() => t.close());

  it("flags a ballot submitted before the host moved off the talk, from the live session's audit trail", async () => {
    t = await buildTestApp(dialect);
    const db = t.testDb.db;
    const unit = await makeUnit(db, '市委党校');
    const live = await makeLiveEdition(db, { unit, talks: 2 });
    await makeUser(db, 'early_admin', [['hall_admin', unit]]);
    const admin = await login(t.app, 'early_admin');
    const attendees = await makeAttendees(db, live.editionId, 6);
    // The host opened scoring for talk 1 at 06:00 while it was still being given; the talk step ended at 06:10.
    const rows = [];
    for (const [k, talkId] of live.talkIds.entries()) {
      const windowId = await openWindow(db, live.editionId, talkId, { openedAt: `2026-01-01T0${6 + k}:00:00.000Z` });
      for (const [i, a] of attendees.entries()) {
        rows.push(
          ballotRow({
            editionId: live.editionId,
            talkId,
            windowId,
            raterKey: a.id,
            group: 'audience',
            value: 5 + ((i + k) % 4),
            // Attendee 0 scored talk 1 at 06:05, before its end; everyone else after 06:10.
            createdAt: k === 0 && i === 0 ? '2026-01-01T06:05:00.000Z' : `2026-01-01T0${6 + k}:${String(11 + i).padStart(2, '0')}:00.000Z`,
          }),
        );
      }
    }
    await db.insertInto('ballots').values(rows).execute();
    const state = (step: string, talkId: string) =>
      JSON.stringify({ step, currentTalkId: talkId, stepStartedAt: null, checkinOpen: true, window: null, screen: 'speaker' });
    await db
      .insertInto('audit_log')
      .values({
        id: newId(),
        at: '2026-01-01T06:10:00.000Z',
        actor_user_id: null,
        actor_name: 'host',
        action: 'live.set_step',
        entity_type: 'edition',
        entity_id: live.editionId,
        org_unit_id: unit.id,
        org_unit_path: unit.path,
        before_json: state('talk', live.talkIds[0]!),
        after_json: state('qa', live.talkIds[0]!),
        request_id: null,
        ip: null,
      })
      .execute();
    await db.updateTable('editions').set({ status: 'closed' }).where('id', '=', live.editionId).execute();

    const r = (await admin.request({ method: 'GET', url: `/api/editions/${live.editionId}/results` })).json();
    const early = r.anomalies.filter((a: { kind: string }) => a.kind === 'before_talk_end');
    expect(early).toHaveLength(1);
    expect(early[0]).toMatchObject({ talkId: live.talkIds[0], ballots: 1 });
    expect(early[0].rater).toMatch(/^听众-\d{3}$/);
    // Talk 2 never showed its talk step: no end is known, so nothing is judged early there.
    expect(r.anomalies.some((a: { kind: string; talkId: string }) => a.kind === 'before_talk_end' && a.talkId === live.talkIds[1])).toBe(false);
  });
});
