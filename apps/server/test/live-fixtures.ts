import type { EditionStatus } from '@lecture-hall/shared';
import type { Db } from '../src/db';
import type { Clock } from '../src/lib/clock';
import { newId } from '../src/lib/ids';
import { makeEdition, makeHall, makePerson, type UnitRef } from './factories';
import { makeTalk } from './programme-factories';

/*
 * Live sessions, attendees, ballots and questions written straight into the tables, for the
 * facts a live test starts from (the ballots and questions modules have their own writers).
 */

const NOW = '2026-01-01T00:00:00.000Z';

/** Where the live tests' clock starts: the afternoon of the edition's day (14:30 in Beijing). */
export const MANUAL_START = '2026-03-15T06:30:00.000Z';

/** A clock the test moves by hand: auto-close times, check-in times. */
export class ManualClock implements Clock {
  readonly timeZone = 'Asia/Shanghai';
  constructor(private iso: string) {}
  now() {
    return new Date(this.iso);
  }
  set(iso: string) {
    this.iso = iso;
  }
  advance(seconds: number) {
    this.iso = new Date(Date.parse(this.iso) + seconds * 1000).toISOString();
  }
}

let speakerSeq = 0;

/** A hall of the unit with one edition in the status, and its talks given by speakers of the unit (in this order). */
export async function makeLiveEdition(
  db: Db,
  unit: UnitRef,
  f: { status?: EditionStatus; speakers?: string[]; byUserId: string; date?: string; hallId?: string },
): Promise<{ hallId: string; editionId: string; seq: number; talkIds: string[] }> {
  const hallId = f.hallId ?? (await makeHall(db, unit, { name: `${unit.name}干部讲堂` })).id;
  const edition = await makeEdition(db, hallId, { status: f.status ?? 'live', date: f.date ?? '2026-03-15', speakerCount: (f.speakers ?? ['讲课人']).length });
  const talkIds: string[] = [];
  for (const [i, name] of (f.speakers ?? ['讲课人']).entries()) {
    // A birth date of its own: the roster refuses two people of one name, birth date and unit.
    speakerSeq += 1;
    const birthDate = new Date(Date.UTC(1980, 0, 1) + speakerSeq * 86400_000).toISOString().slice(0, 10);
    const person = await makePerson(db, unit, { name, birthDate });
    const talk = await makeTalk(db, { editionId: edition.id, personId: person.id, nominatedBy: f.byUserId, title: `${name}的讲题`, position: i + 1 });
    talkIds.push(talk.id);
  }
  return { hallId, editionId: edition.id, seq: edition.seq, talkIds };
}

/** The edition's live session row as the host leaves it, e.g. with the check-in open. */
export async function setLiveSession(db: Db, editionId: string, f: { checkinOpen?: boolean; step?: string } = {}): Promise<void> {
  await db
    .insertInto('live_sessions')
    .values({
      edition_id: editionId,
      step: f.step ?? (f.checkinOpen ? 'checkin' : 'idle'),
      step_started_at: null,
      checkin_open: f.checkinOpen ? 1 : 0,
      current_talk_id: null,
      window_id: null,
      screen: 'welcome',
      version: 0,
      updated_at: NOW,
    })
    .onConflict((oc) => oc.column('edition_id').doUpdateSet({ checkin_open: f.checkinOpen ? 1 : 0 }))
    .execute();
}

/** An attendee row (no token anyone holds). */
export async function makeAttendee(
  db: Db,
  editionId: string,
  f: Partial<{ kind: string; category: string; className: string; personId: string | null; counted: boolean; firstAttendeeId: string | null }> = {},
) {
  const id = newId();
  await db
    .insertInto('attendees')
    .values({
      id,
      edition_id: editionId,
      token_hash: `hash-${id}`,
      kind: f.kind ?? 'guest',
      user_id: null,
      person_id: f.personId ?? null,
      category: f.category ?? 'other',
      class_name: f.className ?? '',
      display_name: '',
      first_attendee_id: f.firstAttendeeId ?? null,
      counted: f.counted === false ? 0 : 1,
      created_at: NOW,
      last_seen_at: NOW,
    })
    .execute();
  return { id };
}

/** A closed scoring window for the talk, for ballots to belong to. */
export async function makeWindow(db: Db, editionId: string, talkId: string): Promise<string> {
  const id = newId();
  await db
    .insertInto('scoring_windows')
    .values({ id, edition_id: editionId, talk_id: talkId, opened_at: NOW, closes_at: null, closed_at: NOW, opened_by: null, closed_by: null })
    .execute();
  return id;
}

/** A ballot version by a rater (an attendee id or an expert's user id) for a talk. */
export async function makeBallot(
  db: Db,
  f: { editionId: string; talkId: string; windowId: string; raterKey: string; group: 'audience' | 'expert'; version?: number },
) {
  await db
    .insertInto('ballots')
    .values({
      id: newId(),
      edition_id: f.editionId,
      talk_id: f.talkId,
      window_id: f.windowId,
      rater_group: f.group,
      attendee_id: f.group === 'audience' ? f.raterKey : null,
      expert_user_id: null,
      rater_key: f.raterKey,
      version: f.version ?? 1,
      scores_json: '{}',
      idempotency_key: newId(),
      created_at: NOW,
    })
    .execute();
}

export async function makeQuestion(
  db: Db,
  f: { editionId: string; attendeeId: string; text: string; state: string; upvotes?: number; pinned?: boolean; createdAt?: string; mergedInto?: string },
) {
  const id = newId();
  await db
    .insertInto('questions')
    .values({
      id,
      edition_id: f.editionId,
      talk_id: null,
      attendee_id: f.attendeeId,
      text: f.text,
      state: f.state,
      held_reason: null,
      pinned: f.pinned ? 1 : 0,
      merged_into: f.mergedInto ?? null,
      upvotes: f.upvotes ?? 0,
      idempotency_key: newId(),
      created_at: f.createdAt ?? NOW,
      updated_at: NOW,
    })
    .execute();
  return { id };
}
