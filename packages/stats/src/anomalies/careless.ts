/**
 * Careless-responding screens from Meade & Craig, "Identifying careless responses in survey
 * data", Psychological Methods 17(3), 2012, pp. 437–455: invariant responding ("long-string"
 * index, pp. 440–441) and response time (p. 439), adapted from one questionnaire to one
 * rater's ballots across speakers.
 */
import { compareVectors, fixed, type Panel, raterBallots, raterSpeakerCount } from './panel';
import type { AnomalyFlag, ResolvedOptions } from './types';

/**
 * straight_liner: a rater who scored at least 3 speakers and gave every one of them the same
 * score vector. One identical vector across 3+ different talks says the rater did not tell the
 * talks apart (Meade & Craig's invariant responding). Fewer than 3 speakers could be chance.
 */
export function detectStraightLiners(panel: Panel, options: ResolvedOptions): AnomalyFlag[] {
  const flags: AnomalyFlag[] = [];
  for (let r = 0; r < panel.raterNames.length; r++) {
    const speakers = raterSpeakerCount(panel, r);
    if (speakers < 3) continue;
    const from = panel.raterBallotStart[r]!;
    const to = panel.raterBallotStart[r + 1]!;
    const firstBallot = panel.raterBallotIndex[from]!;
    const first = panel.ballots[firstBallot]!.scores;
    let identical = true;
    for (let k = from + 1; k < to && identical; k++) identical = compareVectors(first, panel.ballots[panel.raterBallotIndex[k]!]!.scores) === 0;
    if (!identical) continue;
    const scoreMean = panel.ballotMean[firstBallot]!;
    flags.push({
      kind: 'straight_liner',
      rater: panel.raterNames[r]!,
      detail: `该评分人对全部 ${speakers} 位主讲人给出完全相同的分数 (${first.join(',')})${scaleRemark(first, options)}`,
      evidence: { speakers, ballots: to - from, scoreMean },
      ballots: raterBallots(panel, r),
    });
  }
  return flags;
}

/** When a flat vector sits at the end of the scale, the report says so: all-top and all-bottom read differently. */
function scaleRemark(scores: readonly number[], options: ResolvedOptions): string {
  const flat = scores.every((x) => x === scores[0]);
  if (!flat) return '';
  if (options.scaleMax !== undefined && scores[0] === options.scaleMax) return `，均为量表最高分 ${options.scaleMax}`;
  if (options.scaleMin !== undefined && scores[0] === options.scaleMin) return `，均为量表最低分 ${options.scaleMin}`;
  return '';
}

/**
 * speeding: submittedAt − windowOpenedAt < speedingSeconds. A rubric of several dimensions
 * cannot be read and scored in a few seconds (Meade & Craig's response-time screen). A ballot
 * stamped before its window opened also falls under the rule (negative seconds) and the
 * sentence says to check the clocks. Ballots missing either time are not judged.
 */
export function detectSpeeding(panel: Panel, options: ResolvedOptions): AnomalyFlag[] {
  const flags: AnomalyFlag[] = [];
  const threshold = options.speedingSeconds;
  for (let i = 0; i < panel.ballots.length; i++) {
    const b = panel.ballots[i]!;
    if (!isTime(b.submittedAt) || !isTime(b.windowOpenedAt)) continue;
    const seconds = (b.submittedAt - b.windowOpenedAt) / 1000;
    if (!(seconds < threshold)) continue;
    const detail =
      seconds >= 0
        ? `该选票在评分窗口开启后仅 ${fixed(seconds, 1)} 秒即提交（阈值 ${threshold} 秒），不足以阅读并填写 ${b.scores.length} 项评分`
        : `该选票的提交时间早于评分窗口开启 ${fixed(-seconds, 1)} 秒（阈值 ${threshold} 秒），请核对设备与服务器时钟`;
    flags.push({ kind: 'speeding', rater: b.rater, speaker: b.speaker, detail, evidence: { seconds, thresholdSeconds: threshold }, ballots: [i] });
  }
  return flags;
}

/**
 * before_talk_end: submittedAt < talkEndedAt — the rater judged a talk it had not yet heard
 * to the end. Ballots missing either time are not judged.
 */
export function detectBeforeTalkEnd(panel: Panel): AnomalyFlag[] {
  const flags: AnomalyFlag[] = [];
  for (let i = 0; i < panel.ballots.length; i++) {
    const b = panel.ballots[i]!;
    if (!isTime(b.submittedAt) || !isTime(b.talkEndedAt)) continue;
    if (!(b.submittedAt < b.talkEndedAt)) continue;
    const secondsBeforeEnd = (b.talkEndedAt - b.submittedAt) / 1000;
    flags.push({
      kind: 'before_talk_end',
      rater: b.rater,
      speaker: b.speaker,
      detail: `该选票在讲授结束前 ${fixed(secondsBeforeEnd, 1)} 秒即已提交，评分人尚未听完讲授`,
      evidence: { secondsBeforeEnd },
      ballots: [i],
    });
  }
  return flags;
}

export function isTime(t: number | undefined): t is number {
  return typeof t === 'number' && Number.isFinite(t);
}
