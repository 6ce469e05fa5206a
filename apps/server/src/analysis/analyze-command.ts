import path from 'node:path';
import { ANOMALY_KIND_LABELS, analyzePanel, type PanelAnalysis, type PanelFlagKind, type Trim } from '@lecture-hall/stats';
import { table } from '../lib/box';
import { readScoreFile } from './score-file';

/*
 * `analyze FILE [--trim K | --trim-fraction F] [--json]`: a score file's full analysis, as
 * tables for a person or as one JSON object for a program. The figures come from analyzePanel
 * (packages/stats/src/panel.ts); this file only chooses the trim and lays the figures out.
 */

/**
 * The default trim when neither option is given: one score from each end, the Chinese contest
 * rule "去掉一个最高分和一个最低分" (drop one highest and one lowest score).
 */
export const DEFAULT_TRIM: Trim = { k: 1 };

/** An option the command cannot use; the CLI shows it with the usage text. */
export class AnalyzeOptionError extends Error {}

/** --trim K (whole number ≥ 0) or --trim-fraction F (0 ≤ F < 0.5), not both; neither gives DEFAULT_TRIM. */
export function trimFromOptions(k: string | undefined, fraction: string | undefined): Trim {
  if (k !== undefined && fraction !== undefined)
    throw new AnalyzeOptionError('--trim 与 --trim-fraction 只能选一个 (give --trim or --trim-fraction, not both)');
  if (k !== undefined) {
    const n = Number(k);
    if (!/^\d+$/.test(k) || !Number.isSafeInteger(n))
      throw new AnalyzeOptionError(`--trim 须为不小于 0 的整数 (--trim must be a whole number ≥ 0, got "${k}")`);
    return { k: n };
  }
  if (fraction !== undefined) {
    const f = Number(fraction);
    // Half or more from each end would leave nothing in the middle.
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(fraction) || !(f < 0.5)) {
      throw new AnalyzeOptionError(
        `--trim-fraction 须为 0 到 0.5 之间（不含 0.5）的小数 (--trim-fraction must be from 0 up to but not including 0.5, got "${fraction}")`,
      );
    }
    return { fraction: f };
  }
  return DEFAULT_TRIM;
}

export interface AnalyzeRequest {
  file: string;
  trim: Trim;
  json: boolean;
}

/** The command's whole stdout. Throws ScoreFileError (exit code 2) on a file it cannot use. */
export async function analyzeCommandOutput(request: AnalyzeRequest): Promise<string> {
  const observations = await readScoreFile(request.file);
  const analysis = analyzePanel(observations, { trim: request.trim });
  // JSON has no NaN: a figure that cannot be computed (no variation, no replicate) is null.
  return request.json ? JSON.stringify(analysis, null, 2) : formatAnalysis(analysis, path.basename(request.file), observations.length);
}

const FLAG_LABELS: Record<PanelFlagKind, { zh: string; en: string }> = {
  ...ANOMALY_KIND_LABELS,
  incomplete_ballot: { zh: '评分不完整（缺少部分维度）', en: 'Incomplete ballot (some dimensions missing)' },
};

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const signed = (x: number, digits: number) => (Number.isFinite(x) ? `${x > 0 ? '+' : ''}${x.toFixed(digits)}` : '—');

function describeTrim(trim: Trim): string {
  if ('k' in trim) {
    return trim.k === 1 ? '每端去掉 1 个分数，即去掉一个最高分和一个最低分 (k = 1 per side)' : `每端去掉 ${trim.k} 个分数 (k = ${trim.k} per side)`;
  }
  return `每端去掉 ${trim.fraction * 100}% 的分数，向下取整 (fraction ${trim.fraction} per side, rounded down)`;
}

