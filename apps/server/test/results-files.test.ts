import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/lib/errors';
import { newId } from '../src/lib/ids';
import { printPdf } from '../src/modules/results/results.report';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { ballotRow, makeAttendees, makeLiveEdition, openWindow } from './ballot-factories';
import { DIALECTS } from './db';
import { makeUnit, makeUser } from './factories';
import { multipartFile } from './xlsx';

/*
 * Results as files, end to end, with figures worked by hand. Every live ballot gives one score on
 * all five dimensions, so its total is that score whatever the weights. The default rule drops
 * 10 % from each end but at least one ballot; the audience weighs 70 %.
 *
 * Export edition (two speakers):
 *   talk 1: audience 9 8 7 → drop 7 and 9 → 8; experts 10 9 → too few to drop, mean 9.5
 *           final 0.7 × 8 + 0.3 × 9.5 = 8.45
 *   talk 2: audience 6 7 5 → 6; experts 8 7 → 7.5; final 0.7 × 6 + 0.3 × 7.5 = 6.45
 *   dimension 思考深度 of talk 1: 9 8 7 10 9 → mean 8.6, trimmed (drop 7 and 10) 26/3 = 8.6667
 *
 * Paper edition (two speakers; live audience only, then one paper sheet):
 *   talk 1: live audience 9 8 7; paper audience #1 scores 8 6 9 7 10 → total
 *           0.25×8 + 0.2×6 + 0.25×9 + 0.15×7 + 0.15×10 = 8.0, #2 all 5 → 5; paper expert #3 all 9
 *           audience 5 7 8 8 9 → drop 5 and 9 → 23/3 = 7.6667; experts 9
 *           final 0.7 × 23/3 + 0.3 × 9 = 8.0667
 *   talk 2: live audience 6 6 6; paper audience 7 and 4; paper expert 8
 *           audience 4 6 6 6 7 → 6; final 0.7 × 6 + 0.3 × 8 = 6.6
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const hasChromium = fs.existsSync('/usr/bin/chromium');

interface LiveBallot {
  raterKey: string;
  group: 'audience' | 'expert';
  talk: number;
  value: number;
}

async function insertBallots(db: TestApp['testDb']['db'], editionId: string, talkIds: string[], ballots: LiveBallot[]) {
  let minute = 0;
  const at = () => new Date(Date.UTC(2026, 0, 1, 6, minute++)).toISOString();
  const windows: string[] = [];
  for (const talkId of talkIds) windows.push(await openWindow(db, editionId, talkId, { openedAt: at() }));
  await db
    .insertInto('ballots')
    .values(
      ballots.map((b) =>
        ballotRow({ editionId, talkId: talkIds[b.talk]!, windowId: windows[b.talk]!, raterKey: b.raterKey, group: b.group, value: b.value, createdAt: at() }),
      ),
    )
    .execute();
}

/**
 * The codes the exports must show, worked out here: numbered in the order of an HMAC of each key
 * under the edition's secret, or (null: results published before there were secrets) of its plain SHA-256.
 */
function codesOf(keys: string[], prefix: string, width: number, salt: string | null): Map<string, string> {
  const digest = (k: string) => (salt === null ? createHash('sha256') : createHmac('sha256', salt)).update(k).digest('hex');
  const ordered = [...keys].sort((a, b) => (digest(a) < digest(b) ? -1 : 1));
  return new Map(ordered.map((k, i) => [k, `${prefix}-${String(i + 1).padStart(width, '0')}`]));
}

async function openWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  return wb;
}

/** Every cell value of a workbook as text, hidden ones included. */
function allText(wb: ExcelJS.Workbook): string {
  const parts: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow({ includeEmpty: false }, (row) => row.eachCell((c) => parts.push(String(c.value))));
  return parts.join('\n');
}

const rowValues = (ws: ExcelJS.Worksheet, row: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ws.getCell(row, from + i).value);

