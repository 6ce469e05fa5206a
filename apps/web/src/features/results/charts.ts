import {
  type DimensionResult,
  type EditionResults,
  type GroupAggregate,
  RATER_GROUP_LABELS,
  type RaterGroupName,
  type SpeakerResult,
} from '@lecture-hall/shared';
import type { Lang } from '@lecture-hall/shared/i18n/errors';
import type {
  BarSeriesOption,
  BoxplotSeriesOption,
  CustomSeriesOption,
  HeatmapSeriesOption,
  LineSeriesOption,
  RadarSeriesOption,
  ScatterSeriesOption,
} from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, RadarComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { rankedSpeakers } from './format';

/*
 * ECharts options of the results screens, built from the API's figures and nothing else, so
 * that what a chart draws can be checked against the ranking table in a unit test. Only types
 * come from echarts here: the library itself is loaded by the chart component.
 */

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | BoxplotSeriesOption
  | CustomSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | RadarSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | RadarComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

/** Party red for the audience, a slate blue for the experts, amber for what needs a second look. */
export const COLORS = { audience: '#b7282e', expert: '#2f5d8a', tie: '#d48806', muted: '#bfbfbf', own: '#b7282e' } as const;

const groupName = (g: RaterGroupName, lang: Lang) => RATER_GROUP_LABELS[g][lang];
/** A rubric dimension's name in the console's language. */
export const dimLabel = (d: Pick<DimensionResult, 'labelZh' | 'labelEn'>, lang: Lang) => (lang === 'zh' ? d.labelZh : d.labelEn);
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * One speaker's dimension means, audience against experts, on the rubric's scale. A group
 * without any ballot for this speaker is left out rather than drawn at zero.
 */
export function radarOption(dimensions: readonly DimensionResult[], scale: { min: number; max: number }, lang: Lang): ChartOption {
  const groups = (['audience', 'expert'] as const).filter((g) => dimensions.some((d) => (g === 'audience' ? d.audienceMean : d.expertMean) !== null));
  return {
    color: groups.map((g) => COLORS[g]),
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, data: groups.map((g) => groupName(g, lang)) },
    radar: {
      radius: '62%',
      center: ['50%', '46%'],
      indicator: dimensions.map((d) => ({ name: dimLabel(d, lang), min: scale.min, max: scale.max })),
    },
    series: [
      {
        type: 'radar',
        data: groups.map((g) => ({
          name: groupName(g, lang),
          // '-' is ECharts' "no value": a dimension nobody of the group scored stays a gap.
          value: dimensions.map((d) => {
            const v = g === 'audience' ? d.audienceMean : d.expertMean;
            return v === null ? '-' : round2(v);
          }),
          areaStyle: { opacity: 0.12 },
        })),
      },
    ],
  };
}

/** ECharts' boxplot item: [min, Q1, median, Q3, max]; an empty item for a speaker without ballots. */
export function boxItem(g: GroupAggregate): number[] {
  const b = g.box;
  return b ? [b.min, b.q1, b.median, b.q3, b.max] : [];
}

