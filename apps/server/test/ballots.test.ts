import { ERROR_MESSAGES, type ErrorCode } from '@lecture-hall/shared';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashAttendeeToken } from '../src/modules/live/attendee-auth';
import { buildTestApp, login, type TestApp } from './app';
import {
  type AttendeeRef,
  appointExpert,
  closeWindow,
  flatScores,
  idemKey,
  type LiveEdition,
  makeAttendee,
  makeAttendees,
  makeLiveEdition,
  openWindow,
} from './ballot-factories';
import { DIALECTS } from './db';
import { makeUnit, makeUser } from './factories';

/*
 * Ballots from phones and from the expert panel, on both dialects: what is refused and why,
 * amendments and idempotent retries, and that group commit stores each concurrent ballot
 * exactly once with the right version.
 */

const expectError = (res: LightMyRequestResponse, status: number, code: ErrorCode) => {
  expect({ status: res.statusCode, code: res.json().error?.code, message: res.json().error?.message }).toEqual({
    status,
    code,
    message: ERROR_MESSAGES[code].zh,
  });
};

describe.each(DIALECTS)('ballots on %s', (dialect) => {
  let t: TestApp;
  const db = () => t.testDb.db;

  beforeAll(async () => {
    t = await buildTestApp(dialect, { env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
  });
  afterAll(() => t.close());

  const send = (editionId: string, token: string | null, payload: unknown) =>
    t.app.inject({ method: 'POST', url: `/api/live/${editionId}/ballots`, headers: token ? { 'x-attendee-token': token } : {}, payload: payload as object });
  const ballot = (talkId: string, v = 7, key = idemKey()) => ({ talkId, scores: flatScores(v), idempotencyKey: key });
  const stored = (editionId: string) =>
    db()
      .selectFrom('ballots')
      .select([
        'id',
        'talk_id',
        'rater_group',
        'rater_key',
        'attendee_id',
        'expert_user_id',
        'version',
        'scores_json',
        'idempotency_key',
        'window_id',
        'created_at',
      ])
      .where('edition_id', '=', editionId)
      .orderBy('rater_key')
      .orderBy('version')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, version: Number(r.version) })));

  /** A live edition with the first speaker's window open, and one checked-in attendee. */
  async function scoring(): Promise<LiveEdition & { windowId: string; attendee: AttendeeRef }> {
    const ed = await makeLiveEdition(db());
    const windowId = await openWindow(db(), ed.editionId, ed.talkIds[0]!);
    return { ...ed, windowId, attendee: await makeAttendee(db(), ed.editionId) };
  }

  it('acknowledges a ballot once it is stored, as version 1 of the audience group', async () => {
    const s = await scoring();
    const body = ballot(s.talkIds[0]!, 8);
    const res = await send(s.editionId, s.attendee.token, body);
    expect(res.statusCode).toBe(200);
    const ack = res.json();
    expect(ack).toEqual({ ballotId: ack.ballotId, talkId: s.talkIds[0], version: 1, acceptedAt: ack.acceptedAt, duplicate: false });
    expect(await stored(s.editionId)).toEqual([
      {
        id: ack.ballotId,
        talk_id: s.talkIds[0],
        rater_group: 'audience',
        rater_key: s.attendee.id,
        attendee_id: s.attendee.id,
        expert_user_id: null,
        version: 1,
        scores_json: '{"depth":8,"breadth":8,"practical_value":8,"delivery":8,"responsiveness":8}',
        idempotency_key: body.idempotencyKey,
        window_id: s.windowId,
        created_at: ack.acceptedAt,
      },
    ]);
  });

  it('refuses without a credential of this edition (401 attendee_required), storing nothing', async () => {
    const s = await scoring();
    const other = await makeLiveEdition(db());
    const stranger = await makeAttendee(db(), other.editionId);
    expectError(await send(s.editionId, null, ballot(s.talkIds[0]!)), 401, 'attendee_required');
    expectError(await send(s.editionId, 'not-a-token-of-anyone', ballot(s.talkIds[0]!)), 401, 'attendee_required');
    // Credentials are scoped to one edition.
    expectError(await send(s.editionId, stranger.token, ballot(s.talkIds[0]!)), 401, 'attendee_required');
    expect(await stored(s.editionId)).toEqual([]);
  });

  it('refuses when the edition is not live (409 not_live)', async () => {
    const ed = await makeLiveEdition(db(), { status: 'ready' });
    await openWindow(db(), ed.editionId, ed.talkIds[0]!);
    const a = await makeAttendee(db(), ed.editionId);
    expectError(await send(ed.editionId, a.token, ballot(ed.talkIds[0]!)), 409, 'not_live');
    expect(await stored(ed.editionId)).toEqual([]);
  });

  it('refuses when no window is open: none yet, closed by the host, or past its auto-close (409 scoring_closed)', async () => {
    const ed = await makeLiveEdition(db());
    const a = await makeAttendee(db(), ed.editionId);
    expectError(await send(ed.editionId, a.token, ballot(ed.talkIds[0]!)), 409, 'scoring_closed');
    const w = await openWindow(db(), ed.editionId, ed.talkIds[0]!);
    await closeWindow(db(), w);
    expectError(await send(ed.editionId, a.token, ballot(ed.talkIds[0]!)), 409, 'scoring_closed');
    await openWindow(db(), ed.editionId, ed.talkIds[1]!, { closesAt: new Date(Date.now() - 1000).toISOString() });
    expectError(await send(ed.editionId, a.token, ballot(ed.talkIds[1]!)), 409, 'scoring_closed');
    expect(await stored(ed.editionId)).toEqual([]);
  });

  it('refuses a ballot for a speaker whose window is not the open one (409 speaker_not_on_stage)', async () => {
    const s = await scoring();
    expectError(await send(s.editionId, s.attendee.token, ballot(s.talkIds[1]!)), 409, 'speaker_not_on_stage');
    expect(await stored(s.editionId)).toEqual([]);
  });

  it('refuses scores off the rubric, naming the dimension (400 score_off_scale)', async () => {
    const s = await scoring();
    const talkId = s.talkIds[0]!;
    const cases: Array<[Record<string, number>, Array<{ path: string; message: string }>]> = [
      [{ ...flatScores(5), depth: 11 }, [{ path: 'body.scores.depth', message: '「思考深度」的评分应为 1–10 之间的整数' }]],
      [{ ...flatScores(5), delivery: 0 }, [{ path: 'body.scores.delivery', message: '「语言表达」的评分应为 1–10 之间的整数' }]],
      [{ ...flatScores(5), breadth: 6.5 }, [{ path: 'body.scores.breadth', message: '「思考广度」的评分应为 1–10 之间的整数' }]],
      [{ depth: 5, breadth: 5, practical_value: 5, delivery: 5 }, [{ path: 'body.scores.responsiveness', message: '「现场应变」未评分' }]],
      [{ ...flatScores(5), charisma: 5 }, [{ path: 'body.scores.charisma', message: '评分细则中没有「charisma」这一项' }]],
    ];
    for (const [scores, details] of cases) {
      const res = await send(s.editionId, s.attendee.token, { talkId, scores, idempotencyKey: idemKey() });
      expectError(res, 400, 'score_off_scale');
      expect(res.json().error.details).toEqual(details);
    }
    // A malformed idempotency key is refused by the schema.
    expectError(await send(s.editionId, s.attendee.token, { ...ballot(talkId), idempotencyKey: 'short' }), 400, 'validation_failed');
    expect(await stored(s.editionId)).toEqual([]);
  });

  it('keeps every amendment as a new version; the phone sees the latest', async () => {
    const s = await scoring();
    const first = await send(s.editionId, s.attendee.token, ballot(s.talkIds[0]!, 6));
    const second = await send(s.editionId, s.attendee.token, ballot(s.talkIds[0]!, 9));
    expect([first.json().version, second.json().version]).toEqual([1, 2]);
    expect((await stored(s.editionId)).map((r) => [r.version, JSON.parse(r.scores_json).depth])).toEqual([
      [1, 6],
      [2, 9],
    ]);
    const me = await t.app.inject({ method: 'GET', url: `/api/live/${s.editionId}/me`, headers: { 'x-attendee-token': s.attendee.token } });
    expect(me.statusCode).toBe(200);
    expect(me.json().ballots).toEqual([{ talkId: s.talkIds[0], scores: flatScores(9), version: 2, acceptedAt: second.json().acceptedAt }]);
  });

  it('answers a retry with the original acknowledgement, even after the window has closed', async () => {
    const s = await scoring();
    const body = ballot(s.talkIds[0]!, 4);
    const original = (await send(s.editionId, s.attendee.token, body)).json();
    await closeWindow(db(), s.windowId);
    const retry = await send(s.editionId, s.attendee.token, body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ ...original, duplicate: true });
    // Keys in another order are the same ballot.
    const reordered = { ...body, scores: Object.fromEntries(Object.entries(body.scores).reverse()) };
    expect((await send(s.editionId, s.attendee.token, reordered)).json()).toEqual({ ...original, duplicate: true });
    expect((await stored(s.editionId)).length).toBe(1);
  });

  it('refuses the same key with a different body, or from another attendee (409 conflict)', async () => {
    const s = await scoring();
    const body = ballot(s.talkIds[0]!, 4);
    await send(s.editionId, s.attendee.token, body);
    expectError(await send(s.editionId, s.attendee.token, { ...body, scores: flatScores(5) }), 409, 'conflict');
    const other = await makeAttendee(db(), s.editionId);
    expectError(await send(s.editionId, other.token, body), 409, 'conflict');
    // Still a conflict once the window has closed: the key is known, the body is not its own.
    await closeWindow(db(), s.windowId);
    expectError(await send(s.editionId, s.attendee.token, { ...body, scores: flatScores(5) }), 409, 'conflict');
    expect((await stored(s.editionId)).length).toBe(1);
  });

  it('re-checks the window inside the commit: a close not yet seen by the cached view refuses the ballot', async () => {
    const s = await scoring();
    // The first ballot leaves the edition's view cached with the window open.
    expect((await send(s.editionId, s.attendee.token, ballot(s.talkIds[0]!))).statusCode).toBe(200);
    await closeWindow(db(), s.windowId);
    expectError(await send(s.editionId, s.attendee.token, ballot(s.talkIds[0]!)), 409, 'scoring_closed');
    // And a window opened on the next speaker is taken at once, not after the cache expires.
    await openWindow(db(), s.editionId, s.talkIds[1]!);
    expect((await send(s.editionId, s.attendee.token, ballot(s.talkIds[1]!))).statusCode).toBe(200);
    expectError(await send(s.editionId, s.attendee.token, ballot(s.talkIds[0]!)), 409, 'speaker_not_on_stage');
    const rows = await stored(s.editionId);
    expect(rows.map((r) => `${s.talkIds.indexOf(r.talk_id)}:${r.version}`).sort()).toEqual(['0:1', '1:1']);
  });

  it('stores 200 concurrent ballots from 200 attendees once each, all version 1', async () => {
    const ed = await makeLiveEdition(db());
    await openWindow(db(), ed.editionId, ed.talkIds[0]!);
    const attendees = await makeAttendees(db(), ed.editionId, 200);
    const bodies = attendees.map((_, i) => ballot(ed.talkIds[0]!, 1 + (i % 10)));
    const responses = await Promise.all(attendees.map((a, i) => send(ed.editionId, a.token, bodies[i])));
    expect(responses.map((r) => r.statusCode)).toEqual(attendees.map(() => 200));
    const acks = responses.map((r) => r.json());
    expect(acks.every((a) => a.version === 1 && a.duplicate === false)).toBe(true);
    const rows = await stored(ed.editionId);
    expect(rows.length).toBe(200);
    expect(new Set(rows.map((r) => r.rater_key)).size).toBe(200);
    expect(rows.every((r) => r.version === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(acks.map((a) => a.ballotId)));
    // Each stored ballot is the one its attendee sent.
    const byKey = new Map(rows.map((r) => [r.idempotency_key, r]));
    expect(attendees.every((a, i) => byKey.get(bodies[i]!.idempotencyKey)?.rater_key === a.id)).toBe(true);
  });

  it('numbers 50 concurrent amendments of one attendee 1..50, each exactly once', async () => {
    const s = await scoring();
    const bodies = Array.from({ length: 50 }, (_, i) => ballot(s.talkIds[0]!, 1 + (i % 10)));
    const responses = await Promise.all(bodies.map((b) => send(s.editionId, s.attendee.token, b)));
    expect(responses.map((r) => r.statusCode)).toEqual(bodies.map(() => 200));
    const acks = responses.map((r) => r.json() as { version: number });
    expect(acks.map((a) => a.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const rows = await stored(s.editionId);
    expect(rows.map((r) => r.version)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // The version each was acknowledged with is the one stored with its key.
    const versionOf = new Map(rows.map((r) => [r.idempotency_key, r.version]));
    expect(bodies.map((b, i) => versionOf.get(b.idempotencyKey) === acks[i]!.version).every(Boolean)).toBe(true);
  });

  it('A phone that loses its connection while submitting and comes back: the ballot lands once', async () => {
    const s = await scoring();
    const body = ballot(s.talkIds[0]!, 7);
    // The phone sends, loses the answer, resends at once (both in flight together), and again later.
    const [a, b] = await Promise.all([send(s.editionId, s.attendee.token, body), send(s.editionId, s.attendee.token, body)]);
    const later = await send(s.editionId, s.attendee.token, body);
    const acks = [a, b, later].map((r) => r.json());
    expect([a, b, later].map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(acks.map((x) => x.duplicate).sort()).toEqual([false, true, true]);
    expect(new Set(acks.map((x) => `${x.ballotId}/${x.version}/${x.acceptedAt}`)).size).toBe(1);
    expect((await stored(s.editionId)).length).toBe(1);
  });

  it('fails only the conflicting ballot of a concurrent group', async () => {
    const ed = await makeLiveEdition(db());
    await openWindow(db(), ed.editionId, ed.talkIds[0]!);
    const attendees = await makeAttendees(db(), ed.editionId, 20);
    const shared = idemKey();
    const bodies = attendees.map((_, i) =>
      i === 7 ? ballot(ed.talkIds[0]!, 3, shared) : i === 12 ? ballot(ed.talkIds[0]!, 9, shared) : ballot(ed.talkIds[0]!),
    );
    const responses = await Promise.all(attendees.map((a, i) => send(ed.editionId, a.token, bodies[i])));
    // Which of the two sharing a key reaches the writer first is up to the scheduler: that one
    // lands, the other alone is refused, and the rest of the group is untouched.
    const statuses = responses.map((r) => r.statusCode);
    expect([statuses[7], statuses[12]].sort()).toEqual([200, 409]);
    expect(statuses.filter((_, i) => i !== 7 && i !== 12)).toEqual(Array.from({ length: 18 }, () => 200));
    expect((await stored(ed.editionId)).length).toBe(19);
  });

  it('limits ballots per credential to 60 a minute (429 rate_limited)', async () => {
    const s = await scoring();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await send(s.editionId, s.attendee.token, ballot(s.talkIds[0]!))).statusCode);
    expect(statuses).toEqual([...Array.from({ length: 60 }, () => 200), 429]);
    expectError(await send(s.editionId, s.attendee.token, ballot(s.talkIds[0]!)), 429, 'rate_limited');
    // Another attendee is counted on its own.
    const other = await makeAttendee(db(), s.editionId);
    expect((await send(s.editionId, other.token, ballot(s.talkIds[0]!))).statusCode).toBe(200);
    expect((await stored(s.editionId)).length).toBe(61);
  });

  it('tells the phone who it is, its latest ballot per talk and its upvotes, and nothing of anyone else', async () => {
    const s = await scoring();
    const other = await makeAttendee(db(), s.editionId);
    await send(s.editionId, other.token, ballot(s.talkIds[0]!, 2));
    await send(s.editionId, s.attendee.token, ballot(s.talkIds[0]!, 5));
    const w2 = await openWindow(db(), s.editionId, s.talkIds[1]!);
    const last = (await send(s.editionId, s.attendee.token, ballot(s.talkIds[1]!, 6))).json();
    await closeWindow(db(), w2);
    const at = '2026-03-15T07:00:00.000Z';
    for (const [qid, text] of [
      ['q1', '问题一'],
      ['q2', '问题二'],
    ]) {
      const id = `${s.editionId.slice(0, 24)}${qid}`;
      await db()
        .insertInto('questions')
        .values({
          id,
          edition_id: s.editionId,
          talk_id: null,
          attendee_id: other.id,
          text: text!,
          state: 'approved',
          held_reason: null,
          pinned: 0,
          merged_into: null,
          upvotes: 1,
          idempotency_key: `${qid}-key-0000000000000`,
          created_at: at,
          updated_at: at,
        })
        .execute();
      if (qid === 'q2') await db().insertInto('question_upvotes').values({ question_id: id, attendee_id: s.attendee.id, created_at: at }).execute();
    }
    const res = await t.app.inject({ method: 'GET', url: `/api/live/${s.editionId}/me`, headers: { 'x-attendee-token': s.attendee.token } });
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me.attendee).toEqual({
      id: s.attendee.id,
      editionId: s.editionId,
      category: 'party_school',
      displayName: '听众1',
      secondDevice: false,
      counted: true,
    });
    expect(me.ballots.sort((x: { talkId: string }, y: { talkId: string }) => s.talkIds.indexOf(x.talkId) - s.talkIds.indexOf(y.talkId))).toEqual([
      { talkId: s.talkIds[0], scores: flatScores(5), version: 1, acceptedAt: me.ballots[0].acceptedAt },
      { talkId: s.talkIds[1], scores: flatScores(6), version: 1, acceptedAt: last.acceptedAt },
    ]);
    expect(me.upvoted).toEqual([`${s.editionId.slice(0, 24)}q2`]);
    expectError(await t.app.inject({ method: 'GET', url: `/api/live/${s.editionId}/me` }), 401, 'attendee_required');
  });

  it('a second device of a person is shown as such', async () => {
    const s = await scoring();
    const second = await makeAttendee(db(), s.editionId);
    await db().updateTable('attendees').set({ first_attendee_id: s.attendee.id, counted: 0 }).where('id', '=', second.id).execute();
    const me = (await t.app.inject({ method: 'GET', url: `/api/live/${s.editionId}/me`, headers: { 'x-attendee-token': second.token } })).json();
    expect([me.attendee.secondDevice, me.attendee.counted]).toEqual([true, false]);
    // The token is stored only as its hash.
    expect(await db().selectFrom('attendees').select('token_hash').where('id', '=', second.id).executeTakeFirstOrThrow()).toEqual({
      token_hash: hashAttendeeToken(second.token),
    });
  });

  describe('expert ballots', () => {
    it('takes an appointed expert’s ballots as the expert group, amendable, with idempotent retries', async () => {
      const s = await scoring();
      const unit = await makeUnit(db(), `专家单位${Date.now()}`);
      const expert = await makeUser(db(), `live_expert_${s.editionId.slice(-8)}`, [['expert', unit]]);
      await appointExpert(db(), s.editionId, expert.id);
      const session = await login(t.app, expert.username);
      const url = `/api/editions/${s.editionId}/live/expert-ballots`;
      const body = ballot(s.talkIds[0]!, 9);
      const first = await session.request({ method: 'POST', url, payload: body });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ talkId: s.talkIds[0], version: 1, duplicate: false });
      expect((await session.request({ method: 'POST', url, payload: body })).json()).toEqual({ ...first.json(), duplicate: true });
      expect((await session.request({ method: 'POST', url, payload: ballot(s.talkIds[0]!, 8) })).json().version).toBe(2);
      expectError(await session.request({ method: 'POST', url, payload: ballot(s.talkIds[1]!, 8) }), 409, 'speaker_not_on_stage');
      expectError(await session.request({ method: 'POST', url, payload: { ...ballot(s.talkIds[0]!), scores: { depth: 12 } } }), 400, 'score_off_scale');
      const rows = await stored(s.editionId);
      expect(rows.map((r) => [r.rater_group, r.rater_key, r.expert_user_id, r.attendee_id, r.version])).toEqual([
        ['expert', expert.id, expert.id, null, 1],
        ['expert', expert.id, expert.id, null, 2],
      ]);
    });

    it('refuses anyone not appointed to the edition (403 not_appointed) and the anonymous (401)', async () => {
      const s = await scoring();
      const unit = await makeUnit(db(), `专家单位B${Date.now()}`);
      const expert = await makeUser(db(), `unappointed_${s.editionId.slice(-8)}`, [['expert', unit]]);
      const other = await makeLiveEdition(db());
      await appointExpert(db(), other.editionId, expert.id);
      const session = await login(t.app, expert.username);
      const url = `/api/editions/${s.editionId}/live/expert-ballots`;
      expectError(await session.request({ method: 'POST', url, payload: ballot(s.talkIds[0]!) }), 403, 'not_appointed');
      expectError(await t.app.inject({ method: 'POST', url, payload: ballot(s.talkIds[0]!) }), 401, 'unauthenticated');
      expect(await stored(s.editionId)).toEqual([]);
    });
  });
});
