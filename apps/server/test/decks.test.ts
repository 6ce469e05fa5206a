import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice, NO_SOFFICE_MESSAGE } from '../src/modules/decks/conversion';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeDocx, makePdf, makePptx, multipart } from './deck-fixtures';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser } from './factories';
import { linkUser, makeTalk } from './programme-factories';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const hasSoffice = findSoffice(undefined, process.env.PATH) !== null;

interface World {
  t: TestApp;
  talkId: string;
  otherTalkId: string;
  editionId: string;
  hallId: string;
  ids: Record<string, string>;
  as: Record<string, Session>;
}

/** A hall of the bureau with an edition in preparation, two speakers with a talk each, and the people around them. */
async function makeWorld(t: TestApp): Promise<World> {
  const db = t.testDb.db;
  const city = await makeUnit(db, '市委组织部');
  const bureau = await makeUnit(db, '市卫健委', city);
  const other = await makeUnit(db, '市场监管局', city);
  const hall = await makeHall(db, bureau, { name: '卫健讲堂' });
  const edition = await makeEdition(db, hall.id, { status: 'preparing', title: '健康中国' });
  const admin = await makeUser(db, 'hall_admin', [['hall_admin', bureau]]);
  const speakerPerson = await makePerson(db, bureau, { name: '张三' });
  const otherPerson = await makePerson(db, bureau, { name: '李四' });
  const talk = await makeTalk(db, { editionId: edition.id, personId: speakerPerson.id, nominatedBy: admin.id, title: '基层医疗改革', position: 1 });
  const otherTalk = await makeTalk(db, { editionId: edition.id, personId: otherPerson.id, nominatedBy: admin.id, title: '食品安全', position: 2 });
  const ids: Record<string, string> = { hall_admin: admin.id };
  ids.speaker = (await makeUser(db, 'speaker', [['cadre', bureau]], speakerPerson.id)).id;
  ids.other_speaker = (await makeUser(db, 'other_speaker', [['cadre', bureau]], otherPerson.id)).id;
  ids.expert = (await makeUser(db, 'expert', [['expert', bureau]])).id;
  ids.expert_unassigned = (await makeUser(db, 'expert_unassigned', [['expert', bureau]])).id;
  ids.liaison = (await makeUser(db, 'liaison', [['liaison', bureau]])).id;
  ids.outsider_admin = (await makeUser(db, 'outsider_admin', [['hall_admin', other]])).id;
  await db
    .insertInto('expert_assignments')
    .values({ id: randomBytes(8).toString('hex'), talk_id: talk.id, expert_user_id: ids.expert, assigned_by: admin.id, created_at: '2026-01-01T00:00:00.000Z' })
    .execute();
  await linkUser(db, 'speaker', speakerPerson.id);
  const as: Record<string, Session> = {};
  for (const name of Object.keys(ids)) as[name] = await login(t.app, name);
  return { t, talkId: talk.id, otherTalkId: otherTalk.id, editionId: edition.id, hallId: hall.id, ids, as };
}

function upload(s: Session | null, w: World, content: Buffer, filename: string, talkId = w.talkId) {
  const body = multipart(content, filename);
  const opts = { method: 'POST' as const, url: `/api/talks/${talkId}/deck/versions`, ...body };
  return s ? s.request(opts) : w.t.app.inject(opts);
}

