import { createHash, createHmac } from 'node:crypto';
import type {
  AggregationRule,
  AnomalyReport,
  BoxSummary,
  DimensionResult,
  EditionResults,
  GroupAggregate,
  PanelReliability,
  RaterGroupName,
  RaterSummary,
  Rubric,
  SpeakerResult,
} from '@lecture-hall/shared';
import {
  type AnomalyKind,
  clusterBootstrap,
  cronbachAlpha,
  detectAnomalies,
  fitRaterModel,
  type IccForms,
  icc,
  iccMeanSquares,
  kendallW,
  krippendorffAlpha,
  mean,
  median,
  type RatedBallot,
  rankSpeakers,
  sd,
  type Trim,
  trimmedMean,
  trimmedMeanScorer,
} from '@lecture-hall/stats';

/*
 * The results of an edition, from its ballots, without a database. Deterministic: the same
 * inputs give the same figures to the last digit on every machine (the bootstrap is seeded),
 * which is what lets a publication be frozen with the hash of its inputs and verified later.
 *
 * The method, as the report states it:
 * - a ballot's total is the rubric-weighted sum of its dimension scores;
 * - each rater group's score for a speaker is the edition's trimmed mean of the ballot totals
 *   (the last version of each rater's ballot before scoring closed; paper sheets count as
 *   ballots of their group);
 * - the final score is audience weight × audience score + expert weight × expert score; with
 *   one group missing, the other group's score alone;
 * - beside it, the rater-adjusted score (each rater's harshness removed by the additive model
 *   y = θ(speaker, dimension) + β(rater) + ε), a 95 % interval and the rank's interval from a
 *   cluster bootstrap over raters (stratified by group, so that every replicate keeps the
 *   panel's composition), and ties where a gap is not meaningful;
 * - reliability per group, anomalies flagged (never deleted) and the ranking without them,
 *   formed the same way (from the group scores as published, to 4 decimals);
 * - the ballots are taken in one canonical order (rater key, then talk id, by code units), not in
 *   the order a database returns them, so that every figure that depends on order (the bootstrap's
 *   draws, the permutation tests) is the same on SQLite and PostgreSQL.
 */

/**
 * Bumped whenever a change to this file could change a published figure: a verification names it.
 * 2: ballots in canonical order (the bootstrap's intervals and ties, the anomaly tests' p-values
 *    no longer depend on the database's row order); the sensitivity view from the published group
 *    scores; the bootstrap by counting sort (same trimmed means up to the order of addition);
 *    speakers without ballots left out of the not-comparable groups; ICC and Krippendorff's α
 *    reported as not computable on degenerate panels instead of failing.
 */
/*
 * 3: each talk's end (when the host moved off its talk step, from the live session's audit
 *    trail) is an input, so that a ballot submitted before the talk ended is flagged.
 */
/*
 * 4: rater codes are ordered by an HMAC under a secret per edition (raterCodes), no longer by a
 *    plain hash that mapped paper sheets' codes back to their numbers.
 */
/*
 * 5: a rater's negative correlation with the consensus is tested by permutation (exact over all
 *    orders of its scores up to 7 speakers, seeded random orders above), no longer by Student's
 *    t, whose normal assumption a handful of mean scores cannot bear: an exactly reversed order
 *    of 3 speakers got p ≈ 0 there, where the order alone gives 1/6.
 */
export const ALGORITHM_VERSION = 5;
export const BOOTSTRAP_REPLICATES = 1000;
export const BOOTSTRAP_SEED = 20_261_201;

export interface ResultsTalk {
  id: string;
  personId: string;
  name: string;
  unitId: string;
  unitName: string;
  title: string;
  position: number;
  /** When the host moved off this talk's 'talk' step (ISO), if the live session recorded it. */
  talkEndedAt?: string | null;
}

export interface ResultsBallot {
  /** Who rated: the attendee's, expert's or paper sheet's key (never shown; coded anonymously). */
  raterKey: string;
  group: RaterGroupName;
  source: 'live' | 'paper';
  talkId: string;
  scores: Record<string, number>;
  /** ISO timestamps, when known. */
  submittedAt: string | null;
  windowOpenedAt: string | null;
  raterUnitId: string | null;
}

