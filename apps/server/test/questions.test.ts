import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser, type UnitRef } from './factories';
import { makeTalk } from './programme-factories';
import { idemKey, makeAttendee, makeLiveSession, type TestAttendee } from './question-factories';

/** A clock the tests move by hand (one millisecond a reading, so that times stay distinct and ordered). */
function handClock(startIso: string) {
  let t = Date.parse(startIso);
  return {
    now: () => new Date(++t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const PUBLIC_KEYS = ['answered', 'createdAt', 'id', 'pinned', 'talkId', 'text', 'upvotes'];

describe.each(DIALECTS)('live questions on %s', (dialect) => {
  let t: TestApp;
  let host: Session;
  let hallAdmin: Session;
  let hostOutside: Session;
  let bureau: UnitRef;
  let hallId: string;
  let adminId: string;
  const clock = handClock('2026-03-15T06:30:00.000Z');
  const db = () => t.testDb.db;

  beforeAll(async () => {
    t = await buildTestApp(dialect, { clock, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    const city = await makeUnit(db(), '市委组织部');
    bureau = await makeUnit(db(), '市卫健委', city);
    const other = await makeUnit(db(), '市场监管局', city);
    hallId = (await makeHall(db(), bureau, { name: '卫健讲堂' })).id;
    await makeUser(db(), 'host', [['host', bureau]]);
    adminId = (await makeUser(db(), 'hadmin', [['hall_admin', bureau]])).id;
    await makeUser(db(), 'host_out', [['host', other]]);
    host = await login(t.app, 'host');
    hallAdmin = await login(t.app, 'hadmin');
    hostOutside = await login(t.app, 'host_out');
  });
  afterAll(() => t.close());

  /** A live edition of its own, with one talk, so that each test's lists hold only its questions. */
  async function liveEdition() {
    const editionId = (await makeEdition(db(), hallId, { status: 'ready', speakerCount: 1 })).id;
    const person = await makePerson(db(), bureau, { name: `讲课人${editionId.slice(-6)}` });
    const talkId = (await makeTalk(db(), { editionId, personId: person.id, nominatedBy: adminId })).id;
    await makeLiveSession(db(), editionId);
    return { editionId, talkId };
  }

  const ask = (att: TestAttendee | null, editionId: string, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/live/${editionId}/questions`,
      headers: att?.headers ?? {},
      payload: { idempotencyKey: idemKey(), ...payload },
    });
  const upvote = (att: TestAttendee | null, id: string, method: 'POST' | 'DELETE' = 'POST') =>
    t.app.inject({ method, url: `/api/questions/${id}/upvote`, headers: att?.headers ?? {} });
  const moderate = (s: Session, id: string, body: Record<string, unknown>) =>
    s.request({ method: 'POST', url: `/api/questions/${id}/moderate`, payload: body });
  const publicList = async (editionId: string) => (await t.app.inject({ method: 'GET', url: `/api/live/${editionId}/questions` })).json().questions;
  const hostList = async (editionId: string, query = '') =>
    (await host.request({ method: 'GET', url: `/api/editions/${editionId}/live/questions${query}` })).json().items;
  const row = (id: string) => db().selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** Asks and approves: a question the audience sees. */
  async function approved(editionId: string, text: string) {
    const id = (await ask(await makeAttendee(db(), editionId), editionId, { text })).json().id as string;
    expect((await moderate(host, id, { action: 'approve' })).statusCode).toBe(200);
    return id;
  }

  describe('asking', () => {
    it('stores a question pending, exactly as given, its full-width question mark included', async () => {
      const { editionId, talkId } = await liveEdition();
      const att = await makeAttendee(db(), editionId);
      const text = '请问<b>基层减负</b>的具体举措 & 成效有哪些？';
      const res = await ask(att, editionId, { text: `  ${text}  `, talkId });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ id: res.json().id, state: 'pending', heldReason: null });
      const stored = await row(res.json().id);
      expect({
        text: stored.text,
        state: stored.state,
        held_reason: stored.held_reason,
        talk_id: stored.talk_id,
        attendee_id: stored.attendee_id,
        upvotes: Number(stored.upvotes),
      }).toEqual({
        text,
        state: 'pending',
        held_reason: null,
        talk_id: talkId,
        attendee_id: att.id,
        upvotes: 0,
      });
    });

    it('holds a question with a sensitive word, naming the word, and stores its text unchanged', async () => {
      const { editionId } = await liveEdition();
      const res = await ask(await makeAttendee(db(), editionId), editionId, { text: '讲得很好，会后能加微信交流吗？' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ id: res.json().id, state: 'pending', heldReason: '含敏感词“加微信”，待主持人审核' });
      expect((await row(res.json().id)).held_reason).toBe('含敏感词“加微信”，待主持人审核');
    });

    it('catches full-width variants and characters spread apart by spaces or separators', async () => {
      const { editionId } = await liveEdition();
      const cases: Array<[string, string]> = [
        ['有事请加ＱＱ：１２３４５', '加qq'],
        ['会后 加 微 信 交流？', '加微信'],
        ['代-开-发-票，优惠多多', '代开发票'],
        ['扫·码·领·取纪念品', '扫码领取'],
      ];
      for (const [text, word] of cases) {
        const res = await ask(await makeAttendee(db(), editionId), editionId, { text });
        expect(res.json().heldReason, text).toBe(`含敏感词“${word}”，待主持人审核`);
        expect((await row(res.json().id)).text).toBe(text);
      }
    });

    it('refuses more than 300 characters, control characters, and a talk of another edition (400)', async () => {
      const { editionId } = await liveEdition();
      const other = await liveEdition();
      const att = await makeAttendee(db(), editionId);
      const tooLong = await ask(att, editionId, { text: '问'.repeat(301) });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json().error.details).toEqual([{ path: 'body.text', message: '问题不能超过 300 个字' }]);
      expect((await ask(att, editionId, { text: '问'.repeat(300) })).statusCode).toBe(201);
      const control = await ask(att, editionId, { text: '请问\u0007这个问题' });
      expect(control.statusCode).toBe(400);
      expect(control.json().error.details).toEqual([{ path: 'body.text', message: '问题中含有不可见的控制字符，请删除后重新提交' }]);
      const talk = await ask(att, editionId, { text: '关于上一期的问题', talkId: other.talkId });
      expect(talk.statusCode).toBe(400);
      expect(talk.json().error.details).toEqual([{ path: 'body.talkId', message: '该讲题不属于本期' }]);
      const count = await db()
        .selectFrom('questions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('edition_id', '=', editionId)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('collapses runs of whitespace and keeps single line breaks', async () => {
      const { editionId } = await liveEdition();
      const res = await ask(await makeAttendee(db(), editionId), editionId, { text: '第一，   如何落实？\r\n\r\n第二，\t成效如何？' });
      expect((await row(res.json().id)).text).toBe('第一， 如何落实？\n第二， 成效如何？');
    });

    it('answers a retry with the same key with the same acknowledgement and stores the question once', async () => {
      const { editionId } = await liveEdition();
      const att = await makeAttendee(db(), editionId);
      const key = idemKey();
      const first = await ask(att, editionId, { text: '请问加微信可以吗？', idempotencyKey: key });
      const again = await ask(att, editionId, { text: '请问加微信可以吗？', idempotencyKey: key });
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      const rows = await db().selectFrom('questions').select('id').where('edition_id', '=', editionId).execute();
      expect(rows).toEqual([{ id: first.json().id }]);
      // Someone else's key is not a retry of theirs.
      const stranger = await ask(await makeAttendee(db(), editionId), editionId, { text: '别的问题', idempotencyKey: key });
      expect(stranger.statusCode).toBe(409);
    });

    it('needs the attendee token of this edition (401) and a live edition (409 not_live)', async () => {
      const { editionId } = await liveEdition();
      const other = await liveEdition();
      expect((await ask(null, editionId, { text: '无凭证' })).json().error.code).toBe('attendee_required');
      const elsewhere = await ask(await makeAttendee(db(), other.editionId), editionId, { text: '别期的凭证' });
      expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([401, 'attendee_required']);
      const ready = (await makeEdition(db(), hallId, { status: 'ready' })).id;
      const early = await ask(await makeAttendee(db(), ready), ready, { text: '还没开讲' });
      expect([early.statusCode, early.json().error.code]).toEqual([409, 'not_live']);
    });

    it('limits each attendee to 5 questions a minute (429), retries of stored ones aside', async () => {
      const { editionId } = await liveEdition();
      const att = await makeAttendee(db(), editionId);
      const keys = Array.from({ length: 5 }, idemKey);
      for (const [i, key] of keys.entries()) expect((await ask(att, editionId, { text: `问题${i + 1}`, idempotencyKey: key })).statusCode).toBe(201);
      const sixth = await ask(att, editionId, { text: '问题6' });
      expect([sixth.statusCode, sixth.json().error.code]).toEqual([429, 'rate_limited']);
      expect((await ask(att, editionId, { text: '问题1', idempotencyKey: keys[0] })).statusCode).toBe(201);
      // Another attendee has a credential, and a limit, of its own.
      expect((await ask(await makeAttendee(db(), editionId), editionId, { text: '邻座的问题' })).statusCode).toBe(201);
      clock.advance(61_000);
      expect((await ask(att, editionId, { text: '一分钟后' })).statusCode).toBe(201);
    });
  });

  describe('upvotes', () => {
    it('counts one upvote per attendee per question; a second is a 200 with the same count', async () => {
      const { editionId } = await liveEdition();
      const id = await approved(editionId, '如何提升基层治理能力？');
      const [a, b] = [await makeAttendee(db(), editionId), await makeAttendee(db(), editionId)];
      expect((await upvote(a, id)).json()).toEqual({ upvotes: 1 });
      const twice = await upvote(a, id);
      expect([twice.statusCode, twice.json()]).toEqual([200, { upvotes: 1 }]);
      expect((await upvote(b, id)).json()).toEqual({ upvotes: 2 });
      expect((await upvote(a, id, 'DELETE')).json()).toEqual({ upvotes: 1 });
      expect((await upvote(a, id, 'DELETE')).json()).toEqual({ upvotes: 1 });
      const votes = await db().selectFrom('question_upvotes').select('attendee_id').where('question_id', '=', id).execute();
      expect(votes).toEqual([{ attendee_id: b.id }]);
      expect(Number((await row(id)).upvotes)).toBe(1);
    });

    it('takes upvotes only on questions the audience sees, from attendees of their edition', async () => {
      const { editionId } = await liveEdition();
      const other = await liveEdition();
      const att = await makeAttendee(db(), editionId);
      const pending = (await ask(att, editionId, { text: '待审核' })).json().id;
      expect((await upvote(att, pending)).statusCode).toBe(404);
      const hidden = await approved(editionId, '将被隐藏');
      await moderate(host, hidden, { action: 'hide' });
      expect((await upvote(att, hidden)).statusCode).toBe(404);
      const answered = await approved(editionId, '已回答也能点赞');
      await moderate(host, answered, { action: 'answer' });
      expect((await upvote(att, answered)).json()).toEqual({ upvotes: 1 });
      expect((await upvote(await makeAttendee(db(), other.editionId), answered)).statusCode).toBe(401);
      expect((await upvote(null, answered)).json().error.code).toBe('attendee_required');
    });
  });

  describe('moderation', () => {
    it('walks the lifecycle and refuses what it does not allow with a reason (409), auditing each change', async () => {
      const { editionId } = await liveEdition();
      const id = (await ask(await makeAttendee(db(), editionId), editionId, { text: '生命周期' })).json().id;
      const refused = await moderate(host, id, { action: 'answer' });
      expect([refused.statusCode, refused.json().error.code, refused.json().error.details]).toEqual([
        409,
        'conflict',
        { reason: '只有已通过审核的问题才能标记为已回答' },
      ]);
      expect((await moderate(host, id, { action: 'pin' })).json().error.details).toEqual({ reason: '只有已通过审核的问题才能置顶' });
      const steps: Array<[string, string, boolean]> = [
        ['approve', 'approved', false],
        ['pin', 'approved', true],
        ['answer', 'answered', true],
        ['approve', 'approved', true],
        ['hide', 'hidden', false],
        ['approve', 'approved', false],
      ];
      for (const [action, state, pinned] of steps) {
        const res = await moderate(hallAdmin, id, { action });
        expect(res.statusCode, action).toBe(200);
        expect(res.json()).toMatchObject({ id, state, pinned, answered: state === 'answered', heldReason: null, mergedInto: null, duplicates: 0 });
      }
      const audit = await db().selectFrom('audit_log').select(['action', 'before_json', 'after_json']).where('entity_id', '=', id).orderBy('at').execute();
      expect(audit.map((a) => a.action)).toEqual([
        'question.approved',
        'question.pinned',
        'question.answered',
        'question.approved',
        'question.hidden',
        'question.approved',
      ]);
      expect(JSON.parse(audit[4]!.before_json!)).toEqual({ state: 'approved', pinned: true, mergedInto: null, upvotes: 0, text: '生命周期' });
      expect(JSON.parse(audit[4]!.after_json!)).toEqual({ state: 'hidden', pinned: false, mergedInto: null });
    });

    it('is for the hosts of the hall: a host of another unit gets 403', async () => {
      const { editionId } = await liveEdition();
      const id = (await ask(await makeAttendee(db(), editionId), editionId, { text: '权限' })).json().id;
      expect((await moderate(hostOutside, id, { action: 'approve' })).statusCode).toBe(403);
      expect((await hostOutside.request({ method: 'GET', url: `/api/editions/${editionId}/live/questions` })).statusCode).toBe(403);
      expect((await row(id)).state).toBe('pending');
    });

    it('merges a duplicate: its upvotes move to the target, an attendee who upvoted both counting once', async () => {
      const { editionId } = await liveEdition();
      const other = await liveEdition();
      const target = await approved(editionId, '如何减轻基层负担？');
      const duplicate = await approved(editionId, '基层负担怎么减？');
      const earlier = (await ask(await makeAttendee(db(), editionId), editionId, { text: '基层减负？' })).json().id;
      const [a, b, c] = [await makeAttendee(db(), editionId), await makeAttendee(db(), editionId), await makeAttendee(db(), editionId)];
      await upvote(a, target);
      await upvote(b, target);
      await upvote(b, duplicate);
      await upvote(c, duplicate);
      // A question merged into the duplicate before follows it to the target.
      expect((await moderate(host, earlier, { action: 'merge', intoId: duplicate })).json()).toMatchObject({ state: 'hidden', mergedInto: duplicate });
      const merged = await moderate(host, duplicate, { action: 'merge', intoId: target });
      expect(merged.statusCode).toBe(200);
      expect(merged.json()).toMatchObject({ id: duplicate, state: 'hidden', pinned: false, mergedInto: target, upvotes: 0, duplicates: 0 });
      expect(Number((await row(target)).upvotes)).toBe(3);
      const voters = await db().selectFrom('question_upvotes').select(['question_id', 'attendee_id']).where('question_id', 'in', [target, duplicate]).execute();
      expect(voters.map((v) => `${v.question_id === target ? 'target' : 'duplicate'}:${v.attendee_id}`).sort()).toEqual(
        [`target:${a.id}`, `target:${b.id}`, `target:${c.id}`].sort(),
      );
      expect((await row(earlier)).merged_into).toBe(target);
      const queue = await hostList(editionId);
      expect(queue.find((q: { id: string }) => q.id === target)).toMatchObject({ upvotes: 3, duplicates: 2, state: 'approved' });
      // After the merge, upvotes land on the target only.
      expect((await upvote(c, duplicate)).statusCode).toBe(404);
      expect((await upvote(c, target)).json()).toEqual({ upvotes: 3 });
      const refusals: Array<[string, string, string]> = [
        [target, target, '不能把问题合并到它自己'],
        [target, duplicate, '目标问题已被合并到其他问题，请合并到原问题'],
        [duplicate, target, '该问题已合并到其他问题，不能再操作'],
        [target, await approved(other.editionId, '别期的问题'), '只能合并同一期的问题'],
      ];
      for (const [from, into, reason] of refusals) {
        const res = await moderate(host, from, { action: 'merge', intoId: into });
        expect([res.statusCode, res.json().error.details], reason).toEqual([409, { reason }]);
      }
      expect((await moderate(host, target, { action: 'merge', intoId: '0190a0a0-0000-7000-8000-000000000000' })).statusCode).toBe(404);
    });

    it('lists the queue with held reasons, filtered by state', async () => {
      const { editionId } = await liveEdition();
      const held = (await ask(await makeAttendee(db(), editionId), editionId, { text: '扫码领取奖品' })).json().id;
      const ok = await approved(editionId, '正常的问题');
      expect((await hostList(editionId)).map((q: { id: string; heldReason: string | null }) => [q.id, q.heldReason])).toEqual([
        [held, '含敏感词“扫码领取”，待主持人审核'],
        [ok, null],
      ]);
      expect((await hostList(editionId, '?state=pending')).map((q: { id: string }) => q.id)).toEqual([held]);
      expect((await host.request({ method: 'GET', url: `/api/editions/${editionId}/live/questions?state=gone` })).statusCode).toBe(400);
    });
  });

  describe('the public list', () => {
    it('shows pinned questions first, then the most upvoted, then the oldest', async () => {
      const { editionId } = await liveEdition();
      const first = await approved(editionId, '最早的问题');
      const popular = await approved(editionId, '点赞最多的问题');
      const second = await approved(editionId, '同样零票但晚一些');
      const pinned = await approved(editionId, '主持人置顶的问题');
      const answered = await approved(editionId, '已经回答的问题');
      await moderate(host, answered, { action: 'answer' });
      await moderate(host, pinned, { action: 'pin' });
      for (let i = 0; i < 2; i++) await upvote(await makeAttendee(db(), editionId), popular);
      await upvote(await makeAttendee(db(), editionId), answered);
      const list = await publicList(editionId);
      expect(list.map((q: { id: string }) => q.id)).toEqual([pinned, popular, answered, first, second]);
      expect(list[0]).toMatchObject({ pinned: true, upvotes: 0, answered: false });
      expect(list[2]).toMatchObject({ pinned: false, upvotes: 1, answered: true });
    });

    it('never shows pending, hidden or merged questions, nor anything about who asked', async () => {
      const { editionId } = await liveEdition();
      const askers = [await makeAttendee(db(), editionId), await makeAttendee(db(), editionId), await makeAttendee(db(), editionId)];
      await ask(askers[0]!, editionId, { text: '待审核的问题' });
      const hidden = (await ask(askers[1]!, editionId, { text: '被隐藏的问题' })).json().id;
      await moderate(host, hidden, { action: 'hide' });
      const shown = await approved(editionId, '公开的问题');
      const merged = (await ask(askers[2]!, editionId, { text: '重复的问题' })).json().id;
      await moderate(host, merged, { action: 'merge', intoId: shown });
      const res = await t.app.inject({ method: 'GET', url: `/api/live/${editionId}/questions` });
      expect(res.statusCode).toBe(200);
      const list = res.json().questions;
      expect(list.map((q: { text: string }) => q.text)).toEqual(['公开的问题']);
      expect(Object.keys(list[0]).sort()).toEqual(PUBLIC_KEYS);
      const attendeeIds = (await db().selectFrom('attendees').select('id').where('edition_id', '=', editionId).execute()).map((a) => a.id);
      for (const id of attendeeIds) expect(res.body).not.toContain(id);
      expect(res.body).not.toContain('attendee');
      // The host's queue does not name the asker either.
      const queue = await host.request({ method: 'GET', url: `/api/editions/${editionId}/live/questions` });
      for (const id of attendeeIds) expect(queue.body).not.toContain(id);
    });

    it('is public while the edition is ready or live, and 404 before', async () => {
      const planning = (await makeEdition(db(), hallId, { status: 'planning' })).id;
      expect((await t.app.inject({ method: 'GET', url: `/api/live/${planning}/questions` })).statusCode).toBe(404);
      const ready = (await makeEdition(db(), hallId, { status: 'ready' })).id;
      expect((await t.app.inject({ method: 'GET', url: `/api/live/${ready}/questions` })).json()).toEqual({ questions: [] });
    });
  });

  describe('realtime', () => {
    it('pushes the queue to hosts when a question comes in, and both lists after a moderation', async () => {
      const { editionId } = await liveEdition();
      const publish = vi.spyOn(t.app.services.realtime, 'publish');
      // Only this edition's: a coalesced push of an earlier test may still be on its way.
      const calls = () => publish.mock.calls.filter((c) => c[0] === editionId);
      try {
        const id = (await ask(await makeAttendee(db(), editionId), editionId, { text: '实时推送？' })).json().id;
        expect(calls().map((c) => [c[0], c[1], c[2]])).toEqual([[editionId, 'host', 'questions.queue']]);
        expect((calls()[0]![3] as { questions: Array<{ id: string; state: string }> }).questions.map((q) => [q.id, q.state])).toEqual([[id, 'pending']]);
        publish.mockClear();
        await moderate(host, id, { action: 'approve' });
        expect(calls().map((c) => [c[0], c[1], c[2]])).toEqual([
          [editionId, 'public', 'questions.public'],
          [editionId, 'host', 'questions.queue'],
        ]);
        const pushed = (calls()[0]![3] as { questions: Array<Record<string, unknown>> }).questions;
        expect(pushed).toEqual(await publicList(editionId));
        expect(Object.keys(pushed[0]!).sort()).toEqual(PUBLIC_KEYS);
      } finally {
        publish.mockRestore();
      }
    });

    it('coalesces the pushes of a burst of upvotes, the last count always going out', async () => {
      const { editionId } = await liveEdition();
      const id = await approved(editionId, '点赞推送');
      const voters = await Promise.all(Array.from({ length: 10 }, () => makeAttendee(db(), editionId)));
      const publish = vi.spyOn(t.app.services.realtime, 'publish');
      const counts = () =>
        publish.mock.calls
          .filter((c) => c[0] === editionId && c[2] === 'questions.public')
          .map((c) => (c[3] as { questions: Array<{ upvotes: number }> }).questions[0]!.upvotes);
      try {
        await Promise.all(voters.map((v) => upvote(v, id)));
        await vi.waitFor(() => expect(counts().at(-1)).toBe(10), { timeout: 2000, interval: 50 });
        // One push as the burst starts and one for the rest of it, not ten; a third only if the
        // machine is so slow that the burst outlasts the 250 ms window.
        expect(counts().length).toBeGreaterThanOrEqual(2);
        expect(counts().length).toBeLessThanOrEqual(3);
      } finally {
        publish.mockRestore();
      }
    });
  });
});
