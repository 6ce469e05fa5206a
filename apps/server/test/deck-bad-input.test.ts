import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { deflatedZeros, makeDocx, makeElf, makePdf, makeZip, multipart, pptxEntries } from './deck-fixtures';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser } from './factories';
import { makeTalk } from './programme-factories';

/*
 * The "Bad input" for decks, each its own test: what is refused, with which code and
 * reason, and that nothing of a refused upload is left behind (no version, no blob, no temp file).
 */

describe.each(DIALECTS)('bad deck uploads on %s', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let talkId: string;
  let admin: Session;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-deck-bad-'));
    // 0.5 MB = 524,288 bytes: small enough to overrun with an 800 KB upload, large enough for the real zip bomb below.
    t = await buildTestApp(dialect, { env: { DATA_DIR: dataDir, DECK_MAX_UPLOAD_MB: '0.5', SOFFICE_PATH: '/nonexistent/soffice' } });
    const db = t.testDb.db;
    const city = await makeUnit(db, '市委组织部');
    const hall = await makeHall(db, city);
    const edition = await makeEdition(db, hall.id, { status: 'preparing' });
    const user = await makeUser(db, 'admin', [['hall_admin', city]]);
    const person = await makePerson(db, city);
    talkId = (await makeTalk(db, { editionId: edition.id, personId: person.id, nominatedBy: user.id })).id;
    admin = await login(t.app, 'admin');
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (content: Buffer, filename: string) =>
    admin.request({ method: 'POST', url: `/api/talks/${talkId}/deck/versions`, ...multipart(content, filename) });

  async function expectNothingStored() {
    const db = t.testDb.db;
    expect(await db.selectFrom('deck_versions').select('id').where('talk_id', '=', talkId).execute()).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
  }
  async function expectRefused(res: Awaited<ReturnType<typeof send>>, code: string, reason: string) {
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, details: { reason } });
    await expectNothingStored();
  }

  beforeEach(async () => {
    await t.testDb.db.deleteFrom('audit_log').where('action', '=', 'deck.uploaded').execute();
  });

  it('refuses a renamed executable (ELF bytes named deck.pdf)', async () => {
    await expectRefused(await send(makeElf(), 'deck.pdf'), 'deck_type_refused', '文件内容是 Linux 可执行程序，不是课件');
  });

  it('refuses a Windows program named 课件.pptx', async () => {
    await expectRefused(
      await send(Buffer.concat([Buffer.from('MZ\x90\x00\x03', 'latin1'), Buffer.alloc(2000)]), '课件.pptx'),
      'deck_type_refused',
      '文件内容是 Windows 可执行程序，不是课件',
    );
  });

  it('refuses a ZIP that is not a PPTX', async () => {
    await expectRefused(
      await send(makeZip([{ name: 'slides/1.txt', data: '第一页' }]), '课件.pptx'),
      'deck_type_refused',
      '该文件是普通压缩包，不是 PPTX 演示文稿',
    );
  });

  it('refuses a DOCX', async () => {
    await expectRefused(await send(makeDocx(), '课件.pptx'), 'deck_type_refused', '该文件是 Word 文档（DOCX），不是 PPTX 演示文稿');
  });

  it('refuses a ZIP whose central directory declares a huge expansion (zip bomb)', async () => {
    const bomb = makeZip([...pptxEntries(1), { name: 'ppt/media/image1.png', data: 'tiny', declaredSize: 0xfffffff0 }]);
    await expectRefused(await send(bomb, 'bomb.pptx'), 'deck_unsafe', '压缩包解压后的总大小异常');
  });

  it('refuses a real high-ratio ZIP (210 MiB of zeros deflated) within the upload limit', async () => {
    const zeros = await deflatedZeros(210 * 1024 * 1024);
    const bomb = makeZip([...pptxEntries(1), { name: 'ppt/media/zeros.bin', compressed: zeros }]);
    // About 210 KB, under the upload limit: the ratio alone refuses it.
    expect(bomb.length).toBeLessThan(0.5 * 1024 * 1024);
    await expectRefused(await send(bomb, 'bomb.pptx'), 'deck_unsafe', '压缩包解压后的总大小异常');
  }, 60_000);

  it('cuts off an upload over the limit while streaming: 413, nothing stored, no temp file left', async () => {
    const big = Buffer.concat([makePdf(1), Buffer.alloc(800 * 1024, 0x20)]);
    const res = await send(big, 'big.pdf');
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({ code: 'payload_too_large', message: '上传的内容过大', details: { limitBytes: 524288 } });
    await expectNothingStored();
    expect(await t.testDb.db.selectFrom('blobs').select('sha256').execute()).toEqual([]);
  });

  it('neutralises ../ and control characters in the file name', async () => {
    const res = await send(makePdf(1), '../../etc/第\u0007四讲\u001b课件\u007f.pdf');
    expect(res.statusCode).toBe(201);
    expect(res.json().filename).toBe('第四讲课件.pdf');
    const row = await t.testDb.db.selectFrom('deck_versions').select('filename').where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row.filename).toBe('第四讲课件.pdf');
    const file = await admin.request({ method: 'GET', url: `/api/deck-versions/${res.json().id}/file` });
    expect(file.headers['content-disposition']).toBe(`attachment; filename="deck-v1.pdf"; filename*=UTF-8''%E7%AC%AC%E5%9B%9B%E8%AE%B2%E8%AF%BE%E4%BB%B6.pdf`);
    await t.testDb.db.deleteFrom('deck_versions').where('talk_id', '=', talkId).execute();
  });

  it('names a deck by its detected kind when the name was a path and a wrong extension', async () => {
    const res = await send(makePdf(1), '..\\..\\.pptx');
    expect(res.statusCode).toBe(201);
    expect(res.json().filename).toBe('课件.pdf');
    await t.testDb.db.deleteFrom('deck_versions').where('talk_id', '=', talkId).execute();
  });

  it('refuses an empty file', async () => {
    await expectRefused(await send(Buffer.alloc(0), '课件.pdf'), 'deck_type_refused', '上传的文件是空的');
  });

  it('answers a body that is not multipart with 415, a missing file with 400, a broken body with 400', async () => {
    const json = await admin.request({ method: 'POST', url: `/api/talks/${talkId}/deck/versions`, payload: { file: 'x' } });
    expect([json.statusCode, json.json().error.code]).toEqual([415, 'unsupported_media_type']);
    const wrongField = await admin.request({ method: 'POST', url: `/api/talks/${talkId}/deck/versions`, ...multipart(makePdf(1), 'a.pdf', { field: 'deck' }) });
    expect([wrongField.statusCode, wrongField.json().error.code]).toEqual([400, 'upload_missing']);
    const broken = await admin.request({
      method: 'POST',
      url: `/api/talks/${talkId}/deck/versions`,
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 and then the body stops',
    });
    expect(broken.statusCode).toBe(400);
    await expectNothingStored();
  });
});
