import { RATER_GROUP_LABELS, RATER_GROUPS, type RaterGroupName, type Rubric } from '@lecture-hall/shared';
import ExcelJS from 'exceljs';
import { looksLikeXlsx, type PlainCell, plainCell } from '../../lib/excel-cell';
import { rubricText } from './results-labels';

/*
 * The paper score sheet (纸质评分表): when phones fail, raters fill in a printed sheet and a
 * clerk types it into this workbook, which is imported as ballots marked 'paper'. One worksheet
 * per speaker. Two hidden rows at the top carry what the import trusts — a template marker,
 * the edition and the talk, and each column's dimension key — so that renaming a sheet or
 * retyping a header cannot send scores to the wrong speaker or dimension.
 */

export const PAPER_SHEET_MARKER = 'lecture-hall/paper-sheet/v1';
export const INSTRUCTIONS_SHEET = '填写说明';
/** Where the visible header row is in a fresh template (the import looks for it by its first cell). */
export const HEADER_ROW = 9;
const RATER_HEADER = '评分人编号';
const GROUP_HEADER = '评分人类别';
/** Rows of each sheet that carry drop-downs and score checks: more than a hall has seats. */
export const TEMPLATE_ROWS = 600;
/** Rows a file may hold over all its sheets. */
export const PAPER_MAX_ROWS = 20_000;

/** A sheet's rater category (听众/专家) → its group: the shared labels read backwards. */
export const GROUP_OF_LABEL: Record<string, RaterGroupName> = Object.fromEntries(RATER_GROUPS.map((g) => [RATER_GROUP_LABELS[g].zh, g]));
const GROUP_LABELS = Object.keys(GROUP_OF_LABEL);

export interface PaperSheetEdition {
  id: string;
  title: string;
  hallName: string;
  date: string;
  rubric: Rubric;
  talks: ReadonlyArray<{ id: string; position: number; name: string; unitName: string; title: string }>;
}

/** Excel refuses these in a sheet name, and names longer than 31 characters. */
export function sheetNameFor(position: number, name: string): string {
  return `${position}-${name}`
    .replace(/[\\/?*[\]:]/g, '_')
    .replace(/^'+|'+$/g, '')
    .slice(0, 31);
}

