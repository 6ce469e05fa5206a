import fs from 'node:fs/promises';
import path from 'node:path';
import type { PanelObservation, RaterGroup } from '@lecture-hall/stats';
import ExcelJS from 'exceljs';
import { looksLikeXlsx, plainCell } from '../lib/excel-cell';

/*
 * A score file for `analyze`: paper score sheets typed in when phones fail, or an export an
 * auditor recomputes. Long form, one score per row, under the header
 * rater,speaker,dimension,score[,rater_group][,rater_unit][,speaker_unit][,submitted_at],
 * columns in any order, as .csv (UTF-8 with or without Excel's BOM, or GB18030 as Excel's
 * "CSV (逗号分隔)" saves on Chinese Windows) or .xlsx (the first worksheet).
 *
 * Every defect is reported, never repaired: the figures decide careers, so a file that is not
 * exactly what it claims to be is refused with the line that shows why.
 */

export const REQUIRED_COLUMNS = ['rater', 'speaker', 'dimension', 'score'] as const;
export const OPTIONAL_COLUMNS = ['rater_group', 'rater_unit', 'speaker_unit', 'submitted_at'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const KNOWN_COLUMNS = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

const COLUMN_LABEL: Record<Column, string> = {
  rater: '评分人',
  speaker: '主讲人',
  dimension: '维度',
  score: '分数',
  rater_group: '评分人类别',
  rater_unit: '评分人单位',
  speaker_unit: '主讲人单位',
  submitted_at: '提交时间',
};

/** Paper sheets are filled in Chinese as often as in English. */
const RATER_GROUPS = new Map<string, RaterGroup>([
  ['audience', 'audience'],
  ['听众', 'audience'],
  ['观众', 'audience'],
  ['expert', 'expert'],
  ['专家', 'expert'],
]);

/** The file cannot be analysed; the message names the file and, where there is one, the line. */
export class ScoreFileError extends Error {}

type Cell = string | number | Date | null;

/** One record of the file, numbered as the user sees it: the CSV line where it starts, or the worksheet row. */
interface SourceRecord {
  line: number;
  cells: Cell[];
}

export async function readScoreFile(file: string): Promise<PanelObservation[]> {
  const name = path.basename(file);
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') {
    throw new ScoreFileError(`${name}：只能分析 .csv 或 .xlsx 文件 (only .csv and .xlsx files can be analysed, got "${ext || 'no extension'}")`);
  }
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ScoreFileError(`${file}：文件不存在 (no such file)`);
    if (code === 'EISDIR') throw new ScoreFileError(`${file}：这是一个目录，不是文件 (is a directory)`);
    throw new ScoreFileError(`${file}：无法读取文件 (cannot read the file: ${code ?? String(err)})`);
  }
  if (bytes.length === 0) throw new ScoreFileError(`${name}：文件是空的 (the file is empty)`);
  const records = ext === '.csv' ? csvRecords(name, bytes) : await xlsxRecords(name, bytes);
  return observationsFrom(name, records, ext === '.csv' ? 'line' : 'row');
}

/** UTF-8 (BOM stripped) when the bytes are valid UTF-8, else GB18030, the superset of GBK that Excel writes on Chinese Windows. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/**
 * Records of RFC 4180 text (Shafranovich, "Common Format and MIME Type for Comma-Separated
 * Values (CSV) Files", 2005, §2): fields separated by commas; a field in double quotes may hold
 * commas, line breaks and "" for a quote; records end with CRLF, LF or CR (all three occur in
 * files passed around by Excel and text editors). A stray quote inside an unquoted field,
 * text after a closing quote, or a quote never closed is an error naming its line.
 *
 * Written here rather than taken from a library: the only CSV parser in the lock file is
 * fast-csv, a dependency of exceljs's own, not of this server, and line numbers that match what
 * an editor shows are the point of every message this reader gives.
 */
export function parseCsv(text: string, name = 'CSV'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  // A quoted field may be empty (""); it is still a field, so a record of just "" is a record.
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  const fail = (at: number, zh: string, en: string): never => {
    throw new ScoreFileError(`${name}：第 ${at} 行 (line ${at})：${zh} (${en})`);
  };
  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"') {
      if (field !== '' || quoted) fail(line, '未加引号的字段中出现引号', 'a quote inside an unquoted field');
      const openedAt = line;
      quoted = true;
      i++;
      // The field runs to the next quote that is not doubled.
      for (;;) {
        if (i >= n) fail(openedAt, '引号没有闭合', 'a quoted field is never closed');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] !== '"') break;
          field += '"';
          i += 2;
          continue;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      i++;
      const after = text[i];
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') fail(line, '引号后面还有内容', 'text after a closing quote');
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endField();
      records.push({ line: recordLine, fields });
      fields = [];
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    i++;
  }
  // The last record needs no line break; nothing after the final break is no record.
  if (field !== '' || quoted || fields.length > 0) {
    endField();
    records.push({ line: recordLine, fields });
  }
  return records;
}

