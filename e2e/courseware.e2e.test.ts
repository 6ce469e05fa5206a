import fs from 'node:fs';
import path from 'node:path';
import { REVIEW_CHECKLIST } from '@lecture-hall/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slideDeckPdf } from '../apps/server/src/demo/pdf';
import { apiAs } from './api';
import { type Journey, loginAs, startJourney } from './harness';

/*
 * Courseware review on the demo's 市卫健委 hall, whose 2nd edition is preparing: the speaker
 * uploads a deck, the expert comments on page 2 and asks for revision, the speaker uploads
 * version 2, the expert sees its old comment, resolves it and approves, and the admin moves the
 * edition to ready. The other two speakers' decks are uploaded and approved through the API
 * beforehand, so that this speaker's deck is the one the readiness gate waits for.
 */

const deck = (title: string, speaker: string, revised: boolean) =>
  slideDeckPdf(
    [
      { title, lines: [`主讲人：${speaker}`, '市卫健委'] },
      {
        title: '一、基层医防融合的现状',
        lines: [revised ? '• 全市 86% 的乡镇卫生院已开展慢病管理（来源：市卫健委 2026 年统计）' : '• 全市大部分乡镇卫生院已开展慢病管理'],
      },
      { title: '二、建议', lines: ['• 以家庭医生签约服务为抓手', '• 打通医疗与公共卫生数据'] },
    ],
    { title, author: speaker },
  );

async function openDeck(page: Page, talkId: string) {
  await page.goto(`/talks/${talkId}/deck`);
  await page.getByTestId('deck-viewer').waitFor();
}

async function uploadFile(page: Page, file: string) {
  await page.getByTestId('deck-upload').locator('input[type=file]').setInputFiles(file);
}

async function submitReview(page: Page) {
  await page.getByTestId('review-panel').getByRole('button', { name: '提交审核' }).click();
  await confirmPopover(page);
  await page.getByText('已提交审核').first().waitFor();
}

/** Clicks OK in the open confirmation, once its opening animation has settled. */
async function confirmPopover(page: Page) {
  const open = page.locator('.ant-popconfirm:not(.ant-popover-hidden)');
  const ok = open.getByRole('button', { name: /确\s*定/ });
  await ok.waitFor({ state: 'visible' });
  await page.waitForTimeout(300);
  await ok.click();
  await open.waitFor({ state: 'hidden' });
}