describe.each(DIALECTS)('deck versions on %s', (dialect) => {
  let w: World;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-decks-'));
    // No converter, whatever this machine has: the PPTX conversion has its own test below.
    const t = await buildTestApp(dialect, { env: { DATA_DIR: dataDir, SOFFICE_PATH: '/nonexistent/soffice', LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    w = await makeWorld(t);
  });
  afterAll(async () => {
    await w.t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores an uploaded PDF as version 1 with its pages, and tells the assigned expert and the hall admin', async () => {
    const pdf = makePdf(3);
    const res = await upload(w.as.speaker!, w, pdf, '第三讲课件.pdf');
    expect(res.statusCode).toBe(201);
    const v = res.json();
    expect(v).toEqual({
      id: expect.any(String),
      talkId: w.talkId,
      version: 1,
      kind: 'pdf',
      filename: '第三讲课件.pdf',
      size: pdf.length,
      sha256: sha(pdf),
      pageCount: 3,
      conversion: { status: 'not_needed', progress: 0, message: null },
      uploadedBy: 'speaker',
      createdAt: expect.any(String),
    });

    const db = w.t.testDb.db;
    const audit = await db.selectFrom('audit_log').selectAll().where('entity_id', '=', v.id).execute();
    expect(audit.map((a) => [a.action, a.actor_name, JSON.parse(a.after_json!)])).toEqual([
      ['deck.uploaded', 'speaker', { talkId: w.talkId, version: 1, kind: 'pdf', filename: '第三讲课件.pdf', size: pdf.length, sha256: sha(pdf) }],
    ]);
    const notes = await db.selectFrom('notifications').selectAll().where('entity_id', '=', v.id).orderBy('user_id').execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([w.ids.expert, w.ids.hall_admin].sort());
    expect(notes[0]).toMatchObject({
      kind: 'deck.uploaded',
      title: '张三上传了课件第 1 版',
      body: '第1期「健康中国」· 张三《基层医疗改革》上传了课件「第三讲课件.pdf」（第 1 版），请及时查看审核。',
      link: `/editions/${w.editionId}?tab=decks&talk=${w.talkId}`,
    });
  });

  it('serves the original with a Chinese Content-Disposition, its length and nosniff', async () => {
    const list = (await w.as.speaker!.request({ method: 'GET', url: `/api/talks/${w.talkId}/deck/versions` })).json();
    const v1 = list.items.find((v: { version: number }) => v.version === 1);
    const res = await w.as.speaker!.request({ method: 'GET', url: `/api/deck-versions/${v1.id}/file` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="deck-v1.pdf"; filename*=UTF-8''%E7%AC%AC%E4%B8%89%E8%AE%B2%E8%AF%BE%E4%BB%B6.pdf`);
    expect(res.headers['content-length']).toBe(String(v1.size));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(sha(res.rawPayload)).toBe(v1.sha256);
  });

  it('keeps every version: 1, 2, 3, newest first, the old ones downloadable byte for byte', async () => {
    const contents = [makePdf(1, 'second'), makePdf(2, 'third')];
    for (const [i, c] of contents.entries()) {
      const res = await upload(w.as.speaker!, w, c, `修改稿${i + 2}.pdf`);
      expect(res.statusCode).toBe(201);
      expect(res.json().version).toBe(i + 2);
    }
    const list = await w.as.expert!.request({ method: 'GET', url: `/api/talks/${w.talkId}/deck/versions` });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string; version: number; filename: string; sha256: string }>;
    expect(items.map((v) => [v.version, v.filename])).toEqual([
      [3, '修改稿3.pdf'],
      [2, '修改稿2.pdf'],
      [1, '第三讲课件.pdf'],
    ]);
    const expected = [makePdf(2, 'third'), makePdf(1, 'second'), makePdf(3)];
    for (const [i, v] of items.entries()) {
      const res = await w.as.hall_admin!.request({ method: 'GET', url: `/api/deck-versions/${v.id}/file` });
      expect(res.statusCode).toBe(200);
      expect(Buffer.compare(res.rawPayload, expected[i]!)).toBe(0);
    }
  });

  it('previews a PDF inline as itself', async () => {
    const [latest] = (await w.as.expert!.request({ method: 'GET', url: `/api/talks/${w.talkId}/deck/versions` })).json().items;
    const res = await w.as.expert!.request({ method: 'GET', url: `/api/deck-versions/${latest.id}/preview` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="deck-v3.pdf"; filename*=UTF-8''%E4%BF%AE%E6%94%B9%E7%A8%BF3.pdf`);
    expect(sha(res.rawPayload)).toBe(latest.sha256);
  });

  it('stores a PPTX, says why it has no preview without LibreOffice, and answers its preview with 409', async () => {
    const pptx = makePptx(2);
    const res = await upload(w.as.hall_admin!, w, pptx, '讲稿.pptx', w.otherTalkId);
    expect(res.statusCode).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({ version: 1, kind: 'pptx', filename: '讲稿.pptx', size: pptx.length, pageCount: null, uploadedBy: 'hall_admin' });
    expect(v.conversion).toEqual({ status: 'unavailable', progress: 0, message: NO_SOFFICE_MESSAGE });
    const file = await w.as.other_speaker!.request({ method: 'GET', url: `/api/deck-versions/${v.id}/file` });
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
    expect(Buffer.compare(file.rawPayload, pptx)).toBe(0);
    const preview = await w.as.other_speaker!.request({ method: 'GET', url: `/api/deck-versions/${v.id}/preview` });
    expect(preview.statusCode).toBe(409);
    expect(preview.json().error).toEqual({
      code: 'preview_unavailable',
      message: '该课件暂无预览',
      details: { status: 'unavailable', message: NO_SOFFICE_MESSAGE },
    });
    // A manager uploading for the speaker: the speaker hears of it, the uploader does not.
    const notes = await w.t.testDb.db.selectFrom('notifications').select('user_id').where('entity_id', '=', v.id).execute();
    expect(notes.map((n) => n.user_id)).toEqual([w.ids.other_speaker]);
  });

  it('stores the same content uploaded twice once', async () => {
    const pdf = makePdf(4, 'twice');
    const a = (await upload(w.as.speaker!, w, pdf, 'a.pdf')).json();
    const b = (await upload(w.as.speaker!, w, pdf, 'b.pdf')).json();
    expect([a.sha256, b.sha256]).toEqual([sha(pdf), sha(pdf)]);
    expect(b.version).toBe(a.version + 1);
    const blobs = await w.t.testDb.db.selectFrom('blobs').selectAll().where('sha256', '=', sha(pdf)).execute();
    expect(blobs.map((r) => [r.driver, Number(r.size)])).toEqual([['disk', pdf.length]]);
    const folder = path.join(dataDir, 'files', sha(pdf).slice(0, 2), sha(pdf).slice(2, 4));
    expect(fs.readdirSync(folder)).toEqual([sha(pdf)]);
  });

  it('numbers concurrent uploads 1, 2, 3 without a collision', async () => {
    const results = await Promise.all([1, 2, 3].map((i) => upload(w.as.hall_admin!, w, makePdf(i, `concurrent ${i}`), `并发${i}.pdf`, w.otherTalkId)));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    // Version 1 of this talk is the PPTX above.
    expect(results.map((r) => r.json().version).sort()).toEqual([2, 3, 4]);
  });

  it('lets the speaker and the managers upload, but not an assigned expert (403) nor anyone anonymous (401)', async () => {
    expect((await upload(w.as.expert!, w, makePdf(1), 'x.pdf')).statusCode).toBe(403);
    expect((await upload(w.as.other_speaker!, w, makePdf(1), 'x.pdf')).statusCode).toBe(403);
    expect((await upload(w.as.outsider_admin!, w, makePdf(1), 'x.pdf')).statusCode).toBe(403);
    const anon = await upload(null, w, makePdf(1), 'x.pdf');
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('unauthenticated');
  });

  it('shows a deck to its speaker, assigned expert and hall managers only', async () => {
    const [latest] = (await w.as.speaker!.request({ method: 'GET', url: `/api/talks/${w.talkId}/deck/versions` })).json().items;
    const status = async (who: string | null, url: string) =>
      (who ? await w.as[who]!.request({ method: 'GET', url }) : await w.t.app.inject({ method: 'GET', url })).statusCode;
    for (const url of [`/api/deck-versions/${latest.id}/file`, `/api/deck-versions/${latest.id}/preview`, `/api/talks/${w.talkId}/deck/versions`]) {
      expect({
        url,
        speaker: await status('speaker', url),
        expert: await status('expert', url),
        hall_admin: await status('hall_admin', url),
        expert_unassigned: await status('expert_unassigned', url),
        other_speaker: await status('other_speaker', url),
        liaison: await status('liaison', url),
        outsider_admin: await status('outsider_admin', url),
        anonymous: await status(null, url),
      }).toEqual({
        url,
        speaker: 200,
        expert: 200,
        hall_admin: 200,
        expert_unassigned: 403,
        other_speaker: 403,
        liaison: 403,
        outsider_admin: 403,
        anonymous: 401,
      });
    }
    expect(await status('speaker', '/api/deck-versions/nope/file')).toBe(404);
    expect(await status(null, '/api/deck-versions/nope/file')).toBe(401);
  });

  it('refuses uploads once the edition is ready (409 talk_locked), and keeps the versions readable', async () => {
    const db = w.t.testDb.db;
    const ed = await makeEdition(db, w.hallId, { status: 'ready' });
    const person = await makePerson(
      db,
      (await db.selectFrom('org_units').select(['id', 'path', 'depth', 'name']).where('name', '=', '市卫健委').executeTakeFirstOrThrow()) as never,
    );
    const talk = await makeTalk(db, { editionId: ed.id, personId: person.id, nominatedBy: w.ids.hall_admin!, title: '已定稿' });
    const res = await upload(w.as.hall_admin!, w, makePdf(1), 'late.pdf', talk.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'talk_locked', details: { status: 'ready' } });
    expect(await db.selectFrom('deck_versions').select('id').where('talk_id', '=', talk.id).execute()).toEqual([]);
  });

  it('refuses a Word document with a clear Chinese reason', async () => {
    const res = await upload(w.as.speaker!, w, makeDocx(), '课件.pptx');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      code: 'deck_type_refused',
      message: '只能上传 PDF 或 PPTX 格式的课件，该文件的内容不是有效的 PDF 或 PPTX',
      details: { reason: '该文件是 Word 文档（DOCX），不是 PPTX 演示文稿' },
    });
  });
});