/** Readable tables: Chinese headings with the English in brackets. */
export function formatAnalysis(a: PanelAnalysis, fileName: string, scoreCount: number): string {
  const dimensionNames = [...new Set(a.speakers.flatMap((s) => Object.keys(s.dimensions)))];
  const lines: string[] = [
    `评分文件分析 (Score file analysis)：${fileName}`,
    `${scoreCount} 条评分 (scores)，${a.raters.length} 位评分人 (raters)，${a.speakers.length} 位主讲人 (speakers)，${dimensionNames.length} 个维度 (dimensions)`,
    `去极值平均 (trimmed mean)：${describeTrim(a.method.trim)}`,
    `95% 区间与并列：按评分人整群自助抽样 ${a.method.replicates} 次，种子 ${a.method.seed} (cluster bootstrap over raters, B = ${a.method.replicates}, seed ${a.method.seed})`,
    '',
    '主讲人得分 (Speakers)',
  ];
  const fellBack = a.speakers.some((s) => s.trimFellBack);
  lines.push(
    ...table([
      [
        '名次 Rank',
        '主讲人 Speaker',
        '评分数 n',
        '平均分 Mean',
        '去极值平均 Trimmed',
        '中位数 Median',
        '标准差 SD',
        '校正后 Adjusted',
        '95% 区间 CI',
        '统计上并列 Tied with',
      ],
      ...a.speakers.map((s) => [
        String(s.rank),
        s.speaker,
        String(s.n),
        fixed(s.mean, 2),
        `${fixed(s.trimmedMean, 2)}${s.trimFellBack ? '*' : ''}`,
        fixed(s.median, 2),
        fixed(s.sd, 2),
        fixed(s.adjusted, 2),
        `[${fixed(s.ci95[0], 2)}, ${fixed(s.ci95[1], 2)}]`,
        s.tiedWith.join('、') || '—',
      ]),
    ]),
  );
  if (fellBack) lines.push('* 分数太少，无法两端去掉，取平均分 (too few scores to trim: the plain mean)');
  lines.push('校正后 = 扣除评分人宽严影响后各维度得分的平均 (adjusted = mean over dimensions of the score net of rater leniency)');

  if (dimensionNames.length > 1) {
    lines.push('', '各维度去极值平均 (Trimmed mean per dimension)');
    lines.push(
      ...table([
        ['主讲人 Speaker', ...dimensionNames],
        ...a.speakers.map((s) => [
          s.speaker,
          ...dimensionNames.map((d) => (s.dimensions[d] ? `${fixed(s.dimensions[d].trimmedMean, 2)} (n=${s.dimensions[d].n})` : '—')),
        ]),
      ]),
    );
  }

  const r = a.reliability;
  lines.push('', '信度 (Reliability)');
  const completeOnly = '不适用：须每位评分人为每位主讲人打分，且至少 2 位评分人、2 位主讲人 (n/a: needs every rater to score every speaker)';
  lines.push(
    r.icc
      ? `  ICC：ICC(1,1) ${fixed(r.icc.ICC1, 3)}  ICC(2,1) ${fixed(r.icc.ICC2, 3)}  ICC(3,1) ${fixed(r.icc.ICC3, 3)}  ICC(1,k) ${fixed(r.icc.ICC1k, 3)}  ICC(2,k) ${fixed(r.icc.ICC2k, 3)}  ICC(3,k) ${fixed(r.icc.ICC3k, 3)}`
      : `  ICC：${completeOnly}`,
    `  Kendall W：${r.kendallW === null ? completeOnly : fixed(r.kendallW, 3)}`,
    `  Cronbach α：${r.cronbachAlpha === null ? '不适用：须至少 2 个维度、2 份完整评分 (n/a: needs 2 dimensions and 2 complete ballots)' : fixed(r.cronbachAlpha, 3)}`,
    `  Krippendorff α：${
      r.krippendorffAlpha
        ? `名义 nominal ${fixed(r.krippendorffAlpha.nominal, 3)}  顺序 ordinal ${fixed(r.krippendorffAlpha.ordinal, 3)}  等距 interval ${fixed(r.krippendorffAlpha.interval, 3)}  比率 ratio ${fixed(r.krippendorffAlpha.ratio, 3)}`
        : '不适用：须至少有一位主讲人得到 2 位评分人的分数 (n/a: no speaker scored by 2 raters)'
    }`,
    '  “—” 表示数据没有差异，无法计算 ("—": no variation to compute from)',
  );

  lines.push('', '评分人 (Raters)');
  lines.push(
    ...table([
      ['评分人 Rater', '类别 Group', '评分数 n', '宽严度 Severity', '标记 Flags'],
      ...a.raters.map((x) => [
        x.rater,
        x.group === 'expert' ? '专家 expert' : x.group === 'audience' ? '听众 audience' : '—',
        String(x.n),
        signed(x.severity, 2),
        x.flags.map((k) => FLAG_LABELS[k].zh).join('；') || '—',
      ]),
    ]),
  );
  lines.push('宽严度：正数偏宽松，负数偏严格 (severity: + lenient, − severe)');

  lines.push('', `异常标记 (Flags)：${a.flags.length === 0 ? '无 (none)' : `${a.flags.length} 项，仅标记，未删除任何评分 (flagged, nothing deleted)`}`);
  for (const f of a.flags) {
    const who = [f.rater && `评分人 ${f.rater}`, f.speaker && `主讲人 ${f.speaker}`].filter(Boolean).join('，');
    lines.push(`  · ${FLAG_LABELS[f.kind].zh} (${f.kind})${who ? `  ${who}` : ''}：${f.detail}`);
  }

  if (a.notComparable.length > 0) {
    lines.push(
      '',
      '不可比较 (Not comparable)：以下各组之间没有共同的评分人，组间名次没有依据 (no rater links these groups; ranks across them rest on nothing)',
    );
    a.notComparable.forEach((group, g) => {
      lines.push(`  组 ${g + 1} (group ${g + 1})：${group.join('、')}`);
    });
  }
  return lines.join('\n');
}
