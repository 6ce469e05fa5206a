import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiAs } from './api';
import { DEMO_PASSWORD, type Journey, loginAs, startJourney } from './harness';

/*
 * The lecture programme's journey on the demo city's 8th edition (recruiting): a liaison
 * recommends a colleague, a cadre nominates itself, the admin org-picks — and is refused, in
 * Chinese, for a person over the age limit — then the admin selects five and orders them, and
 * every nominee reads the outcome in the notification centre.
 */

/** An account for a roster person, with a known password, made as an admin would (then the first password changed). */
async function accountFor(baseUrl: string, admin: Api, username: string, person: { id: string; name: string; unitId: string }): Promise<string> {
  const { user, initialPassword } = await admin.send('POST', '/api/users', { username, displayName: person.name, personId: person.id });
  await admin.send('POST', `/api/users/${user.id}/grants`, { role: 'cadre', orgUnitId: person.unitId });
  const own = await apiAs(baseUrl, username, initialPassword);
  const password = 'journey-password-123';
  await own.send('POST', '/api/auth/password', { currentPassword: initialPassword, newPassword: password });
  return password;
}

async function choosePerson(page: Page, form: string, name: string) {
  const picker = page.getByTestId(form).getByTestId('person-picker');
  await picker.click();
  await page.keyboard.type(name);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
  await page.keyboard.press('Escape');
}

/** The form's own submit button (its label may carry a spinner while eligibility is checked). */
function submitOf(page: Page, form: string) {
  return page.getByTestId(form).locator('button[type=submit]');
}