/** Distributions of ballot totals per speaker (in ranking order), audience and experts side by side. */
export function boxplotOption(speakers: readonly SpeakerResult[], scale: { min: number; max: number }, lang: Lang): ChartOption {
  const ranked = rankedSpeakers(speakers);
  return {
    color: [COLORS.audience, COLORS.expert],
    tooltip: { trigger: 'item' },
    legend: { top: 0, data: [groupName('audience', lang), groupName('expert', lang)] },
    grid: { left: 48, right: 16, top: 36, bottom: 48 },
    xAxis: { type: 'category', data: ranked.map((s) => s.name), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', min: scale.min, max: scale.max },
    series: (['audience', 'expert'] as const).map((g) => ({
      type: 'boxplot' as const,
      name: groupName(g, lang),
      data: ranked.map((s) => boxItem(s[g])),
    })),
  };
}

export interface HeatmapData {
  /** Column labels: the rubric's dimensions in rubric order. */
  dimensions: string[];
  /** Row labels: speakers in ranking order. */
  speakers: string[];
  /** [column, row, mean] cells, means to two decimals; '-' where a speaker has no ballots for a dimension. */
  cells: [number, number, number | '-'][];
  min: number;
  max: number;
}

/** The speakers × dimensions matrix of dimension means (all ballots pooled). */
export function heatmapData(results: Pick<EditionResults, 'speakers' | 'rubric'>, lang: Lang): HeatmapData {
  const ranked = rankedSpeakers(results.speakers);
  const dims = results.rubric.dimensions;
  const cells: HeatmapData['cells'] = [];
  const values: number[] = [];
  ranked.forEach((s, row) => {
    dims.forEach((d, col) => {
      const mean = s.dimensions.find((x) => x.key === d.key)?.mean ?? null;
      if (mean === null) cells.push([col, row, '-']);
      else {
        const v = round2(mean);
        values.push(v);
        cells.push([col, row, v]);
      }
    });
  });
  const { min: scaleMin, max: scaleMax } = results.rubric.scale;
  return {
    dimensions: dims.map((d) => dimLabel(d, lang)),
    speakers: ranked.map((s) => s.name),
    cells,
    // Colour spans the observed means, not the whole scale: means sit close together, and a
    // scale-wide range would paint them all one colour.
    min: values.length ? Math.floor(Math.min(...values)) : scaleMin,
    max: values.length ? Math.ceil(Math.max(...values)) : scaleMax,
  };
}

export function heatmapOption(data: HeatmapData): ChartOption {
  return {
    tooltip: { position: 'top' },
    grid: { left: 96, right: 24, top: 16, bottom: 72 },
    // Every dimension named, wrapped within its column rather than overlapping its neighbour.
    xAxis: { type: 'category', data: data.dimensions, splitArea: { show: true }, axisLabel: { interval: 0, width: 56, overflow: 'break' } },
    yAxis: { type: 'category', data: data.speakers, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: data.min,
      max: data.max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      precision: 1,
      inRange: { color: ['#fff1f0', '#ffa39e', '#b7282e'] },
    },
    series: [{ type: 'heatmap', data: data.cells, label: { show: true }, emphasis: { itemStyle: { shadowBlur: 6 } } }],
  };
}

export interface RankIntervalData {
  /** "1 张三" per speaker with a final, in ranking order (top row first). */
  labels: string[];
  /** The final score per row. */
  finals: number[];
  /** [row, low, high] of the 95 % interval, for the error bars; rows without an interval are left out. */
  bars: [number, number, number][];
  /** Rows whose speaker is statistically tied with a neighbour. */
  tiedRows: number[];
}

/** Final scores with their bootstrap 95 % intervals, in ranking order; speakers without ballots are left out. */
export function rankIntervalData(speakers: readonly SpeakerResult[]): RankIntervalData {
  const rows = rankedSpeakers(speakers).filter((s): s is SpeakerResult & { final: number } => s.final !== null);
  const bars: RankIntervalData['bars'] = [];
  rows.forEach((s, i) => {
    if (s.ci95) bars.push([i, s.ci95[0], s.ci95[1]]);
  });
  return {
    labels: rows.map((s) => `${s.rank ?? ''} ${s.name}`.trim()),
    finals: rows.map((s) => s.final),
    bars,
    tiedRows: rows.flatMap((s, i) => (s.tiedWith.length > 0 ? [i] : [])),
  };
}

/** Draws one horizontal error bar with end caps from a [row, low, high] item. */
const errorBar: CustomSeriesOption['renderItem'] = (_params, api) => {
  const row = api.value(0);
  const lo = api.coord([api.value(1), row]) as number[];
  const hi = api.coord([api.value(2), row]) as number[];
  const cap = 6;
  const style = { stroke: '#595959', lineWidth: 1.5 };
  const [x0 = 0, y = 0] = lo;
  const [x1 = 0] = hi;
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: x0, y1: y, x2: x1, y2: y }, style },
      { type: 'line', shape: { x1: x0, y1: y - cap, x2: x0, y2: y + cap }, style },
      { type: 'line', shape: { x1: x1, y1: y - cap, x2: x1, y2: y + cap }, style },
    ],
  };
};

