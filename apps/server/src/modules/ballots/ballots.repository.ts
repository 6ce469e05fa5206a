import { CompiledQuery, type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, Db } from '../../db';
import { isPostgres } from '../../db/dialect';
import type { BallotTable } from '../../db/schema';

export type BallotRow = Selectable<BallotTable>;
type Tx = Kysely<Database>;

// A class of PostgreSQL advisory locks of its own, so that ballot writers never wait on other locks.
const BALLOT_LOCK_CLASS = 7_305_232;

/** The columns of a ballot row, in the order insertMany binds them. */
const BALLOT_COLUMNS = [
  'id',
  'edition_id',
  'talk_id',
  'window_id',
  'rater_group',
  'attendee_id',
  'expert_user_id',
  'rater_key',
  'version',
  'scores_json',
  'idempotency_key',
  'created_at',
] as const satisfies ReadonlyArray<keyof BallotTable>;

/**
 * The text of a group's INSERT by dialect and row count, compiled by Kysely once and reused:
 * building and compiling the query tree of a 256-row insert (3,072 values) again for every
 * group cost about a fifth of the insert itself on SQLite. Only the values change; they stay
 * bound parameters, in BALLOT_COLUMNS order, row after row.
 */
const insertTexts = { postgres: new Map<number, string>(), sqlite: new Map<number, string>() };

function insertText(trx: Tx, rowCount: number): string {
  const texts = isPostgres(trx) ? insertTexts.postgres : insertTexts.sqlite;
  let text = texts.get(rowCount);
  if (text === undefined) {
    const placeholder = Object.fromEntries(BALLOT_COLUMNS.map((c) => [c, null])) as unknown as Insertable<BallotTable>;
    const compiled = trx
      .insertInto('ballots')
      .values(Array.from({ length: rowCount }, () => placeholder))
      .compile();
    // Every value a parameter, none inlined: otherwise the text could not be reused.
    if (compiled.parameters.length !== rowCount * BALLOT_COLUMNS.length) throw new Error('ballot insert: unexpected parameter count');
    text = compiled.sql;
    texts.set(rowCount, text);
  }
  return text;
}

export interface EditionScoringRow {
  status: string;
  rubric_json: string;
  window_id: string | null;
  window_talk_id: string | null;
  closes_at: string | null;
  closed_at: string | null;
}

export interface WindowStateRow {
  window_id: string;
  talk_id: string;
  closes_at: string | null;
  closed_at: string | null;
}

/** Ballots, and what deciding whether one may be taken reads: the edition, its live session and scoring window. */
export const ballotsRepository = {
  /** The edition's status and rubric with the window its live session points at: three primary-key lookups in one query. */
  editionScoring(db: Db, editionId: string): Promise<EditionScoringRow | undefined> {
    return db
      .selectFrom('editions as e')
      .leftJoin('live_sessions as ls', 'ls.edition_id', 'e.id')
      .leftJoin('scoring_windows as w', 'w.id', 'ls.window_id')
      .select(['e.status', 'e.rubric_json', 'ls.window_id', 'w.talk_id as window_talk_id', 'w.closes_at', 'w.closed_at'])
      .where('e.id', '=', editionId)
      .executeTakeFirst();
  },

  /**
   * Inside a group's transaction: one group of ballots per edition at a time across every
   * instance on PostgreSQL (held until the transaction ends). SQLite's single writer needs none.
   */
  async lockEdition(trx: Tx, editionId: string): Promise<void> {
    if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${BALLOT_LOCK_CLASS}, hashtext(${editionId}))`.execute(trx);
  },

  async editionStatus(trx: Tx, editionId: string): Promise<string | undefined> {
    const row = await trx.selectFrom('editions').select('status').where('id', '=', editionId).executeTakeFirst();
    return row?.status;
  },

  /**
   * Inside a group's transaction: the edition's status with the scoring window its live session
   * points at, in one statement; undefined when there is no such window (then editionStatus
   * tells the rest). On PostgreSQL the session and window rows are share-locked: a host closing
   * the window waits for the group to commit, so no ballot is committed after the close it was
   * checked against.
   */
  currentWindow(trx: Tx, editionId: string): Promise<(WindowStateRow & { status: string }) | undefined> {
    const q = trx
      .selectFrom('editions as e')
      .innerJoin('live_sessions as ls', 'ls.edition_id', 'e.id')
      .innerJoin('scoring_windows as w', 'w.id', 'ls.window_id')
      .select(['e.status', 'w.id as window_id', 'w.talk_id', 'w.closes_at', 'w.closed_at'])
      .where('e.id', '=', editionId);
    return (isPostgres(trx) ? q.forShare(['ls', 'w']) : q).executeTakeFirst();
  },

  byIdempotencyKeys(trx: Tx | Db, editionId: string, keys: readonly string[]): Promise<BallotRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('ballots')
      .selectAll()
      .where('edition_id', '=', editionId)
      .where('idempotency_key', 'in', [...keys])
      .execute();
  },

  findByIdempotencyKey(db: Db, editionId: string, key: string): Promise<BallotRow | undefined> {
    return db.selectFrom('ballots').selectAll().where('edition_id', '=', editionId).where('idempotency_key', '=', key).executeTakeFirst();
  },

  /** The latest version of each (talk, rater) among these talks and raters. */
  async latestVersions(
    trx: Tx,
    talkIds: readonly string[],
    raterKeys: readonly string[],
  ): Promise<Array<{ talk_id: string; rater_key: string; version: number }>> {
    if (talkIds.length === 0 || raterKeys.length === 0) return [];
    const rows = await trx
      .selectFrom('ballots')
      .select(['talk_id', 'rater_key', (eb) => eb.fn.max('version').as('version')])
      .where('talk_id', 'in', [...talkIds])
      .where('rater_key', 'in', [...raterKeys])
      .groupBy(['talk_id', 'rater_key'])
      .execute();
    return rows.map((r) => ({ talk_id: r.talk_id, rater_key: r.rater_key, version: Number(r.version) }));
  },

  /** One statement for the whole group. */
  async insertMany(trx: Tx, rows: ReadonlyArray<Insertable<BallotTable>>): Promise<void> {
    if (rows.length === 0) return;
    // 12 columns a row: 256 rows stay far below both dialects' limits on bound parameters.
    const parameters: unknown[] = new Array(rows.length * BALLOT_COLUMNS.length);
    let i = 0;
    for (const row of rows) for (const column of BALLOT_COLUMNS) parameters[i++] = row[column] ?? null;
    await trx.executeQuery(CompiledQuery.raw(insertText(trx, rows.length), parameters));
  },

  /** Every ballot (every version) a rater cast in the edition. */
  ofRater(db: Db, editionId: string, raterKey: string): Promise<BallotRow[]> {
    return db
      .selectFrom('ballots')
      .selectAll()
      .where('edition_id', '=', editionId)
      .where('rater_key', '=', raterKey)
      .orderBy('talk_id')
      .orderBy('version')
      .execute();
  },

  async upvotedBy(db: Db, attendeeId: string): Promise<string[]> {
    const rows = await db.selectFrom('question_upvotes').select('question_id').where('attendee_id', '=', attendeeId).orderBy('question_id').execute();
    return rows.map((r) => r.question_id);
  },

  async isAppointed(db: Db, editionId: string, userId: string): Promise<boolean> {
    const row = await db
      .selectFrom('live_experts')
      .select('expert_user_id')
      .where('edition_id', '=', editionId)
      .where('expert_user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  },
};
