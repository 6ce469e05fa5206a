import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCsv, parseCsv, readScoreFile, ScoreFileError } from './score-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'score-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function write(content: string | Buffer, ext = '.csv'): string {
  const file = path.join(dir, `f${++counter}${ext}`);
  fs.writeFileSync(file, content);
  return file;
}

async function xlsx(rows: unknown[][], ext = '.xlsx'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('评分表');
  for (const r of rows) ws.addRow(r);
  return write(Buffer.from(await wb.xlsx.writeBuffer()), ext);
}

async function failure(file: string): Promise<string> {
  const err = await readScoreFile(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScoreFileError);
  return (err as Error).message;
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes, numbering each record by its first line', () => {
    const records = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\n"",last');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\r\nlines', 'z'] },
      { line: 5, fields: ['', 'last'] },
    ]);
  });

  it('accepts CR-only line endings and a final record without a line break', () => {
    expect(parseCsv('a\rb\rc')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: ['b'] },
      { line: 3, fields: ['c'] },
    ]);
  });

  it('keeps empty fields: ",," is three empty fields', () => {
    expect(parseCsv(',,\n')).toEqual([{ line: 1, fields: ['', '', ''] }]);
  });

  it.each([
    ['a,"open\nnever closed', /第 1 行 \(line 1\)：引号没有闭合/],
    ['a,b\nx,ab"c', /第 2 行 \(line 2\)：未加引号的字段中出现引号/],
    ['a,b\n"x"y,z', /第 2 行 \(line 2\)：引号后面还有内容/],
  ])('refuses %j naming the line', (text, message) => {
    expect(() => parseCsv(text)).toThrow(message);
  });
});

describe('decodeCsv', () => {
  it("drops Excel's UTF-8 byte order mark", () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('rater,评分')]))).toBe('rater,评分');
  });

  it('reads GB18030 (Excel "CSV (逗号分隔)" on Chinese Windows) when the bytes are not UTF-8', () => {
    // 张三 in GBK: D5 C5 C8 FD.
    expect(decodeCsv(Buffer.from([0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31]))).toBe('张三,1');
  });
});

