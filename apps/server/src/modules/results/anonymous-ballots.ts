import { RATER_GROUP_LABELS, type RaterGroupName, type Rubric } from '@lecture-hall/shared';
import { ballotTotal, type ResultsInputs, raterCodes, round4 } from './results.rules';

/*
 * The ballots of an edition as the exports show them: each rater by its anonymous code (the
 * same codes the results' rater list and anomaly report use), never an attendee id, a name or
 * a token. Shared by the workbook's 匿名评分 sheet and the CSV.
 */

const SOURCE_LABELS: Record<'live' | 'paper', string> = { live: '现场', paper: '纸质' };

export interface AnonymousBallot {
  rater: string;
  group: RaterGroupName;
  source: 'live' | 'paper';
  /** The speaker's place in the running order, and name. */
  position: number;
  speaker: string;
  /** In the rubric's order. */
  scores: number[];
  /** The rubric-weighted sum, rounded as the results round it. */
  total: number;
}

/** Every counting ballot, coded, in running order, audience before experts, then by code. */
export function anonymousBallots(inputs: ResultsInputs): AnonymousBallot[] {
  const codes = raterCodes(inputs.ballots, inputs.edition.raterCodeSalt);
  const talks = new Map(inputs.talks.map((t) => [t.id, t]));
  const dims = inputs.edition.rubric.dimensions;
  const groupOrder = (g: RaterGroupName) => (g === 'audience' ? 0 : 1);
  return inputs.ballots
    .map((b) => {
      const talk = talks.get(b.talkId);
      return {
        rater: codes.get(b.raterKey) ?? '',
        group: b.group,
        source: b.source,
        position: talk?.position ?? 0,
        speaker: talk?.name ?? '',
        scores: dims.map((d) => b.scores[d.key]!),
        total: round4(ballotTotal(inputs.edition.rubric, b.scores)),
      };
    })
    .sort((a, b) => a.position - b.position || groupOrder(a.group) - groupOrder(b.group) || (a.rater < b.rater ? -1 : a.rater > b.rater ? 1 : 0));
}

/** The column headers of the anonymised ballots, in Chinese, one per dimension. */
export function anonymousBallotHeaders(rubric: Rubric): string[] {
  return ['评分人编号', '评分组', '来源', '出场顺序', '讲课人', ...rubric.dimensions.map((d) => d.labelZh), '总分'];
}

/** One ballot as the cells of a row, matching anonymousBallotHeaders. */
export function anonymousBallotRow(b: AnonymousBallot): Array<string | number> {
  return [b.rater, RATER_GROUP_LABELS[b.group].zh, SOURCE_LABELS[b.source], b.position, b.speaker, ...b.scores, b.total];
}