/** One audited live command: when, and the session's state before and after it (JSON). */
export interface LiveCommandRow {
  at: string;
  before_json: string | null;
  after_json: string | null;
}

/**
 * When each talk ended: the first live command that moved the session off the 'talk' step of
 * that talk, as the live module audits every command with the state before and after. A talk
 * whose step was never shown has no end here.
 */
export function talkEndTimes(commands: readonly LiveCommandRow[]): Map<string, string> {
  type State = { step?: string; currentTalkId?: string | null } | null;
  const ended = new Map<string, string>();
  for (const row of commands) {
    const before = row.before_json ? (JSON.parse(row.before_json) as State) : null;
    const after = row.after_json ? (JSON.parse(row.after_json) as State) : null;
    const talk = before?.step === 'talk' ? before.currentTalkId : null;
    if (!talk || ended.has(talk)) continue;
    if (after?.step === 'talk' && after.currentTalkId === talk) continue;
    ended.set(talk, row.at);
  }
  return ended;
}

export interface ResultsInputs {
  edition: {
    id: string;
    title: string;
    hallName: string;
    date: string;
    rubric: Rubric;
    rule: AggregationRule;
    audienceWeightPct: number;
    /**
     * The edition's secret for ordering rater codes (raterCodes); null for an edition published
     * before there was one (its codes keep their old order). Not a scoring input, so not in inputsHash.
     */
    raterCodeSalt: string | null;
  };
  talks: readonly ResultsTalk[];
  ballots: readonly ResultsBallot[];
}

export function trimOf(rule: AggregationRule): Trim {
  return rule.kind === 'trim_k' ? { k: rule.k } : { fraction: rule.fraction, atLeast: rule.atLeast };
}

/** The rule in Chinese, as the report prints it. */
export function ruleText(rule: AggregationRule): string {
  if (rule.kind === 'trim_k') return rule.k === 0 ? '取全部评分的平均分' : `去掉最高分和最低分各 ${rule.k} 个后取平均`;
  const pct = Math.round(rule.fraction * 1000) / 10;
  return `去掉最高和最低各 ${pct}% 的评分（每端至少 ${rule.atLeast} 个）后取平均`;
}

/** A ballot's total: the rubric-weighted sum of its dimension scores. */
export function ballotTotal(rubric: Rubric, scores: Record<string, number>): number {
  let total = 0;
  for (const d of rubric.dimensions) total += d.weight * scores[d.key]!;
  return total;
}

/** Rounds a figure for publication: 4 decimals hold every difference a report shows (it prints 2). */
export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
const r4 = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : round4(x));

/** Quantile, Hyndman & Fan (1996) "Sample quantiles in statistical packages", definition 7 (R's and Excel's default). */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

function boxOf(xs: readonly number[]): BoxSummary | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return { min: round4(s[0]!), q1: round4(quantile(s, 0.25)), median: round4(quantile(s, 0.5)), q3: round4(quantile(s, 0.75)), max: round4(s[s.length - 1]!) };
}

