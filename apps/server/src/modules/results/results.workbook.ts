import { ANOMALY_KIND_LABELS, type EditionResults, type GroupAggregate, type PanelReliability, RATER_GROUP_LABELS } from '@lecture-hall/shared';
import ExcelJS from 'exceljs';
import { type AnonymousBallot, anonymousBallotHeaders, anonymousBallotRow } from './anonymous-ballots';
import { methodText, NONE, rankedSpeakers, rankIntervalText, rubricText, stateText, tieNote } from './results-labels';

/*
 * The results workbook (成绩.xlsx): 汇总 (the method, then the ranking), 各讲课人 (each rater
 * group's aggregate), 各维度 (speaker × dimension), 信度 (reliability per group), 异常 (the
 * anomaly report and the ranking with and without flagged ballots) and 匿名评分 (every ballot
 * under an anonymous rater code). Figures are written as numbers, rounded as published (4
 * decimals), and shown with 2–4 decimals, so an analyst can recompute from them in Excel.
 */

/** Formats: published figures (4 decimals), descriptive figures (2), coefficients (3). */
const FMT_FINAL = '0.0000';
const FMT_DESC = '0.00';
const FMT_COEF = '0.000';
/** Scores and totals: 2 decimals at least, up to the 4 a weighted total may need. */
const FMT_SCORE = '0.00##';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
}

function setWidths(sheet: ExcelJS.Worksheet, widths: readonly number[]) {
  widths.forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
}

function setFormats(row: ExcelJS.Row, formats: Record<number, string>) {
  for (const [col, fmt] of Object.entries(formats)) row.getCell(Number(col)).numFmt = fmt;
}

/** The summary's key–value rows, in order: the row of each is fixed, so the file reads the same for every edition. */
function summaryFacts(r: EditionResults): Array<[string, string | number]> {
  return [
    ['讲堂', r.hallName],
    ['期次', r.editionTitle],
    ['日期', r.date],
    ['成绩状态', stateText(r)],
    ['计算时间', r.computedAt],
    ['评分规则', r.ruleText],
    ['听众权重（%）', r.audienceWeightPct],
    ['专家权重（%）', 100 - r.audienceWeightPct],
    ['评分细则', rubricText(r)],
    ['计算方法', methodText(r)],
    ['自助法抽样次数 B', r.bootstrap.replicates],
    ['自助法随机种子', r.bootstrap.seed],
    ['输入数据哈希（SHA-256）', r.inputsHash],
    ['算法版本', r.algorithmVersion],
    ['听众评分（份）', r.ballotCounts.audience],
    ['专家评分（份）', r.ballotCounts.expert],
    ['其中纸质评分（份）', r.ballotCounts.paper],
    ['被标记的异常评分（份）', r.ballotCounts.flagged],
    ['去除异常评分后排名', r.rankingChangesWithoutFlagged ? '有变化（见“异常”工作表）' : '不变'],
  ];
}

const RANKING_HEADERS = [
  '排名',
  '出场顺序',
  '讲课人',
  '单位',
  '讲题',
  '最终得分',
  '95%区间下限',
  '95%区间上限',
  '排名区间',
  '评分人效应校正分',
  '听众组成绩',
  '专家组成绩',
  '听众评分数',
  '专家评分数',
  '其中纸质',
  '统计并列',
  '计算式',
];