async function openEdition(page: Page, editionId: string, tab: string) {
  await page.goto(`/editions/${editionId}`);
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

async function notificationTitles(page: Page): Promise<string> {
  await page.getByTestId('notification-bell').click();
  const items = page.getByTestId('notification-item');
  await items.first().waitFor();
  return (await items.allTextContents()).join('\n');
}

describe('lecture programme journey in Chromium', () => {
  let j: Journey;
  let editionId: string;
  const names: Record<string, string> = {};
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    j = await startJourney();
    const admin = await apiAs(j.baseUrl, 'admin');
    const editions = (await admin.get('/api/editions?status=recruiting&pageSize=50')).items as Array<{ id: string; seq: number; hallName: string }>;
    editionId = editions.find((e) => e.hallName === '市直机关干部大讲堂' && e.seq === 8)!.id;
    const board = (await admin.get(`/api/editions/${editionId}/nominations`)).items as Array<{ personId: string }>;
    const taken = new Set(board.map((n) => n.personId));
    const units = (await admin.get('/api/org-units')).items as Array<{ id: string; name: string }>;
    const unitId = (name: string) => units.find((u) => u.name === name)!.id;
    const me = async (username: string) => (await (await apiAs(j.baseUrl, username)).get('/api/auth/me')).personId as string;
    for (const u of ['cadre', 'liaison']) taken.add(await me(u));
    /** The first young person of a unit who may still be nominated for the 8th edition. */
    const eligibleIn = async (unit: string) => {
      const people = (await admin.get(`/api/people?unitId=${unitId(unit)}&maxAge=36&pageSize=100`)).items as Array<{
        id: string;
        name: string;
        unitId: string;
      }>;
      for (const p of people) {
        if (taken.has(p.id)) continue;
        if ((await admin.get(`/api/editions/${editionId}/eligibility?personId=${p.id}`)).eligible) {
          taken.add(p.id);
          return p;
        }
      }
      throw new Error(`no eligible person in ${unit}`);
    };
    const colleague = await eligibleIn('市卫健委');
    const picked = await eligibleIn('市发改委');
    names.colleague = colleague.name;
    names.picked = picked.name;
    passwords.colleague = await accountFor(j.baseUrl, admin, 'colleague', colleague);
    passwords.picked = await accountFor(j.baseUrl, admin, 'picked', picked);
    const cadre = await apiAs(j.baseUrl, 'cadre');
    names.cadre = (await cadre.get(`/api/people/${await me('cadre')}`).catch(() => null))?.name ?? '张晓明';
  });
  afterAll(async () => {
    await j?.close();
  });

  it('takes nominations through the three channels, refusing an ineligible one with its reason in Chinese', async () => {
    const liaison = await j.newPage();
    await loginAs(liaison, 'liaison');
    await openEdition(liaison, editionId, '推选');
    await liaison.getByRole('button', { name: '单位推荐', exact: true }).click();
    await choosePerson(liaison, 'form-recommend', names.colleague!);
    await liaison.getByTestId('form-recommend').getByText('符合条件').waitFor();
    await liaison.locator('#form-recommend_statement').fill('该同志长期从事基层卫生信息化工作，熟悉数字化治理。');
    await submitOf(liaison, 'form-recommend').click();
    await liaison.getByText(names.colleague!, { exact: false }).first().waitFor();
    await liaison.locator('.ant-message-success').waitFor();
    await liaison.context().close();

    const cadre = await j.newPage();
    await loginAs(cadre, 'cadre');
    await openEdition(cadre, editionId, '推选');
    const self = cadre.getByTestId('form-self');
    await self.getByText('符合条件').waitFor();
    await cadre.locator('#form-self_proposedTitle').fill('让数据多跑路：卫健窗口的数字化改造');
    await cadre.locator('#form-self_proposedAbstract').fill('结合本单位办事窗口的数字化改造，谈谈如何让群众少跑腿、让数据多跑路，并提出三条可推广的做法。');
    await self.getByText('服务民生', { exact: true }).click();
    await submitOf(cadre, 'form-self').click();
    await cadre.locator('.ant-message-success').waitFor();
    await cadre.context().close();

    const admin = await j.newPage();
    await loginAs(admin, 'admin');
    await openEdition(admin, editionId, '推选');
    await admin.getByRole('button', { name: '组织点将', exact: true }).click();
    // 赵志刚 (born 1970) is far over the hall's age limit of 40.
    await choosePerson(admin, 'form-org-pick', '赵志刚');
    const reasons = admin.getByTestId('form-org-pick').getByTestId('eligibility-reasons');
    await reasons.waitFor();
    expect(await reasons.textContent()).toMatch(/讲课人应为年轻干部：截至本期日期（2027-01-22）年满 5\d 岁，超过本讲堂 40 (周)?岁的年龄上限/);
    await submitOf(admin, 'form-org-pick').click();
    await admin.getByTestId('form-org-pick').getByText('破格推选').first().waitFor();

    await admin.getByTestId('form-org-pick').locator('.ant-select-clear').click({ force: true });
    await choosePerson(admin, 'form-org-pick', names.picked!);
    await admin.getByTestId('form-org-pick').getByText('符合条件').waitFor();
    await submitOf(admin, 'form-org-pick').click();
    await admin.locator('.ant-message-success').waitFor();
    await admin.context().close();
  });

  it('lets the admin select five in running order, and each nominee reads the outcome in the notification centre', async () => {
    const admin = await j.newPage();
    await loginAs(admin, 'admin');
    await openEdition(admin, editionId, '候选人');
    const board = admin.getByTestId('candidate-board');
    await board.waitFor();
    // Two more eligible candidates from the board, after the three of this journey.
    const api = await apiAs(j.baseUrl, 'admin');
    const candidates = (await api.get(`/api/editions/${editionId}/nominations`)).items as Array<{ personName: string; eligibility: { eligible: boolean } }>;
    const journeyNames = [names.picked!, names.colleague!, names.cadre!];
    const others = candidates.filter((c) => c.eligibility.eligible && !journeyNames.includes(c.personName)).slice(0, 2);
    expect(others).toHaveLength(2);
    for (const name of [...journeyNames, ...others.map((o) => o.personName)]) {
      await board.getByRole('checkbox', { name: `选入 ${name}` }).check();
    }
    expect(await admin.getByTestId('selection-count').textContent()).toContain('5');
    // The cadre was ticked third; move it up to open the session.
    const list = admin.getByTestId('selection-list');
    await list.scrollIntoViewIfNeeded();
    const cadreRow = list.locator('li').filter({ hasText: names.cadre! });
    await cadreRow.getByRole('button', { name: '上移' }).click();
    await list.locator('li').filter({ hasText: names.cadre! }).getByRole('button', { name: '上移' }).click();
    const order = (await list.locator('li').allTextContents()).map((text) =>
      [...journeyNames, ...others.map((o) => o.personName)].find((n) => text.includes(n)),
    );
    expect(order).toEqual([names.cadre, names.picked, names.colleague, others[0]!.personName, others[1]!.personName]);

    await admin.getByRole('button', { name: '确认讲课人', exact: true }).click();
    await admin
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await admin.locator('.ant-message-success').waitFor();
    const talks = (await api.get(`/api/editions/${editionId}/talks`)).items as Array<{ speakerName: string; order: number }>;
    expect(talks.map((t) => t.speakerName)).toEqual(order);
    await admin.context().close();

    for (const [username, password] of [
      ['cadre', DEMO_PASSWORD],
      ['colleague', passwords.colleague!],
      ['picked', passwords.picked!],
    ] as const) {
      const page = await j.newPage();
      await loginAs(page, username, password);
      expect(await notificationTitles(page), username).toContain('您已被推选为第8期讲课人');
      await page.context().close();
    }
    const liaison = await j.newPage();
    await loginAs(liaison, 'liaison');
    expect(await notificationTitles(liaison)).toContain(`您推荐的${names.colleague}已入选第8期讲课人`);
    await liaison.context().close();
  });
});
