import { ROSTER_COLUMNS } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { ROSTER_HEADERS } from './columns';
import { isXlsxName, reportFromError, sortProblems } from './importReport';
import { personBody, rosterQuery } from './query';

describe('roster query', () => {
  it('sends only the filters that are set, and sub-units only with a unit', () => {
    expect(rosterQuery({ includeSubunits: true, q: '  ' }, { page: 2, pageSize: 20 })).toEqual({
      page: 2,
      pageSize: 20,
      q: undefined,
      unitId: undefined,
      includeSubunits: undefined,
      gender: undefined,
      rankLevel: undefined,
      politicalStatus: undefined,
      maxAge: undefined,
    });
    expect(rosterQuery({ includeSubunits: false, unitId: 'u1', gender: 'female', maxAge: 35 })).toMatchObject({
      unitId: 'u1',
      includeSubunits: false,
      gender: 'female',
      maxAge: 35,
    });
  });

  it('has no paging for the export', () => {
    expect(rosterQuery({ includeSubunits: true })).not.toHaveProperty('page');
  });
});

describe('personBody', () => {
  const base = {
    name: ' 张三 ',
    gender: 'male' as const,
    birthDate: '1990-05-01',
    unitId: 'u1',
    rankLevel: '一级科员' as const,
    politicalStatus: '中共党员' as const,
  };

  it('trims text, normalises the phone and nulls an empty start date', () => {
    expect(personBody({ ...base, phone: '138 0013 8000', entryDate: '' })).toEqual({
      ...base,
      name: '张三',
      position: '',
      phone: '13800138000',
      entryDate: null,
    });
  });

  it('never sends back a masked phone the user did not replace', () => {
    expect(personBody({ ...base, phone: '' }, { phoneMasked: true })).not.toHaveProperty('phone');
  });

  it('clears a full phone the user emptied', () => {
    expect(personBody({ ...base, phone: '' }, { phoneMasked: false })).toHaveProperty('phone', null);
  });
});

describe('import', () => {
  it('uses the same workbook headers as the server', () => {
    expect([...ROSTER_HEADERS]).toEqual(ROSTER_COLUMNS.map((c) => c.header));
  });

  it('reads the report out of a 422 import_rejected', () => {
    const report = { imported: false, dryRun: false, rows: 3, created: 0, problems: [{ row: 2, column: '性别', reason: '应为 男 或 女' }] };
    expect(reportFromError(new ApiError(422, 'import_rejected', '花名册有错误', report))).toEqual(report);
    expect(reportFromError(new ApiError(400, 'import_invalid_file', '无法读取该文件'))).toBeNull();
    expect(reportFromError(new Error('x'))).toBeNull();
  });

  it('accepts only .xlsx names', () => {
    expect(isXlsxName('花名册.XLSX')).toBe(true);
    expect(isXlsxName('花名册.xls')).toBe(false);
    expect(isXlsxName('roster.csv')).toBe(false);
  });

  it('sorts problems by row, then by the column order of the template', () => {
    const sorted = sortProblems(
      [
        { row: 3, column: '姓名', reason: 'a' },
        { row: 2, column: '手机号', reason: 'b' },
        { row: 2, column: '性别', reason: 'c' },
        { row: 2, column: '未知列', reason: 'd' },
      ],
      ROSTER_HEADERS,
    );
    expect(sorted.map((p) => p.reason)).toEqual(['c', 'b', 'd', 'a']);
  });
});
