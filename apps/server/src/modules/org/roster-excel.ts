import { POLITICAL_STATUSES, RANK_LEVELS, ROSTER_COLUMNS } from '@lecture-hall/shared';
import ExcelJS from 'exceljs';
import { badRequest } from '../../lib/errors';
import { looksLikeXlsx, plainCell } from '../../lib/excel-cell';
import { HEADER_OF, IMPORT_MAX_ROWS, MAX_AGE, MIN_AGE, NAME_MAX, POSITION_MAX, type RawRosterRow, REQUIRED_KEYS, type RosterKey } from './people.rules';

/*
 * The roster workbook (干部花名册.xlsx) in and out. The first sheet holds the people, one per
 * row under a header row of ROSTER_COLUMNS; the template adds a second sheet of instructions
 * so that the first one imports as it is.
 */

export const ROSTER_SHEET = '干部花名册';
export const INSTRUCTIONS_SHEET = '填写说明';

const HEADER_KEY = new Map<string, RosterKey>(ROSTER_COLUMNS.map((c) => [c.header, c.key]));

export interface RosterSheet {
  /** Non-empty data rows, capped at one beyond IMPORT_MAX_ROWS (enough to say the file is too long). */
  rows: RawRosterRow[];
  /** Every non-empty data row, counted even beyond the cap. */
  totalRows: number;
}

/**
 * Reads the people of an uploaded roster. Columns are found by their header text in row 1, in
 * any order; an unreadable file or one missing required headers is a 400 import_invalid_file.
 */
export async function readRosterWorkbook(buffer: Buffer): Promise<RosterSheet> {
  if (!looksLikeXlsx(buffer)) throw badRequest('import_invalid_file', { reason: '文件不是 .xlsx 格式' });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw badRequest('import_invalid_file', { reason: '文件已损坏或不是 Excel 工作簿' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badRequest('import_invalid_file', { reason: '工作簿中没有工作表' });

  const columnOf = new Map<RosterKey, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const key = HEADER_KEY.get(String(plainCell(cell.value) ?? '').trim());
    if (key && !columnOf.has(key)) columnOf.set(key, col);
  });
  const missing = REQUIRED_KEYS.filter((k) => !columnOf.has(k)).map((k) => HEADER_OF[k]);
  if (missing.length > 0) {
    throw badRequest('import_invalid_file', { reason: `第 1 行缺少表头：${missing.join('、')}`, missingColumns: missing });
  }

  const rows: RawRosterRow[] = [];
  let totalRows = 0;
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: RawRosterRow['cells'] = {};
    let blank = true;
    for (const [key, col] of columnOf) {
      const v = plainCell(row.getCell(col).value);
      cells[key] = v;
      if (v !== null && String(v).trim() !== '') blank = false;
    }
    // A row with only formatting, or text outside the roster's columns, is not a person.
    if (blank) return;
    totalRows += 1;
    if (rows.length <= IMPORT_MAX_ROWS) rows.push({ row: rowNumber, cells });
  });
  return { rows, totalRows };
}

/** A person as one row of the workbook, with the unit written as a path of names. */
export interface RosterRowOut {
  name: string;
  gender: string;
  birthDate: string;
  unit: string;
  position: string;
  rankLevel: string;
  politicalStatus: string;
  phone: string | null;
  entryDate: string | null;
}

const COLUMN_WIDTHS: Record<RosterKey, number> = {
  name: 12,
  gender: 8,
  birthDate: 14,
  unit: 30,
  position: 24,
  rankLevel: 16,
  politicalStatus: 14,
  phone: 16,
  entryDate: 14,
};
const DATE_KEYS = new Set<RosterKey>(['birthDate', 'entryDate']);

/** A real date cell at UTC midnight, as Excel stores days; shown as 1990-05-01. */
function dateCell(value: string | null): Date | null {
  return value ? new Date(`${value}T00:00:00Z`) : null;
}

function addRosterSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: COLUMN_WIDTHS[c.key],
    // Phone numbers as text, or Excel shows 1.38E+10; dates shown the way the import reads them.
    style: c.key === 'phone' ? { numFmt: '@' } : DATE_KEYS.has(c.key) ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  return sheet;
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The roster of the given people; the same layout the import reads. */
export async function writeRosterWorkbook(people: readonly RosterRowOut[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lecture Hall';
  const sheet = addRosterSheet(workbook);
  for (const p of people) {
    sheet.addRow({ ...p, birthDate: dateCell(p.birthDate), entryDate: dateCell(p.entryDate), phone: p.phone ?? null });
  }
  return toBuffer(workbook);
}

// ExcelJS writes worksheet.dataValidations but leaves it out of its type declarations.
interface DataValidations {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

function columnLetter(key: RosterKey): string {
  return String.fromCharCode(65 + ROSTER_COLUMNS.findIndex((c) => c.key === key));
}

function listValidation(values: readonly string[], title: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: title,
    error: `请从下拉列表中选择${title}`,
  };
}

/** The empty roster to fill in: the header row, drop-down lists, and a sheet of instructions with an example. */
export async function writeRosterTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lecture Hall';
  const sheet = addRosterSheet(workbook);
  const last = IMPORT_MAX_ROWS + 1;
  const validations = (sheet as unknown as { dataValidations: DataValidations }).dataValidations;
  const range = (key: RosterKey) => `${columnLetter(key)}2:${columnLetter(key)}${last}`;
  validations.add(range('gender'), listValidation(['男', '女'], '性别'));
  validations.add(range('rankLevel'), listValidation(RANK_LEVELS, '职级'));
  validations.add(range('politicalStatus'), listValidation(POLITICAL_STATUSES, '政治面貌'));

  const help = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  help.columns = [
    { header: '列', key: 'column', width: 16 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写要求', key: 'rule', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  const rules: Record<RosterKey, [string, string]> = {
    name: ['必填', `不超过 ${NAME_MAX} 个字`],
    gender: ['必填', '男 或 女'],
    birthDate: ['必填', `日期，如 1990-05-01（也可写 1990/5/1、1990.05.01、19900501）；年龄须在 ${MIN_AGE} 至 ${MAX_AGE} 岁之间`],
    unit: ['必填', '系统中已有的单位：从您管理的单位往下逐级写单位名称，用"/"分隔，如 市卫健委/办公室；单位名称唯一时也可只写名称'],
    position: ['选填', `不超过 ${POSITION_MAX} 个字`],
    rankLevel: ['必填', RANK_LEVELS.join('、')],
    politicalStatus: ['必填', POLITICAL_STATUSES.join('、')],
    phone: ['选填', '11 位手机号，以 1 开头'],
    entryDate: ['选填', `日期，不早于年满 ${MIN_AGE} 周岁，不晚于今天`],
  };
  for (const c of ROSTER_COLUMNS) help.addRow({ column: c.header, required: rules[c.key][0], rule: rules[c.key][1] });
  help.addRow([]);
  help.addRow(['其他说明']).font = { bold: true };
  help.addRow([`1. 请在"${ROSTER_SHEET}"工作表中从第 2 行起每行填写一人，不要修改第 1 行表头；单次最多 ${IMPORT_MAX_ROWS} 行。`]);
  help.addRow(['2. 同一单位中姓名和出生日期都相同的视为同一人，不能重复导入。']);
  help.addRow(['3. 上传后系统先逐行校验；只要有一处错误，所有行都不会导入，请按校验报告修改后重新上传。']);
  help.addRow([]);
  help.addRow(['填写示例']).font = { bold: true };
  help.addRow(ROSTER_COLUMNS.map((c) => c.header)).font = { bold: true };
  const example = help.addRow([
    '张三',
    '男',
    dateCell('1985-03-12'),
    '市卫健委/办公室',
    '办公室主任',
    '一级主任科员',
    '中共党员',
    '13800001234',
    dateCell('2007-07-01'),
  ]);
  example.font = { italic: true, color: { argb: 'FF808080' } };
  example.getCell(3).numFmt = 'yyyy-mm-dd';
  example.getCell(9).numFmt = 'yyyy-mm-dd';
  return toBuffer(workbook);
}
