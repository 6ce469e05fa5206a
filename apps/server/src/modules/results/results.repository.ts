import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db';
import type { EditionResultsTable, PaperBallotTable, PaperImportTable } from '../../db/schema';
import type { LiveCommandRow, ResultsBallot, ResultsTalk } from './results.rules';

export type EditionResultsRow = Selectable<EditionResultsTable>;

export const resultsRepository = {
  /**
   * The edition's rater-code secret, made (from `fresh`) the first time it is asked for. Two
   * first requests at once both try to insert; the loser's row is dropped and both read the
   * winner's, so an edition never has two.
   */
  async raterCodeSalt(db: Db, editionId: string, fresh: () => string, nowIso: string): Promise<string> {
    const read = () => db.selectFrom('rater_code_salts').select('salt').where('edition_id', '=', editionId).executeTakeFirst();
    const found = await read();
    if (found) return found.salt;
    await db
      .insertInto('rater_code_salts')
      .values({ edition_id: editionId, salt: fresh(), created_at: nowIso })
      .onConflict((oc) => oc.column('edition_id').doNothing())
      .execute();
    return (await read())!.salt;
  },

  async talks(db: Db, editionId: string): Promise<ResultsTalk[]> {
    const rows = await db
      .selectFrom('talks as t')
      .innerJoin('people as p', 'p.id', 't.person_id')
      .innerJoin('org_units as u', 'u.id', 'p.unit_id')
      .select(['t.id', 't.person_id', 'p.name', 'p.unit_id', 'u.name as unit_name', 't.title', 't.position'])
      .where('t.edition_id', '=', editionId)
      .orderBy('t.position')
      .execute();
    return rows.map((r) => ({ id: r.id, personId: r.person_id, name: r.name, unitId: r.unit_id, unitName: r.unit_name, title: r.title, position: r.position }));
  },

  /** The live session's audited commands for the edition, in order, with the state before and after each (for talkEndTimes). */
  liveCommands(db: Db, editionId: string): Promise<LiveCommandRow[]> {
    return db
      .selectFrom('audit_log')
      .select(['at', 'before_json', 'after_json'])
      .where('entity_type', '=', 'edition')
      .where('entity_id', '=', editionId)
      .where('action', 'like', 'live.%')
      .orderBy('seq')
      .execute();
  },

  /**
   * The ballots that count: for each rater and talk the last version stored (a ballot is only
   * stored while its window is open, so the last stored is the last before close), and every
   * paper sheet's row. With the rater's unit where the rater is a roster person.
   */
  async countingBallots(db: Db, editionId: string): Promise<ResultsBallot[]> {
    const live = await db
      .selectFrom('ballots as b')
      .innerJoin('scoring_windows as w', 'w.id', 'b.window_id')
      .leftJoin('attendees as a', 'a.id', 'b.attendee_id')
      .leftJoin('users as x', 'x.id', 'b.expert_user_id')
      .leftJoin('people as p', (j) => j.on((eb) => eb.or([eb('p.id', '=', eb.ref('a.person_id')), eb('p.id', '=', eb.ref('x.person_id'))])))
      .select(['b.talk_id', 'b.rater_key', 'b.rater_group', 'b.version', 'b.scores_json', 'b.created_at', 'w.opened_at', 'p.unit_id'])
      .where('b.edition_id', '=', editionId)
      .orderBy('b.talk_id')
      .orderBy('b.rater_key')
      .orderBy('b.version')
      .execute();
    const last = new Map<string, (typeof live)[number]>();
    for (const row of live) last.set(`${row.talk_id}\u0000${row.rater_key}`, row);
    const paper = await db
      .selectFrom('paper_ballots')
      .select(['talk_id', 'rater_label', 'rater_group', 'scores_json'])
      .where('edition_id', '=', editionId)
      .orderBy('talk_id')
      .orderBy('rater_label')
      .execute();
    return [
      ...[...last.values()].map(
        (r): ResultsBallot => ({
          raterKey: r.rater_key,
          group: r.rater_group === 'expert' ? 'expert' : 'audience',
          source: 'live',
          talkId: r.talk_id,
          scores: JSON.parse(r.scores_json) as Record<string, number>,
          submittedAt: r.created_at,
          windowOpenedAt: r.opened_at,
          raterUnitId: r.unit_id ?? null,
        }),
      ),
      ...paper.map(
        (r): ResultsBallot => ({
          raterKey: `paper:${r.rater_group}:${r.rater_label}`,
          group: r.rater_group === 'expert' ? 'expert' : 'audience',
          source: 'paper',
          talkId: r.talk_id,
          scores: JSON.parse(r.scores_json) as Record<string, number>,
          submittedAt: null,
          windowOpenedAt: null,
          raterUnitId: null,
        }),
      ),
    ];
  },

  findPublished(db: Db, editionId: string): Promise<EditionResultsRow | undefined> {
    return db.selectFrom('edition_results').selectAll().where('edition_id', '=', editionId).executeTakeFirst();
  },

  async insertPublished(db: Db, row: Insertable<EditionResultsTable>): Promise<void> {
    await db.insertInto('edition_results').values(row).execute();
  },

  /** A hall's published editions, in order. */
  publishedEditionsOfHall(db: Db, hallId: string) {
    return db
      .selectFrom('editions as e')
      .innerJoin('edition_results as r', 'r.edition_id', 'e.id')
      .select(['e.id', 'e.seq', 'e.title', 'e.date', 'r.results_json'])
      .where('e.hall_id', '=', hallId)
      .orderBy('e.seq')
      .execute();
  },

  /** Counted attendees (人次) per edition. */
  async attendanceOf(db: Db, editionIds: readonly string[]): Promise<Map<string, number>> {
    if (editionIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('attendees')
      .select(['edition_id', db.fn.countAll<string | number>().as('n')])
      .where('edition_id', 'in', editionIds)
      .where('counted', '=', 1)
      .groupBy('edition_id')
      .execute();
    return new Map(rows.map((r) => [r.edition_id, Number(r.n)]));
  },

  /** The published editions in which this person gave a talk, newest first. */
  publishedTalksOfPerson(db: Db, personId: string) {
    return db
      .selectFrom('talks as t')
      .innerJoin('editions as e', 'e.id', 't.edition_id')
      .innerJoin('halls as h', 'h.id', 'e.hall_id')
      .innerJoin('edition_results as r', 'r.edition_id', 'e.id')
      .select(['t.id as talk_id', 'e.id as edition_id', 'h.speakers_see_results', 'r.results_json'])
      .where('t.person_id', '=', personId)
      .orderBy('e.date', 'desc')
      .execute();
  },

  /** Unit paths of these people (a liaison's view is filtered by them). */
  async personUnitPaths(db: Db, personIds: readonly string[]): Promise<Map<string, string>> {
    if (personIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('people as p')
      .innerJoin('org_units as u', 'u.id', 'p.unit_id')
      .select(['p.id', 'u.path'])
      .where('p.id', 'in', personIds)
      .execute();
    return new Map(rows.map((r) => [r.id, r.path]));
  },

  async insertPaperImport(db: Db, row: Insertable<PaperImportTable>, ballots: Insertable<PaperBallotTable>[]): Promise<void> {
    await db.insertInto('paper_imports').values(row).execute();
    for (let i = 0; i < ballots.length; i += 200)
      await db
        .insertInto('paper_ballots')
        .values(ballots.slice(i, i + 200))
        .execute();
  },

  paperImports(db: Db, editionId: string) {
    return db
      .selectFrom('paper_imports as i')
      .innerJoin('users as u', 'u.id', 'i.imported_by')
      .select(['i.id', 'i.file_name', 'i.ballot_count', 'u.display_name', 'i.created_at'])
      .where('i.edition_id', '=', editionId)
      .orderBy('i.created_at')
      .execute();
  },
};
