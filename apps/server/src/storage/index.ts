import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config';
import type { Db } from '../db';
import { blobsRepository } from './blobs.repository';

export type BlobDriverName = 'disk' | 'database';

/** What a stored content is known by. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * A file already on local disk (an upload streamed to DATA_DIR/tmp, a converter's output).
 * Whoever wrote it may pass the digest and size it counted on the way; the store leaves the
 * file where it is, and the caller removes it.
 */
export interface LocalFile {
  path: string;
  sha256?: string;
  size?: number;
}

/**
 * Content-addressed file storage. Files are named by the SHA-256 of their bytes, so the same
 * content is kept once however often it is uploaded. Writes go to the configured driver; each
 * blob's row records the driver that holds it and reads follow that row, so files written
 * before a deployment switched drivers stay readable.
 */
export interface BlobStore {
  /** The driver new content is written to. */
  readonly driver: BlobDriverName;
  put(source: Readable | LocalFile): Promise<StoredBlob>;
  /** The bytes of a stored blob; throws BlobNotFoundError for content never stored. */
  open(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** Its size in bytes, or null when it is not stored. */
  size(sha256: string): Promise<number | null>;
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`blob ${sha256} is not stored`);
  }
}

/** The database driver keeps 1 MiB per row, the size the migration was planned for. */
export const CHUNK_BYTES = 1024 * 1024;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Where uploads and conversions keep their work files: inside the data directory, on the same disk as the files. */
export function tmpDirOf(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'tmp');
}

/** A fresh, unique path in the temp folder (which is created if missing). */
export async function tempPath(config: Pick<Config, 'dataDir'>, suffix = ''): Promise<string> {
  const dir = tmpDirOf(config);
  await fs.promises.mkdir(dir, { recursive: true });
  return path.join(dir, `${Date.now().toString(36)}-${randomBytes(8).toString('hex')}${suffix}`);
}

/** Removes a work file or folder; one already gone is fine. */
export async function removeQuietly(p: string): Promise<void> {
  await fs.promises.rm(p, { recursive: true, force: true }).catch(() => {});
}

/** A pass-through that hashes and counts what flows through it. */
export function hashingCounter(): Transform & { digest(): StoredBlob } {
  const hash = createHash('sha256');
  let size = 0;
  let sha256: string | null = null;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { digest(): StoredBlob };
  t.digest = () => {
    sha256 ??= hash.digest('hex');
    return { sha256, size };
  };
  return t;
}

/** Copies a stream to a new file, hashing and counting it on the way. */
export async function writeHashed(source: Readable, dest: string): Promise<StoredBlob> {
  const counter = hashingCounter();
  await pipeline(source, counter, fs.createWriteStream(dest, { flags: 'wx' }));
  return counter.digest();
}

async function hashFile(file: string): Promise<StoredBlob> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

interface BlobDriver {
  /** Stores the file's bytes and records its blobs row (unless another writer recorded it first). */
  store(file: string, blob: StoredBlob): Promise<void>;
  read(blob: StoredBlob): Promise<Readable>;
}

