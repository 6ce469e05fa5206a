import { randomBytes } from 'node:crypto';
import { type EditionResults, EditionResults as EditionResultsSchema, ENDED_STATUSES, type MyResult, type Rubric } from '@lecture-hall/shared';
import { mean } from '@lecture-hall/stats';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { conflict, forbidden, notFound } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor, RequestContext } from '../auth/actor';
import { can, covers, requireActor, scopesFor } from '../auth/policy';
import { loadHall } from '../halls/hall-access';
import { type EditionRow, editionRepository } from '../halls/halls.repository';
import { aggregationFromJson, rubricFromJson } from '../halls/rubric';
import { type EditionResultsRow, resultsRepository } from './results.repository';
import { ALGORITHM_VERSION, computeResults, type ResultsInputs, resultDifferences, round4, talkEndTimes } from './results.rules';

/** Statuses in which ballots are final and the results can be computed. */
const SCORED = new Set<string>(ENDED_STATUSES);

/** Results published before rater codes were keyed by a secret (ALGORITHM_VERSION 4) keep their codes. */
const FIRST_SALTED_VERSION = 4;

/** The frozen results of a published edition, as stored. */
function frozenResults(row: Pick<EditionResultsRow, 'results_json'>): EditionResults {
  return EditionResultsSchema.parse(JSON.parse(row.results_json));
}

/**
 * Loads what the results are computed from, in `db` (a transaction when freezing). `published`
 * is the edition's frozen row, which the caller has read (undefined before publication). The
 * edition's rater-code secret is made now (`nowIso`) if this is its first computation; an
 * edition published under an earlier algorithm has none (null): its exports and its
 * recomputation number the raters as its frozen figures did.
 */
export async function loadResultsInputs(
  db: Db,
  edition: EditionRow,
  nowIso: string,
  published: Pick<EditionResultsRow, 'algorithm_version'> | undefined,
): Promise<ResultsInputs> {
  const [talks, ballots, commands] = await Promise.all([
    resultsRepository.talks(db, edition.id),
    resultsRepository.countingBallots(db, edition.id),
    resultsRepository.liveCommands(db, edition.id),
  ]);
  const ended = talkEndTimes(commands);
  const raterCodeSalt =
    published && published.algorithm_version < FIRST_SALTED_VERSION
      ? null
      : await resultsRepository.raterCodeSalt(db, edition.id, () => randomBytes(32).toString('hex'), nowIso);
  return {
    edition: {
      id: edition.id,
      title: edition.title,
      hallName: edition.hall_name,
      date: edition.date,
      rubric: rubricFromJson(edition.rubric_json) as Rubric,
      rule: aggregationFromJson(edition.aggregation_json),
      audienceWeightPct: edition.audience_weight_pct,
      raterCodeSalt,
    },
    talks: talks.map((t) => ({ ...t, talkEndedAt: ended.get(t.id) ?? null })),
    ballots,
  };
}

/**
 * Freezes an edition's results as it is published: computed from the ballots committed at this
 * moment, inside the publishing transaction, with the hash of those inputs. Called by the
 * edition lifecycle (closed → published) so that no edition is ever published without them.
 * The computation holds the transaction for its bootstrap (about a second for a hall of 600);
 * a closed edition takes no live ballots, so nothing waits on it but a paper import.
 */
export async function freezeResults(trx: Db, editionId: string, publishedBy: string, nowIso: string): Promise<void> {
  const edition = await editionRepository.findById(trx, editionId);
  if (!edition) throw notFound({ editionId });
  // Not yet published: the frozen row is written below.
  const results = computeResults(await loadResultsInputs(trx, edition, nowIso, undefined), nowIso);
  const frozen: EditionResults = { ...results, state: 'published', publishedAt: nowIso };
  await resultsRepository.insertPublished(trx, {
    edition_id: editionId,
    results_json: JSON.stringify(frozen),
    inputs_hash: frozen.inputsHash,
    algorithm_version: ALGORITHM_VERSION,
    published_at: nowIso,
    published_by: publishedBy,
  });
}

/** What an actor may see of an edition's results. */
type ResultsAccess = 'manage' | 'read' | 'unit';

