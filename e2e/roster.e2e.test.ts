import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api';
import { type Journey, loginAs, startJourney } from './harness';

const HEADERS = ['姓名', '性别', '出生日期', '单位', '职务', '职级', '政治面貌', '手机号', '参加工作时间'];

async function writeRoster(file: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('干部花名册');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

async function searchByName(page: Page, name: string) {
  await page.locator('#roster-q').fill(name);
  await page.getByRole('button', { name: '搜索', exact: true }).click();
}

describe('roster journeys in Chromium', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney();
  });
  afterAll(async () => {
    await j?.close();
  });

  it('admin creates a unit, imports a roster with one bad row, sees the Chinese reason, fixes it, imports, and finds the new person', async () => {
    const page = await j.newPage();
    await loginAs(page, 'admin');

    await page.goto('/org');
    await page.getByRole('button', { name: '新增单位' }).click();
    await page.locator('#create-unit_name').fill('市乡村振兴局');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByRole('tree').getByText('市乡村振兴局', { exact: true }).waitFor();

    const bad = await writeRoster(path.join(j.dataDir, 'roster-bad.xlsx'), [
      ['欧阳明远', '男', '1991-04-12', '市乡村振兴局', '科员', '一级科员', '中共党员', '13812345601', '2014-07-01'],
      ['司马若兰', '女', '1993-13-40', '市乡村振兴局', '科员', '一级科员', '共青团员', '13812345602', '2016-07-01'],
      ['上官文轩', '男', '1988-09-30', '市乡村振兴局', '副科长', '四级主任科员', '中共党员', '13812345603', '2011-08-01'],
    ]);
    await page.goto('/people');
    await page.getByRole('button', { name: '导入花名册' }).click();
    await page.locator('.ant-upload input[type=file]').setInputFiles(bad);
    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('发现 1 处问题，未导入任何数据');
    const problemRow = page.locator('.ant-modal .ant-table-tbody tr').filter({ hasText: '出生日期' });
    expect(await problemRow.locator('td').first().textContent()).toBe('3');
    expect(await problemRow.textContent()).toMatch(/出生日期.*日期/);
    expect(await page.getByRole('button', { name: '确认导入' }).isDisabled()).toBe(true);

    const fixed = await writeRoster(path.join(j.dataDir, 'roster-fixed.xlsx'), [
      ['欧阳明远', '男', '1991-04-12', '市乡村振兴局', '科员', '一级科员', '中共党员', '13812345601', '2014-07-01'],
      ['司马若兰', '女', '1993-12-04', '市乡村振兴局', '科员', '一级科员', '共青团员', '13812345602', '2016-07-01'],
      ['上官文轩', '男', '1988-09-30', '市乡村振兴局', '副科长', '四级主任科员', '中共党员', '13812345603', '2011-08-01'],
    ]);
    await page.locator('.ant-upload input[type=file]').setInputFiles(fixed);
    await page.getByTestId('import-passed').waitFor();
    await page.getByRole('button', { name: '确认导入' }).click();
    expect(await page.getByTestId('import-done').textContent()).toBe('已导入 3 人');
    await page.getByRole('dialog').locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();

    await searchByName(page, '司马若兰');
    const row = page.locator('.ant-table-tbody tr.ant-table-row');
    await row.filter({ hasText: '司马若兰' }).waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('市乡村振兴局');
    expect(await row.first().textContent()).toContain('1993-12-04');
    fs.rmSync(bad);
    fs.rmSync(fixed);
    await page.context().close();
  });

  it("a liaison sees its own bureau's people and none of another bureau's", async () => {
    const admin = await apiAs(j.baseUrl, 'admin');
    const units = (await admin.get('/api/org-units')).items as Array<{ id: string; name: string }>;
    const health = units.find((u) => u.name === '市卫健委')!;
    const market = units.find((u) => u.name === '市场监管局')!;
    const healthTotal = (await admin.get(`/api/people?unitId=${health.id}`)).total as number;
    const outsider = (await admin.get(`/api/people?unitId=${market.id}&pageSize=1`)).items[0] as { id: string; name: string };
    expect(healthTotal).toBeGreaterThan(0);

    const page = await j.newPage();
    await loginAs(page, 'liaison');
    await page.goto('/people');
    await page.getByText(`共 ${healthTotal} 条`).waitFor();

    await searchByName(page, outsider.name);
    await page.locator('.ant-empty').first().waitFor();
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(0);

    // Even asked directly, the server refuses the other bureau's person.
    const direct = await page.evaluate(async (id) => (await fetch(`/api/people/${id}`)).status, outsider.id);
    expect(direct).toBe(403);
    await page.context().close();
  });
});
