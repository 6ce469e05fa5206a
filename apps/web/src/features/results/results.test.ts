import type { DimensionResult, EditionResults, GroupAggregate, SpeakerResult } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { mayAnalyse, mayOpenResults } from './access';
import { boxplotOption, heatmapData, radarOption, rankIntervalData, rankIntervalOption, stripData, trendOption } from './charts';
import {
  alphaVerdict,
  formatInterval,
  formatRankInterval,
  formatScore,
  iccVerdict,
  importProblemLines,
  rankedSpeakers,
  resultsErrorKind,
  sensitivityRows,
  shortHash,
  tiedNames,
} from './format';

/*
 * A three-speaker edition as the server would answer it: 王芳 first, 李强 second but statistically
 * tied with her, 赵敏 third; the talk order (position) differs from the ranking on purpose, so
 * every builder must sort by rank. 李强 has no expert ballots, so his expert means are null.
 */

const group = (n: number, aggregate: number | null, box: [number, number, number, number, number] | null): GroupAggregate => ({
  n,
  aggregate,
  mean: aggregate,
  median: aggregate,
  sd: n > 1 ? 0.5 : null,
  dropped: n >= 3 ? 1 : 0,
  fellBackToMean: n < 3,
  box: box ? { min: box[0], q1: box[1], median: box[2], q3: box[3], max: box[4] } : null,
  histogram: [],
});

const dim = (key: string, labelZh: string, labelEn: string, mean: number | null, audienceMean: number | null, expertMean: number | null): DimensionResult => ({
  key,
  labelZh,
  labelEn,
  weight: key === 'content' ? 0.6 : 0.4,
  n: mean === null ? 0 : 10,
  mean,
  trimmedMean: mean,
  audienceMean,
  expertMean,
  adjusted: mean,
});

function speaker(over: Partial<SpeakerResult> & Pick<SpeakerResult, 'talkId' | 'name' | 'position'>): SpeakerResult {
  return {
    personId: `p-${over.talkId}`,
    unitName: '市发展改革委',
    talkTitle: '题目',
    final: null,
    formula: '',
    audience: group(0, null, null),
    expert: group(0, null, null),
    paperBallots: 0,
    dimensions: [],
    adjusted: null,
    ci95: null,
    rankCi95: null,
    rank: null,
    tiedWith: [],
    finalWithoutFlagged: null,
    rankWithoutFlagged: null,
    ...over,
  };
}

const wang = speaker({
  talkId: 't-wang',
  name: '王芳',
  position: 3,
  final: 8.614,
  ci95: [8.31, 8.9],
  rankCi95: [1, 2.2],
  rank: 1,
  tiedWith: ['t-li'],
  finalWithoutFlagged: 8.52,
  rankWithoutFlagged: 2,
  audience: group(40, 8.5, [6, 8, 8.6, 9.2, 10]),
  expert: group(3, 8.9, [8.4, 8.6, 8.9, 9.1, 9.3]),
  dimensions: [dim('content', '内容', 'Content', 8.704, 8.6, 9.1), dim('delivery', '表达', 'Delivery', 8.4449, 8.35, 8.7)],
});
const li = speaker({
  talkId: 't-li',
  name: '李强',
  position: 1,
  final: 8.55,
  ci95: [8.2, 8.85],
  rankCi95: [1, 2],
  rank: 2,
  tiedWith: ['t-wang'],
  finalWithoutFlagged: 8.6,
  rankWithoutFlagged: 1,
  audience: group(38, 8.55, [5, 7.8, 8.5, 9.1, 10]),
  expert: group(0, null, null),
  dimensions: [dim('content', '内容', 'Content', 8.6, 8.6, null), dim('delivery', '表达', 'Delivery', 8.5, 8.5, null)],
});
const zhao = speaker({
  talkId: 't-zhao',
  name: '赵敏',
  position: 2,
  final: 7.1,
  ci95: [6.75, 7.42],
  rankCi95: [3, 3],
  rank: 3,
  finalWithoutFlagged: 7.1,
  rankWithoutFlagged: 3,
  audience: group(41, 7.05, [4, 6.5, 7, 7.8, 9]),
  expert: group(3, 7.2, [6.8, 7, 7.2, 7.4, 7.6]),
  dimensions: [dim('content', '内容', 'Content', 6.996, 7, 7.1), dim('delivery', '表达', 'Delivery', null, null, null)],
});
const nobody = speaker({ talkId: 't-none', name: '钱多', position: 4 });

const results: Pick<EditionResults, 'speakers' | 'rubric'> = {
  speakers: [li, zhao, wang, nobody],
  rubric: {
    scale: { min: 1, max: 10, step: 1 },
    dimensions: [
      { key: 'content', labelZh: '内容', labelEn: 'Content', description: '', weight: 0.6 },
      { key: 'delivery', labelZh: '表达', labelEn: 'Delivery', description: '', weight: 0.4 },
    ],
  },
};