function csvRecords(name: string, bytes: Buffer): SourceRecord[] {
  return parseCsv(decodeCsv(bytes), name).map((r) => ({ line: r.line, cells: r.fields }));
}

/** Every .xlsx is a ZIP archive: checking the signature first turns a renamed .xls or .csv into a clear message. */
/** A cell as the score file reads it: a boolean is text like any other non-number. */
function plain(value: ExcelJS.CellValue | undefined): Cell {
  const v = plainCell(value);
  return typeof v === 'boolean' ? String(v) : v;
}

async function xlsxRecords(name: string, bytes: Buffer): Promise<SourceRecord[]> {
  if (!looksLikeXlsx(bytes)) throw new ScoreFileError(`${name}：不是 .xlsx 格式的 Excel 工作簿 (not an .xlsx workbook)`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw new ScoreFileError(`${name}：Excel 工作簿已损坏，无法读取 (the workbook is damaged and cannot be read)`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ScoreFileError(`${name}：工作簿中没有工作表 (the workbook has no worksheet)`);
  const records: SourceRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(plain(row.getCell(c).value));
    records.push({ line: rowNumber, cells });
  });
  return records;
}

const isBlank = (cell: Cell) => cell === null || (typeof cell === 'string' && cell.trim() === '');
const text = (cell: Cell) => (cell === null ? '' : cell instanceof Date ? cell.toISOString() : String(cell).trim());

/** A plain decimal number: no thousands separators, no units, no "" read as 0 the way Number() reads it. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** ISO 8601 as ECMAScript's Date.parse defines it (ECMA-262 §21.4.1.32): a date, or a date and time with an optional offset. */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function parseIsoTime(value: string): number | undefined {
  const m = ISO_8601.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.parse would roll 2024-02-30 over to March; a typed-in date that does not exist is a typo.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  if (m[4] && (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[8] ?? 0) > 59)) return undefined;
  // Without an offset the time is read as UTC, not in this machine's zone, so that every
  // machine gets the same figures; only differences between times are ever used.
  const t = Date.parse(m[4] && !m[10] ? `${value}Z` : value);
  return Number.isNaN(t) ? undefined : t;
}

