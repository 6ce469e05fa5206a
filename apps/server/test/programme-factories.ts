import type { NominationChannel, NominationState } from '@lecture-hall/shared';
import type { Db } from '../src/db';
import { newId } from '../src/lib/ids';

/*
 * Nominations and talks written straight into the tables, for the facts a test starts from
 * (an earlier talk, an open nomination elsewhere). Halls and editions come from factories.ts.
 */

const NOW = '2026-01-01T00:00:00.000Z';

export async function makeNomination(
  db: Db,
  f: {
    editionId: string;
    personId: string;
    nominatedBy: string;
    channel?: NominationChannel;
    state?: NominationState;
    recommendingUnitId?: string | null;
    proposedTitle?: string;
    order?: number | null;
    createdAt?: string;
  },
) {
  const id = newId();
  const ed = await db.selectFrom('editions').select('hall_id').where('id', '=', f.editionId).executeTakeFirstOrThrow();
  await db
    .insertInto('nominations')
    .values({
      id,
      edition_id: f.editionId,
      hall_id: ed.hall_id,
      person_id: f.personId,
      channel: f.channel ?? 'org_pick',
      state: f.state ?? 'submitted',
      recommending_unit_id: f.recommendingUnitId ?? null,
      nominated_by: f.nominatedBy,
      statement: '',
      proposed_title: f.proposedTitle ?? '',
      proposed_abstract: '',
      angle: null,
      override_reason: null,
      override_by: null,
      override_at: null,
      selected_order: f.order ?? null,
      decided_at: f.state && !['submitted', 'shortlisted'].includes(f.state) ? NOW : null,
      created_at: f.createdAt ?? NOW,
      updated_at: NOW,
    })
    .execute();
  return { id };
}

/** A talk given (or to be given) by the person in the edition, with the selected nomination it comes from. */
export async function makeTalk(db: Db, f: { editionId: string; personId: string; nominatedBy: string; title?: string; position?: number }) {
  const nomination = await makeNomination(db, { ...f, state: 'selected', order: f.position ?? 1 });
  const id = newId();
  await db
    .insertInto('talks')
    .values({
      id,
      edition_id: f.editionId,
      nomination_id: nomination.id,
      person_id: f.personId,
      position: f.position ?? 1,
      title: f.title ?? '讲题',
      abstract: '',
      angle: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return { id, nominationId: nomination.id };
}

/** Links an account to a person of the roster (users.person_id), as an admin does in the console. */
export async function linkUser(db: Db, username: string, personId: string | null): Promise<void> {
  await db.updateTable('users').set({ person_id: personId }).where('username', '=', username).execute();
}

/** A notification in a user's centre, as the nominations service would have written it. */
export async function makeNotification(db: Db, userId: string, title = '测试通知') {
  const id = newId();
  await db
    .insertInto('notifications')
    .values({
      id,
      user_id: userId,
      kind: 'nomination.received',
      title,
      body: '',
      link: null,
      entity_type: null,
      entity_id: null,
      read_at: null,
      created_at: NOW,
    })
    .execute();
  return { id };
}