/** DATA_DIR/files/ab/cd/<sha256>: two levels of 256 folders keep each folder small. */
function diskPath(dataDir: string, sha256: string): string {
  return path.join(dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

function diskDriver(db: Db, dataDir: string, now: () => string): BlobDriver {
  return {
    async store(file, blob) {
      const final = diskPath(dataDir, blob.sha256);
      const folder = path.dirname(final);
      await fs.promises.mkdir(folder, { recursive: true });
      // A reader never sees a half-written file: the bytes land under a temporary name in the
      // same folder and are renamed into place, which is atomic on one filesystem.
      const staging = path.join(folder, `.${blob.sha256}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        try {
          await fs.promises.link(file, staging);
        } catch {
          // Another filesystem, or one without hard links: copy instead.
          await fs.promises.copyFile(file, staging);
        }
        await fs.promises.rename(staging, final);
      } finally {
        await removeQuietly(staging);
      }
      await blobsRepository.insertIfAbsent(db, { sha256: blob.sha256, size: blob.size, driver: 'disk', created_at: now() });
    },
    async read(blob) {
      const handle = await fs.promises.open(diskPath(dataDir, blob.sha256), 'r').catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'ENOENT' ? new BlobNotFoundError(blob.sha256) : err;
      });
      return handle.createReadStream();
    },
  };
}

/** Re-cuts a file's read chunks into pieces of exactly CHUNK_BYTES (the last one shorter). */
async function* fixedChunks(file: string): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const data of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    let buf = data as Buffer;
    while (buf.length > 0) {
      const take = Math.min(CHUNK_BYTES - pendingBytes, buf.length);
      pending.push(buf.subarray(0, take));
      pendingBytes += take;
      buf = buf.subarray(take);
      if (pendingBytes === CHUNK_BYTES) {
        yield Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

function databaseDriver(db: Db, now: () => string): BlobDriver {
  return {
    async store(file, blob) {
      // The row and its chunks commit together: nobody reads a blob whose chunks are still coming.
      // A concurrent writer of the same content waits on the row's key and then finds it there.
      // Given a transaction already (the demo seed stores its decks inside its own), it joins it.
      const inTransaction = <T>(fn: (trx: Db) => Promise<T>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
      await inTransaction(async (trx) => {
        const recorded = await blobsRepository.insertIfAbsent(trx, { sha256: blob.sha256, size: blob.size, driver: 'database', created_at: now() });
        if (!recorded) return;
        let idx = 0;
        let written = 0;
        for await (const chunk of fixedChunks(file)) {
          await blobsRepository.insertChunk(trx, blob.sha256, idx, chunk);
          idx += 1;
          written += chunk.length;
        }
        if (written !== blob.size) throw new Error(`blob ${blob.sha256}: file changed while stored (${written} of ${blob.size} bytes)`);
      });
    },
    async read(blob) {
      const count = Math.ceil(blob.size / CHUNK_BYTES);
      // One chunk in memory at a time, fetched as the reader asks for it.
      return Readable.from(
        (async function* () {
          for (let idx = 0; idx < count; idx += 1) {
            const chunk = await blobsRepository.chunk(db, blob.sha256, idx);
            if (!chunk) throw new BlobNotFoundError(blob.sha256);
            yield Buffer.from(chunk);
          }
        })(),
        { objectMode: false },
      );
    },
  };
}

export function createBlobStore(db: Db, config: Pick<Config, 'dataDir' | 'storageDriver'>, now: () => string = () => new Date().toISOString()): BlobStore {
  const drivers: Record<BlobDriverName, BlobDriver> = { disk: diskDriver(db, config.dataDir, now), database: databaseDriver(db, now) };
  const writer = drivers[config.storageDriver];

  async function row(sha256: string) {
    return SHA256_HEX.test(sha256) ? blobsRepository.find(db, sha256) : undefined;
  }

  const store: BlobStore = {
    driver: config.storageDriver,
    async put(source) {
      if (source instanceof Readable) {
        const tmp = await tempPath(config);
        try {
          const blob = await writeHashed(source, tmp);
          return await store.put({ path: tmp, ...blob });
        } finally {
          await removeQuietly(tmp);
        }
      }
      const blob = source.sha256 !== undefined && source.size !== undefined ? { sha256: source.sha256, size: source.size } : await hashFile(source.path);
      // Content already stored, by this driver or the other, is not stored again.
      if (!(await row(blob.sha256))) await writer.store(source.path, blob);
      return blob;
    },
    async open(sha256) {
      const r = await row(sha256);
      if (!r) throw new BlobNotFoundError(sha256);
      const driver = drivers[r.driver as BlobDriverName];
      if (!driver) throw new Error(`blob ${sha256}: unknown storage driver ${r.driver}`);
      return driver.read({ sha256: r.sha256, size: Number(r.size) });
    },
    async has(sha256) {
      return (await row(sha256)) !== undefined;
    },
    async size(sha256) {
      const r = await row(sha256);
      return r ? Number(r.size) : null;
    },
  };
  return store;
}