describe('figures as printed', () => {
  it('prints scores to two decimals and a dash for a missing one', () => {
    expect(formatScore(8.614)).toBe('8.61');
    expect(formatScore(8.615, 3)).toBe('8.615');
    expect(formatScore(null)).toBe('—');
  });

  it('prints a score interval in brackets and a rank interval rounded outward', () => {
    expect(formatInterval([8.31, 8.9])).toBe('[8.31, 8.90]');
    expect(formatInterval(null)).toBe('—');
    expect(formatRankInterval([1, 2.2])).toBe('1–3');
    expect(formatRankInterval([1.4, 1.6])).toBe('1–2');
    expect(formatRankInterval([3, 3])).toBe('3');
  });

  it('shortens the inputs hash to its first 12 hex digits', () => {
    expect(shortHash('0123456789abcdef0123')).toBe('0123456789ab');
  });
});

describe('ranking and ties', () => {
  it('orders by rank with speakers without ballots last', () => {
    expect(rankedSpeakers(results.speakers).map((s) => s.name)).toEqual(['王芳', '李强', '赵敏', '钱多']);
  });

  it('names who a speaker is statistically tied with, and nobody for an untied one', () => {
    expect(tiedNames(wang, results.speakers)).toEqual(['李强']);
    expect(tiedNames(li, results.speakers)).toEqual(['王芳']);
    expect(tiedNames(zhao, results.speakers)).toEqual([]);
  });

  it('puts the ranking with and without flagged ballots side by side and marks changed ranks', () => {
    const rows = sensitivityRows(results);
    expect(rows.map((r) => [r.name, r.rank, r.rankWithout, r.rankChanged, r.finalDelta])).toEqual([
      ['王芳', 1, 2, true, -0.09],
      ['李强', 2, 1, true, 0.05],
      ['赵敏', 3, 3, false, 0],
      ['钱多', null, null, false, null],
    ]);
  });
});

describe('chart options', () => {
  it('draws rank intervals in ranking order with error bars from the 95 % intervals and ties marked', () => {
    const data = rankIntervalData(results.speakers);
    expect(data.labels).toEqual(['1 王芳', '2 李强', '3 赵敏']);
    expect(data.finals).toEqual([8.614, 8.55, 7.1]);
    expect(data.bars).toEqual([
      [0, 8.31, 8.9],
      [1, 8.2, 8.85],
      [2, 6.75, 7.42],
    ]);
    expect(data.tiedRows).toEqual([0, 1]);
    const option = rankIntervalOption(data, { final: '最终得分', ci: '95% 区间', tied: '并列' });
    const series = option.series as { type: string; data: unknown[] }[];
    expect(series[0]?.type).toBe('custom');
    expect(series[0]?.data).toEqual(data.bars);
    const dots = series[1]?.data as { value: number; label?: { formatter: string } }[];
    expect(dots.map((d) => [d.value, d.label?.formatter ?? null])).toEqual([
      [8.614, '并列'],
      [8.55, '并列'],
      [7.1, null],
    ]);
    // The axis spans every interval, to the half point.
    expect(option.xAxis).toMatchObject({ min: 6.5, max: 9 });
  });

  it('fills the heatmap with speakers × dimensions means to two decimals, a gap where nobody scored', () => {
    const h = heatmapData(results, 'zh');
    expect(h.dimensions).toEqual(['内容', '表达']);
    expect(h.speakers).toEqual(['王芳', '李强', '赵敏', '钱多']);
    expect(h.cells).toEqual([
      [0, 0, 8.7],
      [1, 0, 8.44],
      [0, 1, 8.6],
      [1, 1, 8.5],
      [0, 2, 7],
      [1, 2, '-'],
      [0, 3, '-'],
      [1, 3, '-'],
    ]);
    expect([h.min, h.max]).toEqual([7, 9]);
    expect(heatmapData(results, 'en').dimensions).toEqual(['Content', 'Delivery']);
  });

  it('gives each speaker an audience and an expert box in ranking order, empty without ballots', () => {
    const option = boxplotOption(results.speakers, results.rubric.scale, 'zh');
    expect(option.xAxis).toMatchObject({ data: ['王芳', '李强', '赵敏', '钱多'] });
    const series = option.series as { name: string; data: number[][] }[];
    expect(series.map((s) => s.name)).toEqual(['听众', '专家']);
    expect(series[0]?.data).toEqual([[6, 8, 8.6, 9.2, 10], [5, 7.8, 8.5, 9.1, 10], [4, 6.5, 7, 7.8, 9], []]);
    expect(series[1]?.data).toEqual([[8.4, 8.6, 8.9, 9.1, 9.3], [], [6.8, 7, 7.2, 7.4, 7.6], []]);
  });

  it('draws a radar of audience against expert means, leaving out a group without ballots', () => {
    const both = radarOption(wang.dimensions, { min: 1, max: 10 }, 'zh');
    expect(both.radar).toMatchObject({
      indicator: [
        { name: '内容', min: 1, max: 10 },
        { name: '表达', min: 1, max: 10 },
      ],
    });
    const data = (both.series as { data: { name: string; value: (number | string)[] }[] }[])[0]?.data;
    expect(data?.map((d) => [d.name, d.value])).toEqual([
      ['听众', [8.6, 8.35]],
      ['专家', [9.1, 8.7]],
    ]);
    const audienceOnly = (radarOption(li.dimensions, { min: 1, max: 10 }, 'en').series as { data: { name: string }[] }[])[0]?.data;
    expect(audienceOnly?.map((d) => d.name)).toEqual(['Audience']);
  });

  it('plots a hall trend in edition order with ICC on its own axis', () => {
    const option = trendOption(
      [
        { seq: 2, title: 'b', meanFinal: 8.123, topFinal: 9, attendance: 180, audienceIcc2k: 0.81 },
        { seq: 1, title: 'a', meanFinal: 7.9, topFinal: 8.7, attendance: 150, audienceIcc2k: null },
      ],
      { edition: (n) => `第${n}期`, meanFinal: '平均得分', topFinal: '最高得分', attendance: '签到人次', icc: 'ICC' },
    );
    expect(option.xAxis).toMatchObject({ data: ['第1期', '第2期'] });
    const series = option.series as { data: unknown[]; yAxisIndex: number }[];
    expect(series.map((s) => [s.yAxisIndex, s.data])).toEqual([
      [0, [7.9, 8.12]],
      [0, [8.7, 9]],
      [1, [150, 180]],
      [2, ['-', 0.81]],
    ]);
  });

  it("marks a speaker's own final in the anonymous distribution once, keeping an equal score of someone else", () => {
    expect(stripData([7.1, 8.55, 8.55, 8.614], 8.55)).toEqual({
      others: [
        [7.1, 0],
        [8.55, 0],
        [8.61, 0],
      ],
      own: [8.55, 0],
    });
    expect(stripData([7.1], null)).toEqual({ others: [[7.1, 0]], own: null });
  });
});

