import { describe, expect, it } from 'vitest';
import {
  birthDateAfterForMaxAge,
  birthDateReason,
  buildUnitIndex,
  checkRosterRow,
  entryDateReason,
  fileDuplicateProblems,
  identityKey,
  parsePhone,
  parseRosterDate,
  type RawRosterRow,
  type RosterPerson,
  resolveUnit,
  rosterDuplicateProblems,
  sortProblems,
  type UnitNode,
  unitDisplayPath,
} from './people.rules';

const TODAY = '2026-03-01';

// 市委组织部 ─┬ 市卫健委 ─┬ 办公室
//            │          └ 医政科
//            ├ 市教育局 ─── 办公室
//            └ 邻区       (another city's scope root in some tests)
const units: UnitNode[] = [
  { id: 'r', parentId: null, name: '市委组织部', path: '/r/' },
  { id: 'h', parentId: 'r', name: '市卫健委', path: '/r/h/' },
  { id: 'ho', parentId: 'h', name: '办公室', path: '/r/h/ho/' },
  { id: 'hm', parentId: 'h', name: '医政科', path: '/r/h/hm/' },
  { id: 'e', parentId: 'r', name: '市教育局', path: '/r/e/' },
  { id: 'eo', parentId: 'e', name: '办公室', path: '/r/e/eo/' },
  { id: 'x', parentId: null, name: '邻市委组织部', path: '/x/' },
];
const cityIndex = buildUnitIndex(units, ['/r/']);
const bureauIndex = buildUnitIndex(units, ['/r/h/']);

function row(cells: RawRosterRow['cells'], n = 2): RawRosterRow {
  return {
    row: n,
    cells: {
      name: '张三',
      gender: '男',
      birthDate: '1985-03-12',
      unit: '市卫健委/办公室',
      position: '办公室主任',
      rankLevel: '一级主任科员',
      politicalStatus: '中共党员',
      phone: '13800001234',
      entryDate: '2007-07-01',
      ...cells,
    },
  };
}

describe('parseRosterDate', () => {
  it.each([
    ['1990-05-01', '1990-05-01'],
    ['1990/5/1', '1990-05-01'],
    ['1990.05.01', '1990-05-01'],
    ['19900501', '1990-05-01'],
    ['1990年5月1日', '1990-05-01'],
    [' 1990-5-1 ', '1990-05-01'],
  ])('reads the text %s as %s', (text, expected) => {
    expect(parseRosterDate(text)).toBe(expected);
  });

  it('reads a date cell by its UTC day, as the workbook reader delivers it', () => {
    expect(parseRosterDate(new Date('1990-05-01T00:00:00Z'))).toBe('1990-05-01');
  });

  it('reads 19900501 typed as a number, and an Excel serial of a General-formatted date cell', () => {
    expect(parseRosterDate(19900501)).toBe('1990-05-01');
    expect(parseRosterDate(32994)).toBe('1990-05-01');
  });

  it.each([['1990-02-30'], ['1990-13-01'], ['1990/5'], ['五月一日'], ['19901301'], ['']])('refuses %s, which is no real date', (text) => {
    expect(parseRosterDate(text)).toBeNull();
  });

  it('refuses booleans, empty cells and non-positive numbers', () => {
    expect(parseRosterDate(true)).toBeNull();
    expect(parseRosterDate(null)).toBeNull();
    expect(parseRosterDate(-3)).toBeNull();
  });
});

describe('parsePhone', () => {
  it('accepts 11 digits starting with 1, as text or as the number Excel makes of it', () => {
    expect(parsePhone('13800001234')).toEqual({ ok: true, phone: '13800001234' });
    expect(parsePhone(13800001234)).toEqual({ ok: true, phone: '13800001234' });
  });

  it('drops the spaces and hyphens people type between digit groups', () => {
    expect(parsePhone('138-0000-1234')).toEqual({ ok: true, phone: '13800001234' });
    expect(parsePhone('138 0000 1234')).toEqual({ ok: true, phone: '13800001234' });
  });

  it('takes an empty cell as no phone', () => {
    expect(parsePhone(null)).toEqual({ ok: true, phone: null });
    expect(parsePhone(undefined)).toEqual({ ok: true, phone: null });
    expect(parsePhone('  ')).toEqual({ ok: true, phone: null });
  });

  it.each([['1380000123'], ['138000012345'], ['23800001234'], ['138****1234'], [1.38e10 + 0.5]])('refuses %s', (value) => {
    expect(parsePhone(value)).toEqual({ ok: false });
  });
});