/**
 * Edition results: the draft computed from the ballots once scoring has closed (for those who
 * publish), the frozen published results (for readers within scope; liaisons see only their
 * own unit's speakers), a recomputation that must match the frozen hash, a speaker's own view,
 * and a hall's trend.
 */
export class ResultsService {
  constructor(
    private readonly db: Db,
    readonly config: Config,
    private readonly clock: Clock,
    readonly audit: AuditService,
  ) {}

  /** The results an actor may see: the frozen ones once published, else the draft for those who publish. */
  async get(ctx: RequestContext, editionId: string): Promise<EditionResults> {
    const { actor, edition, access } = await this.load(ctx, editionId);
    const published = await resultsRepository.findPublished(this.db, editionId);
    if (published) return this.restrict(actor, access, frozenResults(published));
    return (await this.draft(edition, access)).results;
  }

  /** The draft, computed now from the ballots: for those who publish, once scoring has closed. */
  private async draft(edition: EditionRow, access: ResultsAccess): Promise<{ results: EditionResults; inputs: ResultsInputs }> {
    if (access !== 'manage') throw notFound({ editionId: edition.id, reason: 'results_not_published' });
    if (!SCORED.has(edition.status)) throw conflict('results_not_ready');
    const now = isoNow(this.clock);
    const inputs = await loadResultsInputs(this.db, edition, now, undefined);
    return { results: computeResults(inputs, now), inputs };
  }

  /** Recomputes the published results from today's database and compares them with the frozen ones. */
  async verify(ctx: RequestContext, editionId: string) {
    const { edition, access } = await this.load(ctx, editionId);
    if (access === 'unit') throw forbidden();
    const published = await resultsRepository.findPublished(this.db, editionId);
    if (!published) throw conflict('results_not_published');
    const frozen = frozenResults(published);
    const recomputed = computeResults(await loadResultsInputs(this.db, edition, isoNow(this.clock), published), frozen.computedAt);
    const differences = resultDifferences(frozen, recomputed);
    return {
      matches: recomputed.inputsHash === published.inputs_hash && differences.length === 0,
      publishedHash: published.inputs_hash,
      recomputedHash: recomputed.inputsHash,
      differences,
    };
  }

  /** What the exports show: the frozen results once published, else the draft for those who publish. */
  async forExport(ctx: RequestContext, editionId: string): Promise<EditionResults> {
    const { edition, access, published } = await this.exportSource(ctx, editionId);
    return published ? frozenResults(published) : (await this.draft(edition, access)).results;
  }

  /** The same with the inputs behind them, for the exports that list the anonymised ballots. */
  async inputsFor(ctx: RequestContext, editionId: string): Promise<{ results: EditionResults; inputs: ResultsInputs }> {
    const { edition, access, published } = await this.exportSource(ctx, editionId);
    if (!published) return this.draft(edition, access);
    return { results: frozenResults(published), inputs: await loadResultsInputs(this.db, edition, isoNow(this.clock), published) };
  }

  private async exportSource(ctx: RequestContext, editionId: string) {
    const { access, edition } = await this.load(ctx, editionId);
    const published = await resultsRepository.findPublished(this.db, editionId);
    // The exports carry every speaker and the anonymised ballots: not a liaison's unit view.
    if (published && access === 'unit') throw forbidden();
    return { edition, access, published };
  }

  /** A speaker's own published results, where its hall lets speakers see them. */
  async mine(ctx: RequestContext): Promise<{ items: MyResult[] }> {
    const actor = requireActor(ctx);
    if (!actor.personId) return { items: [] };
    const rows = await resultsRepository.publishedTalksOfPerson(this.db, actor.personId);
    const items: MyResult[] = [];
    for (const row of rows) {
      if (row.speakers_see_results !== 1) continue;
      const r = frozenResults(row);
      const own = r.speakers.find((s) => s.talkId === row.talk_id);
      if (!own) continue;
      items.push({
        editionId: r.editionId,
        editionTitle: r.editionTitle,
        hallName: r.hallName,
        date: r.date,
        talkTitle: own.talkTitle,
        final: own.final,
        rank: own.rank,
        speakerCount: r.speakers.length,
        ci95: own.ci95,
        audience: own.audience,
        expert: own.expert,
        dimensions: own.dimensions,
        editionFinals: r.speakers
          .map((s) => s.final)
          .filter((f): f is number => f !== null)
          .sort((a, b) => b - a),
        rubric: r.rubric,
      });
    }
    return { items };
  }

