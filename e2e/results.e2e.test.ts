import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiAs } from './api';
import { type Journey, loginAs, startJourney } from './harness';

/*
 * The results journey on the demo city hall (市直机关干部大讲堂), whose finished editions the demo
 * scores and publishes: the admin opens a published edition's results from the edition page,
 * reads the five-speaker ranking and a drawn chart, finds the flagged ballots on the anomaly
 * tab, and downloads the Excel workbook.
 */

const CITY_HALL = '市直机关干部大讲堂';

describe('edition results', () => {
  let j: Journey;
  let admin: Api;
  let page: Page;
  let editionId: string;

  beforeAll(async () => {
    j = await startJourney();
    admin = await apiAs(j.baseUrl, 'admin');
    const halls: { items: { id: string; name: string }[] } = await admin.get('/api/halls');
    const hall = halls.items.find((h) => h.name === CITY_HALL);
    if (!hall) throw new Error(`demo hall ${CITY_HALL} missing`);
    const editions: { items: { id: string; seq: number }[] } = await admin.get(`/api/editions?hallId=${hall.id}&status=published&pageSize=50`);
    // The first edition: the demo plants a straight-liner and speeding ballots there (PLANTED in apps/server/src/demo/results.ts).
    const first = editions.items.find((e) => e.seq === 1);
    if (!first) throw new Error('the demo city hall has no published first edition');
    editionId = first.id;
    page = await j.newPage();
    await loginAs(page, 'admin');
  });

  afterAll(async () => {
    await j?.close();
  });

  it('opens from the edition page and shows the published ranking of five speakers with a drawn chart', async () => {
    await page.goto(`/editions/${editionId}`);
    await page.getByTestId('open-results').click();
    await page.waitForURL(`**/editions/${editionId}/results`);
    await page.getByTestId('results-state').filter({ hasText: '已发布' }).waitFor();
    const rows = page.getByTestId('ranking-table').locator('tbody tr.ant-table-row');
    await rows.nth(4).waitFor();
    expect(await rows.count()).toBe(5);
    // Every row shows a final score to two decimals.
    const finals = await page.getByTestId('final-score').allTextContents();
    expect(finals).toHaveLength(5);
    for (const f of finals) expect(f).toMatch(/^\d+\.\d{2}$/);
    // ECharts drew the rank intervals on a canvas with a real size.
    const canvas = page.getByTestId('chart-rank-intervals').locator('canvas');
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    expect(box && box.width > 100 && box.height > 100).toBe(true);
  });

  it('lists at least one flagged ballot on the anomaly tab, under an anonymous rater code', async () => {
    const api = await admin.get(`/api/editions/${editionId}/results`);
    expect(api.anomalies.length).toBeGreaterThan(0);
    await page.getByTestId('tab-anomalies').click();
    const rows = page.getByTestId('anomaly-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(api.anomalies.length, 20));
    // The rater column (second) shows codes such as 听众-017, never a name.
    const codes = (await rows.locator('td:nth-child(2)').allTextContents()).filter((c) => c !== '—');
    expect(codes.length).toBeGreaterThan(0);
    for (const c of codes) expect(c).toMatch(/^(听众|专家|纸质)-\d+$/);
    if (process.env.RESULTS_SCREENSHOT) await page.screenshot({ path: process.env.RESULTS_SCREENSHOT, fullPage: true });
    await page.getByTestId('sensitivity').waitFor();
  });

  it('downloads the Excel workbook', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    // An .xlsx is a ZIP archive: it starts with "PK\x03\x04".
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(bytes.length).toBeGreaterThan(2000);
  });

  it('shows a speaker its own published result from the menu, with its rank and the anonymous distribution', async () => {
    const cadre = await apiAs(j.baseUrl, 'cadre');
    const mine: { items: { editionTitle: string; final: number; rank: number; speakerCount: number }[] } = await cadre.get('/api/my/results');
    expect(mine.items.length).toBeGreaterThan(0);
    const own = await j.newPage();
    await loginAs(own, 'cadre');
    await own.goto('/my/results');
    const card = own.getByTestId('my-result').first();
    await card.waitFor();
    expect(await card.textContent()).toContain(mine.items[0]!.editionTitle);
    expect(await card.textContent()).toContain(mine.items[0]!.final.toFixed(2));
    await own.getByTestId('chart-my-distribution').locator('canvas').waitFor();
  });
});