function histogramOf(xs: readonly number[], step: number): GroupAggregate['histogram'] {
  const counts = new Map<number, number>();
  for (const x of xs) {
    const v = round4(Math.round(x / step) * step);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
}

export function groupAggregate(totals: readonly number[], trim: Trim, step: number): GroupAggregate {
  if (totals.length === 0) {
    return { n: 0, aggregate: null, mean: null, median: null, sd: null, dropped: 0, fellBackToMean: false, box: null, histogram: [] };
  }
  const t = trimmedMean(totals, trim);
  return {
    n: totals.length,
    aggregate: round4(t.value),
    mean: round4(mean(totals)),
    median: round4(median(totals)),
    sd: round4(sd(totals)),
    dropped: t.dropped,
    fellBackToMean: t.fellBackToMean,
    box: boxOf(totals),
    histogram: histogramOf(totals, step),
  };
}

/** The final score from the two groups' scores (NaN for a missing group): weighted when both are present, else the one present, else NaN. */
function finalOf(audience: number, expert: number, audienceWeightPct: number): number {
  if (Number.isNaN(audience)) return expert;
  if (Number.isNaN(expert)) return audience;
  return (audienceWeightPct * audience + (100 - audienceWeightPct) * expert) / 100;
}

/** The final score from the two groups' scores, and how it was formed (in Chinese). */
export function combineGroups(audience: number | null, expert: number | null, audienceWeightPct: number): { final: number | null; formula: string } {
  const f = (x: number) => x.toFixed(2);
  if (audience !== null && expert !== null) {
    const final = finalOf(audience, expert, audienceWeightPct);
    return { final, formula: `听众 ${audienceWeightPct}% × ${f(audience)} + 专家 ${100 - audienceWeightPct}% × ${f(expert)} = ${f(final)}` };
  }
  if (audience !== null) return { final: audience, formula: `无专家评分，按听众成绩 ${f(audience)} 计` };
  if (expert !== null) return { final: expert, formula: `无听众评分，按专家成绩 ${f(expert)} 计` };
  return { final: null, formula: '无有效评分' };
}

/**
 * Anonymous rater codes: 听众-001, 专家-01, 纸质-001, numbered in the order of an HMAC of the key
 * under the edition's secret salt, so the code reveals neither who nor when — not even for
 * paper sheets, whose keys are small sheet numbers anyone could hash and sort. With no salt
 * (results published under algorithm versions 1–3), in the order of the key's plain SHA-256,
 * as those results were frozen.
 */
export function raterCodes(ballots: readonly ResultsBallot[], salt: string | null): Map<string, string> {
  const byPrefix = new Map<string, Set<string>>();
  for (const b of ballots) {
    const prefix = b.source === 'paper' ? '纸质' : b.group === 'expert' ? '专家' : '听众';
    if (!byPrefix.has(prefix)) byPrefix.set(prefix, new Set());
    byPrefix.get(prefix)!.add(b.raterKey);
  }
  const codes = new Map<string, string>();
  for (const [prefix, keys] of byPrefix) {
    const ordered = [...keys]
      .map((k) => [(salt === null ? createHash('sha256') : createHmac('sha256', salt)).update(k).digest('hex'), k] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const width = prefix === '专家' ? 2 : 3;
    ordered.forEach(([, k], i) => {
      codes.set(k, `${prefix}-${String(i + 1).padStart(width, '0')}`);
    });
  }
  return codes;
}

/** Code-unit order, not localeCompare: the order must not depend on the machine's ICU data or a database's collation. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The ballots in one canonical order — rater key, then talk — whatever order the database
 * returned them in (PostgreSQL sorts text by its collation, SQLite by bytes). Rater indices,
 * the bootstrap's draws and the anomaly tests' permutations follow this order, so the same
 * ballots give the same figures on both dialects and after a restore from one into the other.
 */
export function canonicalBallots(ballots: readonly ResultsBallot[]): ResultsBallot[] {
  return [...ballots].sort(
    (a, b) => compareText(a.raterKey, b.raterKey) || compareText(a.talkId, b.talkId) || compareText(a.source, b.source) || compareText(a.group, b.group),
  );
}

/** The canonical form of the inputs, hashed at publication: any change to a ballot, the rubric, the rule or the weights changes it. */
export function inputsHash(inputs: ResultsInputs): string {
  const dims = inputs.edition.rubric.dimensions.map((d) => d.key);
  const ballots = inputs.ballots
    .map((b) => [b.talkId, b.raterKey, b.group, b.source, dims.map((k) => b.scores[k]), b.submittedAt, b.windowOpenedAt, b.raterUnitId])
    .sort((a, b) => (`${a[0]}\u0000${a[1]}` < `${b[0]}\u0000${b[1]}` ? -1 : 1));
  const canonical = {
    algorithmVersion: ALGORITHM_VERSION,
    rubric: inputs.edition.rubric,
    rule: inputs.edition.rule,
    audienceWeightPct: inputs.edition.audienceWeightPct,
    talks: [...inputs.talks].sort((a, b) => a.position - b.position).map((t) => [t.id, t.position, t.unitId, t.talkEndedAt ?? null]),
    ballots,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

interface Indexed {
  talkIndex: Map<string, number>;
  raterIndex: Map<string, number>;
  raterKeys: string[];
  raterGroup: Int32Array; // 0 audience, 1 expert
  /** Per ballot: talk index, rater index, total. */
  bTalk: Int32Array;
  bRater: Int32Array;
  bTotal: Float64Array;
}

function indexInputs(inputs: ResultsInputs, talks: readonly ResultsTalk[]): Indexed {
  const talkIndex = new Map(talks.map((t, i) => [t.id, i]));
  const raterIndex = new Map<string, number>();
  const raterKeys: string[] = [];
  const groups: number[] = [];
  const n = inputs.ballots.length;
  const bTalk = new Int32Array(n);
  const bRater = new Int32Array(n);
  const bTotal = new Float64Array(n);
  inputs.ballots.forEach((b, i) => {
    let r = raterIndex.get(b.raterKey);
    if (r === undefined) {
      r = raterKeys.length;
      raterIndex.set(b.raterKey, r);
      raterKeys.push(b.raterKey);
      groups.push(b.group === 'expert' ? 1 : 0);
    }
    bTalk[i] = talkIndex.get(b.talkId)!;
    bRater[i] = r;
    bTotal[i] = ballotTotal(inputs.edition.rubric, b.scores);
  });
  return { talkIndex, raterIndex, raterKeys, raterGroup: Int32Array.from(groups), bTalk, bRater, bTotal };
}

/** Ballot totals per talk and rater group ([audience, expert]), of the ballots `include` accepts. */
function totalsByGroup(ix: Indexed, talkCount: number, include: (ballot: number) => boolean = () => true): number[][][] {
  const totals: number[][][] = Array.from({ length: talkCount }, () => [[], []]);
  for (let i = 0; i < ix.bTotal.length; i++) if (include(i)) totals[ix.bTalk[i]!]![ix.raterGroup[ix.bRater[i]!]!]!.push(ix.bTotal[i]!);
  return totals;
}

/**
 * Final scores per talk from the ballots whose index `include` accepts (used for the sensitivity
 * view), formed as the published final is: from each group's score rounded to 4 decimals, so that
 * a speaker none of whose ballots is flagged keeps exactly its final.
 */
function finalsFrom(inputs: ResultsInputs, ix: Indexed, talkCount: number, include: (ballot: number) => boolean): (number | null)[] {
  const trim = trimOf(inputs.edition.rule);
  return totalsByGroup(ix, talkCount, include).map(([a, e]) => {
    const agg = (xs: number[]) => (xs.length ? round4(trimmedMean(xs, trim).value) : null);
    return combineGroups(agg(a!), agg(e!), inputs.edition.audienceWeightPct).final;
  });
}

function ranksOf(finals: readonly (number | null)[], pBeats?: Float64Array) {
  const scores = Float64Array.from(finals, (f) => (f === null ? Number.NaN : round4(f)));
  const ranked = rankSpeakers(scores, pBeats);
  const rank = new Array<number | null>(finals.length).fill(null);
  const tied = new Array<number[]>(finals.length).fill([]);
  for (const r of ranked) {
    rank[r.speaker] = finals[r.speaker] === null ? null : r.rank;
    tied[r.speaker] = r.tiedWith;
  }
  return { rank, tied };
}

function reliabilityOf(group: RaterGroupName, inputs: ResultsInputs, ix: Indexed, talkCount: number): PanelReliability {
  const g = group === 'expert' ? 1 : 0;
  const dims = inputs.edition.rubric.dimensions;
  // rater → talk → total
  const byRater = new Map<number, Map<number, number>>();
  const cases: number[][] = [];
  for (let i = 0; i < ix.bTotal.length; i++) {
    const r = ix.bRater[i]!;
    if (ix.raterGroup[r] !== g) continue;
    if (!byRater.has(r)) byRater.set(r, new Map());
    byRater.get(r)!.set(ix.bTalk[i]!, ix.bTotal[i]!);
    cases.push(dims.map((d) => inputs.ballots[i]!.scores[d.key]!));
  }
  const raters = [...byRater.keys()];
  const complete = raters.filter((r) => byRater.get(r)!.size === talkCount);
  const notes: string[] = [];
  let iccValues: PanelReliability['icc'] = null;
  let iccCi95: PanelReliability['iccCi95'] = null;
  let w: number | null = null;
  if (talkCount >= 2 && complete.length >= 2) {
    const matrix = Array.from({ length: talkCount }, (_, t) => complete.map((r) => byRater.get(r)!.get(t)!));
    const forms = iccOf(matrix, notes);
    if (forms) {
      iccValues = {
        ICC1: round4(forms.ICC1.value),
        ICC2: round4(forms.ICC2.value),
        ICC3: round4(forms.ICC3.value),
        ICC1k: round4(forms.ICC1k.value),
        ICC2k: round4(forms.ICC2k.value),
        ICC3k: round4(forms.ICC3k.value),
      };
      const bounds = [...forms.ICC2.ci95, ...forms.ICC2k.ci95];
      if (bounds.every(Number.isFinite)) {
        iccCi95 = { ICC2: [round4(forms.ICC2.ci95[0]), round4(forms.ICC2.ci95[1])], ICC2k: [round4(forms.ICC2k.ci95[0]), round4(forms.ICC2k.ci95[1])] };
      } else notes.push('组内相关系数的置信区间无法计算');
    }
    const kw = kendallW(matrix).W;
    w = Number.isFinite(kw) ? round4(kw) : null;
  } else {
    notes.push(
      talkCount < 2
        ? '主讲人少于 2 名，无法计算组内相关系数与肯德尔和谐系数'
        : `为全部 ${talkCount} 名主讲人打分的评分人少于 2 名，无法计算组内相关系数与肯德尔和谐系数`,
    );
  }
  let alpha: number | null = null;
  if (dims.length < 2) notes.push('评分维度少于 2 个，无法计算克龙巴赫 α');
  else if (cases.length < 2) notes.push('评分少于 2 份，无法计算克龙巴赫 α');
  else {
    const a = cronbachAlpha(cases);
    alpha = Number.isFinite(a) ? round4(a) : null;
  }
  let kripp: PanelReliability['krippendorffAlpha'] = null;
  // α needs a unit (speaker) with values from two observers at least; without one it is undefined.
  const ratersOfTalk = new Int32Array(talkCount);
  for (const scored of byRater.values()) for (const t of scored.keys()) ratersOfTalk[t]! += 1;
  const pairable = ratersOfTalk.some((n) => n >= 2);
  if (raters.length >= 2 && !pairable) notes.push('没有主讲人得到 2 名及以上该组评分人的评分，无法计算克里彭多夫 α');
  else if (raters.length >= 2 && talkCount >= 1) {
    const data = raters.map((r) => Array.from({ length: talkCount }, (_, t) => byRater.get(r)!.get(t) ?? null));
    const levels = ['nominal', 'ordinal', 'interval', 'ratio'] as const;
    const values = levels.map((l) => krippendorffAlpha(data, l));
    if (values.every(Number.isFinite)) {
      kripp = { nominal: round4(values[0]!), ordinal: round4(values[1]!), interval: round4(values[2]!), ratio: round4(values[3]!) };
    } else notes.push('可配对的评分不足，无法计算克里彭多夫 α');
  } else notes.push('评分人少于 2 名，无法计算克里彭多夫 α');
  return {
    group,
    raters: raters.length,
    completeRaters: complete.length,
    icc: iccValues,
    iccCi95,
    cronbachAlpha: alpha,
    kendallW: w,
    krippendorffAlpha: kripp,
    notes,
  };
}

/**
 * The six ICC forms of a complete speakers × raters table, or null with the reason in `notes`.
 * When every speaker has the same mean total (BMS = 0, also when every total is the same) the
 * forms for the mean of k raters divide by zero and ICC(2,1)'s interval can have no positive
 * Satterthwaite df (Shrout & Fleiss 1979, p. 425; McGraw & Wong 1996, Table 7): there is no
 * between-speaker variance whose share could be reported.
 */
function iccOf(matrix: number[][], notes: string[]): IccForms | null {
  const { BMS, WMS } = iccMeanSquares(matrix);
  if (BMS === 0) {
    notes.push(WMS === 0 ? '评分没有差异（所有评分人给所有主讲人的总分相同），无法计算组内相关系数' : '各主讲人的平均总分完全相同，无法计算组内相关系数');
    return null;
  }
  let forms: IccForms;
  try {
    forms = icc(matrix);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    notes.push('评分人之间的差异结构使组内相关系数无法估计（萨特思韦特自由度不为正）');
    return null;
  }
  if (![forms.ICC1, forms.ICC2, forms.ICC3, forms.ICC1k, forms.ICC2k, forms.ICC3k].every((f) => Number.isFinite(f.value))) {
    notes.push('组内相关系数无定义（主讲人之间几乎没有差异）');
    return null;
  }
  return forms;
}

/** Computes an edition's results (see the header of this file for the method). */
export function computeResults(given: ResultsInputs, computedAt: string): EditionResults {
  const inputs: ResultsInputs = { ...given, ballots: canonicalBallots(given.ballots) };
  const { edition } = inputs;
  const talks = [...inputs.talks].sort((a, b) => a.position - b.position);
  const S = talks.length;
  const dims = edition.rubric.dimensions;
  const D = dims.length;
  const trim = trimOf(edition.rule);
  const step = edition.rubric.scale.step;
  const ix = indexInputs(inputs, talks);
  const R = ix.raterKeys.length;
  const codes = raterCodes(inputs.ballots, inputs.edition.raterCodeSalt);
  const ballotsOfTalk: number[][] = Array.from({ length: S }, () => []);
  for (let i = 0; i < ix.bTalk.length; i++) ballotsOfTalk[ix.bTalk[i]!]!.push(i);

  // Group aggregates per talk.
  const totals = totalsByGroup(ix, S);
  const audience = totals.map(([a]) => groupAggregate(a!, trim, step));
  const expert = totals.map(([, e]) => groupAggregate(e!, trim, step));
  const combined = talks.map((_, t) => combineGroups(audience[t]!.aggregate, expert[t]!.aggregate, edition.audienceWeightPct));
  const finals = combined.map((c) => c.final);

  // The rater-effects model over every dimension score.
  const N = inputs.ballots.length * D;
  const oRater = new Int32Array(N);
  const oSpeaker = new Int32Array(N);
  const oDim = new Int32Array(N);
  const oScore = new Float64Array(N);
  inputs.ballots.forEach((b, i) => {
    dims.forEach((d, j) => {
      const o = i * D + j;
      oRater[o] = ix.bRater[i]!;
      oSpeaker[o] = ix.bTalk[i]!;
      oDim[o] = j;
      oScore[o] = b.scores[d.key]!;
    });
  });
  const fit =
    R > 0 ? fitRaterModel({ raterCount: R, speakerCount: S, dimensionCount: D, rater: oRater, speaker: oSpeaker, dimension: oDim, score: oScore }) : null;

  // Bootstrap over raters, stratified by group.
  let boot: ReturnType<typeof clusterBootstrap> | null = null;
  if (R >= 2 && S >= 1) {
    // One counting-sort scorer per group (a rater of the other group has no ballots in it): a
    // replicate costs O(ballots), not a sort per speaker — the publish transaction waits on this.
    const groupScorers = [0, 1].map((g) => {
      const own = Array.from({ length: R }, () => ({ speaker: [] as number[], value: [] as number[] }));
      for (let i = 0; i < ix.bRater.length; i++) {
        const r = ix.bRater[i]!;
        if (ix.raterGroup[r] !== g) continue;
        own[r]!.speaker.push(ix.bTalk[i]!);
        own[r]!.value.push(ix.bTotal[i]!);
      }
      return trimmedMeanScorer(
        S,
        own.map((o) => ({ speaker: Int32Array.from(o.speaker), value: Float64Array.from(o.value) })),
        trim,
      );
    });
    const scorer = (sample: Int32Array): Float64Array => {
      const audienceScores = groupScorers[0]!(sample);
      const expertScores = groupScorers[1]!(sample);
      return Float64Array.from(audienceScores, (a, s) => finalOf(a, expertScores[s]!, edition.audienceWeightPct));
    };
    boot = clusterBootstrap(R, S, scorer, { replicates: BOOTSTRAP_REPLICATES, seed: BOOTSTRAP_SEED, strata: ix.raterGroup });
  }
  const { rank, tied } = ranksOf(finals, boot?.pBeats);

  // Anomalies: flagged, never deleted.
  const rated: RatedBallot[] = inputs.ballots.map((b, i) => ({
    rater: b.raterKey,
    speaker: b.talkId,
    scores: dims.map((d) => b.scores[d.key]!),
    ...(b.submittedAt ? { submittedAt: Date.parse(b.submittedAt) } : {}),
    ...(b.windowOpenedAt ? { windowOpenedAt: Date.parse(b.windowOpenedAt) } : {}),
    ...(b.raterUnitId ? { raterUnit: b.raterUnitId } : {}),
    ...(talks[ix.bTalk[i]!]!.talkEndedAt ? { talkEndedAt: Date.parse(talks[ix.bTalk[i]!]!.talkEndedAt!) } : {}),
    speakerUnit: talks[ix.bTalk[i]!]!.unitId,
  }));
  const flags = detectAnomalies(rated, { scaleMin: edition.rubric.scale.min, scaleMax: edition.rubric.scale.max });
  const flagged = new Set<number>();
  const raterFlags = new Map<string, Set<AnomalyKind>>();
  for (const f of flags) {
    for (const i of f.ballots) flagged.add(i);
    if (f.rater) {
      if (!raterFlags.has(f.rater)) raterFlags.set(f.rater, new Set());
      raterFlags.get(f.rater)!.add(f.kind);
    }
  }
  // Units go into the detector as ids (two units may share a name); the report names them.
  const unitNames = new Map(talks.map((t) => [t.unitId, t.unitName]));
  const named = (detail: string) => [...unitNames].reduce((text, [id, name]) => text.split(`（${id}）`).join(`（${name}）`), detail);
  const anomalies: AnomalyReport[] = flags.map((f) => ({
    kind: f.kind,
    rater: f.rater ? (codes.get(f.rater) ?? null) : null,
    talkId: f.speaker ?? null,
    detail: named(f.detail),
    ballots: f.ballots.length,
  }));
  const finalsClean = finalsFrom(inputs, ix, S, (i) => !flagged.has(i));
  const clean = ranksOf(finalsClean);

  const speakers: SpeakerResult[] = talks.map((talk, t) => {
    const dimensions: DimensionResult[] = dims.map((d, j) => {
      const all: number[] = [];
      const byGroup: number[][] = [[], []];
      for (const i of ballotsOfTalk[t]!) {
        const v = inputs.ballots[i]!.scores[d.key]!;
        all.push(v);
        byGroup[ix.raterGroup[ix.bRater[i]!]!]!.push(v);
      }
      const theta = fit ? fit.theta[t * D + j]! : Number.NaN;
      return {
        key: d.key,
        labelZh: d.labelZh,
        labelEn: d.labelEn,
        weight: d.weight,
        n: all.length,
        mean: all.length ? round4(mean(all)) : null,
        trimmedMean: all.length ? round4(trimmedMean(all, trim).value) : null,
        audienceMean: byGroup[0]!.length ? round4(mean(byGroup[0]!)) : null,
        expertMean: byGroup[1]!.length ? round4(mean(byGroup[1]!)) : null,
        adjusted: r4(theta),
      };
    });
    const adjusted = dimensions.every((d) => d.adjusted !== null) && fit ? dims.reduce((s, d, j) => s + d.weight * fit.theta[t * D + j]!, 0) : null;
    const ci = boot?.ci95[t];
    const rci = boot?.rankCi95[t];
    return {
      talkId: talk.id,
      personId: talk.personId,
      name: talk.name,
      unitName: talk.unitName,
      talkTitle: talk.title,
      position: talk.position,
      final: r4(finals[t] ?? null),
      formula: combined[t]!.formula,
      audience: audience[t]!,
      expert: expert[t]!,
      paperBallots: ballotsOfTalk[t]!.filter((i) => inputs.ballots[i]!.source === 'paper').length,
      dimensions,
      adjusted: r4(adjusted),
      ci95: ci && Number.isFinite(ci[0]) && finals[t] !== null ? [round4(ci[0]), round4(ci[1])] : null,
      rankCi95: rci && Number.isFinite(rci[0]) && finals[t] !== null ? [rci[0], rci[1]] : null,
      rank: rank[t] ?? null,
      tiedWith: (tied[t] ?? []).map((s) => talks[s]!.id),
      finalWithoutFlagged: r4(finalsClean[t] ?? null),
      rankWithoutFlagged: clean.rank[t] ?? null,
    };
  });

  const firstBallot = new Int32Array(R).fill(-1);
  const ballotCount = new Int32Array(R);
  ix.bRater.forEach((r, i) => {
    if (firstBallot[r] === -1) firstBallot[r] = i;
    ballotCount[r]! += 1;
  });
  const raters: RaterSummary[] = ix.raterKeys
    .map((key, r) => {
      const first = inputs.ballots[firstBallot[r]!]!;
      const sev = fit ? fit.severity[r]! : Number.NaN;
      return {
        rater: codes.get(key)!,
        group: first.group,
        source: first.source,
        n: ballotCount[r]!,
        severity: r4(sev),
        flags: [...(raterFlags.get(key) ?? [])].sort(),
      };
    })
    .sort((a, b) => (a.rater < b.rater ? -1 : a.rater > b.rater ? 1 : 0));

  // A speaker nobody scored has no adjusted score to compare: it forms no group of its own.
  const scoredComponents = fit ? fit.components.map((c) => c.filter((s) => ballotsOfTalk[s]!.length > 0)).filter((c) => c.length > 0) : [];
  const notComparable = scoredComponents.length > 1 ? scoredComponents.map((c) => c.map((s) => talks[s]!.id)) : [];

  return {
    editionId: edition.id,
    editionTitle: edition.title,
    hallName: edition.hallName,
    date: edition.date,
    state: 'draft',
    computedAt,
    publishedAt: null,
    inputsHash: inputsHash(inputs),
    algorithmVersion: ALGORITHM_VERSION,
    rubric: edition.rubric,
    rule: edition.rule,
    ruleText: ruleText(edition.rule),
    audienceWeightPct: edition.audienceWeightPct,
    bootstrap: { replicates: BOOTSTRAP_REPLICATES, seed: BOOTSTRAP_SEED },
    ballotCounts: {
      audience: inputs.ballots.filter((b) => b.group === 'audience').length,
      expert: inputs.ballots.filter((b) => b.group === 'expert').length,
      paper: inputs.ballots.filter((b) => b.source === 'paper').length,
      flagged: flagged.size,
    },
    speakers,
    reliability: [reliabilityOf('audience', inputs, ix, S), reliabilityOf('expert', inputs, ix, S)],
    anomalies,
    raters,
    notComparable,
    rankingChangesWithoutFlagged: speakers.some((s) => s.rank !== s.rankWithoutFlagged),
  };
}

/** The figures that differ between two results (paths), ignoring when and by whom they were computed or published. */
export function resultDifferences(a: EditionResults, b: EditionResults): string[] {
  const skip = new Set(['state', 'computedAt', 'publishedAt']);
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) {
        if (path === '' && skip.has(k)) continue;
        walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      }
    } else if (x !== y) out.push(path);
  };
  walk(a, b, '');
  return out;
}