function observationsFrom(name: string, records: SourceRecord[], unit: 'line' | 'row'): PanelObservation[] {
  const at = (line: number) => `${name}：第 ${line} 行 (${unit} ${line})`;
  const nonBlank = records.filter((r) => !r.cells.every(isBlank));
  const headerRecord = nonBlank[0];
  if (!headerRecord) throw new ScoreFileError(`${name}：文件是空的 (the file is empty)`);

  // Header: known names, case and surrounding spaces ignored, each once.
  const columnAt = new Map<Column, number>();
  const unnamed: number[] = [];
  headerRecord.cells.forEach((cell, c) => {
    const label = text(cell).replace(/^\uFEFF/, '');
    if (label === '') {
      unnamed.push(c);
      return;
    }
    const key = label.toLowerCase();
    if (!KNOWN_COLUMNS.has(key)) {
      throw new ScoreFileError(
        `${at(headerRecord.line)}：未知的列 "${label}"，表头只能是 ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(', ')} (unknown column "${label}")`,
      );
    }
    if (columnAt.has(key as Column)) throw new ScoreFileError(`${at(headerRecord.line)}：列 "${key}" 出现了两次 (column "${key}" appears twice)`);
    columnAt.set(key as Column, c);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columnAt.has(c));
  if (missing.length > 0) {
    throw new ScoreFileError(
      `${at(headerRecord.line)}：表头缺少 ${missing.join(', ')} 列，表头须包含 ${REQUIRED_COLUMNS.join(',')} (missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')})`,
    );
  }
  const width = headerRecord.cells.length;

  const observations: PanelObservation[] = [];
  const firstLineOf = new Map<string, number>();
  // rater → group / unit, speaker → unit, each with the line that first gave it.
  const raterGroupOf = new Map<string, { value: RaterGroup; line: number }>();
  const raterUnitOf = new Map<string, { value: string; line: number }>();
  const speakerUnitOf = new Map<string, { value: string; line: number }>();
  const consistent = <T>(seen: Map<string, { value: T; line: number }>, key: string, value: T, line: number, zh: string, en: string) => {
    const before = seen.get(key);
    if (!before) seen.set(key, { value, line });
    else if (before.value !== value) {
      throw new ScoreFileError(
        `${at(line)}：${zh}为 "${value}"，而第 ${before.line} 行为 "${before.value}" (${en} "${value}" contradicts ${unit} ${before.line}: "${before.value}")`,
      );
    }
  };

  for (const record of nonBlank.slice(1)) {
    const { line, cells } = record;
    for (let c = 0; c < cells.length; c++) {
      if ((c >= width || unnamed.includes(c)) && !isBlank(cells[c]!)) {
        throw new ScoreFileError(`${at(line)}：第 ${c + 1} 列有内容 "${text(cells[c]!)}" 但没有表头 (a value in column ${c + 1}, which has no header)`);
      }
    }
    const cell = (column: Column): Cell => {
      const c = columnAt.get(column);
      return c === undefined ? null : (cells[c] ?? null);
    };
    const required = (column: Column): string => {
      const value = text(cell(column));
      if (value === '') throw new ScoreFileError(`${at(line)}：缺少${COLUMN_LABEL[column]} (${column} is empty)`);
      return value;
    };
    const rater = required('rater');
    const speaker = required('speaker');
    const dimension = required('dimension');

    const rawScore = cell('score');
    let score: number;
    if (typeof rawScore === 'number') score = rawScore;
    else {
      const value = required('score');
      if (rawScore instanceof Date || !NUMBER.test(value)) {
        throw new ScoreFileError(`${at(line)}：分数 "${value}" 不是数字 (score "${value}" is not a number)`);
      }
      score = Number(value);
    }
    if (!Number.isFinite(score)) throw new ScoreFileError(`${at(line)}：分数 "${text(rawScore)}" 不是有限的数 (score is not a finite number)`);

    const key = `${rater}\u0000${speaker}\u0000${dimension}`;
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) {
      throw new ScoreFileError(
        `${at(line)}：与第 ${earlier} 行重复，评分人 "${rater}" 对主讲人 "${speaker}" 的维度 "${dimension}" 已有分数 (duplicate of ${unit} ${earlier}: one score per rater, speaker and dimension)`,
      );
    }
    firstLineOf.set(key, line);

    const observation: PanelObservation = { rater, speaker, dimension, score };
    const group = text(cell('rater_group'));
    if (group !== '') {
      const value = RATER_GROUPS.get(group.toLowerCase());
      if (!value) {
        throw new ScoreFileError(`${at(line)}：评分人类别 "${group}" 无法识别，只能是 audience（听众）或 expert（专家）(unknown rater_group "${group}")`);
      }
      consistent(raterGroupOf, rater, value, line, `评分人 "${rater}" 的类别`, `rater_group of "${rater}"`);
      observation.raterGroup = value;
    }
    const raterUnit = text(cell('rater_unit'));
    if (raterUnit !== '') {
      consistent(raterUnitOf, rater, raterUnit, line, `评分人 "${rater}" 的单位`, `rater_unit of "${rater}"`);
      observation.raterUnit = raterUnit;
    }
    const speakerUnit = text(cell('speaker_unit'));
    if (speakerUnit !== '') {
      consistent(speakerUnitOf, speaker, speakerUnit, line, `主讲人 "${speaker}" 的单位`, `speaker_unit of "${speaker}"`);
      observation.speakerUnit = speakerUnit;
    }
    const rawTime = cell('submitted_at');
    if (rawTime instanceof Date) observation.submittedAt = rawTime.getTime();
    else if (!isBlank(rawTime)) {
      const value = text(rawTime);
      const t = parseIsoTime(value);
      if (t === undefined) {
        throw new ScoreFileError(
          `${at(line)}：提交时间 "${value}" 不是 ISO 8601 格式，例如 2025-06-01T09:30:00+08:00 (submitted_at "${value}" is not an ISO 8601 time)`,
        );
      }
      observation.submittedAt = t;
    }
    observations.push(observation);
  }
  if (observations.length === 0) throw new ScoreFileError(`${name}：表头下面没有评分数据 (no score rows below the header)`);
  return observations;
}
