/**
 * Suspicious rating behaviour in an audience's ballots, FLAGGED for the organisation
 * department and never deleted: each flag names the ballots it concerns, so the caller can
 * show the ranking with and without them (the sensitivity view is computed elsewhere).
 *
 * Detectors (rules and sources in each file under ./anomalies/):
 *   straight_liner, speeding, before_talk_end — careless responding (Meade & Craig 2012);
 *   outlier_rater — rater misfit (Myford & Wolfe 2003–2004);
 *   own_unit_favouritism — seeded one-sided permutation test (Good 2005);
 *   identical_burst — identical vectors for one speaker within seconds.
 * Pure and deterministic: the same ballots, options and seed give the same flags.
 */
import { detectIdenticalBursts } from './anomalies/burst';
import { detectBeforeTalkEnd, detectSpeeding, detectStraightLiners } from './anomalies/careless';
import { detectFavouritism } from './anomalies/favouritism';
import { detectOutlierRaters } from './anomalies/outlier-rater';
import { buildPanel } from './anomalies/panel';
import { ANOMALY_KINDS, type AnomalyFlag, type AnomalyKind, type AnomalyOptions, type RatedBallot, type ResolvedOptions } from './anomalies/types';

export type { AnomalyFlag, AnomalyKind, AnomalyOptions, RatedBallot } from './anomalies/types';
export { ANOMALY_KINDS } from './anomalies/types';

export const ANOMALY_KIND_LABELS: Record<AnomalyKind, { zh: string; en: string }> = {
  straight_liner: { zh: '直线作答（对各主讲人打分完全相同）', en: 'Straight-lining (identical scores for every speaker)' },
  speeding: { zh: '提交过快', en: 'Submitted too fast' },
  before_talk_end: { zh: '讲授结束前即评分', en: 'Scored before the talk ended' },
  outlier_rater: { zh: '评分严重偏离共识', en: 'Rater at odds with the consensus' },
  own_unit_favouritism: { zh: '偏袒本单位主讲人', en: 'Favouring own-unit speakers' },
  identical_burst: { zh: '短时集中提交相同分数', en: 'Burst of identical ballots' },
};

/**
 * Runs every detector and returns the flags in a stable order: by kind in ANOMALY_KINDS order,
 * then rater, then speaker (by UTF-16 code units, a missing one first), then first ballot index.
 * Throws RangeError on a ballot without finite scores or on an option out of range.
 */
export function detectAnomalies(ballots: readonly RatedBallot[], options: AnomalyOptions = {}): AnomalyFlag[] {
  const resolved = resolveOptions(options);
  const panel = buildPanel(ballots);
  const flags = [
    ...detectStraightLiners(panel, resolved),
    ...detectSpeeding(panel, resolved),
    ...detectBeforeTalkEnd(panel),
    ...detectOutlierRaters(panel, resolved),
    ...detectFavouritism(panel, resolved),
    ...detectIdenticalBursts(panel, resolved),
  ];
  return flags.sort(compareFlags);
}

const kindOrder = new Map<AnomalyKind, number>(ANOMALY_KINDS.map((kind, k) => [kind, k]));

function compareFlags(a: AnomalyFlag, b: AnomalyFlag): number {
  return (
    kindOrder.get(a.kind)! - kindOrder.get(b.kind)! ||
    compareOptional(a.rater, b.rater) ||
    compareOptional(a.speaker, b.speaker) ||
    (a.ballots[0] ?? -1) - (b.ballots[0] ?? -1)
  );
}

/** Code-unit order, not localeCompare: the order must not depend on the machine's ICU data. */
function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

function resolveOptions(options: AnomalyOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    speedingSeconds: options.speedingSeconds ?? 5,
    residualZ: options.residualZ ?? 3,
    correlationAlpha: options.correlationAlpha ?? 0.05,
    favouritismAlpha: options.favouritismAlpha ?? 0.05,
    permutations: options.permutations ?? 2000,
    seed: options.seed ?? 1,
    burstWindowSeconds: options.burstWindowSeconds ?? 10,
    burstMinSize: options.burstMinSize ?? 5,
    burstAlpha: options.burstAlpha ?? 0.05,
    scaleMin: options.scaleMin,
    scaleMax: options.scaleMax,
  };
  const check = (ok: boolean, name: string, rule: string) => {
    if (!ok) throw new RangeError(`${name} must be ${rule}, got ${String(resolved[name as keyof ResolvedOptions])}`);
  };
  check(Number.isFinite(resolved.speedingSeconds) && resolved.speedingSeconds >= 0, 'speedingSeconds', 'a number ≥ 0');
  check(Number.isFinite(resolved.residualZ) && resolved.residualZ > 0, 'residualZ', 'a number > 0');
  check(resolved.correlationAlpha > 0 && resolved.correlationAlpha <= 1, 'correlationAlpha', 'in (0, 1]');
  check(resolved.favouritismAlpha > 0 && resolved.favouritismAlpha <= 1, 'favouritismAlpha', 'in (0, 1]');
  check(Number.isInteger(resolved.permutations) && resolved.permutations >= 1, 'permutations', 'a whole number ≥ 1');
  check(Number.isInteger(resolved.seed), 'seed', 'a whole number');
  check(Number.isFinite(resolved.burstWindowSeconds) && resolved.burstWindowSeconds >= 0, 'burstWindowSeconds', 'a number ≥ 0');
  check(Number.isInteger(resolved.burstMinSize) && resolved.burstMinSize >= 2, 'burstMinSize', 'a whole number ≥ 2');
  check(resolved.burstAlpha > 0 && resolved.burstAlpha <= 1, 'burstAlpha', 'in (0, 1]');
  return resolved;
}
