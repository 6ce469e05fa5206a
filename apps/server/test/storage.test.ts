import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError, CHUNK_BYTES, createBlobStore } from '../src/storage';
import { buildTestApp, login, type TestApp } from './app';
import { createTestDb, DIALECTS, type TestDb } from './db';
import { makePdf, multipart } from './deck-fixtures';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser } from './factories';
import { makeTalk } from './programme-factories';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A PDF of about 2.5 MiB (a comment pads it), so that the database keeps it as three chunks. */
const bigPdf = () => {
  const pdf = makePdf(2).toString('latin1');
  return Buffer.from(pdf.replace('%PDF-1.4\n', `%PDF-1.4\n%${'z'.repeat(2.5 * 1024 * 1024)}\n`), 'latin1');
};

describe.each(DIALECTS)('blob store on %s', (dialect) => {
  let t: TestDb;
  let dataDir: string;

  beforeAll(async () => {
    t = await createTestDb(dialect);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-blobs-'));
  });
  afterAll(async () => {
    await t.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a file on disk under files/ab/cd/<sha256>, once however often it is put', async () => {
    const store = createBlobStore(t.db, { dataDir, storageDriver: 'disk' });
    const content = Buffer.from('磁盘上的课件');
    expect(await store.put(Readable.from([content]))).toEqual({ sha256: sha(content), size: content.length });
    expect(await store.put(Readable.from([content]))).toEqual({ sha256: sha(content), size: content.length });
    const h = sha(content);
    expect(fs.readdirSync(path.join(dataDir, 'files', h.slice(0, 2), h.slice(2, 4)))).toEqual([h]);
    expect(fs.readFileSync(path.join(dataDir, 'files', h.slice(0, 2), h.slice(2, 4), h))).toEqual(content);
    expect(await t.db.selectFrom('blobs').select(['driver', 'size']).where('sha256', '=', h).execute()).toEqual([{ driver: 'disk', size: content.length }]);
    expect(await store.has(h)).toBe(true);
    expect(await store.size(h)).toBe(content.length);
    expect(await buffer(await store.open(h))).toEqual(content);
    // The temp files it wrote through are gone.
    expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
  });

  it('keeps a file in the database as 1 MiB chunks, read back in order', async () => {
    const store = createBlobStore(t.db, { dataDir, storageDriver: 'database' });
    const content = Buffer.concat([Buffer.alloc(CHUNK_BYTES, 1), Buffer.alloc(CHUNK_BYTES, 2), Buffer.from('尾部')]);
    const blob = await store.put(Readable.from([content.subarray(0, 1000), content.subarray(1000)]));
    expect(blob).toEqual({ sha256: sha(content), size: content.length });
    await store.put(Readable.from([content]));
    const chunks = await t.db.selectFrom('blob_chunks').select(['idx', 'data']).where('sha256', '=', blob.sha256).orderBy('idx').execute();
    expect(chunks.map((c) => [c.idx, c.data.length])).toEqual([
      [0, CHUNK_BYTES],
      [1, CHUNK_BYTES],
      [2, 6],
    ]);
    expect(Buffer.compare(await buffer(await store.open(blob.sha256)), content)).toBe(0);
  });

  it('reads a blob written by the other driver, and does not store it again', async () => {
    const disk = createBlobStore(t.db, { dataDir, storageDriver: 'disk' });
    const database = createBlobStore(t.db, { dataDir, storageDriver: 'database' });
    const a = Buffer.from('written to disk, read after switching to the database');
    const b = Buffer.from('written to the database, read after switching to disk');
    const onDisk = await disk.put(Readable.from([a]));
    const inDb = await database.put(Readable.from([b]));
    expect(await buffer(await database.open(onDisk.sha256))).toEqual(a);
    expect(await buffer(await disk.open(inDb.sha256))).toEqual(b);
    // Putting it again through the other driver finds it stored already.
    await database.put(Readable.from([a]));
    expect(await t.db.selectFrom('blob_chunks').select('idx').where('sha256', '=', onDisk.sha256).execute()).toEqual([]);
    const h = inDb.sha256;
    await disk.put(Readable.from([b]));
    expect(fs.existsSync(path.join(dataDir, 'files', h.slice(0, 2), h.slice(2, 4), h))).toBe(false);
  });

  it('says what it does not hold', async () => {
    const store = createBlobStore(t.db, { dataDir, storageDriver: 'disk' });
    const missing = 'f'.repeat(64);
    expect(await store.has(missing)).toBe(false);
    expect(await store.size(missing)).toBeNull();
    await expect(store.open(missing)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.open('../../etc/passwd')).rejects.toBeInstanceOf(BlobNotFoundError);
  });
});

describe.each(DIALECTS)('deck upload and download through each storage driver on %s', (dialect) => {
  for (const driver of ['disk', 'database'] as const) {
    describe(`STORAGE_DRIVER=${driver}`, () => {
      let t: TestApp;
      let dataDir: string;
      let talkId: string;

      beforeAll(async () => {
        dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lh-driver-${driver}-`));
        t = await buildTestApp(dialect, { env: { STORAGE_DRIVER: driver, DATA_DIR: dataDir } });
        const db = t.testDb.db;
        const city = await makeUnit(db, '市委组织部');
        const hall = await makeHall(db, city);
        const edition = await makeEdition(db, hall.id, { status: 'recruiting' });
        const admin = await makeUser(db, 'admin', [['hall_admin', city]]);
        const person = await makePerson(db, city);
        talkId = (await makeTalk(db, { editionId: edition.id, personId: person.id, nominatedBy: admin.id })).id;
      });
      afterAll(async () => {
        await t.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      });

      it('gives back the uploaded bytes exactly, kept where the driver keeps them', async () => {
        const admin = await login(t.app, 'admin');
        const pdf = bigPdf();
        const res = await admin.request({ method: 'POST', url: `/api/talks/${talkId}/deck/versions`, ...multipart(pdf, '大文件.pdf') });
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ size: pdf.length, sha256: sha(pdf), pageCount: 2 });
        const file = await admin.request({ method: 'GET', url: `/api/deck-versions/${res.json().id}/file` });
        expect(file.statusCode).toBe(200);
        expect(file.headers['content-length']).toBe(String(pdf.length));
        expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);

        const db = t.testDb.db;
        const h = sha(pdf);
        expect(await db.selectFrom('blobs').select('driver').where('sha256', '=', h).execute()).toEqual([{ driver }]);
        const chunks = await db.selectFrom('blob_chunks').select('idx').where('sha256', '=', h).orderBy('idx').execute();
        const onDisk = fs.existsSync(path.join(dataDir, 'files', h.slice(0, 2), h.slice(2, 4), h));
        expect({ chunks: chunks.map((c) => c.idx), onDisk }).toEqual(driver === 'disk' ? { chunks: [], onDisk: true } : { chunks: [0, 1, 2], onDisk: false });
        expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
      });
    });
  }
});