describe('courseware review journey in Chromium', () => {
  let j: Journey;
  let editionId: string;
  let talkId: string;
  let speakerName: string;
  const files: string[] = [];

  beforeAll(async () => {
    j = await startJourney();
    const admin = await apiAs(j.baseUrl, 'admin');
    const editions = (await admin.get('/api/editions?status=preparing&pageSize=50')).items as Array<{ id: string; hallName: string }>;
    editionId = editions.find((e) => e.hallName === '卫健大讲堂')!.id;
    const talks = (await admin.get(`/api/editions/${editionId}/talks`)).items as Array<{ id: string; personId: string; speakerName: string; title: string }>;
    const experts = (await admin.get(`/api/experts?editionId=${editionId}`)).items as Array<{ userId: string; displayName: string }>;
    const expert = experts.find((e) => e.displayName.includes('周文博'))!;
    for (const t of talks) await admin.send('PUT', `/api/talks/${t.id}/experts`, { expertUserIds: [expert.userId] });

    // The first speaker gets an account; the other two decks go up and through review by the API.
    const first = talks[0]!;
    talkId = first.id;
    speakerName = first.speakerName;
    const person = await admin.get(`/api/people/${first.personId}`);
    const { user, initialPassword } = await admin.send('POST', '/api/users', { username: 'speaker-e2e', displayName: speakerName, personId: first.personId });
    await admin.send('POST', `/api/users/${user.id}/grants`, { role: 'cadre', orgUnitId: person.unitId });
    const own = await apiAs(j.baseUrl, 'speaker-e2e', initialPassword);
    await own.send('POST', '/api/auth/password', { currentPassword: initialPassword, newPassword: 'speaker-password-123' });
    const expertApi = await apiAs(j.baseUrl, 'expert');
    for (const t of talks.slice(1)) {
      const version = await admin.upload(`/api/talks/${t.id}/deck/versions`, deck(t.title, t.speakerName, true), '课件.pdf');
      await expertApi.send('POST', `/api/deck-versions/${version.id}/reviews`, {
        checklist: REVIEW_CHECKLIST.map((item) => ({ item, ok: true, note: '' })),
        comments: [],
        resolutions: [],
        verdict: 'approve',
        summary: '',
      });
    }
    for (const [i, revised] of [false, true].entries()) {
      const file = path.join(j.dataDir, `讲稿-v${i + 1}.pdf`);
      fs.writeFileSync(file, deck(first.title, speakerName, revised));
      files.push(file);
    }
  });
  afterAll(async () => {
    await j?.close();
  });

  it('goes from upload through a revise round to approval, and the edition becomes ready', async () => {
    const speaker = await j.newPage();
    await loginAs(speaker, 'speaker-e2e', 'speaker-password-123');
    await speaker.goto(`/talks/${talkId}/deck`);
    await uploadFile(speaker, files[0]!);
    await speaker.getByTestId('page-thumb-3').waitFor();

    const expert = await j.newPage();
    await loginAs(expert, 'expert');
    await openDeck(expert, talkId);
    await expert.getByTestId('page-thumb-2').click();
    await expert.getByTestId('review-comment-input').fill('“大部分乡镇卫生院”请给出具体比例和数据来源。');
    await expert.getByRole('button', { name: '添加批注' }).click();
    for (const item of REVIEW_CHECKLIST) {
      await expert
        .getByTestId(`checklist-${item}`)
        .getByText(item === 'facts_and_figures' ? '需修改' : '合格', { exact: true })
        .click();
    }
    await expert.getByTestId('review-panel').getByText('修改后再审', { exact: true }).click();
    await expert.getByTestId('review-summary').fill('第 2 页数据需补充来源，修改后再提交。');
    await submitReview(expert);

    await speaker.reload();
    await uploadFile(speaker, files[1]!);
    await speaker.getByText('版本 2').first().waitFor();

    await expert.reload();
    await expert.getByTestId('deck-viewer').waitFor();
    const earlier = expert.getByTestId('earlier-comments');
    await earlier.waitFor();
    expect(await earlier.textContent()).toContain('“大部分乡镇卫生院”请给出具体比例和数据来源。');
    await earlier.getByText('已解决').first().click();
    for (const item of REVIEW_CHECKLIST) await expert.getByTestId(`checklist-${item}`).getByText('合格', { exact: true }).click();
    await expert.getByTestId('review-panel').getByText('通过', { exact: true }).click();
    await submitReview(expert);
    await speaker.context().close();
    await expert.context().close();

    const admin = await j.newPage();
    await loginAs(admin, 'admin');
    await admin.goto(`/editions/${editionId}`);
    await admin.getByRole('button', { name: '备课完成' }).click();
    await confirmPopover(admin);
    await admin.locator('.ant-steps').getByText('待开讲').waitFor();
    const api = await apiAs(j.baseUrl, 'admin');
    expect((await api.get(`/api/editions/${editionId}`)).status).toBe('ready');
    const reviews = (await api.get(`/api/talks/${talkId}/reviews`)).items as Array<{
      version: number;
      verdict: string;
      comments: Array<{ page: number; resolved: boolean }>;
    }>;
    expect(reviews.map((r) => [r.version, r.verdict])).toEqual([
      [2, 'approve'],
      [1, 'revise'],
    ]);
    expect(reviews[1]!.comments.map((c) => [c.page, c.resolved])).toEqual([[2, true]]);
    await admin.context().close();
  });
});