export function rankIntervalOption(data: RankIntervalData, labels: { final: string; ci: string; tied: string }): ChartOption {
  const tied = new Set(data.tiedRows);
  const lows = data.bars.map((b) => b[1]);
  const highs = data.bars.map((b) => b[2]);
  const all = [...data.finals, ...lows, ...highs];
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [labels.final, labels.ci] },
    grid: { left: 110, right: 32, top: 36, bottom: 32 },
    yAxis: { type: 'category', data: data.labels, inverse: true },
    xAxis: {
      type: 'value',
      min: all.length ? Math.floor(Math.min(...all) * 2) / 2 : 0,
      max: all.length ? Math.ceil(Math.max(...all) * 2) / 2 : 10,
      scale: true,
    },
    series: [
      {
        type: 'custom',
        name: labels.ci,
        renderItem: errorBar,
        encode: { x: [1, 2], y: 0 },
        data: data.bars,
        z: 1,
      },
      {
        type: 'scatter',
        name: labels.final,
        symbolSize: 12,
        z: 2,
        data: data.finals.map((v, i) =>
          tied.has(i)
            ? { value: v, itemStyle: { color: COLORS.tie }, label: { show: true, position: 'right', formatter: labels.tied, color: COLORS.tie } }
            : { value: v, itemStyle: { color: COLORS.audience } },
        ),
      },
    ],
  };
}

export interface TrendPoint {
  seq: number;
  title: string;
  meanFinal: number | null;
  topFinal: number | null;
  attendance: number;
  audienceIcc2k: number | null;
}

/** A hall's published editions over time: scores on the left axis, attendance on the right, ICC on its own 0–1 axis. */
export function trendOption(
  items: readonly TrendPoint[],
  labels: { edition: (seq: number) => string; meanFinal: string; topFinal: string; attendance: string; icc: string },
): ChartOption {
  const ordered = [...items].sort((a, b) => a.seq - b.seq);
  const orNone = (v: number | null) => (v === null ? '-' : round2(v));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.meanFinal, labels.topFinal, labels.attendance, labels.icc] },
    grid: { left: 48, right: 96, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: ordered.map((p) => labels.edition(p.seq)) },
    yAxis: [
      { type: 'value', name: labels.meanFinal, scale: true },
      { type: 'value', name: labels.attendance, position: 'right', splitLine: { show: false } },
      { type: 'value', name: 'ICC', position: 'right', offset: 48, min: 0, max: 1, splitLine: { show: false } },
    ],
    series: [
      { type: 'line', name: labels.meanFinal, yAxisIndex: 0, data: ordered.map((p) => orNone(p.meanFinal)), color: COLORS.audience },
      { type: 'line', name: labels.topFinal, yAxisIndex: 0, data: ordered.map((p) => orNone(p.topFinal)), color: COLORS.tie },
      { type: 'bar', name: labels.attendance, yAxisIndex: 1, data: ordered.map((p) => p.attendance), color: '#d9d9d9', barMaxWidth: 24 },
      { type: 'line', name: labels.icc, yAxisIndex: 2, data: ordered.map((p) => orNone(p.audienceIcc2k)), color: COLORS.expert, lineStyle: { type: 'dashed' } },
    ],
  };
}

export interface StripData {
  /** Every final of the edition as [score, 0], anonymous; the speaker's own one is not among them. */
  others: [number, number][];
  /** The speaker's own final, or null when it had none. */
  own: [number, number] | null;
}

/**
 * The edition's anonymous distribution of finals with the speaker's own marked. The own final
 * is taken out once (the first equal value), so a tie with someone else still shows both dots.
 */
export function stripData(editionFinals: readonly number[], ownFinal: number | null): StripData {
  const others = editionFinals.map((v) => round2(v));
  let own: StripData['own'] = null;
  if (ownFinal !== null) {
    const target = round2(ownFinal);
    const i = others.indexOf(target);
    if (i >= 0) others.splice(i, 1);
    own = [target, 0];
  }
  return { others: others.map((v) => [v, 0]), own };
}

export function stripOption(data: StripData, scale: { min: number; max: number }, labels: { others: string; own: string }): ChartOption {
  const all = [...data.others.map((p) => p[0]), ...(data.own ? [data.own[0]] : [])];
  return {
    tooltip: { trigger: 'item' },
    legend: { top: 0, data: [labels.others, labels.own] },
    grid: { left: 24, right: 24, top: 32, bottom: 28 },
    xAxis: {
      type: 'value',
      min: all.length ? Math.max(scale.min, Math.floor(Math.min(...all)) - 1) : scale.min,
      max: all.length ? Math.min(scale.max, Math.ceil(Math.max(...all)) + 1) : scale.max,
    },
    yAxis: { type: 'value', show: false, min: -1, max: 1 },
    series: [
      { type: 'scatter', name: labels.others, data: data.others, symbolSize: 14, itemStyle: { color: COLORS.muted } },
      { type: 'scatter', name: labels.own, data: data.own ? [data.own] : [], symbolSize: 20, symbol: 'diamond', itemStyle: { color: COLORS.own } },
    ],
  };
}