describe.each(DIALECTS)('PPTX conversion on %s', (dialect) => {
  let w: World;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-convert-'));
    const t = await buildTestApp(dialect, { env: { DATA_DIR: dataDir, LOGIN_RATE_LIMIT_PER_MINUTE: '10000' } });
    w = await makeWorld(t);
  });
  afterAll(async () => {
    await w.t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!hasSoffice)(
    `converts a PPTX to a PDF preview${hasSoffice ? '' : ' (skipped: soffice not installed)'}`,
    async () => {
      const res = await upload(w.as.speaker!, w, makePptx(2), '第二讲.pptx');
      expect(res.statusCode).toBe(201);
      const v = res.json();
      expect(v.conversion).toEqual({ status: 'queued', progress: 0, message: null });
      const seen = new Set<string>();
      let current = v;
      const started = Date.now();
      while (Date.now() - started < 110_000) {
        current = (await w.as.speaker!.request({ method: 'GET', url: `/api/talks/${w.talkId}/deck/versions` })).json().items[0];
        seen.add(`${current.conversion.status}:${current.conversion.progress}`);
        if (current.conversion.status === 'done' || current.conversion.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(current.conversion).toEqual({ status: 'done', progress: 100, message: null });
      // Whatever the page caught on the way was one of the reported steps.
      expect([...seen].filter((s) => !['queued:0', 'running:10', 'running:50', 'done:100'].includes(s))).toEqual([]);
      expect(current.pageCount).toBe(2);
      const preview = await w.as.expert!.request({ method: 'GET', url: `/api/deck-versions/${v.id}/preview` });
      expect(preview.statusCode).toBe(200);
      expect(preview.headers['content-type']).toBe('application/pdf');
      expect(preview.headers['content-disposition']).toBe(`inline; filename="deck-v1.pdf"; filename*=UTF-8''%E7%AC%AC%E4%BA%8C%E8%AE%B2.pdf`);
      expect(preview.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The work folder of the conversion is gone.
      expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
    },
    120_000,
  );
});
