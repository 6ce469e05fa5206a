import type { Config } from '../config';
import type { Db } from '../db';

// PLACEHOLDER — being written now: the content-addressed blob store (disk | database drivers).
export interface BlobStore {
  readonly driver: 'disk' | 'database';
}
export function createBlobStore(_db: Db, config: Config): BlobStore {
  return { driver: config.storageDriver };
}
