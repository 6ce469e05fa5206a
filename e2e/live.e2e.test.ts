import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiAs } from './api';
import { type Journey, loginAs, startJourney } from './harness';

/*
 * The live session's journey on the demo city's 7th edition (ready → live): the host opens
 * check-in and scoring for the first speaker; two phones check in as guests; phone A scores
 * online, phone B scores offline and its ballot lands once when it is back; a question is
 * asked, approved, upvoted and shown on the big screen; the host closes scoring and a late
 * ballot is refused with its reason in Chinese.
 */

const SCORING_CLOSED = '该讲课人的评分尚未开始或已经结束';
const QUESTION = '请问数字化改造中，如何兼顾不会用智能手机的老年群众？';

interface Talk {
  talkId: string;
  order: number;
  speakerName: string;
}

/** Waits until a locator's text contains `text` (playwright-core has no web-first assertions). */
async function waitForText(locator: Locator, text: string | RegExp, timeout = 10_000): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout });
}

/** One key of a page's local storage (the attendee token, the ballot outbox). */
function stored(page: Page, key: string): Promise<string | null> {
  return page.evaluate(`localStorage.getItem(${JSON.stringify(key)})`);
}

/** A public audience endpoint, as a phone calls it, with or without an attendee token. */
async function audienceGet(baseUrl: string, url: string, token?: string | null): Promise<any> {
  const res = await fetch(`${baseUrl}${url}`, { headers: token ? { 'x-attendee-token': token } : {} });
  expect(res.status, url).toBe(200);
  return res.json();
}

/**
 * Clicks OK in the open antd Popconfirm once it has settled: aligned next to its button (it is
 * first drawn off-screen) and its zoom-in animation over, so that the click cannot land on a
 * popup that is still moving.
 */
async function confirmPopconfirm(page: Page): Promise<void> {
  await page.waitForFunction(`(() => {
    const pop = [...document.querySelectorAll('.ant-popconfirm')].find((el) => !el.classList.contains('ant-popover-hidden'));
    if (!pop) return false;
    const box = pop.getBoundingClientRect();
    return box.left >= 0 && box.top >= 0 && box.width > 0 && pop.getAnimations({ subtree: true }).length === 0 && !/-(appear|enter)/.test(pop.className);
  })()`);
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /确\s*定/ })
    .click();
}

function phoneContext(j: Journey): Promise<BrowserContext> {
  return j.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN', baseURL: j.baseUrl });
}

/** Checks in on the audience page's guest tab: 党校学员 with a class, or 机关干部. */
async function checkInAsGuest(phone: Page, editionId: string, who: { category: 'party_school' | 'organ'; className?: string }): Promise<void> {
  await phone.goto(`/audience/${editionId}`);
  await phone.getByTestId('checkin-guest').click();
  await phone.getByTestId(`category-${who.category}`).check();
  if (who.className) await phone.locator('input[name=className]').fill(who.className);
  await phone.getByTestId('checkin-submit').click();
  await phone.getByTestId('live-step').waitFor();
}

/** Taps one value per rubric dimension (the value differs by dimension, to look like a person). */
async function score(phone: Page, keys: readonly string[], base: number): Promise<void> {
  for (const [i, key] of keys.entries()) {
    const button = phone.getByTestId(`score-${key}-${Math.min(10, base + (i % 3))}`);
    await button.click();
    await waitForText(phone.locator('.dim').nth(i).locator('.chosen'), String(Math.min(10, base + (i % 3))));
  }
}