describe('date rules', () => {
  it('accepts ages 16 to 70 on the day, counting whole years', () => {
    expect(birthDateReason('2010-03-01', TODAY)).toBeNull();
    expect(birthDateReason('1955-03-02', TODAY)).toBeNull();
    expect(birthDateReason('2010-03-02', TODAY)).toBe('年龄应在 16 至 70 岁之间（按今天计算为 15 岁）');
    expect(birthDateReason('1955-03-01', TODAY)).toBe('年龄应在 16 至 70 岁之间（按今天计算为 71 岁）');
  });

  it('refuses an entry date before the 16th birthday or after today', () => {
    expect(entryDateReason('2001-05-01', '1985-05-01', TODAY)).toBeNull();
    expect(entryDateReason('2001-04-30', '1985-05-01', TODAY)).toBe('参加工作时间不能早于年满 16 周岁（2001-05-01）');
    expect(entryDateReason('2026-03-02', '1985-05-01', TODAY)).toBe('参加工作时间不能晚于今天');
  });

  it('bounds "at most N years old" by a birth date after the same day N+1 years ago', () => {
    expect(birthDateAfterForMaxAge(TODAY, 35)).toBe('1990-03-01');
    // Born on the bound day: 36 today, excluded; a day later: still 35, included.
    expect('1990-03-01' > birthDateAfterForMaxAge(TODAY, 35)).toBe(false);
    expect('1990-03-02' > birthDateAfterForMaxAge(TODAY, 35)).toBe(true);
  });
});

describe('resolveUnit', () => {
  it('follows a path of names below the scope root, with or without the root in front', () => {
    expect(resolveUnit(cityIndex, '市卫健委/办公室')).toEqual({ kind: 'found', unit: units[2] });
    expect(resolveUnit(cityIndex, '市委组织部/市卫健委/办公室')).toEqual({ kind: 'found', unit: units[2] });
    expect(resolveUnit(bureauIndex, '市卫健委/办公室')).toEqual({ kind: 'found', unit: units[2] });
    expect(resolveUnit(bureauIndex, '办公室')).toEqual({ kind: 'found', unit: units[2] });
  });

  it('finds a unique name anywhere in scope, and lists the candidates of a shared one', () => {
    expect(resolveUnit(cityIndex, '医政科')).toEqual({ kind: 'found', unit: units[3] });
    expect(resolveUnit(cityIndex, '办公室')).toEqual({ kind: 'ambiguous', candidates: ['市卫健委/办公室', '市教育局/办公室'] });
  });

  it('never finds a unit outside the scopes', () => {
    expect(resolveUnit(bureauIndex, '市教育局/办公室')).toEqual({ kind: 'unknown' });
    expect(resolveUnit(bureauIndex, '邻市委组织部')).toEqual({ kind: 'unknown' });
    expect(resolveUnit(cityIndex, '市卫健委/人事科')).toEqual({ kind: 'unknown' });
  });

  it('writes a unit as the path resolveUnit reads back', () => {
    for (const u of units.slice(0, 6)) {
      expect(resolveUnit(cityIndex, unitDisplayPath(cityIndex, u))).toEqual({ kind: 'found', unit: u });
    }
    expect(unitDisplayPath(cityIndex, units[0]!)).toBe('市委组织部');
    expect(unitDisplayPath(cityIndex, units[2]!)).toBe('市卫健委/办公室');
  });
});

