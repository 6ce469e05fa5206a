import type { EditionResults, SpeakerResult } from '@lecture-hall/shared';

/*
 * How the exports word and print the results, shared by the workbook and the PDF report so
 * that both read alike (and like the console's results page).
 */

export const NONE = '—';

/** A figure with fixed decimals; null prints as a dash. */
export function fixed(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? NONE : value.toFixed(digits);
}

/** "[8.12, 8.71]", or a dash. */
export function intervalText(interval: readonly [number, number] | null | undefined, digits = 2): string {
  return interval ? `[${interval[0].toFixed(digits)}, ${interval[1].toFixed(digits)}]` : NONE;
}

/**
 * A bootstrap rank interval in whole positions, rounded outward (a bound of 1.4 still allows
 * rank 1): "2" when both ends agree, else "1–3".
 */
export function rankIntervalText(interval: readonly [number, number] | null | undefined): string {
  if (!interval) return NONE;
  const lo = Math.floor(interval[0] + 1e-9);
  const hi = Math.ceil(interval[1] - 1e-9);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

/** The ranking's order: by rank (speakers without ballots last), then by running order. */
export function rankedSpeakers(speakers: readonly SpeakerResult[]): SpeakerResult[] {
  return [...speakers].sort((a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) || a.position - b.position);
}

/** "与 张三、李四 统计上并列" for a speaker with statistical ties, else an empty string. */
export function tieNote(speaker: SpeakerResult, speakers: readonly SpeakerResult[]): string {
  if (speaker.tiedWith.length === 0) return '';
  const ids = new Set(speaker.tiedWith);
  const names = rankedSpeakers(speakers)
    .filter((s) => ids.has(s.talkId))
    .map((s) => s.name);
  return `与 ${names.join('、')} 差距不显著（统计上并列）`;
}

export function stateText(r: Pick<EditionResults, 'state' | 'publishedAt'>): string {
  return r.state === 'published' ? `已发布（${r.publishedAt ?? ''}）` : '草稿：尚未发布，纸质评分导入或发布前仍可能变化';
}

/** The method in one paragraph, as the report and the workbook state it. */
export function methodText(r: EditionResults): string {
  const a = r.audienceWeightPct;
  return (
    `每份评分的总分为各维度评分按权重加权之和；听众组、专家组分别对总分${r.ruleText}，得到组成绩；` +
    `最终得分 = 听众 ${a}% × 听众组成绩 + 专家 ${100 - a}% × 专家组成绩（某组无评分时按另一组成绩计）。` +
    `评分人效应校正分按加法模型 y = θ(讲课人, 维度) + β(评分人) + ε 去除各评分人的宽严差异。` +
    `95% 区间与排名区间由按评分人整群、按组分层的自助法（${r.bootstrap.replicates} 次，随机种子 ${r.bootstrap.seed}）得到；` +
    `相邻讲课人差距不显著时标为“统计上并列”。被标记的异常评分不删除，另给出去除后的排名供对照。`
  );
}

export function rubricText(r: Pick<EditionResults, 'rubric'>): string {
  const { scale, dimensions } = r.rubric;
  const dims = dimensions.map((d) => `${d.labelZh} ${Math.round(d.weight * 1000) / 10}%`).join('、');
  return `${dims}；每项 ${scale.min}–${scale.max} 分，步长 ${scale.step}`;
}
