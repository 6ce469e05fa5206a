import { type Gender, type ImportProblem, POLITICAL_STATUSES, RANK_LEVELS, ROSTER_COLUMNS } from '@lecture-hall/shared';
import { ageOn } from '../../lib/clock';
import type { PlainCell } from '../../lib/excel-cell';

/*
 * Rules of the roster (干部名册): what a valid person is, and how a row of an uploaded
 * workbook becomes one. Pure functions only — the service loads units and existing people,
 * these decide; so every reason a row is refused is tested without a database.
 */

/** One upload at most: a larger roster is split by unit, and a report of problems stays readable. */
export const IMPORT_MAX_ROWS = 5000;
export const MIN_AGE = 16;
export const MAX_AGE = 70;
export const NAME_MAX = 30;
export const POSITION_MAX = 60;

export type RosterKey = (typeof ROSTER_COLUMNS)[number]['key'];
export const HEADER_OF = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.header])) as Record<RosterKey, string>;
/** Columns a workbook must have; 职务, 手机号 and 参加工作时间 may be left out entirely. */
export const REQUIRED_KEYS: readonly RosterKey[] = ['name', 'gender', 'birthDate', 'unit', 'rankLevel', 'politicalStatus'];

export const GENDER_BY_LABEL: Record<string, Gender> = { 男: 'male', 女: 'female' };
export const LABEL_OF_GENDER: Record<Gender, string> = { male: '男', female: '女' };

/** A cell as the workbook reader (lib/excel-cell.ts) hands it over: rich text, formulas and links already flattened. */
export type CellValue = PlainCell;

