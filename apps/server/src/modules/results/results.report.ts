import fs from 'node:fs';
import { ANOMALY_KIND_LABELS, type EditionResults, RATER_GROUP_LABELS, type SpeakerResult } from '@lecture-hall/shared';
import * as echarts from 'echarts';
import { type Browser, chromium } from 'playwright-core';
import { AppError } from '../../lib/errors';
import { fixed, intervalText, methodText, NONE, rankedSpeakers, rankIntervalText, rubricText, stateText, tieNote } from './results-labels';

/*
 * The printed results report (成绩报告.pdf): an A4 document in Chinese with its charts, for the
 * organisation department's file. The charts are drawn on the server by ECharts' server-side
 * renderer as SVG (no browser needed for them, and text stays text in the PDF), laid out in
 * HTML with print CSS, and printed by Debian's Chromium through playwright-core — one browser
 * per report, always closed, never a browser downloaded by a tool.
 */

const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';
const PALETTE = ['#2f6fb3', '#d9822b', '#3a9a5b', '#b8433f', '#7a5bb0', '#5d7080'];

/** HTML text with the five characters that could open markup escaped: names and titles come from users. */
function esc(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function svgChart(width: number, height: number, option: echarts.EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const speakerLabel = (s: SpeakerResult) => `${s.position}. ${s.name}`;

/** A radar of one speaker's dimension means against the edition's mean of each dimension. */
function radarChart(r: EditionResults, s: SpeakerResult): string {
  const { min, max } = r.rubric.scale;
  const editionMean = r.rubric.dimensions.map((d) => {
    const means = r.speakers.map((x) => x.dimensions.find((y) => y.key === d.key)?.mean).filter((m): m is number => m !== null && m !== undefined);
    return means.length ? Math.round((means.reduce((a, b) => a + b, 0) / means.length) * 100) / 100 : null;
  });
  return svgChart(340, 270, {
    legend: { bottom: 0, data: ['本人各维度平均分', '本期各讲课人平均'], textStyle: { fontSize: 10 } },
    radar: { radius: '60%', center: ['50%', '46%'], indicator: r.rubric.dimensions.map((d) => ({ name: d.labelZh, min, max })), axisName: { color: '#333' } },
    series: [
      {
        type: 'radar',
        data: [
          {
            name: '本人各维度平均分',
            value: s.dimensions.map((d) => d.mean ?? min),
            areaStyle: { opacity: 0.25 },
            label: { show: true, formatter: (p) => fixed(Number(p.value), 2) },
          },
          { name: '本期各讲课人平均', value: editionMean.map((m) => m ?? min), lineStyle: { type: 'dashed' }, symbol: 'none' },
        ],
      },
    ],
  });
}

/** Box plots of the ballot totals per speaker, audience and experts side by side. */
function boxPlotChart(r: EditionResults): string {
  const speakers = [...r.speakers].sort((a, b) => a.position - b.position);
  const box = (g: 'audience' | 'expert') => speakers.map((s) => (s[g].box ? [s[g].box.min, s[g].box.q1, s[g].box.median, s[g].box.q3, s[g].box.max] : []));
  return svgChart(700, 320, {
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 36, bottom: 60 },
    xAxis: { type: 'category', data: speakers.map(speakerLabel), axisLabel: { interval: 0, rotate: speakers.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: '每份评分总分', min: (v: { min: number }) => Math.max(r.rubric.scale.min, Math.floor(v.min) - 1), max: r.rubric.scale.max },
    series: [
      { name: RATER_GROUP_LABELS.audience.zh, type: 'boxplot', data: box('audience') },
      { name: RATER_GROUP_LABELS.expert.zh, type: 'boxplot', data: box('expert') },
    ],
  });
}

/** Speaker × dimension means as a heatmap, each cell labelled with its mean. */
function heatmapChart(r: EditionResults): string {
  const speakers = [...r.speakers].sort((a, b) => a.position - b.position);
  const dims = r.rubric.dimensions;
  const data: Array<[number, number, number | '-']> = [];
  speakers.forEach((s, y) => {
    dims.forEach((d, x) => {
      data.push([x, y, s.dimensions.find((v) => v.key === d.key)?.mean ?? '-']);
    });
  });
  const values = data.map((v) => v[2]).filter((v): v is number => typeof v === 'number');
  const lo = values.length ? Math.min(...values) : r.rubric.scale.min;
  const hi = values.length ? Math.max(...values) : r.rubric.scale.max;
  return svgChart(700, 90 + 30 * speakers.length, {
    grid: { left: 130, right: 80, top: 10, bottom: 50 },
    xAxis: { type: 'category', data: dims.map((d) => d.labelZh), position: 'bottom' },
    yAxis: { type: 'category', data: speakers.map(speakerLabel), inverse: true },
    visualMap: {
      min: lo,
      max: hi === lo ? lo + 1 : hi,
      calculable: false,
      text: ['高', '低'],
      orient: 'vertical',
      right: 0,
      top: 'middle',
      precision: 2,
      inRange: { color: ['#f4f8fc', '#9cc3e6', '#2f6fb3'] },
    },
    series: [{ type: 'heatmap', data, label: { show: true, formatter: (p) => fixed(Number((p.value as number[])[2]), 2) } }],
  });
}

/** Each speaker's final score with its 95 % interval, in ranking order. */
function scoreIntervalChart(r: EditionResults): string {
  const ranked = rankedSpeakers(r.speakers).filter((s) => s.final !== null);
  const lows = ranked.map((s) => s.ci95?.[0] ?? s.final!);
  const highs = ranked.map((s) => s.ci95?.[1] ?? s.final!);
  const axisMin = ranked.length ? Math.floor(Math.min(...lows) * 2) / 2 - 0.5 : r.rubric.scale.min;
  const axisMax = ranked.length ? Math.ceil(Math.max(...highs) * 2) / 2 + 0.5 : r.rubric.scale.max;
  return svgChart(700, 80 + 34 * Math.max(ranked.length, 1), {
    grid: { left: 130, right: 30, top: 20, bottom: 40 },
    yAxis: { type: 'category', data: ranked.map(speakerLabel), inverse: true },
    xAxis: { type: 'value', name: '最终得分', min: Math.max(axisMin, r.rubric.scale.min), max: Math.min(axisMax, r.rubric.scale.max) },
    series: [
      { type: 'bar', stack: 'ci', data: lows, itemStyle: { color: 'transparent' }, barWidth: 10, silent: true },
      { type: 'bar', stack: 'ci', data: highs.map((h, i) => h - lows[i]!), itemStyle: { color: '#9cc3e6' }, barWidth: 10, name: '95% 区间' },
      {
        type: 'scatter',
        data: ranked.map((s) => s.final!),
        symbolSize: 10,
        itemStyle: { color: '#b8433f' },
        name: '最终得分',
        label: { show: true, position: 'right', formatter: (p) => fixed(Number(p.value), 2) },
      },
    ],
  });
}

/** Each speaker's rank with the bootstrap's 95 % interval of its rank, in ranking order. */
function rankIntervalChart(r: EditionResults): string {
  const ranked = rankedSpeakers(r.speakers).filter((s) => s.rank !== null);
  const lo = ranked.map((s) => (s.rankCi95 ? Math.floor(s.rankCi95[0] + 1e-9) : s.rank!));
  const hi = ranked.map((s) => (s.rankCi95 ? Math.ceil(s.rankCi95[1] - 1e-9) : s.rank!));
  return svgChart(700, 80 + 34 * Math.max(ranked.length, 1), {
    grid: { left: 130, right: 30, top: 20, bottom: 40 },
    yAxis: { type: 'category', data: ranked.map(speakerLabel), inverse: true },
    // Whole-number ticks from 0 to S + 1, the two ends unlabelled: each rank's band spans rank ± 0.5.
    xAxis: {
      type: 'value',
      name: '名次',
      min: 0,
      max: Math.max(ranked.length, 1) + 1,
      interval: 1,
      axisLabel: { formatter: (v: number) => (v >= 1 && v <= ranked.length ? String(v) : '') },
    },
    series: [
      { type: 'bar', stack: 'rank', data: lo.map((l) => l - 0.5), itemStyle: { color: 'transparent' }, barWidth: 12, silent: true },
      { type: 'bar', stack: 'rank', data: hi.map((h, i) => h - lo[i]! + 1), itemStyle: { color: '#f2c894' }, barWidth: 12, name: '名次 95% 区间' },
      { type: 'scatter', data: ranked.map((s) => s.rank!), symbolSize: 10, itemStyle: { color: '#2f6fb3' }, name: '名次' },
    ],
  });
}

const CSS = `
@page { size: A4; margin: 16mm 15mm 20mm 15mm; }
* { box-sizing: border-box; }
body { font-family: ${FONT}; font-size: 10pt; color: #1f2328; line-height: 1.5; margin: 0; }
h1 { font-size: 24pt; text-align: center; margin: 40mm 0 6mm; letter-spacing: 2pt; }
h2 { font-size: 15pt; border-bottom: 2px solid #2f6fb3; padding-bottom: 2mm; margin: 0 0 4mm; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }
.block { break-inside: avoid; }
.subtitle { text-align: center; font-size: 14pt; margin-bottom: 18mm; }
.page { break-before: page; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 0.6pt solid #9aa4ae; padding: 1mm 1.4mm; vertical-align: top; font-size: 9pt; }
th { background: #e8eff7; font-weight: bold; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
table.facts th { width: 32mm; text-align: left; }
.chart { break-inside: avoid; text-align: center; margin: 2mm 0; }
.chart svg { max-width: 100%; height: auto; }
.note { color: #57606a; font-size: 8.5pt; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
.draft { position: fixed; top: 45%; left: 0; right: 0; text-align: center; font-size: 90pt; color: rgba(184, 67, 63, 0.10); transform: rotate(-30deg); z-index: -1; }
.speaker-top { display: flex; gap: 4mm; align-items: flex-start; }
.speaker-top table { flex: 1; }
.speaker-top .chart { flex: 0 0 78mm; margin: 0; }
`;

function table(headers: string[], rows: Array<Array<{ v: string; num?: boolean }>>, cls = ''): string {
  const head = `<tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((c) => `<td${c.num ? ' class="num"' : ''}>${esc(c.v)}</td>`).join('')}</tr>`).join('');
  return `<table${cls ? ` class="${cls}"` : ''}><thead>${head}</thead><tbody>${body}</tbody></table>`;
}
const n = (v: string) => ({ v, num: true });
const t = (v: string) => ({ v });

function titlePage(r: EditionResults): string {
  const facts: Array<[string, string]> = [
    ['讲堂', r.hallName],
    ['期次', r.editionTitle],
    ['日期', r.date],
    ['成绩状态', stateText(r)],
    ['评分规则', r.ruleText],
    ['权重', `听众 ${r.audienceWeightPct}%，专家 ${100 - r.audienceWeightPct}%`],
    ['评分细则', rubricText(r)],
    [
      '有效评分',
      `听众 ${r.ballotCounts.audience} 份，专家 ${r.ballotCounts.expert} 份（其中纸质 ${r.ballotCounts.paper} 份）；被标记的异常评分 ${r.ballotCounts.flagged} 份`,
    ],
    ['计算方法', methodText(r)],
    ['计算时间', r.computedAt],
    ['算法版本', String(r.algorithmVersion)],
  ];
  return `<section>
<h1>干部大讲堂成绩报告</h1>
<div class="subtitle">${esc(r.hallName)}　${esc(r.editionTitle)}<br>${esc(r.date)}</div>
<table class="facts"><tbody>${facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}
<tr><th>输入数据哈希</th><td class="hash">${esc(r.inputsHash)}</td></tr></tbody></table>
<p class="note">本报告由系统根据本期全部有效评分自动生成。输入数据哈希（SHA-256）唯一对应本期的评分细则、规则、权重、讲课人和全部评分；成绩发布后可随时复核重算，结果应与本报告一致。</p>
</section>`;
}

function rankingPage(r: EditionResults): string {
  const rows = rankedSpeakers(r.speakers).map((s) => [
    n(s.rank === null ? NONE : String(s.rank)),
    t(`${s.name}（${s.unitName}）`),
    n(fixed(s.final)),
    n(intervalText(s.ci95)),
    n(rankIntervalText(s.rankCi95)),
    n(fixed(s.adjusted)),
    n(fixed(s.audience.aggregate)),
    n(fixed(s.expert.aggregate)),
    n(`${s.audience.n}/${s.expert.n}`),
    t(tieNote(s, r.speakers)),
  ]);
  const notComparable = r.notComparable.length
    ? `<p class="note">以下讲课人之间没有共同的评分人，其评分人效应校正分不可直接比较：${r.notComparable
        .map((g) => g.map((id) => esc(r.speakers.find((s) => s.talkId === id)?.name ?? id)).join('、'))
        .join('；')}。</p>`
    : '';
  return `<section class="page">
<h2>一、成绩排名</h2>
${table(['排名', '讲课人（单位）', '最终得分', '95% 区间', '名次区间', '校正分', '听众组', '专家组', '评分数 听众/专家', '统计并列'], rows)}
<p class="note">最终得分保留两位小数显示（计算与排名按四位小数）；名次区间为自助法给出的 95% 区间；“统计并列”表示与相邻讲课人的差距在抽样误差范围内。</p>
${notComparable}
<div class="block"><h3>最终得分及其 95% 区间</h3>
<div class="chart">${scoreIntervalChart(r)}</div></div>
<div class="block"><h3>名次及其 95% 区间</h3>
<div class="chart">${rankIntervalChart(r)}</div></div>
</section>
<section class="page">
<h2>二、评分分布与各维度</h2>
<div class="block"><h3>各讲课人评分总分分布（箱线图）</h3>
<div class="chart">${boxPlotChart(r)}</div>
<p class="note">箱体为上下四分位数，中线为中位数，须线为最低与最高分。</p></div>
<div class="block"><h3>各维度平均分（热力图）</h3>
<div class="chart">${heatmapChart(r)}</div></div>
</section>`;
}

function speakerPage(r: EditionResults, s: SpeakerResult, index: number): string {
  const groups = (['audience', 'expert'] as const).map((g) => {
    const a = s[g];
    return [
      t(RATER_GROUP_LABELS[g].zh),
      n(String(a.n)),
      n(fixed(a.mean)),
      n(fixed(a.median)),
      n(fixed(a.sd)),
      n(fixed(a.aggregate)),
      n(String(a.dropped)),
      t(a.fellBackToMean ? '评分过少，按平均分计' : ''),
    ];
  });
  const dims = s.dimensions.map((d) => [
    t(d.labelZh),
    n(`${Math.round(d.weight * 1000) / 10}%`),
    n(String(d.n)),
    n(fixed(d.mean)),
    n(fixed(d.trimmedMean)),
    n(fixed(d.audienceMean)),
    n(fixed(d.expertMean)),
    n(fixed(d.adjusted)),
  ]);
  const tie = tieNote(s, r.speakers);
  return `<section class="page">
<h2>${index === 0 ? '三、各讲课人成绩<br>' : ''}${esc(`第 ${s.position} 位　${s.name}`)}</h2>
<div class="speaker-top"><table class="facts"><tbody>
<tr><th>单位</th><td>${esc(s.unitName)}</td></tr>
<tr><th>讲题</th><td>${esc(s.talkTitle)}</td></tr>
<tr><th>最终得分</th><td>${esc(fixed(s.final))}（95% 区间 ${esc(intervalText(s.ci95))}）</td></tr>
<tr><th>排名</th><td>${esc(s.rank === null ? NONE : `第 ${s.rank} 名`)}（名次区间 ${esc(rankIntervalText(s.rankCi95))}）${tie ? `；${esc(tie)}` : ''}</td></tr>
<tr><th>计算式</th><td>${esc(s.formula)}</td></tr>
<tr><th>评分人效应校正分</th><td>${esc(fixed(s.adjusted))}</td></tr>
<tr><th>纸质评分</th><td>${s.paperBallots} 份</td></tr>
</tbody></table>
<div class="chart">${radarChart(r, s)}</div></div>
<h3>各组评分</h3>
${table(['评分组', '评分数', '平均分', '中位数', '标准差', '组成绩', '每端去掉', '备注'], groups)}
<h3>各维度评分</h3>
${table(['维度', '权重', '评分数', '平均分', '截尾均值', '听众平均', '专家平均', '校正分'], dims)}
</section>`;
}

function reliabilityPage(r: EditionResults): string {
  const panels = (['audience', 'expert'] as const).map((g) => r.reliability.find((p) => p.group === g));
  const row = (label: string, pick: (p: NonNullable<(typeof panels)[number]>) => string) => [t(label), ...panels.map((p) => n(p ? pick(p) : NONE))];
  const rows = [
    row('评分人数（其中为全部讲课人评分）', (p) => `${p.raters}（${p.completeRaters}）`),
    row('ICC(2,1) 单个评分人', (p) => (p.icc ? `${p.icc.ICC2.toFixed(3)} ${p.iccCi95 ? intervalText(p.iccCi95.ICC2, 3) : ''}` : NONE)),
    row('ICC(2,k) 全组平均', (p) => (p.icc ? `${p.icc.ICC2k.toFixed(3)} ${p.iccCi95 ? intervalText(p.iccCi95.ICC2k, 3) : ''}` : NONE)),
    row('ICC(1,1) / ICC(1,k)', (p) => (p.icc ? `${p.icc.ICC1.toFixed(3)} / ${p.icc.ICC1k.toFixed(3)}` : NONE)),
    row('ICC(3,1) / ICC(3,k)', (p) => (p.icc ? `${p.icc.ICC3.toFixed(3)} / ${p.icc.ICC3k.toFixed(3)}` : NONE)),
    row('克龙巴赫 α（维度内部一致性）', (p) => fixed(p.cronbachAlpha, 3)),
    row('肯德尔 W（排序一致性）', (p) => fixed(p.kendallW, 3)),
    row('克里彭多夫 α（等距）', (p) => fixed(p.krippendorffAlpha?.interval, 3)),
    row('克里彭多夫 α（顺序 / 名义 / 比率）', (p) =>
      p.krippendorffAlpha
        ? `${p.krippendorffAlpha.ordinal.toFixed(3)} / ${p.krippendorffAlpha.nominal.toFixed(3)} / ${p.krippendorffAlpha.ratio.toFixed(3)}`
        : NONE,
    ),
  ];
  const notes = panels.flatMap((p) => (p ? p.notes.map((x) => `${RATER_GROUP_LABELS[p.group].zh}：${x}`) : []));
  return `<section class="page">
<h2>四、评分信度</h2>
${table(['指标', RATER_GROUP_LABELS.audience.zh, RATER_GROUP_LABELS.expert.zh], rows)}
${notes.length ? `<p class="note">${notes.map(esc).join('；')}。</p>` : ''}
<p class="note">组内相关系数（ICC）按 Shrout 与 Fleiss（1979）的六种形式计算，95% 区间按 McGraw 与 Wong（1996）的 F 分布方法；一般认为 ICC 低于 0.5 为差、0.5–0.75 为中等、0.75–0.9 为良好、高于 0.9 为优秀（Koo 与 Li，2016）。克里彭多夫 α 不低于 0.800 时数据可靠，不低于 0.667 时可作初步结论（Krippendorff，2004）。</p>
</section>`;
}

function anomaliesPage(r: EditionResults): string {
  const names = new Map(r.speakers.map((s) => [s.talkId, s.name]));
  const anomalyRows = r.anomalies.map((a) => [
    t(ANOMALY_KIND_LABELS[a.kind].zh),
    t(a.rater ?? NONE),
    t(a.talkId ? (names.get(a.talkId) ?? NONE) : NONE),
    n(String(a.ballots)),
    t(a.detail),
  ]);
  const sensitivity = rankedSpeakers(r.speakers).map((s) => [
    t(s.name),
    n(fixed(s.final)),
    n(s.rank === null ? NONE : String(s.rank)),
    n(fixed(s.finalWithoutFlagged)),
    n(s.rankWithoutFlagged === null ? NONE : String(s.rankWithoutFlagged)),
    t(s.rank === s.rankWithoutFlagged ? '不变' : '变化'),
  ]);
  return `<section class="page">
<h2>五、异常评分与敏感性分析</h2>
${anomalyRows.length ? table(['类型', '评分人（匿名编号）', '讲课人', '涉及评分', '说明'], anomalyRows) : '<p>未发现异常评分。</p>'}
<p class="note">异常评分只标记、不删除，正式成绩包含全部有效评分。评分人以匿名编号表示，身份仅在审计中可查。</p>
<h3>去除被标记评分前后的成绩对照</h3>
${table(['讲课人', '最终得分', '排名', '去除后得分', '去除后排名', '排名'], sensitivity)}
<p>${r.rankingChangesWithoutFlagged ? '去除被标记的异常评分后，排名<strong>有变化</strong>，请结合上表审慎解读。' : '去除被标记的异常评分后，排名不变。'}</p>
</section>`;
}

/** The whole report as one HTML document, ready to print. */
export function reportHtml(r: EditionResults): string {
  const speakers = [...r.speakers].sort((a, b) => a.position - b.position);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(`${r.hallName} ${r.editionTitle} 成绩报告`)}</title><style>${CSS}</style></head>
<body>
${r.state === 'draft' ? '<div class="draft">草稿</div>' : ''}
${titlePage(r)}
${rankingPage(r)}
${speakers.map((s, i) => speakerPage(r, s, i)).join('\n')}
${reliabilityPage(r)}
${anomaliesPage(r)}
</body></html>`;
}

/** The footer on every page: the inputs hash (what a recomputation must match) and the page number. */
export function reportFooter(r: EditionResults): string {
  return `<div style="font-family:${esc(FONT)};font-size:7.5pt;color:#57606a;width:100%;padding:0 15mm;display:flex;justify-content:space-between;">
<span>${esc(`${r.hallName} ${r.editionTitle}`)} · 输入数据哈希 ${esc(r.inputsHash.slice(0, 16))}…</span>
<span>第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</span></div>`;
}

/** The flags Chromium is started with: headless, no sandbox (it runs as the server's user, often in a container), nothing phoning home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Reports printed at once by this process: each is a Chromium of a few hundred MB. */
const MAX_CONCURRENT_PRINTS = 2;
let printing = 0;
const waiting: Array<() => void> = [];

async function withPrintSlot<T>(work: () => Promise<T>): Promise<T> {
  if (printing >= MAX_CONCURRENT_PRINTS) await new Promise<void>((resolve) => waiting.push(resolve));
  printing += 1;
  try {
    return await work();
  } finally {
    printing -= 1;
    waiting.shift()?.();
  }
}

const unavailable = (reason: string) => new AppError(503, 'report_unavailable', { reason });

/**
 * Prints an HTML document to an A4 PDF in a fresh Chromium, closed whatever happens. A missing
 * or unstartable Chromium, or a print that outlasts timeoutMs, is a 503 report_unavailable
 * naming the reason in Chinese.
 */
export async function printPdf(html: string, opts: { executablePath: string; footerHtml: string; timeoutMs: number }): Promise<Buffer> {
  if (!fs.existsSync(opts.executablePath))
    throw unavailable(`未找到 Chromium（${opts.executablePath}），请安装 chromium 和 fonts-noto-cjk，或设置 CHROMIUM_PATH`);
  return withPrintSlot(async () => {
    let browser: Browser | undefined;
    let timedOut = false;
    // The deadline closes the browser, which fails whatever step is still waiting on it.
    const deadline = setTimeout(() => {
      timedOut = true;
      void browser?.close().catch(() => {});
    }, opts.timeoutMs);
    try {
      try {
        browser = await chromium.launch({ executablePath: opts.executablePath, args: CHROMIUM_ARGS, headless: true, timeout: opts.timeoutMs });
      } catch (err) {
        throw unavailable(`Chromium 无法启动：${(err as Error).message.split('\n')[0]}`);
      }
      if (timedOut) throw unavailable(`生成 PDF 超过 ${Math.round(opts.timeoutMs / 1000)} 秒，已中止`);
      const page = await browser.newPage();
      page.setDefaultTimeout(opts.timeoutMs);
      // The report is self-contained: nothing it holds may reach the network.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<div></div>',
        footerTemplate: opts.footerHtml,
        margin: { top: '16mm', bottom: '20mm', left: '15mm', right: '15mm' },
      });
      return Buffer.from(pdf);
    } catch (err) {
      if (timedOut) throw unavailable(`生成 PDF 超过 ${Math.round(opts.timeoutMs / 1000)} 秒，已中止`);
      throw err;
    } finally {
      clearTimeout(deadline);
      await browser?.close().catch(() => {});
    }
  });
}
