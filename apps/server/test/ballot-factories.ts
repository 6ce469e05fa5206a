import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../src/db';
import { newId } from '../src/lib/ids';
import { makeEdition, makeHall, makePerson, makeUnit, makeUser, type UnitRef } from './factories';
import { makeTalk } from './programme-factories';

/*
 * A live edition as the live module leaves it — a live session, scoring windows, attendees
 * with their tokens, the expert panel — written straight into the tables, for the ballot
 * tests, the kill -9 test and the ballot benchmark.
 */

const NOW = '2026-01-01T00:00:00.000Z';
let seq = 0;

export interface LiveEdition {
  editionId: string;
  hallId: string;
  unit: UnitRef;
  /** In speaking order. */
  talkIds: string[];
}

/** A live edition of a new hall with its speakers' talks and a live session at the 'talk' step, no window yet. */
export async function makeLiveEdition(db: Db, opts: { unit?: UnitRef; talks?: number; status?: 'live' | 'ready' | 'closed' } = {}): Promise<LiveEdition> {
  seq += 1;
  const unit = opts.unit ?? (await makeUnit(db, `现场测试单位${seq}-${randomBytes(3).toString('hex')}`));
  const hall = await makeHall(db, unit, { name: `现场讲堂${seq}-${randomBytes(3).toString('hex')}` });
  const edition = await makeEdition(db, hall.id, { status: opts.status ?? 'live', speakerCount: opts.talks ?? 5 });
  const nominator = await makeUser(db, `nominator_${seq}_${randomBytes(4).toString('hex')}`);
  const talkIds: string[] = [];
  for (let i = 0; i < (opts.talks ?? 5); i++) {
    const person = await makePerson(db, unit, { name: `讲课人${seq}-${i + 1}`, birthDate: '1990-03-03' });
    const talk = await makeTalk(db, { editionId: edition.id, personId: person.id, nominatedBy: nominator.id, position: i + 1, title: `讲题${i + 1}` });
    talkIds.push(talk.id);
  }
  await db
    .insertInto('live_sessions')
    .values({
      edition_id: edition.id,
      step: 'talk',
      step_started_at: NOW,
      checkin_open: 1,
      current_talk_id: talkIds[0] ?? null,
      window_id: null,
      screen: 'speaker',
      version: 1,
      updated_at: NOW,
    })
    .execute();
  return { editionId: edition.id, hallId: hall.id, unit, talkIds };
}

/** Opens a scoring window on a talk as the host's "open scoring" does; closesAt for an auto-close. */
export async function openWindow(db: Db, editionId: string, talkId: string, opts: { closesAt?: string | null; openedAt?: string } = {}): Promise<string> {
  const id = newId();
  await db
    .insertInto('scoring_windows')
    .values({
      id,
      edition_id: editionId,
      talk_id: talkId,
      opened_at: opts.openedAt ?? new Date().toISOString(),
      closes_at: opts.closesAt ?? null,
      closed_at: null,
      opened_by: null,
      closed_by: null,
    })
    .execute();
  await db
    .updateTable('live_sessions')
    .set({ step: 'scoring', current_talk_id: talkId, window_id: id, updated_at: new Date().toISOString() })
    .where('edition_id', '=', editionId)
    .execute();
  return id;
}

/** Closes a window as the host's "close scoring" does (the session keeps pointing at it). */
export async function closeWindow(db: Db, windowId: string, at = new Date().toISOString()): Promise<void> {
  const w = await db.updateTable('scoring_windows').set({ closed_at: at }).where('id', '=', windowId).returning('edition_id').executeTakeFirstOrThrow();
  await db.updateTable('live_sessions').set({ step: 'between', updated_at: at }).where('edition_id', '=', w.edition_id).execute();
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface AttendeeRef {
  id: string;
  token: string;
}

/** Attendees checked in as guests, each with its token; inserted a few hundred per statement. */
export async function makeAttendees(
  db: Db,
  editionId: string,
  count: number,
  opts: { category?: 'party_school' | 'organ' | 'other'; tokenPrefix?: string } = {},
): Promise<AttendeeRef[]> {
  const made: AttendeeRef[] = [];
  const rows = [];
  for (let i = 0; i < count; i++) {
    const id = newId();
    const token = opts.tokenPrefix ? `${opts.tokenPrefix}${String(i).padStart(6, '0')}` : randomBytes(32).toString('base64url');
    made.push({ id, token });
    rows.push({
      id,
      edition_id: editionId,
      token_hash: tokenHash(token),
      kind: 'guest',
      user_id: null,
      person_id: null,
      category: opts.category ?? (['party_school', 'organ', 'other'] as const)[i % 3]!,
      class_name: '',
      display_name: `听众${i + 1}`,
      first_attendee_id: null,
      counted: 1,
      created_at: NOW,
      last_seen_at: NOW,
    });
  }
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('attendees')
      .values(rows.slice(i, i + 500))
      .execute();
  return made;
}

export async function makeAttendee(db: Db, editionId: string): Promise<AttendeeRef> {
  return (await makeAttendees(db, editionId, 1))[0]!;
}

export async function appointExpert(db: Db, editionId: string, userId: string): Promise<void> {
  await db.insertInto('live_experts').values({ edition_id: editionId, expert_user_id: userId, created_at: NOW }).execute();
}

/** A fresh idempotency key as a phone makes one. */
export const idemKey = () => randomBytes(12).toString('base64url');

/** Scores on the default rubric (1–10 on five dimensions), all the same value. */
export const flatScores = (v: number) => ({ depth: v, breadth: v, practical_value: v, delivery: v, responsiveness: v });

/** A stored ballot row as the ballots module writes it: every dimension scored `value`, a fresh id and key. */
export function ballotRow(b: {
  editionId: string;
  talkId: string;
  windowId: string;
  raterKey: string;
  group: 'audience' | 'expert';
  value: number;
  createdAt: string;
  version?: number;
}) {
  return {
    id: newId(),
    edition_id: b.editionId,
    talk_id: b.talkId,
    window_id: b.windowId,
    rater_group: b.group,
    attendee_id: b.group === 'audience' ? b.raterKey : null,
    expert_user_id: b.group === 'expert' ? b.raterKey : null,
    rater_key: b.raterKey,
    version: b.version ?? 1,
    scores_json: JSON.stringify(flatScores(b.value)),
    idempotency_key: newId(),
    created_at: b.createdAt,
  };
}