describe('readScoreFile', () => {
  it('reads a UTF-8 CSV with a BOM, CRLF, quoted names and every optional column', async () => {
    const csv =
      '\uFEFFRater, speaker ,dimension,score,rater_group,rater_unit,speaker_unit,submitted_at\r\n' +
      '"王五, 审计局",李四,内容,8.5,专家,审计局,"发改委",2025-06-01T09:30:00+08:00\r\n' +
      '\r\n' +
      'P1,李四,表达,7,audience,,,2025-06-01T09:31:00\r\n' +
      ',,,,,,,\r\n';
    expect(await readScoreFile(write(csv))).toEqual([
      {
        rater: '王五, 审计局',
        speaker: '李四',
        dimension: '内容',
        score: 8.5,
        raterGroup: 'expert',
        raterUnit: '审计局',
        speakerUnit: '发改委',
        submittedAt: Date.UTC(2025, 5, 1, 1, 30),
      },
      // Without an offset a time is read as UTC, the same on every machine.
      { rater: 'P1', speaker: '李四', dimension: '表达', score: 7, raterGroup: 'audience', submittedAt: Date.UTC(2025, 5, 1, 9, 31) },
    ]);
  });

  it('reads the first worksheet of an .xlsx: number cells, text scores and a date cell', async () => {
    const file = await xlsx([
      ['rater', 'speaker', 'dimension', 'score', 'submitted_at'],
      ['R1', '张三', '内容', 9, new Date(Date.UTC(2025, 5, 1, 2, 0))],
      ['R1', '张三', '表达', ' 7.5 ', null],
      [101, '张三', '实效', 8, '2025-06-01T10:00:00Z'],
    ]);
    expect(await readScoreFile(file)).toEqual([
      { rater: 'R1', speaker: '张三', dimension: '内容', score: 9, submittedAt: Date.UTC(2025, 5, 1, 2, 0) },
      { rater: 'R1', speaker: '张三', dimension: '表达', score: 7.5 },
      { rater: '101', speaker: '张三', dimension: '实效', score: 8, submittedAt: Date.UTC(2025, 5, 1, 10, 0) },
    ]);
  });

  it('names the worksheet row of a bad .xlsx cell', async () => {
    const file = await xlsx([
      ['rater', 'speaker', 'dimension', 'score'],
      ['R1', '张三', '内容', 9],
      ['R2', '张三', '内容', '九'],
    ]);
    expect(await failure(file)).toBe(`${path.basename(file)}：第 3 行 (row 3)：分数 "九" 不是数字 (score "九" is not a number)`);
  });

  const header = 'rater,speaker,dimension,score';
  it.each([
    ['a header without score', 'rater,speaker,dimension\nA,X,d\n', '第 1 行 (line 1)：表头缺少 score 列'],
    ['an unknown column', `${header},note\nA,X,d,8,ok\n`, '第 1 行 (line 1)：未知的列 "note"'],
    ['a column named twice', `${header},Score\nA,X,d,8,8\n`, '第 1 行 (line 1)：列 "score" 出现了两次'],
    ['a non-numeric score', `${header}\nA,X,d,8\nB,X,d,8分\n`, '第 3 行 (line 3)：分数 "8分" 不是数字'],
    ['a decimal comma', `${header}\nA,X,d,"8,5"\n`, '第 2 行 (line 2)：分数 "8,5" 不是数字'],
    ['an empty score', `${header}\nA,X,d,\n`, '第 2 行 (line 2)：缺少分数 (score is empty)'],
    ['an empty rater', `${header}\n,X,d,8\n`, '第 2 行 (line 2)：缺少评分人 (rater is empty)'],
    ['a header only', `${header}\r\n`, '表头下面没有评分数据 (no score rows below the header)'],
    ['blank lines only', '\r\n\r\n', '文件是空的 (the file is empty)'],
    ['a second score for the same rater, speaker and dimension', `${header}\nA,X,d,8\nB,X,d,7\nA,X,d,9\n`, '第 4 行 (line 4)：与第 2 行重复'],
    ['an unknown rater_group', `${header},rater_group\nA,X,d,8,guest\n`, '第 2 行 (line 2)：评分人类别 "guest" 无法识别'],
    [
      'a rater in two groups',
      `${header},rater_group\nA,X,d,8,expert\nA,Y,d,8,audience\n`,
      '第 3 行 (line 3)：评分人 "A" 的类别为 "audience"，而第 2 行为 "expert"',
    ],
    ['a speaker in two units', `${header},speaker_unit\nA,X,d,8,甲局\nB,X,d,8,乙局\n`, '第 3 行 (line 3)：主讲人 "X" 的单位为 "乙局"，而第 2 行为 "甲局"'],
    [
      'a date that does not exist',
      `${header},submitted_at\nA,X,d,8,2025-02-30T09:00:00Z\n`,
      '第 2 行 (line 2)：提交时间 "2025-02-30T09:00:00Z" 不是 ISO 8601 格式',
    ],
    ['a time that is not ISO 8601', `${header},submitted_at\nA,X,d,8,2025/6/1 9:00\n`, '第 2 行 (line 2)：提交时间 "2025/6/1 9:00" 不是 ISO 8601 格式'],
    ['a value under no header', `${header}\nA,X,d,8,extra\n`, '第 2 行 (line 2)：第 5 列有内容 "extra" 但没有表头'],
    ['an unclosed quote', `${header}\nA,"X,d,8\n`, '第 2 行 (line 2)：引号没有闭合'],
  ])('refuses %s, naming the line', async (_, content, message) => {
    expect(await failure(write(content))).toContain(message);
  });

  it('refuses an empty file', async () => {
    expect(await failure(write(''))).toMatch(/：文件是空的 \(the file is empty\)$/);
  });

  it('refuses a missing file, naming it', async () => {
    const file = path.join(dir, 'missing.csv');
    expect(await failure(file)).toBe(`${file}：文件不存在 (no such file)`);
  });

  it('refuses a file that is neither .csv nor .xlsx', async () => {
    expect(await failure(write('rater,speaker,dimension,score\n', '.xls'))).toContain(
      '只能分析 .csv 或 .xlsx 文件 (only .csv and .xlsx files can be analysed, got ".xls")',
    );
  });

  it('refuses a CSV renamed to .xlsx', async () => {
    expect(await failure(write('rater,speaker,dimension,score\nA,X,d,8\n', '.xlsx'))).toContain('不是 .xlsx 格式的 Excel 工作簿');
  });
});