describe('checkRosterRow', () => {
  it('turns a valid row into a person', () => {
    expect(checkRosterRow(row({}), TODAY, cityIndex)).toEqual({
      person: {
        row: 2,
        name: '张三',
        gender: 'male',
        birthDate: '1985-03-12',
        unitId: 'ho',
        position: '办公室主任',
        rankLevel: '一级主任科员',
        politicalStatus: '中共党员',
        phone: '13800001234',
        entryDate: '2007-07-01',
      },
      problems: [],
    });
  });

  it('leaves the optional columns empty when absent', () => {
    const { person } = checkRosterRow(row({ position: null, phone: null, entryDate: null }), TODAY, cityIndex);
    expect(person).toMatchObject({ position: '', phone: null, entryDate: null });
  });

  it.each<[string, RawRosterRow['cells'], string, string]>([
    ['a missing name', { name: ' ' }, '姓名', '姓名不能为空'],
    ['a name over 30 characters', { name: '张'.repeat(31) }, '姓名', '姓名不能超过 30 个字符'],
    ['a missing gender', { gender: null }, '性别', '性别不能为空'],
    ['a gender other than 男/女', { gender: '男性' }, '性别', '性别"男性"无效，应填写"男"或"女"'],
    ['a missing birth date', { birthDate: null }, '出生日期', '出生日期不能为空'],
    ['an unreadable birth date', { birthDate: '1985-02-30' }, '出生日期', '出生日期"1985-02-30"无法识别，请填写如 1990-05-01 的日期'],
    ['an age under 16', { birthDate: '2012-01-01', entryDate: null }, '出生日期', '年龄应在 16 至 70 岁之间（按今天计算为 14 岁）'],
    ['a missing unit', { unit: '' }, '单位', '单位不能为空'],
    ['an unknown unit', { unit: '市财政局' }, '单位', '单位"市财政局"不存在或不在您的管理范围内'],
    ['an ambiguous unit', { unit: '办公室' }, '单位', '单位"办公室"对应多个单位：市卫健委/办公室、市教育局/办公室，请填写完整路径'],
    ['a position over 60 characters', { position: '职'.repeat(61) }, '职务', '职务不能超过 60 个字符'],
    ['a missing rank', { rankLevel: null }, '职级', '职级不能为空'],
    ['an unknown rank', { rankLevel: '处长' }, '职级', expect.stringMatching(/^职级"处长"无效，应为以下之一：一级科员、四级主任科员、/) as never],
    ['a missing political status', { politicalStatus: '' }, '政治面貌', '政治面貌不能为空'],
    [
      'an unknown political status',
      { politicalStatus: '党员' },
      '政治面貌',
      '政治面貌"党员"无效，应为以下之一：中共党员、中共预备党员、共青团员、民主党派、群众',
    ],
    ['a malformed phone', { phone: '1380000' }, '手机号', '手机号"1380000"无效，应为 11 位数字，以 1 开头'],
    ['an unreadable entry date', { entryDate: '去年' }, '参加工作时间', '参加工作时间"去年"无法识别，请填写如 2012-07-01 的日期'],
    ['an entry date before 16', { entryDate: '2000-01-01' }, '参加工作时间', '参加工作时间不能早于年满 16 周岁（2001-03-12）'],
    ['an entry date in the future', { entryDate: '2027-01-01' }, '参加工作时间', '参加工作时间不能晚于今天'],
  ])('reports %s in its column, in Chinese', (_what, cells, column, reason) => {
    expect(checkRosterRow(row(cells, 7), TODAY, cityIndex)).toEqual({ person: null, problems: [{ row: 7, column, reason }] });
  });

  it('reports every problem of a row, not just the first', () => {
    const { problems } = checkRosterRow(row({ name: '', gender: 'M', phone: 'x' }), TODAY, cityIndex);
    expect(problems.map((p) => p.column)).toEqual(['姓名', '性别', '手机号']);
  });
});

describe('duplicates', () => {
  const person = (n: number, name: string, unitId = 'ho'): RosterPerson => ({
    row: n,
    name,
    gender: 'male',
    birthDate: '1985-03-12',
    unitId,
    position: '',
    rankLevel: '一级科员',
    politicalStatus: '群众',
    phone: null,
    entryDate: null,
  });

  it('reports each row of a person named twice in the file, naming the other rows', () => {
    expect(fileDuplicateProblems([person(2, '张三'), person(3, '李四'), person(5, '张三'), person(6, '张三', 'hm'), person(9, '张三')])).toEqual([
      { row: 2, column: '姓名', reason: '与第 5 行、第 9 行重复（姓名、出生日期、单位相同）' },
      { row: 5, column: '姓名', reason: '与第 2 行、第 9 行重复（姓名、出生日期、单位相同）' },
      { row: 9, column: '姓名', reason: '与第 2 行、第 5 行重复（姓名、出生日期、单位相同）' },
    ]);
  });

  it('reports a row naming someone already on the roster', () => {
    const existing = new Set([identityKey({ name: '李四', birthDate: '1985-03-12', unitId: 'ho' })]);
    expect(rosterDuplicateProblems([person(2, '张三'), person(3, '李四')], existing)).toEqual([
      { row: 3, column: '姓名', reason: '与名册中已有人员重复（姓名、出生日期、单位相同）' },
    ]);
  });

  it('orders problems by row, then by column from left to right', () => {
    expect(
      sortProblems([
        { row: 3, column: '手机号', reason: 'a' },
        { row: 2, column: '职级', reason: 'b' },
        { row: 3, column: '姓名', reason: 'c' },
      ]).map((p) => p.reason),
    ).toEqual(['b', 'c', 'a']);
  });
});