export interface RawRosterRow {
  /** The Excel row number, the header being row 1: what a person looks for in the file. */
  row: number;
  cells: Partial<Record<RosterKey, CellValue>>;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function ymd(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  // Date.UTC rolls 2023-02-30 over into March; a real date comes back unchanged.
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

// Excel's day 0 is 1899-12-30 (it counts 1900-02-29, which did not exist, so earlier serials are off by one).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_MAX_SERIAL = 2958465; // 9999-12-31

/**
 * A calendar date (YYYY-MM-DD) from a cell, or null when it is none. Accepts a date cell, a
 * number (an Excel serial of a cell formatted as General, or 19900501 typed as a number), and
 * text as people type it: 1990-05-01, 1990/5/1, 1990.05.01, 19900501, 1990年5月1日.
 */
export function parseRosterDate(value: CellValue): string | null {
  if (value === null || typeof value === 'boolean') return null;
  if (value instanceof Date) {
    // The reader makes date cells UTC midnights; the wall-clock day is the UTC one.
    if (Number.isNaN(value.getTime())) return null;
    return ymd(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return null;
    if (Number.isInteger(value) && value >= 10_000_000 && value <= 99_999_999) {
      return ymd(Math.floor(value / 10000), Math.floor(value / 100) % 100, value % 100);
    }
    if (value > EXCEL_MAX_SERIAL) return null;
    const t = new Date(EXCEL_EPOCH_MS + Math.floor(value) * 86_400_000);
    return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const text = value.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (compact) return ymd(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  const separated = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (separated) return ymd(Number(separated[1]), Number(separated[2]), Number(separated[3]));
  return null;
}

// Invisible control characters (tab, line feed and carriage return aside). Excel keeps one pasted
// into a cell as _x0000_-style escapes that the reader decodes, and PostgreSQL refuses U+0000 in text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The text of a cell as a person reads it; dates come back as YYYY-MM-DD. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return parseRosterDate(value) ?? '';
  return String(value).replace(INVISIBLE_CONTROLS, '').trim();
}

export type PhoneResult = { ok: true; phone: string | null } | { ok: false };

/**
 * A mobile number from a cell: 11 digits starting with 1, or empty. Excel turns a typed number
 * into a numeric cell, and people write 138-0000-1234 or 138 0000 1234; both are accepted.
 */
export function parsePhone(value: CellValue | undefined): PhoneResult {
  if (value === null || value === undefined) return { ok: true, phone: null };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? parsePhone(String(value)) : { ok: false };
  }
  if (typeof value !== 'string') return { ok: false };
  const digits = value.trim().replace(/[\s-]/g, '');
  if (digits === '') return { ok: true, phone: null };
  return /^1\d{10}$/.test(digits) ? { ok: true, phone: digits } : { ok: false };
}

/** Why a birth date is refused on the given day, or null: cadres on the roster are 16 to 70. */
export function birthDateReason(birthDate: string, today: string): string | null {
  const age = ageOn(birthDate, today);
  if (age < MIN_AGE || age > MAX_AGE) return `年龄应在 ${MIN_AGE} 至 ${MAX_AGE} 岁之间（按今天计算为 ${age} 岁）`;
  return null;
}

/** Why a date of starting work is refused, or null: not before the 16th birthday, not in the future. */
export function entryDateReason(entryDate: string, birthDate: string, today: string): string | null {
  if (entryDate > today) return '参加工作时间不能晚于今天';
  // Compared as text, so a 29 February birthday needs no special case: 2016-02-29 + 16 years is "2032-02-29".
  const sixteenth = `${Number(birthDate.slice(0, 4)) + MIN_AGE}${birthDate.slice(4)}`;
  if (entryDate < sixteenth) return `参加工作时间不能早于年满 ${MIN_AGE} 周岁（${sixteenth}）`;
  return null;
}

/**
 * The birth-date bound of the "age at most N" filter: a person is at most N years old today
 * exactly when their birth date (as text) is after this one. Today's month and day are kept
 * even when the year lacks them (02-29), which text comparison handles as ageOn does.
 */
export function birthDateAfterForMaxAge(today: string, maxAge: number): string {
  return `${Number(today.slice(0, 4)) - maxAge - 1}${today.slice(4)}`;
}

// ---------------------------------------------------------------------------------------------
// Units named in a workbook

export interface UnitNode {
  id: string;
  parentId: string | null;
  name: string;
  path: string;
}

/** The units within an actor's scopes, arranged for finding one by name or by a path of names. */
export interface UnitIndex {
  roots: UnitNode[];
  byId: Map<string, UnitNode>;
  children: Map<string, UnitNode[]>;
  byName: Map<string, UnitNode[]>;
}

export function buildUnitIndex(units: readonly UnitNode[], scopePaths: readonly string[]): UnitIndex {
  const inScope = units.filter((u) => scopePaths.some((s) => u.path.startsWith(s)));
  const byId = new Map(inScope.map((u) => [u.id, u]));
  const children = new Map<string, UnitNode[]>();
  const byName = new Map<string, UnitNode[]>();
  for (const u of inScope) {
    if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
    byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  }
  const roots = inScope.filter((u) => scopePaths.includes(u.path));
  return { roots, byId, children, byName };
}

/**
 * How a unit is written in the workbook: the names from below the actor's scope root down to
 * the unit (市卫健委/办公室), or the root's own name for the root itself. Export writes this
 * and import reads it back, so an exported roster re-imports as it is.
 */
export function unitDisplayPath(index: UnitIndex, unit: UnitNode): string {
  const root = index.roots.find((r) => unit.path.startsWith(r.path));
  if (!root || root.id === unit.id) return unit.name;
  const ids = unit.path.slice(root.path.length).split('/').filter(Boolean);
  return ids.map((id) => index.byId.get(id)?.name ?? id).join('/');
}

export type UnitResolution = { kind: 'found'; unit: UnitNode } | { kind: 'unknown' } | { kind: 'ambiguous'; candidates: string[] };

function descend(index: UnitIndex, from: UnitNode, names: readonly string[]): UnitNode | undefined {
  let at: UnitNode | undefined = from;
  for (const name of names) {
    // Sibling units have distinct names in practice; the first match keeps this total if not.
    at = (index.children.get(at.id) ?? []).find((c) => c.name === name);
    if (!at) return undefined;
  }
  return at;
}

/**
 * Finds the unit a workbook cell names. A path of names (市卫健委/办公室) is read from a scope
 * root downwards, with or without the root's own name in front; a lone name that is no such
 * path must be unique among the units in scope. Units outside the scopes are never found.
 */
export function resolveUnit(index: UnitIndex, text: string): UnitResolution {
  const names = text
    .split(/[/／\\]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) return { kind: 'unknown' };
  const found = new Map<string, UnitNode>();
  for (const root of index.roots) {
    const below = descend(index, root, names);
    if (below) found.set(below.id, below);
    if (names[0] === root.name) {
      const within = descend(index, root, names.slice(1));
      if (within) found.set(within.id, within);
    }
  }
  if (found.size === 0 && names.length === 1) {
    for (const u of index.byName.get(names[0]!) ?? []) found.set(u.id, u);
  }
  const matches = [...found.values()];
  if (matches.length === 1) return { kind: 'found', unit: matches[0]! };
  if (matches.length === 0) return { kind: 'unknown' };
  return { kind: 'ambiguous', candidates: matches.map((u) => unitDisplayPath(index, u)).sort() };
}

// ---------------------------------------------------------------------------------------------
// Rows of a workbook

/** A row that passed every check, ready to become a person. */
export interface RosterPerson {
  row: number;
  name: string;
  gender: Gender;
  birthDate: string;
  unitId: string;
  position: string;
  rankLevel: string;
  politicalStatus: string;
  phone: string | null;
  entryDate: string | null;
}

export interface RowCheck {
  person: RosterPerson | null;
  problems: ImportProblem[];
}

export function isBlankRow(raw: RawRosterRow): boolean {
  return Object.values(raw.cells).every((v) => cellText(v) === '');
}

function listOf(values: readonly string[]): string {
  return values.join('、');
}

/** Checks one data row on the given day against the units the importer manages. */
export function checkRosterRow(raw: RawRosterRow, today: string, units: UnitIndex): RowCheck {
  const problems: ImportProblem[] = [];
  const problem = (key: RosterKey, reason: string) => problems.push({ row: raw.row, column: HEADER_OF[key], reason });
  const text = (key: RosterKey) => cellText(raw.cells[key]);

  const name = text('name');
  if (name === '') problem('name', '姓名不能为空');
  else if ([...name].length > NAME_MAX) problem('name', `姓名不能超过 ${NAME_MAX} 个字符`);

  const genderText = text('gender');
  const gender = GENDER_BY_LABEL[genderText];
  if (genderText === '') problem('gender', '性别不能为空');
  else if (!gender) problem('gender', `性别"${genderText}"无效，应填写"男"或"女"`);

  const birthCell = raw.cells.birthDate ?? null;
  const birthDate = parseRosterDate(birthCell);
  if (text('birthDate') === '') problem('birthDate', '出生日期不能为空');
  else if (!birthDate) problem('birthDate', `出生日期"${text('birthDate')}"无法识别，请填写如 1990-05-01 的日期`);
  else {
    const reason = birthDateReason(birthDate, today);
    if (reason) problem('birthDate', reason);
  }

  const unitText = text('unit');
  let unitId: string | null = null;
  if (unitText === '') problem('unit', '单位不能为空');
  else {
    const r = resolveUnit(units, unitText);
    if (r.kind === 'found') unitId = r.unit.id;
    else if (r.kind === 'unknown') problem('unit', `单位"${unitText}"不存在或不在您的管理范围内`);
    else problem('unit', `单位"${unitText}"对应多个单位：${listOf(r.candidates)}，请填写完整路径`);
  }

  const position = text('position');
  if ([...position].length > POSITION_MAX) problem('position', `职务不能超过 ${POSITION_MAX} 个字符`);

  const rankLevel = text('rankLevel');
  if (rankLevel === '') problem('rankLevel', '职级不能为空');
  else if (!(RANK_LEVELS as readonly string[]).includes(rankLevel)) problem('rankLevel', `职级"${rankLevel}"无效，应为以下之一：${listOf(RANK_LEVELS)}`);

  const politicalStatus = text('politicalStatus');
  if (politicalStatus === '') problem('politicalStatus', '政治面貌不能为空');
  else if (!(POLITICAL_STATUSES as readonly string[]).includes(politicalStatus)) {
    problem('politicalStatus', `政治面貌"${politicalStatus}"无效，应为以下之一：${listOf(POLITICAL_STATUSES)}`);
  }

  const phone = parsePhone(raw.cells.phone);
  if (!phone.ok) problem('phone', `手机号"${text('phone')}"无效，应为 11 位数字，以 1 开头`);

  let entryDate: string | null = null;
  if (text('entryDate') !== '') {
    entryDate = parseRosterDate(raw.cells.entryDate ?? null);
    if (!entryDate) problem('entryDate', `参加工作时间"${text('entryDate')}"无法识别，请填写如 2012-07-01 的日期`);
    else if (birthDate) {
      const reason = entryDateReason(entryDate, birthDate, today);
      if (reason) problem('entryDate', reason);
    }
  }

  if (problems.length > 0 || !gender || !birthDate || !unitId || !phone.ok) return { person: null, problems };
  return {
    person: { row: raw.row, name, gender, birthDate, unitId, position, rankLevel, politicalStatus, phone: phone.phone, entryDate },
    problems,
  };
}

/** The roster's identity of a person (the unique index people_identity_uq): name, birth date, unit. */
export function identityKey(p: { name: string; birthDate: string; unitId: string }): string {
  return JSON.stringify([p.name, p.birthDate, p.unitId]);
}

const DUPLICATE_FIELDS = '（姓名、出生日期、单位相同）';

/** Rows of one file that name the same person: each is reported, naming the others. */
export function fileDuplicateProblems(people: readonly RosterPerson[]): ImportProblem[] {
  const rowsByKey = new Map<string, number[]>();
  for (const p of people) {
    const k = identityKey(p);
    rowsByKey.set(k, [...(rowsByKey.get(k) ?? []), p.row]);
  }
  const problems: ImportProblem[] = [];
  for (const rows of rowsByKey.values()) {
    if (rows.length < 2) continue;
    for (const row of rows) {
      const others = rows.filter((r) => r !== row).map((r) => `第 ${r} 行`);
      problems.push({ row, column: HEADER_OF.name, reason: `与${listOf(others)}重复${DUPLICATE_FIELDS}` });
    }
  }
  return problems;
}

/** Rows naming someone the roster already holds. */
export function rosterDuplicateProblems(people: readonly RosterPerson[], existingKeys: ReadonlySet<string>): ImportProblem[] {
  return people
    .filter((p) => existingKeys.has(identityKey(p)))
    .map((p) => ({ row: p.row, column: HEADER_OF.name, reason: `与名册中已有人员重复${DUPLICATE_FIELDS}` }));
}

const COLUMN_ORDER = new Map<string, number>(ROSTER_COLUMNS.map((c, i) => [c.header, i]));

/** Problems in the order a person works through the file: by row, then left to right. */
export function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => a.row - b.row || (COLUMN_ORDER.get(a.column) ?? -1) - (COLUMN_ORDER.get(b.column) ?? -1));
}