// ExcelJS writes worksheet.dataValidations but leaves it out of its type declarations.
interface DataValidations {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

function columnLetter(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function scaleRule(rubric: Rubric): string {
  const { min, max, step } = rubric.scale;
  return step === 1 && Number.isInteger(min) ? `${min}–${max} 之间的整数` : `${min}–${max} 之间、以 ${step} 为间隔的分值`;
}

/** The template of an edition: a sheet per speaker in running order, then the instructions. */
export async function writePaperSheetTemplate(e: PaperSheetEdition): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lecture Hall';
  wb.title = `${e.hallName} ${e.title} 纸质评分表`;
  const dims = e.rubric.dimensions;
  const { min, max, step } = e.rubric.scale;
  const lastCol = 2 + dims.length;
  const firstData = HEADER_ROW + 1;
  const lastData = HEADER_ROW + TEMPLATE_ROWS;
  for (const talk of [...e.talks].sort((a, b) => a.position - b.position)) {
    const ws = wb.addWorksheet(sheetNameFor(talk.position, talk.name), {
      views: [{ state: 'frozen', ySplit: HEADER_ROW }],
      pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
    });
    ws.getColumn(1).width = 14;
    ws.getColumn(2).width = 12;
    for (let j = 0; j < dims.length; j++) ws.getColumn(3 + j).width = 14;
    // A rater number is a label (seat 007 stays 007), never a number to add up.
    ws.getColumn(1).numFmt = '@';

    const marker = ws.getRow(1);
    marker.values = [PAPER_SHEET_MARKER, e.id, talk.id];
    marker.hidden = true;
    const keys = ws.getRow(2);
    keys.values = ['rater', 'group', ...dims.map((d) => d.key)];
    keys.hidden = true;

    const line = (row: number, text: string, opts: { bold?: boolean; size?: number; height?: number } = {}) => {
      const cell = ws.getCell(row, 1);
      cell.value = text;
      cell.font = { bold: opts.bold ?? false, size: opts.size ?? 11 };
      cell.alignment = { wrapText: true, vertical: 'top' };
      ws.mergeCells(row, 1, row, Math.max(lastCol, 6));
      if (opts.height) ws.getRow(row).height = opts.height;
    };
    line(3, `${e.hallName} ${e.title} 纸质评分表`, { bold: true, size: 14, height: 24 });
    line(4, `日期：${e.date}　　讲课人：第 ${talk.position} 位 ${talk.name}（${talk.unitName}）`);
    line(5, `讲题：${talk.title}`);
    line(6, `评分细则：${rubricText(e)}`, { height: 32 });
    line(7, dims.map((d) => `${d.labelZh}：${d.description || '—'}`).join('；'), { height: 48 });
    line(
      8,
      `填写说明：每行一名评分人。评分人编号填座位号或评分表编号，同一评分人在各讲课人的表中用同一编号；类别选“听众”或“专家”；各项评分填 ${scaleRule(e.rubric)}。请勿修改表头，勿删除或取消隐藏第 1、2 行。`,
      { height: 48 },
    );
    const header = ws.getRow(HEADER_ROW);
    header.values = [RATER_HEADER, GROUP_HEADER, ...dims.map((d) => `${d.labelZh}（${min}–${max}）`)];
    header.font = { bold: true };
    header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    header.height = 30;
    for (let c = 1; c <= lastCol; c++) {
      header.getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
      header.getCell(c).border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    }

    const validations = (ws as unknown as { dataValidations: DataValidations }).dataValidations;
    validations.add(`B${firstData}:B${lastData}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${GROUP_LABELS.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: GROUP_HEADER,
      error: '请从下拉列表中选择“听众”或“专家”',
    });
    validations.add(`C${firstData}:${columnLetter(lastCol)}${lastData}`, {
      type: step % 1 === 0 && Number.isInteger(min) ? 'whole' : 'decimal',
      operator: 'between',
      allowBlank: true,
      formulae: [min, max],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '评分',
      error: `评分应为 ${scaleRule(e.rubric)}`,
    });
  }

  const help = wb.addWorksheet(INSTRUCTIONS_SHEET);
  help.getColumn(1).width = 100;
  [
    '纸质评分表填写与导入说明',
    `1. 每位讲课人一个工作表（工作表名为出场顺序和姓名），在表头下方每行填写一名评分人的评分；单个文件最多 ${PAPER_MAX_ROWS} 行。`,
    '2. 评分人编号可以是座位号或评分表编号，同一讲课人的表中不得重复；同一评分人在各讲课人的表中请用同一编号和同一类别。',
    `3. 评分人类别填“听众”或“专家”；各项评分填 ${scaleRule(e.rubric)}，不得空缺。`,
    '4. 导入在本期“已结束”、成绩发布前进行。系统先逐表逐行校验，只要有一处错误，整个文件都不会导入，请按校验报告修改后重新导入。',
    '5. 已导入的评分人不能再次导入同一讲课人的评分；纸质评分计入所属类别，并在成绩中标注为“纸质”。',
    '6. 第 1、2 行为隐藏的模板标记，用于核对期次、讲课人和评分维度，请勿修改或删除。',
  ].forEach((text, i) => {
    const row = help.addRow([text]);
    if (i === 0) row.font = { bold: true, size: 13 };
    row.alignment = { wrapText: true };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A refusal reason, where a person finds it in Excel: sheet, row (null for the whole sheet or file), column. */
export interface PaperSheetProblem {
  sheet: string;
  row: number | null;
  column: string;
  reason: string;
}

/** One filled row: a ballot for a talk. */
export interface PaperRow {
  sheet: string;
  row: number;
  talkId: string;
  raterLabel: string;
  group: RaterGroupName;
  scores: Record<string, number>;
}

export interface ParsedPaperSheet {
  rows: PaperRow[];
  problems: PaperSheetProblem[];
  /** Speaker sheets read (those carrying the marker). */
  sheets: number;
}

function text(v: PlainCell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

function onStep(value: number, min: number, step: number): boolean {
  const n = (value - min) / step;
  return Math.abs(n - Math.round(n)) < 1e-9;
}

/**
 * Reads a filled sheet and checks everything that needs no database: the template marker, the
 * edition, the talks, the dimensions, and each row (rater number, category, every score on the
 * scale and its step, a rater number repeated for a speaker). Rows and problems come back
 * together; the caller refuses the whole file when there is any problem.
 */
export async function readPaperSheet(buffer: Buffer, edition: { id: string; rubric: Rubric; talkIds: ReadonlySet<string> }): Promise<ParsedPaperSheet> {
  const fileProblem = (reason: string): ParsedPaperSheet => ({ rows: [], problems: [{ sheet: '', row: null, column: '', reason }], sheets: 0 });
  if (!looksLikeXlsx(buffer)) return fileProblem('文件不是 .xlsx 格式，请上传由评分表模板填写的 Excel 文件');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    return fileProblem('文件已损坏或不是 Excel 工作簿');
  }
  const dims = edition.rubric.dimensions;
  const { min, max, step } = edition.rubric.scale;
  const rows: PaperRow[] = [];
  const problems: PaperSheetProblem[] = [];
  let sheets = 0;
  let totalRows = 0;
  /** talk → rater number → where it was first seen. */
  const seen = new Map<string, Map<string, { sheet: string; row: number }>>();

  for (const ws of wb.worksheets) {
    const sheet = ws.name;
    const sheetProblem = (reason: string) => problems.push({ sheet, row: null, column: '', reason });
    const marker = ws.getRow(1);
    if (text(plainCell(marker.getCell(1).value)) !== PAPER_SHEET_MARKER) {
      if (sheet === INSTRUCTIONS_SHEET) continue;
      let filled = false;
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          if (text(plainCell(cell.value)) !== '') filled = true;
        });
      });
      if (filled) sheetProblem('该工作表不是评分表模板中的讲课人工作表，无法确定讲课人；请在模板中对应讲课人的工作表里填写');
      continue;
    }
    sheets += 1;
    const editionId = text(plainCell(marker.getCell(2).value));
    const talkId = text(plainCell(marker.getCell(3).value));
    if (editionId !== edition.id) {
      sheetProblem('该工作表来自另一期的评分表模板，不能导入本期；请下载本期的评分表模板');
      continue;
    }
    if (!edition.talkIds.has(talkId)) {
      sheetProblem('该工作表的讲课人不在本期讲课人名单中，请重新下载本期的评分表模板');
      continue;
    }
    // Columns by the hidden keys row, never by the visible headers.
    const columnOf = new Map<string, number>();
    ws.getRow(2).eachCell((cell, col) => {
      const key = text(plainCell(cell.value));
      if (key && !columnOf.has(key)) columnOf.set(key, col);
    });
    const expected = ['rater', 'group', ...dims.map((d) => d.key)];
    if (expected.some((k) => !columnOf.has(k)) || columnOf.size !== expected.length) {
      sheetProblem('该工作表的评分维度与本期评分细则不一致（模板下载后评分细则有变化，或表格第 2 行被改动），请重新下载本期的评分表模板');
      continue;
    }
    let headerRow = HEADER_ROW;
    for (let r = 3; r <= Math.min(ws.rowCount, 40); r++) {
      if (text(plainCell(ws.getCell(r, columnOf.get('rater')!).value)) === RATER_HEADER) {
        headerRow = r;
        break;
      }
    }
    const ofTalk = seen.get(talkId) ?? new Map<string, { sheet: string; row: number }>();
    seen.set(talkId, ofTalk);

    ws.eachRow((row, rowNumber) => {
      if (rowNumber <= headerRow) return;
      const rater = text(plainCell(row.getCell(columnOf.get('rater')!).value));
      const category = text(plainCell(row.getCell(columnOf.get('group')!).value));
      const values = dims.map((d) => plainCell(row.getCell(columnOf.get(d.key)!).value));
      if (rater === '' && category === '' && values.every((v) => text(v) === '')) return;
      totalRows += 1;
      if (totalRows > PAPER_MAX_ROWS) return;
      const at = (column: string, reason: string) => problems.push({ sheet, row: rowNumber, column, reason });
      let ok = true;
      if (rater === '') {
        at(RATER_HEADER, '评分人编号为空');
        ok = false;
      } else if (rater.length > 40) {
        at(RATER_HEADER, '评分人编号不能超过 40 个字符');
        ok = false;
      } else {
        const first = ofTalk.get(rater);
        if (first) {
          at(
            RATER_HEADER,
            first.sheet === sheet
              ? `评分人编号 ${rater} 与第 ${first.row} 行重复`
              : `评分人编号 ${rater} 已在工作表「${first.sheet}」第 ${first.row} 行为该讲课人评分`,
          );
          ok = false;
        } else ofTalk.set(rater, { sheet, row: rowNumber });
      }
      const group = GROUP_OF_LABEL[category];
      if (!group) {
        at(GROUP_HEADER, category === '' ? '评分人类别为空，应为“听众”或“专家”' : `评分人类别“${category}”无法识别，应为“听众”或“专家”`);
        ok = false;
      }
      const scores: Record<string, number> = {};
      dims.forEach((d, j) => {
        const v = values[j]!;
        const raw = text(v);
        const n = typeof v === 'number' ? v : raw !== '' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
        if (raw === '') at(d.labelZh, `「${d.labelZh}」未评分`);
        else if (!Number.isFinite(n)) at(d.labelZh, `「${d.labelZh}」的评分“${raw}”不是数字`);
        else if (n < min || n > max) at(d.labelZh, `「${d.labelZh}」的评分 ${n} 超出 ${min}–${max} 分的范围`);
        else if (!onStep(n, min, step)) at(d.labelZh, `「${d.labelZh}」的评分 ${n} 不符合评分细则，应为 ${scaleRule(edition.rubric)}`);
        else {
          scores[d.key] = n;
          return;
        }
        ok = false;
      });
      if (ok && group) rows.push({ sheet, row: rowNumber, talkId, raterLabel: rater, group, scores });
    });
  }
  if (totalRows > PAPER_MAX_ROWS) {
    problems.push({ sheet: '', row: null, column: '', reason: `文件共有 ${totalRows} 行评分，超过单次导入上限 ${PAPER_MAX_ROWS} 行，请拆分后分批导入` });
  }
  if (sheets === 0) {
    return fileProblem('这不是本系统下载的纸质评分表模板（缺少模板标记），请先下载本期的评分表模板再填写');
  }
  if (problems.length === 0 && rows.length === 0) {
    problems.push({ sheet: '', row: null, column: '', reason: '评分表中没有填写任何评分' });
  }
  return { rows, problems, sheets };
}
