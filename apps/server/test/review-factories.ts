import { createHash } from 'node:crypto';
import type { Db } from '../src/db';
import { newId } from '../src/lib/ids';

/*
 * Courseware rows written straight into the tables, as the decks module's upload would leave
 * them: a blobs row (the sha256 foreign key; driver 'disk', no bytes behind it) and a version.
 */

const NOW = '2026-01-01T00:00:00.000Z';
let seq = 0;

export async function makeDeckVersion(
  db: Db,
  f: { talkId: string; version: number; uploadedBy: string; pageCount?: number | null; filename?: string; createdAt?: string },
) {
  const sha256 = createHash('sha256').update(`fake deck ${f.talkId} ${f.version} ${++seq}`).digest('hex');
  await db.insertInto('blobs').values({ sha256, size: 2048, driver: 'disk', created_at: NOW }).execute();
  const id = newId();
  await db
    .insertInto('deck_versions')
    .values({
      id,
      talk_id: f.talkId,
      version: f.version,
      kind: 'pdf',
      filename: f.filename ?? `课件第${f.version}版.pdf`,
      size: 2048,
      sha256,
      page_count: f.pageCount === undefined ? 12 : f.pageCount,
      preview_sha256: null,
      conversion_status: 'not_needed',
      conversion_progress: 100,
      conversion_message: null,
      uploaded_by: f.uploadedBy,
      created_at: f.createdAt ?? NOW,
      updated_at: f.createdAt ?? NOW,
    })
    .execute();
  return { id, sha256 };
}

/** An expert assigned to a talk, as PUT /api/talks/:id/experts leaves it. */
export async function assignExpert(db: Db, talkId: string, expertUserId: string) {
  await db
    .insertInto('expert_assignments')
    .values({ id: newId(), talk_id: talkId, expert_user_id: expertUserId, assigned_by: null, created_at: NOW })
    .onConflict((oc) => oc.columns(['talk_id', 'expert_user_id']).doNothing())
    .execute();
}

/** A clock that moves one second at every reading: what happens later in a test is later by the clock too. */
export function tickingClock(startIso: string) {
  let t = Date.parse(startIso);
  return {
    now: () => {
      t += 1000;
      return new Date(t);
    },
  };
}
