import type { Insertable } from 'kysely';
import type { Db } from '../db';
import type { AttendeeTable, BallotTable, LiveExpertTable, LiveSessionTable, ScoringWindowTable } from '../db/schema';

// 500 ballots of 12 columns are 6,000 bound parameters: below SQLite's 32,766 and PostgreSQL's 65,535.
const CHUNK = 500;

export interface DemoClosedEdition {
  id: string;
  hall_id: string;
  hall_name: string;
  hall_path: string;
  seq: number;
  date: string;
}

export interface DemoTalkOfEdition {
  id: string;
  edition_id: string;
  position: number;
  person_id: string;
  unit_id: string;
}

/** A person of the roster with its unit's path (the programme's rows). */

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/** What the demo's results step reads and writes: the finished editions' live sessions, ballots and publication. */
export const demoResultsRepository = {
  /** The closed editions, in the order the programme made them (ids are deterministic and time-ordered). */
  closedEditions(db: Db): Promise<DemoClosedEdition[]> {
    return db
      .selectFrom('editions as e')
      .innerJoin('halls as h', 'h.id', 'e.hall_id')
      .innerJoin('org_units as u', 'u.id', 'h.unit_id')
      .select(['e.id', 'e.hall_id', 'h.name as hall_name', 'u.path as hall_path', 'e.seq', 'e.date'])
      .where('e.status', '=', 'closed')
      .orderBy('e.id')
      .execute();
  },
  talksOf(db: Db, editionIds: readonly string[]): Promise<DemoTalkOfEdition[]> {
    if (editionIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('talks as t')
      .innerJoin('people as p', 'p.id', 't.person_id')
      .select(['t.id', 't.edition_id', 't.position', 't.person_id', 'p.unit_id'])
      .where('t.edition_id', 'in', editionIds)
      .orderBy('t.edition_id')
      .orderBy('t.position')
      .execute();
  },

  /** Everyone who gives or gave a talk anywhere: they are not drawn as experts. */
  async speakerIds(db: Db): Promise<Set<string>> {
    const rows = await db.selectFrom('talks').select('person_id').distinct().execute();
    return new Set(rows.map((r) => r.person_id));
  },
  async insertLiveSession(db: Db, row: Insertable<LiveSessionTable>) {
    await db.insertInto('live_sessions').values(row).execute();
  },
  async insertWindows(db: Db, rows: Insertable<ScoringWindowTable>[]) {
    await insertChunked(rows, (chunk) => db.insertInto('scoring_windows').values(chunk).execute());
  },
  async insertLiveExperts(db: Db, rows: Insertable<LiveExpertTable>[]) {
    await insertChunked(rows, (chunk) => db.insertInto('live_experts').values(chunk).execute());
  },
  async insertAttendees(db: Db, rows: Insertable<AttendeeTable>[]) {
    await insertChunked(rows, (chunk) => db.insertInto('attendees').values(chunk).execute());
  },
  async insertBallots(db: Db, rows: Insertable<BallotTable>[]) {
    await insertChunked(rows, (chunk) => db.insertInto('ballots').values(chunk).execute());
  },
};