describe('reading reliability', () => {
  it('reads an ICC with the bands of Koo & Li (2016)', () => {
    expect([0.49, 0.5, 0.74, 0.75, 0.9, 0.91].map(iccVerdict)).toEqual(['poor', 'moderate', 'moderate', 'good', 'good', 'excellent']);
  });

  it("reads Krippendorff's α at .667 and .800 and Cronbach's α at .70", () => {
    expect([0.66, 0.667, 0.8].map((a) => alphaVerdict(a, 'krippendorff'))).toEqual(['poor', 'tentative', 'acceptable']);
    expect([0.69, 0.7].map((a) => alphaVerdict(a, 'cronbach'))).toEqual(['poor', 'acceptable']);
  });
});

describe('errors and imports', () => {
  it('tells not published (404 with its reason), not ready (409) and forbidden apart', () => {
    expect(resultsErrorKind(new ApiError(404, 'not_found', '', { editionId: 'e', reason: 'results_not_published' }))).toBe('not_published');
    expect(resultsErrorKind(new ApiError(409, 'results_not_ready', ''))).toBe('not_ready');
    expect(resultsErrorKind(new ApiError(403, 'forbidden', ''))).toBe('forbidden');
    expect(resultsErrorKind(new ApiError(404, 'not_found', ''))).toBe('other');
  });

  it('lists the problems of a rejected paper sheet by sheet and row', () => {
    expect(
      importProblemLines({
        problems: [{ sheet: '听众', row: 5, column: '内容', reason: '分值须在 1–10 之间' }, { row: 7, message: '缺少评分人编号' }, '工作表“专家”缺失'],
      }),
    ).toEqual(['工作表「听众」 第 5 行 「内容」：分值须在 1–10 之间', '第 7 行：缺少评分人编号', '工作表“专家”缺失']);
    expect(importProblemLines(undefined)).toEqual([]);
  });
});

describe('who reaches the results', () => {
  const roles = (...r: ('city_admin' | 'hall_admin' | 'leader' | 'liaison' | 'cadre')[]) => new Set(r);
  it('links managers to the draft once closed and readers to published results only', () => {
    expect(mayOpenResults({ status: 'closed', canManage: true }, roles())).toBe(true);
    expect(mayOpenResults({ status: 'closed', canManage: false }, roles('leader'))).toBe(false);
    expect(mayOpenResults({ status: 'published', canManage: false }, roles('liaison'))).toBe(true);
    expect(mayOpenResults({ status: 'published', canManage: false }, roles('cadre'))).toBe(false);
    expect(mayOpenResults({ status: 'live', canManage: true }, roles('city_admin'))).toBe(false);
  });

  it('offers verify and exports to analysts but not to a liaison', () => {
    expect(mayAnalyse({ canManage: false }, roles('liaison'))).toBe(false);
    expect(mayAnalyse({ canManage: false }, roles('leader'))).toBe(true);
  });
});