function addSummary(wb: ExcelJS.Workbook, r: EditionResults) {
  const ws = wb.addWorksheet('汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  setWidths(ws, [22, 10, 12, 18, 26, 11, 12, 12, 10, 14, 11, 11, 10, 10, 9, 30, 44]);
  ws.getCell('A1').value = `${r.hallName} ${r.editionTitle} 成绩汇总`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  const facts = summaryFacts(r);
  facts.forEach(([label, value], i) => {
    const row = ws.getRow(3 + i);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = value;
    // The long texts span the table's width rather than stretch column B.
    ws.mergeCells(3 + i, 2, 3 + i, 12);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
    if (label === '计算方法' || label === '评分细则') row.height = label === '计算方法' ? 64 : 30;
  });
  // The ranking's header on 汇总: after the title, a blank row, the facts and another blank row.
  const header = ws.getRow(3 + facts.length + 1);
  header.values = RANKING_HEADERS;
  styleHeader(header);
  for (const s of rankedSpeakers(r.speakers)) {
    const row = ws.addRow([
      s.rank ?? NONE,
      s.position,
      s.name,
      s.unitName,
      s.talkTitle,
      s.final,
      s.ci95?.[0] ?? null,
      s.ci95?.[1] ?? null,
      rankIntervalText(s.rankCi95),
      s.adjusted,
      s.audience.aggregate,
      s.expert.aggregate,
      s.audience.n,
      s.expert.n,
      s.paperBallots,
      tieNote(s, r.speakers),
      s.formula,
    ]);
    setFormats(row, { 6: FMT_FINAL, 7: FMT_FINAL, 8: FMT_FINAL, 10: FMT_FINAL, 11: FMT_FINAL, 12: FMT_FINAL });
  }
}

const GROUP_COLUMNS = ['评分数', '平均分', '中位数', '标准差', '组成绩（截尾均值）', '每端去掉', '备注'];

function groupCells(g: GroupAggregate): Array<string | number | null> {
  return [g.n, g.mean, g.median, g.sd, g.aggregate, g.dropped, g.fellBackToMean ? '评分过少，按平均分计' : ''];
}

function addPerSpeaker(wb: ExcelJS.Workbook, r: EditionResults) {
  const ws = wb.addWorksheet('各讲课人', { views: [{ state: 'frozen', ySplit: 2, xSplit: 2 }] });
  const g = GROUP_COLUMNS.length;
  setWidths(ws, [10, 12, 18, ...Array(2 * g).fill(11), 11, 12, 44]);
  const top = ws.getRow(1);
  const sub = ws.getRow(2);
  const fixedCols = ['出场顺序', '讲课人', '单位'];
  fixedCols.forEach((h, i) => {
    top.getCell(i + 1).value = h;
    ws.mergeCells(1, i + 1, 2, i + 1);
  });
  (['audience', 'expert'] as const).forEach((group, k) => {
    const first = 4 + k * g;
    top.getCell(first).value = RATER_GROUP_LABELS[group].zh;
    ws.mergeCells(1, first, 1, first + g - 1);
    GROUP_COLUMNS.forEach((h, i) => {
      sub.getCell(first + i).value = h;
    });
  });
  const tail = ['纸质评分数', '最终得分', '计算式'];
  tail.forEach((h, i) => {
    const col = 4 + 2 * g + i;
    top.getCell(col).value = h;
    ws.mergeCells(1, col, 2, col);
  });
  styleHeader(top);
  styleHeader(sub);
  for (const s of [...r.speakers].sort((a, b) => a.position - b.position)) {
    const row = ws.addRow([s.position, s.name, s.unitName, ...groupCells(s.audience), ...groupCells(s.expert), s.paperBallots, s.final, s.formula]);
    const formats: Record<number, string> = { [4 + 2 * g + 1]: FMT_FINAL };
    for (const first of [4, 4 + g]) {
      formats[first + 1] = FMT_DESC;
      formats[first + 2] = FMT_DESC;
      formats[first + 3] = FMT_DESC;
      formats[first + 4] = FMT_FINAL;
    }
    setFormats(row, formats);
  }
}

function addPerDimension(wb: ExcelJS.Workbook, r: EditionResults) {
  const ws = wb.addWorksheet('各维度', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  setWidths(ws, [10, 12, 14, 8, 9, 10, 12, 11, 11, 16]);
  const header = ws.addRow(['出场顺序', '讲课人', '维度', '权重', '评分数', '平均分', '截尾均值', '听众平均', '专家平均', '评分人效应校正分']);
  styleHeader(header);
  for (const s of [...r.speakers].sort((a, b) => a.position - b.position)) {
    for (const d of s.dimensions) {
      const row = ws.addRow([s.position, s.name, d.labelZh, d.weight, d.n, d.mean, d.trimmedMean, d.audienceMean, d.expertMean, d.adjusted]);
      setFormats(row, { 4: '0%', 6: FMT_FINAL, 7: FMT_FINAL, 8: FMT_FINAL, 9: FMT_FINAL, 10: FMT_FINAL });
    }
  }
}

type Metric = [label: string, pick: (p: PanelReliability) => number | string | null, meaning: string, format?: string];

const RELIABILITY_METRICS: Metric[] = [
  ['评分人数', (p) => p.raters, '本组提交过评分的评分人'],
  ['为全部讲课人评分的人数', (p) => p.completeRaters, '组内相关系数与肯德尔 W 只用这些评分人'],
  ['ICC(1,1)', (p) => p.icc?.ICC1 ?? null, '单向随机，单个评分人', FMT_COEF],
  ['ICC(2,1)', (p) => p.icc?.ICC2 ?? null, '双向随机、绝对一致，单个评分人', FMT_COEF],
  ['ICC(3,1)', (p) => p.icc?.ICC3 ?? null, '双向混合、一致性，单个评分人', FMT_COEF],
  ['ICC(1,k)', (p) => p.icc?.ICC1k ?? null, '单向随机，k 名评分人的平均', FMT_COEF],
  ['ICC(2,k)', (p) => p.icc?.ICC2k ?? null, '双向随机、绝对一致，k 名评分人的平均（本组成绩的可靠程度）', FMT_COEF],
  ['ICC(3,k)', (p) => p.icc?.ICC3k ?? null, '双向混合、一致性，k 名评分人的平均', FMT_COEF],
  ['ICC(2,1) 95% 区间', (p) => (p.iccCi95 ? `[${p.iccCi95.ICC2[0].toFixed(3)}, ${p.iccCi95.ICC2[1].toFixed(3)}]` : null), 'F 分布区间（McGraw & Wong 1996）'],
  ['ICC(2,k) 95% 区间', (p) => (p.iccCi95 ? `[${p.iccCi95.ICC2k[0].toFixed(3)}, ${p.iccCi95.ICC2k[1].toFixed(3)}]` : null), 'F 分布区间（McGraw & Wong 1996）'],
  ['克龙巴赫 α', (p) => p.cronbachAlpha, '各评分维度的内部一致性（每份评分为一个个案）', FMT_COEF],
  ['肯德尔 W', (p) => p.kendallW, '评分人排序的一致程度（含同分校正）', FMT_COEF],
  ['克里彭多夫 α（名义）', (p) => p.krippendorffAlpha?.nominal ?? null, '讲课人为分析单元，允许缺失', FMT_COEF],
  ['克里彭多夫 α（顺序）', (p) => p.krippendorffAlpha?.ordinal ?? null, '', FMT_COEF],
  ['克里彭多夫 α（等距）', (p) => p.krippendorffAlpha?.interval ?? null, '', FMT_COEF],
  ['克里彭多夫 α（比率）', (p) => p.krippendorffAlpha?.ratio ?? null, '', FMT_COEF],
  ['说明', (p) => p.notes.join('；') || null, ''],
];

function addReliability(wb: ExcelJS.Workbook, r: EditionResults) {
  const ws = wb.addWorksheet('信度', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  setWidths(ws, [24, 30, 30, 52]);
  const panels = (['audience', 'expert'] as const).map((g) => r.reliability.find((p) => p.group === g));
  styleHeader(ws.addRow(['指标', RATER_GROUP_LABELS.audience.zh, RATER_GROUP_LABELS.expert.zh, '含义']));
  for (const [label, pick, meaning, format] of RELIABILITY_METRICS) {
    const row = ws.addRow([label, ...panels.map((p) => (p ? pick(p) : null) ?? NONE), meaning]);
    if (format) setFormats(row, { 2: format, 3: format });
    if (label === '说明') row.alignment = { wrapText: true, vertical: 'top' };
  }
}

/** The anomaly report, then the sensitivity table below it (after a blank row and its title). */
function addAnomalies(wb: ExcelJS.Workbook, r: EditionResults) {
  const ws = wb.addWorksheet('异常', { views: [{ state: 'frozen', ySplit: 1 }] });
  setWidths(ws, [20, 12, 14, 14, 22, 16, 60]);
  styleHeader(ws.addRow(['类型', '评分人', '讲课人', '涉及评分（份）', '说明']));
  const names = new Map(r.speakers.map((s) => [s.talkId, s.name]));
  if (r.anomalies.length === 0) ws.addRow(['未发现异常评分']);
  for (const a of r.anomalies) {
    ws.addRow([ANOMALY_KIND_LABELS[a.kind].zh, a.rater ?? NONE, a.talkId ? (names.get(a.talkId) ?? NONE) : NONE, a.ballots, a.detail]);
  }
  ws.addRow([]);
  ws.addRow(['敏感性分析：去除被标记评分前后的得分与排名（异常评分只标记、不删除，正式成绩仍含全部评分）']).font = { bold: true };
  styleHeader(ws.addRow(['讲课人', '最终得分', '排名', '去除后得分', '去除后排名', '得分变化', '排名是否变化']));
  for (const s of rankedSpeakers(r.speakers)) {
    const delta = s.final !== null && s.finalWithoutFlagged !== null ? Math.round((s.finalWithoutFlagged - s.final) * 10_000) / 10_000 : null;
    const row = ws.addRow([
      s.name,
      s.final,
      s.rank ?? NONE,
      s.finalWithoutFlagged,
      s.rankWithoutFlagged ?? NONE,
      delta,
      s.rank === s.rankWithoutFlagged ? '否' : '是',
    ]);
    setFormats(row, { 2: FMT_FINAL, 4: FMT_FINAL, 6: '+0.0000;-0.0000;0.0000' });
  }
}

function addBallots(wb: ExcelJS.Workbook, r: EditionResults, ballots: readonly AnonymousBallot[]) {
  const ws = wb.addWorksheet('匿名评分', { views: [{ state: 'frozen', ySplit: 1 }] });
  const dims = r.rubric.dimensions.length;
  setWidths(ws, [12, 8, 8, 10, 12, ...Array(dims).fill(10), 10]);
  styleHeader(ws.addRow(anonymousBallotHeaders(r.rubric)));
  const formats: Record<number, string> = { [6 + dims]: FMT_SCORE };
  for (let j = 0; j < dims; j++) formats[6 + j] = r.rubric.scale.step % 1 === 0 ? '0' : FMT_SCORE;
  for (const b of ballots) setFormats(ws.addRow(anonymousBallotRow(b)), formats);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 6 + dims } };
}

/** The whole workbook as .xlsx bytes. */
export async function writeResultsWorkbook(r: EditionResults, ballots: readonly AnonymousBallot[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lecture Hall';
  wb.title = `${r.hallName} ${r.editionTitle} 成绩`;
  addSummary(wb, r);
  addPerSpeaker(wb, r);
  addPerDimension(wb, r);
  addReliability(wb, r);
  addAnomalies(wb, r);
  addBallots(wb, r, ballots);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
