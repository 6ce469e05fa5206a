import { ATTENDEE_TOKEN_HEADER } from '@lecture-hall/shared';
import type { Db } from '../src/db';
import { newId, newToken } from '../src/lib/ids';
import { hashAttendeeToken } from '../src/modules/live/attendee-auth';

/*
 * Live-session state for the questions tests, written straight into the tables (check-in has
 * its own tests): an edition turned live with its live_sessions row, and guest attendees with
 * their tokens.
 */

const NOW = '2026-01-01T00:00:00.000Z';

/** Sets the edition live and gives it a live session in its Q&A step. */
export async function makeLiveSession(db: Db, editionId: string): Promise<void> {
  await db.updateTable('editions').set({ status: 'live' }).where('id', '=', editionId).execute();
  await db
    .insertInto('live_sessions')
    .values({
      edition_id: editionId,
      step: 'qa',
      step_started_at: NOW,
      checkin_open: 1,
      current_talk_id: null,
      window_id: null,
      screen: 'questions',
      version: 1,
      updated_at: NOW,
    })
    .onConflict((oc) => oc.column('edition_id').doNothing())
    .execute();
}

export interface TestAttendee {
  id: string;
  token: string;
  /** The header a phone sends its token in. */
  headers: Record<string, string>;
}

/** A checked-in guest of the edition with a fresh token. */
export async function makeAttendee(db: Db, editionId: string): Promise<TestAttendee> {
  const id = newId();
  const token = newToken();
  await db
    .insertInto('attendees')
    .values({
      id,
      edition_id: editionId,
      token_hash: hashAttendeeToken(token),
      kind: 'guest',
      user_id: null,
      person_id: null,
      category: 'organ',
      class_name: '',
      display_name: '',
      first_attendee_id: null,
      counted: 1,
      created_at: NOW,
      last_seen_at: NOW,
    })
    .execute();
  return { id, token, headers: { [ATTENDEE_TOKEN_HEADER]: token } };
}

/** An idempotency key as a phone makes one. */
export const idemKey = () => newToken().slice(0, 32);