describe('live session journey in Chromium', () => {
  let j: Journey;
  let hallApi: Api;
  let editionId: string;
  let talk1: Talk;
  let dimensionKeys: string[];
  let host: Page;
  let phoneA: Page;
  let phoneB: Page;
  let screen: Page;
  let questionId: string;

  beforeAll(async () => {
    j = await startJourney();
    hallApi = await apiAs(j.baseUrl, 'hall');
    const editions = (await hallApi.get('/api/editions?status=ready&pageSize=50')).items as Array<{ id: string; seq: number; hallName: string }>;
    editionId = editions.find((e) => e.hallName === '市直机关干部大讲堂' && e.seq === 7)!.id;
    const edition = await hallApi.send('POST', `/api/editions/${editionId}/transition`, { to: 'live' });
    expect(edition.status).toBe('live');
    const live = await hallApi.get(`/api/editions/${editionId}/live`);
    const talks = [...(live.talks as Talk[])].sort((a, b) => a.order - b.order);
    expect(talks).toHaveLength(5);
    talk1 = talks[0]!;
    dimensionKeys = (live.rubric.dimensions as Array<{ key: string }>).map((d) => d.key);
    expect(dimensionKeys).toEqual(['depth', 'breadth', 'practical_value', 'delivery', 'responsiveness']);
    expect(live.rubric.scale).toMatchObject({ min: 1, max: 10 });
  });
  afterAll(async () => {
    await j?.close();
  });

  it('the host opens check-in, starts the first talk and opens its scoring; the big screen follows', async () => {
    host = await j.newPage();
    await loginAs(host, 'hall');
    await host.goto(`/editions/${editionId}/live`);
    await host.getByTestId('host-open-checkin').click();
    await host.getByTestId('host-close-checkin').waitFor();

    screen = await (await j.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', baseURL: j.baseUrl })).newPage();
    await screen.goto(`/screen/${editionId}`);
    await screen.getByTestId('screen-title').waitFor();
    // Check-in is open: the welcome screen shows the QR code.
    await screen.locator('img.qr').waitFor();

    await host.getByTestId(`host-start-talk-${talk1.talkId}`).click();
    await expect.poll(() => host.getByTestId(`host-start-talk-${talk1.talkId}`).isDisabled()).toBe(true);
    await host.getByTestId(`host-open-scoring-${talk1.talkId}`).click();
    await host.getByTestId('host-close-scoring').waitFor();
    // No auto-close was set: no countdown.
    expect(await host.getByTestId('host-countdown').count()).toBe(0);
    const live = await hallApi.get(`/api/editions/${editionId}/live`);
    expect(live.step).toBe('scoring');
    expect(live.window).toMatchObject({ talkId: talk1.talkId, closesAt: null, closedAt: null });
  });

  it('two phones check in as guests; A scores online, B offline, and B’s ballot lands exactly once', async () => {
    phoneA = await (await phoneContext(j)).newPage();
    phoneB = await (await phoneContext(j)).newPage();
    await checkInAsGuest(phoneA, editionId, { category: 'party_school', className: '2025年春季中青班' });
    await checkInAsGuest(phoneB, editionId, { category: 'organ' });
    await waitForText(host.getByTestId('counter-checkedin'), /^2$/);
    const attendance = await hallApi.get(`/api/editions/${editionId}/live`);
    expect(attendance.counters.checkedIn).toBe(2);

    // Phone A, online.
    await waitForText(phoneA.getByTestId('live-step'), '评分中');
    await score(phoneA, dimensionKeys, 7);
    await phoneA.getByTestId('ballot-submit').click();
    await waitForText(phoneA.getByTestId('ballot-state'), '已提交');
    await waitForText(phoneA.getByTestId('ballot-confirm'), '第 1 次提交');

    // Phone B, offline: the ballot waits on the phone, then goes when the network is back.
    await score(phoneB, dimensionKeys, 5);
    await phoneB.context().setOffline(true);
    await phoneB.getByTestId('ballot-submit').click();
    await waitForText(phoneB.getByTestId('ballot-state'), /未发送|发送中/);
    // Kept on the phone, not on the server: one unsent ballot in the outbox, one ballot counted.
    const outbox = await stored(phoneB, `lh_outbox_${editionId}`);
    expect(JSON.parse(outbox ?? '[]')).toMatchObject([{ talkId: talk1.talkId, state: 'unsent' }]);
    expect((await hallApi.get(`/api/editions/${editionId}/live`)).counters.audienceBallots[talk1.talkId]).toBe(1);
    await phoneB.context().setOffline(false);
    await waitForText(phoneB.getByTestId('ballot-state'), '已提交', 15_000);
    await waitForText(phoneB.getByTestId('ballot-confirm'), '第 1 次提交');

    // Exactly two audience ballots for the first talk, on the console and through the API.
    await waitForText(host.getByTestId(`counter-ballots-${talk1.talkId}`), /^2$/);
    const live = await hallApi.get(`/api/editions/${editionId}/live`);
    expect(live.counters.audienceBallots[talk1.talkId]).toBe(2);
    // B's ballot was stored once: version 1, with the scores tapped offline.
    const tokenB = await stored(phoneB, `lh_attendee_${editionId}`);
    const meB = await audienceGet(j.baseUrl, `/api/live/${editionId}/me`, tokenB);
    expect(meB.ballots).toHaveLength(1);
    expect(meB.ballots[0]).toMatchObject({
      talkId: talk1.talkId,
      version: 1,
      scores: { depth: 5, breadth: 6, practical_value: 7, delivery: 5, responsiveness: 6 },
    });

    // The big screen's speaker view counts them too (pushed, not reloaded).
    await host.getByTestId('host-screen-speaker').click();
    await waitForText(screen.getByTestId('screen-ballot-count'), /^2$/);
  });

  it('a question is asked, approved, upvoted once and shown on the big screen', async () => {
    await phoneA.getByTestId('question-input').fill(QUESTION);
    await phoneA.getByTestId('question-submit').click();
    await phoneA.getByText('问题已提交，审核通过后将显示在下方').waitFor();

    // Pending questions are not public.
    const before = (await audienceGet(j.baseUrl, `/api/live/${editionId}/questions`)).questions as Array<{ text: string }>;
    expect(before.map((q) => q.text)).not.toContain(QUESTION);
    const queue = host.getByTestId('host-queue');
    await waitForText(queue, QUESTION);
    const items = (await hallApi.get(`/api/editions/${editionId}/live/questions`)).items as Array<{ id: string; text: string; state: string }>;
    const asked = items.find((q) => q.text === QUESTION)!;
    expect(asked.state).toBe('pending');
    questionId = asked.id;
    await host.getByTestId(`approve-${questionId}`).click();
    await host.getByTestId(`approve-${questionId}`).waitFor({ state: 'detached' });

    const upvote = phoneB.getByTestId(`upvote-${questionId}`);
    await waitForText(phoneB.getByTestId('question-item'), QUESTION);
    await upvote.click();
    await expect.poll(() => upvote.isDisabled()).toBe(true);
    await waitForText(upvote, /1/);
    // A second tap does nothing: the control stays disabled.
    await upvote.click({ force: true });
    expect(await upvote.textContent()).toContain('1');

    await host.getByTestId('host-screen-questions').click();
    const list = screen.getByTestId('screen-questions');
    await waitForText(list.locator('li'), QUESTION);
    await waitForText(list.locator('li').filter({ hasText: QUESTION }).locator('.votes'), /▲ 1$/);
    const publicList = (await audienceGet(j.baseUrl, `/api/live/${editionId}/questions`)).questions as Array<{ id: string; upvotes: number }>;
    expect(publicList.find((q) => q.id === questionId)?.upvotes).toBe(1);
  });

  it('the host closes scoring; an amendment made offline is refused with its reason, the phone locks, and a late ballot is refused', async () => {
    // Phone A amends while offline: the amendment waits on the phone …
    await phoneA.context().setOffline(true);
    await phoneA.getByTestId(`score-${dimensionKeys[0]}-10`).click();
    await phoneA.getByTestId('ballot-submit').click();
    await waitForText(phoneA.getByTestId('ballot-state'), /未发送|发送中/);

    // … the host closes scoring (with its confirmation) …
    await host.getByTestId('host-close-scoring').click();
    await confirmPopconfirm(host);
    await host.getByTestId('host-close-scoring').waitFor({ state: 'detached' });

    // … and when phone A is back, its amendment is refused with the reason, and the card locks:
    // no submit button, disabled controls.
    await phoneA.context().setOffline(false);
    await waitForText(phoneA.getByTestId('ballot-error'), SCORING_CLOSED);
    await phoneA.getByTestId('ballot-locked').waitFor();
    expect(await phoneA.getByTestId('ballot-submit').count()).toBe(0);
    expect(await phoneA.getByTestId(`score-${dimensionKeys[0]}-9`).isDisabled()).toBe(true);
    // The locked card shows what counts (the first ballot: 7 for depth), not the refused 10.
    await waitForText(phoneA.getByTestId('ballot-counted'), '第 1 次');
    expect(await phoneA.getByTestId(`score-${dimensionKeys[0]}-7`).getAttribute('aria-pressed')).toBe('true');
    expect(await phoneA.getByTestId(`score-${dimensionKeys[0]}-10`).getAttribute('aria-pressed')).toBe('false');

    // Sent anyway with phone A's credential (as a stale phone would): refused, 409 scoring_closed.
    const tokenA = await stored(phoneA, `lh_attendee_${editionId}`);
    expect(tokenA).toBeTruthy();
    const late = await fetch(`${j.baseUrl}/api/live/${editionId}/ballots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-attendee-token': tokenA! },
      body: JSON.stringify({
        talkId: talk1.talkId,
        scores: Object.fromEntries(dimensionKeys.map((k) => [k, 9])),
        idempotencyKey: 'late-ballot-after-close-0001',
      }),
    });
    expect(late.status).toBe(409);
    const body = (await late.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('scoring_closed');
    expect(body.error.message).toBe(SCORING_CLOSED);

    const live = await hallApi.get(`/api/editions/${editionId}/live`);
    expect(live.counters.audienceBallots[talk1.talkId]).toBe(2);
    expect(live.step).toBe('between');
    // What counts for phone A is its ballot from before the close.
    const meA = await audienceGet(j.baseUrl, `/api/live/${editionId}/me`, tokenA);
    expect(meA.ballots).toMatchObject([
      { talkId: talk1.talkId, version: 1, scores: { depth: 7, breadth: 8, practical_value: 9, delivery: 7, responsiveness: 8 } },
    ]);
  });

  it('a second host whose grant is withdrawn sees the console cut off, every command disabled, until a reload', async () => {
    const deputy = await j.newPage();
    await loginAs(deputy, 'host');
    await deputy.goto(`/editions/${editionId}/live`);
    await waitForText(deputy.getByTestId('host-connection'), '实时连接正常');
    const adminApi = await apiAs(j.baseUrl, 'admin');
    const hostUser = (
      (await adminApi.get('/api/users?q=host&pageSize=50')).items as Array<{ id: string; username: string; grants: Array<{ id: string }> }>
    ).find((u) => u.username === 'host')!;
    for (const grant of hostUser.grants) await adminApi.send('DELETE', `/api/users/${hostUser.id}/grants/${grant.id}`);
    await deputy.getByTestId('host-cut-off').waitFor();
    await waitForText(deputy.getByTestId('host-connection'), '连接已关闭');
    expect(await deputy.getByTestId('host-end').isDisabled()).toBe(true);
    expect(await deputy.getByTestId('host-screen-welcome').isDisabled()).toBe(true);
    await deputy.close();
  });

  it('the host is signed out from another device: the console tab is told at once and goes to the login page', async () => {
    // The hall admin's other session (this API client) ends the console's session, as 我的登录会话 does.
    const sessions = (await hallApi.get('/api/auth/sessions')).items as Array<{ id: string; current: boolean }>;
    for (const other of sessions.filter((x) => !x.current)) await hallApi.send('DELETE', `/api/auth/sessions/${other.id}`);
    // No request from the tab is needed: its sockets are closed with 4401 and it learns from them.
    await waitForText(host.locator('.ant-message'), '登录已失效，请重新登录');
    await host.locator('input#username').waitFor();
  });
});