describe.each(DIALECTS)('results exports and paper score sheets on %s', (dialect) => {
  let t: TestApp;
  /** The edition's rater-code secret, made when its results were first computed (by the export just requested). */
  const saltOf = async (editionId: string) =>
    (await t.testDb.db.selectFrom('rater_code_salts').select('salt').where('edition_id', '=', editionId).executeTakeFirstOrThrow()).salt;
  let hallAdmin: Session;
  let leader: Session;
  let exportEdition: { editionId: string; talkIds: string[] };
  let paperEdition: { editionId: string; talkIds: string[] };
  let audienceKeys: string[];
  let expertKeys: string[];
  let names: string[];
  let paperNames: string[];
  let template: Buffer;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const db = t.testDb.db;
    const city = await makeUnit(db, '市委组织部');
    const bureau = await makeUnit(db, '市卫健委', city);
    await makeUser(db, 'files_admin', [['hall_admin', bureau]]);
    await makeUser(db, 'files_leader', [['leader', city]]);
    hallAdmin = await login(t.app, 'files_admin');
    leader = await login(t.app, 'files_leader');

    exportEdition = await makeLiveEdition(db, { unit: bureau, talks: 2, status: 'closed' });
    // A comma and a quote in a name: the CSV must quote the field and double the quote.
    await db
      .updateTable('people')
      .set({ name: '王"小,明' })
      .where('id', '=', (await db.selectFrom('talks').select('person_id').where('id', '=', exportEdition.talkIds[1]!).executeTakeFirstOrThrow()).person_id)
      .execute();
    audienceKeys = (await makeAttendees(db, exportEdition.editionId, 3)).map((a) => a.id);
    expertKeys = [(await makeUser(db, 'files_expert1', [['expert', city]])).id, (await makeUser(db, 'files_expert2', [['expert', city]])).id];
    const audience = [
      [9, 8, 7],
      [6, 7, 5],
    ];
    const experts = [
      [10, 9],
      [8, 7],
    ];
    const ballots: LiveBallot[] = [];
    for (const talk of [0, 1]) {
      for (const [i, value] of audience[talk]!.entries()) ballots.push({ raterKey: audienceKeys[i]!, group: 'audience', talk, value });
      for (const [i, value] of experts[talk]!.entries()) ballots.push({ raterKey: expertKeys[i]!, group: 'expert', talk, value });
    }
    await insertBallots(db, exportEdition.editionId, exportEdition.talkIds, ballots);
    names = (await hallAdmin.request({ method: 'GET', url: `/api/editions/${exportEdition.editionId}/results` }))
      .json()
      .speakers.map((s: { name: string }) => s.name);

    paperEdition = await makeLiveEdition(db, { unit: bureau, talks: 2, status: 'closed' });
    const paperAudience = (await makeAttendees(db, paperEdition.editionId, 3)).map((a) => a.id);
    const live: LiveBallot[] = [];
    for (const [i, value] of [9, 8, 7].entries()) live.push({ raterKey: paperAudience[i]!, group: 'audience', talk: 0, value });
    for (const [i, value] of [6, 6, 6].entries()) live.push({ raterKey: paperAudience[i]!, group: 'audience', talk: 1, value });
    await insertBallots(db, paperEdition.editionId, paperEdition.talkIds, live);
    paperNames = (await hallAdmin.request({ method: 'GET', url: `/api/editions/${paperEdition.editionId}/results` }))
      .json()
      .speakers.map((s: { name: string }) => s.name);
  });
  afterAll(() => t.close());

  describe('the results workbook', () => {
    let wb: ExcelJS.Workbook;
    let results: Record<string, any>;

    beforeAll(async () => {
      const res = await hallAdmin.request({ method: 'GET', url: `/api/editions/${exportEdition.editionId}/results/export.xlsx` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="results-.+\.xlsx"; filename\*=UTF-8''.+%E6%88%90%E7%BB%A9\.xlsx$/);
      wb = await openWorkbook(res.rawPayload);
      results = (await hallAdmin.request({ method: 'GET', url: `/api/editions/${exportEdition.editionId}/results` })).json();
    });

    it('has the six sheets in order, each with its header rows frozen', () => {
      expect(wb.worksheets.map((ws) => ws.name)).toEqual(['汇总', '各讲课人', '各维度', '信度', '异常', '匿名评分']);
      expect(wb.worksheets.map((ws) => (ws.views[0] as { ySplit?: number }).ySplit)).toEqual([1, 2, 1, 1, 1, 1]);
    });

    it('states the method on 汇总, then ranks the speakers with the finals worked by hand', () => {
      const ws = wb.getWorksheet('汇总')!;
      expect(ws.getCell('A1').value).toBe(`${results.hallName} ${results.editionTitle} 成绩汇总`);
      expect(rowValues(ws, 8, 1, 2)).toEqual(['评分规则', '去掉最高和最低各 10% 的评分（每端至少 1 个）后取平均']);
      expect(rowValues(ws, 9, 1, 2)).toEqual(['听众权重（%）', 70]);
      expect(rowValues(ws, 10, 1, 2)).toEqual(['专家权重（%）', 30]);
      expect(rowValues(ws, 13, 1, 2)).toEqual(['自助法抽样次数 B', 1000]);
      expect(rowValues(ws, 14, 1, 2)).toEqual(['自助法随机种子', 20_261_201]);
      expect(rowValues(ws, 15, 1, 2)).toEqual(['输入数据哈希（SHA-256）', results.inputsHash]);
      expect(rowValues(ws, 17, 1, 2)).toEqual(['听众评分（份）', 6]);
      expect(rowValues(ws, 18, 1, 2)).toEqual(['专家评分（份）', 4]);
      expect(rowValues(ws, 19, 1, 2)).toEqual(['其中纸质评分（份）', 0]);
      expect(rowValues(ws, 23, 1, 6)).toEqual(['排名', '出场顺序', '讲课人', '单位', '讲题', '最终得分']);
      expect(rowValues(ws, 24, 1, 6)).toEqual([1, 1, names[0], '市卫健委', '讲题1', 8.45]);
      expect(rowValues(ws, 25, 1, 6)).toEqual([2, 2, names[1], '市卫健委', '讲题2', 6.45]);
      expect(ws.getCell('F24').numFmt).toBe('0.0000');
      expect(rowValues(ws, 24, 11, 15)).toEqual([8, 9.5, 3, 2, 0]);
      expect(ws.getCell('Q24').value).toBe('听众 70% × 8.00 + 专家 30% × 9.50 = 8.45');
    });

    it('gives each group’s aggregate per speaker on 各讲课人', () => {
      const ws = wb.getWorksheet('各讲课人')!;
      expect(rowValues(ws, 1, 1, 4)).toEqual(['出场顺序', '讲课人', '单位', '听众']);
      expect(rowValues(ws, 2, 4, 10)).toEqual(['评分数', '平均分', '中位数', '标准差', '组成绩（截尾均值）', '每端去掉', '备注']);
      // talk 1: audience 9 8 7 (mean 8, median 8, sd 1, trimmed 8, one dropped from each end); experts 10 9.
      expect(rowValues(ws, 3, 1, 10)).toEqual([1, names[0], '市卫健委', 3, 8, 8, 1, 8, 1, '']);
      expect(rowValues(ws, 3, 11, 19)).toEqual([2, 9.5, 9.5, Math.round(Math.SQRT1_2 * 10_000) / 10_000, 9.5, 0, '评分过少，按平均分计', 0, 8.45]);
      expect(ws.getCell('E3').numFmt).toBe('0.00');
    });

    it('gives speaker × dimension figures on 各维度', () => {
      const ws = wb.getWorksheet('各维度')!;
      expect(rowValues(ws, 2, 1, 9)).toEqual([1, names[0], '思考深度', 0.25, 5, 8.6, 8.6667, 8, 9.5]);
      expect(ws.rowCount).toBe(1 + 2 * 5);
    });

    it('lists reliability per group on 信度, and anomalies with the sensitivity table on 异常', () => {
      const rel = wb.getWorksheet('信度')!;
      expect(rowValues(rel, 1, 1, 4)).toEqual(['指标', '听众', '专家', '含义']);
      expect(rowValues(rel, 2, 1, 3)).toEqual(['评分人数', 3, 2]);
      expect(rowValues(rel, 3, 1, 3)).toEqual(['为全部讲课人评分的人数', 3, 2]);
      const audience = results.reliability.find((p: { group: string }) => p.group === 'audience');
      expect(rowValues(rel, 8, 1, 2)).toEqual(['ICC(2,k)', audience.icc.ICC2k]);

      const ws = wb.getWorksheet('异常')!;
      expect(rowValues(ws, 1, 1, 5)).toEqual(['类型', '评分人', '讲课人', '涉及评分（份）', '说明']);
      const anomalies = results.anomalies.length;
      if (anomalies === 0) expect(ws.getCell('A2').value).toBe('未发现异常评分');
      const header = 1 + Math.max(anomalies, 1) + 3;
      expect(rowValues(ws, header, 1, 5)).toEqual(['讲课人', '最终得分', '排名', '去除后得分', '去除后排名']);
      expect(rowValues(ws, header + 1, 1, 3)).toEqual([names[0], 8.45, 1]);
    });

    it('codes every rater on 匿名评分 and holds no attendee id, user id or username anywhere', async () => {
      const ws = wb.getWorksheet('匿名评分')!;
      expect(rowValues(ws, 1, 1, 11)).toEqual([
        '评分人编号',
        '评分组',
        '来源',
        '出场顺序',
        '讲课人',
        '思考深度',
        '思考广度',
        '实践价值',
        '语言表达',
        '现场应变',
        '总分',
      ]);
      expect(ws.rowCount).toBe(11);
      const experts = codesOf(expertKeys, '专家', 2, await saltOf(exportEdition.editionId));
      // Expert 1 gave talk 1 a 10; rows of a talk list the audience first, then experts by code.
      const talk1Experts = [...expertKeys].sort((a, b) => (experts.get(a)! < experts.get(b)! ? -1 : 1));
      expect(rowValues(ws, 5, 1, 11)).toEqual([
        experts.get(talk1Experts[0]!),
        '专家',
        '现场',
        1,
        names[0],
        ...Array(5).fill(talk1Experts[0] === expertKeys[0] ? 10 : 9),
        talk1Experts[0] === expertKeys[0] ? 10 : 9,
      ]);
      const text = allText(wb);
      // Nor the secret that ordered the codes.
      for (const secret of [...audienceKeys, ...expertKeys, 'files_expert1', 'files_expert2', await saltOf(exportEdition.editionId)])
        expect(text).not.toContain(secret);
    });
  });

  it('exports the anonymised ballots as CSV: BOM, header, RFC 4180 quoting, CRLF', async () => {
    const res = await hallAdmin.request({ method: 'GET', url: `/api/editions/${exportEdition.editionId}/results/ballots.csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const salt = await saltOf(exportEdition.editionId);
    const audience = codesOf(audienceKeys, '听众', 3, salt);
    const experts = codesOf(expertKeys, '专家', 2, salt);
    const values = {
      audience: [
        [9, 8, 7],
        [6, 7, 5],
      ],
      expert: [
        [10, 9],
        [8, 7],
      ],
    } as const;
    const lines: string[] = [];
    for (const talk of [0, 1]) {
      const speaker = talk === 0 ? names[0] : '"王""小,明"';
      const rows = [
        ...audienceKeys.map((k, i) => [audience.get(k)!, '听众', values.audience[talk]![i]!] as const),
        ...expertKeys.map((k, i) => [experts.get(k)!, '专家', values.expert[talk]![i]!] as const),
      ].sort((a, b) => (a[1] !== b[1] ? (a[1] === '听众' ? -1 : 1) : a[0] < b[0] ? -1 : 1));
      for (const [code, group, v] of rows) lines.push(`${code},${group},现场,${talk + 1},${speaker},${v},${v},${v},${v},${v},${v}\r\n`);
    }
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.rawPayload.toString('utf8')).toBe(
      `\uFEFF评分人编号,评分组,来源,出场顺序,讲课人,思考深度,思考广度,实践价值,语言表达,现场应变,总分\r\n${lines.join('')}`,
    );
    // The secret that ordered the codes is not in the file.
    expect(res.rawPayload.toString('utf8')).not.toContain(salt);
  });

  it('keeps the codes of results published before rater codes were keyed by a secret, and makes it no secret', async () => {
    const db = t.testDb.db;
    const bureau = await db.selectFrom('org_units').select(['id', 'path', 'depth', 'name']).where('name', '=', '市卫健委').executeTakeFirstOrThrow();
    const legacy = await makeLiveEdition(db, { unit: bureau, talks: 2, status: 'closed' });
    const keys = (await makeAttendees(db, legacy.editionId, 3)).map((a) => a.id);
    const values = [7, 8, 9];
    await insertBallots(
      db,
      legacy.editionId,
      legacy.talkIds,
      [0, 1].flatMap((talk) => keys.map((raterKey, i) => ({ raterKey, group: 'audience' as const, talk, value: values[i]! }))),
    );
    expect((await hallAdmin.request({ method: 'POST', url: `/api/editions/${legacy.editionId}/results/publish` })).statusCode).toBe(200);
    // As an edition published under algorithm 3 sits in the database: no secret, its version on the frozen row.
    await db.updateTable('edition_results').set({ algorithm_version: 3 }).where('edition_id', '=', legacy.editionId).execute();
    await db.deleteFrom('rater_code_salts').where('edition_id', '=', legacy.editionId).execute();

    const res = await hallAdmin.request({ method: 'GET', url: `/api/editions/${legacy.editionId}/results/ballots.csv` });
    expect(res.statusCode).toBe(200);
    const rows = res.rawPayload.toString('utf8').split('\r\n').slice(1, -1);
    const codes = codesOf(keys, '听众', 3, null);
    for (const talk of [1, 2]) {
      const shown = rows.filter((r) => r.split(',')[3] === String(talk)).map((r) => [r.split(',')[0], Number(r.split(',')[5])]);
      expect(shown).toEqual([...codes.entries()].sort((a, b) => (a[1] < b[1] ? -1 : 1)).map(([key, code]) => [code, values[keys.indexOf(key)]]));
    }
    expect(await db.selectFrom('rater_code_salts').select('edition_id').where('edition_id', '=', legacy.editionId).execute()).toEqual([]);
  });

  it('refuses the draft exports to readers before publication', async () => {
    const res = await leader.request({ method: 'GET', url: `/api/editions/${exportEdition.editionId}/results/export.xlsx` });
    expect(res.statusCode).toBe(404);
  });

  it.skipIf(!hasChromium)(
    `prints an A4 PDF report in Chinese with the speakers' names${hasChromium ? '' : ' (skipped: /usr/bin/chromium is not installed)'}`,
    async () => {
      const res = await hallAdmin.request({ method: 'GET', url: `/api/editions/${exportEdition.editionId}/results/report.pdf` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const file = path.join(os.tmpdir(), `lh-report-${newId()}.pdf`);
      fs.writeFileSync(file, res.rawPayload);
      try {
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
        expect(text).toContain('干部大讲堂成绩报告');
        expect(text).toContain(names[0]);
        // The footer on every page: the start of the inputs hash and the page number.
        expect(text).toMatch(/第\s*1\s*页\s*\/\s*共\s*\d+\s*页/);
        expect(text).toContain('输入数据哈希');
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
        // ISO 216 A4 is 210 × 297 mm = 595.28 × 841.89 pt; Chromium rounds the page to whole CSS pixels.
        const size = /Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)/.exec(info);
        expect(size).not.toBeNull();
        expect(Number(size![1])).toBeCloseTo(595.28, 0);
        expect(Number(size![2])).toBeCloseTo(841.89, 0);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
    180_000,
  );

  describe('the paper score sheet', () => {
    const talkSheet = (wb: ExcelJS.Workbook, talk: number) => wb.worksheets[talk]!;
    /** The template with rows written under the header of each speaker's sheet, as a clerk types them. */
    async function filled(rows: Array<Array<ExcelJS.CellValue[]>>, edit?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
      const wb = await openWorkbook(template);
      rows.forEach((sheetRows, talk) => {
        sheetRows.forEach((values, i) => {
          const row = talkSheet(wb, talk).getRow(10 + i);
          values.forEach((v, c) => {
            row.getCell(c + 1).value = v;
          });
        });
      });
      edit?.(wb);
      return Buffer.from(await wb.xlsx.writeBuffer());
    }
    const upload = (body: Buffer, editionId = paperEdition.editionId) =>
      hallAdmin.request({ method: 'POST', url: `/api/editions/${editionId}/paper-ballots`, ...multipartFile(body, '纸质评分表.xlsx') });
    const stored = async () => {
      const db = t.testDb.db;
      const imports = await db.selectFrom('paper_imports').select('id').where('edition_id', '=', paperEdition.editionId).execute();
      const ballots = await db.selectFrom('paper_ballots').select('id').where('edition_id', '=', paperEdition.editionId).execute();
      return { imports: imports.length, ballots: ballots.length };
    };

    it('downloads a template with a sheet per speaker, a hidden marker and checks on category and scores', async () => {
      const res = await hallAdmin.request({ method: 'GET', url: `/api/editions/${paperEdition.editionId}/paper-sheet.xlsx` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      template = res.rawPayload;
      const wb = await openWorkbook(template);
      expect(wb.worksheets.map((ws) => ws.name)).toEqual([`1-${paperNames[0]}`, `2-${paperNames[1]}`, '填写说明']);
      const ws = talkSheet(wb, 0);
      expect(ws.getRow(1).hidden).toBe(true);
      expect(ws.getRow(2).hidden).toBe(true);
      expect(rowValues(ws, 1, 1, 3)).toEqual(['lecture-hall/paper-sheet/v1', paperEdition.editionId, paperEdition.talkIds[0]]);
      expect(rowValues(ws, 2, 1, 7)).toEqual(['rater', 'group', 'depth', 'breadth', 'practical_value', 'delivery', 'responsiveness']);
      expect(rowValues(ws, 9, 1, 3)).toEqual(['评分人编号', '评分人类别', '思考深度（1–10）']);
      expect(ws.getCell('B10').dataValidation).toMatchObject({ type: 'list', formulae: ['"听众,专家"'] });
      expect(ws.getCell('G300').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [1, 10] });
    });

    it('imports a filled sheet as paper ballots that the results count with the aggregate worked by hand', async () => {
      const body = await filled([
        [
          ['1', '听众', 8, 6, 9, 7, 10],
          ['2', '听众', 5, 5, 5, 5, 5],
          ['3', '专家', 9, 9, 9, 9, 9],
        ],
        [
          ['1', '听众', 7, 7, 7, 7, 7],
          ['2', '听众', 4, 4, 4, 4, 4],
          ['3', '专家', 8, 8, 8, 8, 8],
        ],
      ]);
      const res = await upload(body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ importId: expect.any(String), ballots: 6, raters: 3, fileName: '纸质评分表.xlsx' });

      const r = (await hallAdmin.request({ method: 'GET', url: `/api/editions/${paperEdition.editionId}/results` })).json();
      expect(r.ballotCounts).toMatchObject({ audience: 10, expert: 2, paper: 6 });
      const [s1, s2] = r.speakers;
      expect(s1).toMatchObject({ paperBallots: 3, final: 8.0667, formula: '听众 70% × 7.67 + 专家 30% × 9.00 = 8.07' });
      expect(s1.audience).toMatchObject({ n: 5, aggregate: 7.6667, mean: 7.4, dropped: 1 });
      expect(s1.expert).toMatchObject({ n: 1, aggregate: 9, fellBackToMean: true });
      expect(s1.dimensions[0]).toMatchObject({ key: 'depth', n: 6, mean: 7.6667 });
      expect(s2).toMatchObject({ paperBallots: 3, final: 6.6 });
      expect(r.raters.filter((x: { source: string }) => x.source === 'paper').map((x: { rater: string }) => x.rater)).toEqual([
        '纸质-001',
        '纸质-002',
        '纸质-003',
      ]);

      const list = (await hallAdmin.request({ method: 'GET', url: `/api/editions/${paperEdition.editionId}/paper-ballots` })).json();
      expect(list.items).toEqual([
        { id: res.json().importId, fileName: '纸质评分表.xlsx', ballots: 6, importedBy: 'files_admin', createdAt: expect.any(String) },
      ]);
      const audit = await t.testDb.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'results.paper_imported').execute();
      expect(audit).toEqual([{ action: 'results.paper_imported', entity_id: paperEdition.editionId }]);
    });

    const rowOf = (rater: string, category: string, scores: ExcelJS.CellValue[]): ExcelJS.CellValue[] => [rater, category, ...scores];
    const five = (v: ExcelJS.CellValue) => [v, v, v, v, v];
    const refusals: Array<[string, () => Promise<Buffer>, () => Array<Record<string, unknown>>]> = [
      [
        'a sheet of another edition',
        async () => {
          const other = (await hallAdmin.request({ method: 'GET', url: `/api/editions/${exportEdition.editionId}/paper-sheet.xlsx` })).rawPayload;
          const wb = await openWorkbook(other);
          wb.worksheets[0]!.getRow(10).values = rowOf('9', '听众', five(8));
          return Buffer.from(await wb.xlsx.writeBuffer());
        },
        () => [
          { sheet: `1-${names[0]}`, row: null, column: '', reason: '该工作表来自另一期的评分表模板，不能导入本期；请下载本期的评分表模板' },
          { sheet: `2-${names[1]}`, row: null, column: '', reason: '该工作表来自另一期的评分表模板，不能导入本期；请下载本期的评分表模板' },
        ],
      ],
      [
        'a workbook that is not the template',
        async () => {
          const wb = new ExcelJS.Workbook();
          wb.addWorksheet('评分').addRow(['评分人编号', '评分人类别', '思考深度']);
          return Buffer.from(await wb.xlsx.writeBuffer());
        },
        () => [{ sheet: '', row: null, column: '', reason: '这不是本系统下载的纸质评分表模板（缺少模板标记），请先下载本期的评分表模板再填写' }],
      ],
      [
        'a talk not in the edition',
        () =>
          filled([[rowOf('9', '听众', five(8))]], (wb) => {
            wb.worksheets[0]!.getCell('C1').value = newId();
          }),
        () => [{ sheet: `1-${paperNames[0]}`, row: null, column: '', reason: '该工作表的讲课人不在本期讲课人名单中，请重新下载本期的评分表模板' }],
      ],
      [
        'a missing score',
        () => filled([[rowOf('9', '听众', [null, 8, 8, 8, 8])]]),
        () => [{ sheet: `1-${paperNames[0]}`, row: 10, column: '思考深度', reason: '「思考深度」未评分' }],
      ],
      [
        'a score off the scale',
        () => filled([[rowOf('9', '听众', [8, 11, 8, 8, 8])]]),
        () => [{ sheet: `1-${paperNames[0]}`, row: 10, column: '思考广度', reason: '「思考广度」的评分 11 超出 1–10 分的范围' }],
      ],
      [
        'a score off the step',
        () => filled([[rowOf('9', '听众', [8, 8, 7.5, 8, 8])]]),
        () => [{ sheet: `1-${paperNames[0]}`, row: 10, column: '实践价值', reason: '「实践价值」的评分 7.5 不符合评分细则，应为 1–10 之间的整数' }],
      ],
      [
        'a blank rater number',
        () => filled([[rowOf('9', '听众', five(8)), rowOf('', '听众', five(8))]]),
        () => [{ sheet: `1-${paperNames[0]}`, row: 11, column: '评分人编号', reason: '评分人编号为空' }],
      ],
      [
        'an unknown category',
        () => filled([[rowOf('9', '领导', five(8))]]),
        () => [{ sheet: `1-${paperNames[0]}`, row: 10, column: '评分人类别', reason: '评分人类别“领导”无法识别，应为“听众”或“专家”' }],
      ],
      [
        'a rater repeated on one sheet',
        () => filled([[rowOf('9', '听众', five(8)), rowOf('9', '听众', five(7))]]),
        () => [{ sheet: `1-${paperNames[0]}`, row: 11, column: '评分人编号', reason: '评分人编号 9 与第 10 行重复' }],
      ],
      [
        'a rater already imported for that talk',
        () => filled([[], [rowOf('9', '听众', five(8)), rowOf('2', '听众', five(8))]]),
        () => [{ sheet: `2-${paperNames[1]}`, row: 11, column: '评分人编号', reason: `评分人编号 2 对讲课人${paperNames[1]}的评分已在此前导入，不能重复导入` }],
      ],
    ];

    it.each(refusals)('refuses the whole file for %s, names the sheet and row, and stores nothing', async (_name, make, problems) => {
      const before = await stored();
      const res = await upload(await make());
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('paper_sheet_invalid');
      expect(res.json().error.details.problems).toEqual(problems());
      expect(res.json().error.details.imported).toBe(false);
      expect(await stored()).toEqual(before);
    });

    it('refuses an import while the edition is live, and once its results are published', async () => {
      const db = t.testDb.db;
      const before = await stored();
      const body = await filled([[rowOf('20', '听众', five(8))]]);
      await db.updateTable('editions').set({ status: 'live' }).where('id', '=', paperEdition.editionId).execute();
      const live = await upload(body);
      expect(live.statusCode).toBe(409);
      expect(live.json().error.code).toBe('paper_import_closed');
      await db.updateTable('editions').set({ status: 'closed' }).where('id', '=', paperEdition.editionId).execute();

      const published = await hallAdmin.request({ method: 'POST', url: `/api/editions/${paperEdition.editionId}/results/publish` });
      expect(published.statusCode).toBe(200);
      expect(published.json().ballotCounts.paper).toBe(6);
      const frozen = await upload(body);
      expect(frozen.statusCode).toBe(409);
      expect(frozen.json().error.code).toBe('paper_import_closed');
      expect(await stored()).toEqual(before);
    });
  });
});

describe('printing the report', () => {
  it('answers 503 report_unavailable, naming the setting, when Chromium is missing', async () => {
    const err = await printPdf('<p>x</p>', { executablePath: '/nonexistent/chromium', footerHtml: '<div></div>', timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      statusCode: 503,
      code: 'report_unavailable',
      details: { reason: '未找到 Chromium（/nonexistent/chromium），请安装 chromium 和 fonts-noto-cjk，或设置 CHROMIUM_PATH' },
    });
  });
});