  /** A hall's published editions over time. */
  async trend(ctx: RequestContext, hallId: string) {
    const { actor, hall } = await loadHall(this.db, ctx, hallId, 'see');
    if (!can(actor, 'results.read', hall.unit_path) && !can(actor, 'results.publish', hall.unit_path)) throw forbidden();
    const rows = await resultsRepository.publishedEditionsOfHall(this.db, hallId);
    const attendance = await resultsRepository.attendanceOf(
      this.db,
      rows.map((r) => r.id),
    );
    return {
      items: rows.map((row) => {
        const r = frozenResults(row);
        const finals = r.speakers.map((s) => s.final).filter((f): f is number => f !== null);
        return {
          editionId: row.id,
          seq: row.seq,
          title: row.title,
          date: row.date,
          speakers: r.speakers.length,
          ballots: r.ballotCounts.audience + r.ballotCounts.expert,
          meanFinal: finals.length ? round4(mean(finals)) : null,
          topFinal: finals.length ? Math.max(...finals) : null,
          audienceIcc2k: r.reliability.find((x) => x.group === 'audience')?.icc?.ICC2k ?? null,
          attendance: attendance.get(row.id) ?? 0,
        };
      }),
    };
  }

  /** The published ranking for the big screen, where the hall allows it; no session needed. */
  async screen(editionId: string) {
    const edition = await editionRepository.findById(this.db, editionId);
    if (!edition) throw notFound({ editionId });
    const published = edition.screen_shows_results === 1 ? await resultsRepository.findPublished(this.db, editionId) : undefined;
    if (!published) throw notFound({ editionId, reason: 'results_not_shown' });
    const r = frozenResults(published);
    return {
      editionTitle: r.editionTitle,
      speakers: r.speakers
        .filter((s) => s.rank !== null)
        .sort((a, b) => a.rank! - b.rank!)
        .map((s) => ({ talkId: s.talkId, name: s.name, unitName: s.unitName, talkTitle: s.talkTitle, final: s.final, rank: s.rank, tiedWith: s.tiedWith })),
    };
  }

  async load(ctx: RequestContext, editionId: string): Promise<{ actor: Actor; edition: EditionRow; access: ResultsAccess }> {
    const actor = requireActor(ctx);
    const edition = await editionRepository.findById(this.db, editionId);
    if (!edition) throw notFound({ editionId });
    const access: ResultsAccess | null = can(actor, 'results.publish', edition.unit_path)
      ? 'manage'
      : can(actor, 'results.read', edition.unit_path)
        ? 'read'
        : can(actor, 'results.read_unit')
          ? 'unit'
          : null;
    if (!access) throw forbidden();
    return { actor, edition, access };
  }

  /** A liaison sees the speakers of its own unit (and below) only, and nothing about raters. */
  private async restrict(actor: Actor, access: ResultsAccess, r: EditionResults): Promise<EditionResults> {
    if (access !== 'unit') return r;
    const scopes = scopesFor(actor, 'results.read_unit');
    const paths = await resultsRepository.personUnitPaths(
      this.db,
      r.speakers.map((s) => s.personId),
    );
    const visible = r.speakers.filter((s) => scopes.some((scope) => covers(scope, paths.get(s.personId) ?? '')));
    if (visible.length === 0) throw forbidden();
    const shown = new Set(visible.map((s) => s.talkId));
    // Nothing about other units' speakers, not even which of them a visible speaker is tied with.
    const speakers = visible.map((s) => ({ ...s, tiedWith: s.tiedWith.filter((id) => shown.has(id)) }));
    return {
      ...r,
      speakers,
      ballotCounts: { ...r.ballotCounts, flagged: 0 },
      anomalies: [],
      raters: [],
      reliability: [],
      notComparable: [],
      rankingChangesWithoutFlagged: false,
    };
  }
}
