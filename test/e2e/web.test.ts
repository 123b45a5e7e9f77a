// The web application in a real headless Chromium against `xinyong serve --demo`: each role's main path, no console
// errors, no failed requests, and a screenshot of each main screen (test-output/screenshots).
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penaltyRows, toCsv, withBadId } from '../support/bulk-files.js';
import { type DemoServer, launchBrowser, newPage, shot, signIn, startDemoServer } from './browser.js';

const COMPANY = '北京长青文化传媒有限公司';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let server: DemoServer;

/** Controls in the accessibility tree with no name, by role. */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
  };
  await cdp.detach();
  const roles = new Set([
    'button',
    'link',
    'textbox',
    'searchbox',
    'combobox',
    'checkbox',
    'tab',
    'spinbutton',
  ]);
  return nodes
    .filter((n) => !n.ignored && roles.has(n.role?.value ?? '') && !(n.name?.value ?? '').trim())
    .map((n) => n.role!.value);
}
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Picks an option of an antd Select by typing part of its label. */
async function choose(page: Page, label: string | RegExp, text: string): Promise<void> {
  const select = page.getByLabel(label);
  await select.click();
  // Searchable selects take typing; plain ones only open their list.
  if (await select.isEditable()) await select.fill(text);
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  // Once the dropdown has finished sliding in (antd drops its motion classes), a click lands on the option.
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="slide-up-"])')
    .waitFor();
  await open.locator('.ant-select-item-option').filter({ hasText: text }).last().click();
  // The next select is opened only once this dropdown has closed, so its options are never confused with these.
  await expect.poll(() => open.count()).toBe(0);
}

describe('the web application', () => {
  it('public portal: search with suggestions → results with badges → the subject page; lists, statistics, verify', async () => {
    const { page, problems, context } = await newPage(browser);
    await page.goto(server.url);
    await expect.poll(() => page.title()).toBe('信用信息公示平台');
    const box = page.getByRole('searchbox', { name: '搜索' });
    await box.fill('长青');
    await page.getByRole('option', { name: new RegExp(COMPANY) }).waitFor();
    await shot(page, 'portal-home-suggestions');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const result = page.getByRole('link', { name: COMPANY });
    await result.waitFor();
    await shot(page, 'portal-search-results');
    await result.click();
    await page.getByRole('heading', { level: 2, name: new RegExp(COMPANY) }).waitFor();
    for (const section of ['登记注册信息', '行政许可与资质', '列入名单', '司法信息'])
      await page.getByRole('button', { name: new RegExp(section) }).waitFor();
    await page.getByText('法律依据').first().waitFor();
    await shot(page, 'portal-subject');

    await page.getByRole('link', { name: '红黑名单' }).click();
    await page.locator('.listing').first().waitFor();
    expect(await page.locator('.listing').first().textContent()).toMatch(/如有异议/);
    await shot(page, 'portal-lists');
    // No dead links: every subject linked from the lists has a public page (masked persons are not linked).
    const links = await page.locator('.listing a[href^="/subjects/"]').all();
    const hrefs = await Promise.all(links.map((a) => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs)
      expect((await fetch(`${server.url}/api/v1${href ?? ''}`)).status, href ?? '').toBe(200);
    // Every control has an accessible name, icon-only ones (the pagination arrows) in Chinese.
    expect(await unnamedControls(page)).toEqual([]);
    await expect
      .poll(() => page.locator('.ant-pagination-next button').getAttribute('aria-label'))
      .toBe('下一页');
    await page.locator('.ant-segmented-item-label').getByText('红名单', { exact: true }).click();
    await page.locator('.listing [data-badge="red"]').first().waitFor();

    await page.getByRole('link', { name: '统计' }).click();
    await page.locator('.stat-card canvas').first().waitFor();
    await page.getByRole('cell', { name: '失信被执行人名单' }).first().waitFor();
    await shot(page, 'portal-stats');

    // A report issued to the company verifies by its number.
    const report = (await (
      await fetch(`${server.url}/api/v1/subjects/${encodeURIComponent('911101010049M3020C')}/report`, {
        headers: { authorization: `Bearer ${server.tokens.company}` },
      })
    ).json()) as { number: string };
    await page.getByRole('link', { name: '报告核验' }).click();
    await page.getByLabel('报告编号').fill(report.number);
    await page.getByLabel('报告编号').press('Enter');
    await page.getByText('报告真实有效').waitFor();
    await shot(page, 'portal-verify');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('subject objects to its listing → the agency upholds → the badge clears', async () => {
    const subject = await newPage(browser);
    await subject.page.goto(`${server.url}/me`);
    await signIn(subject.page, server.tokens.company!);
    const listing = subject.page.locator('.listing').filter({ hasText: '经营异常名录' }).first();
    await listing.waitFor();
    await listing.getByRole('button', { name: /提\s*出\s*异\s*议/ }).click();
    const dialog = subject.page.getByRole('dialog');
    await dialog.getByLabel('异议理由').fill('本公司已于 2026 年 11 月 20 日补报并公示年度报告。');
    await dialog
      .getByLabel(/证明材料/)
      .setInputFiles({ name: '年报公示回执.pdf', mimeType: 'application/pdf', buffer: PDF });
    await shot(subject.page, 'me-objection-form');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await listing.locator('[data-badge="under-objection"]').waitFor();
    await listing.scrollIntoViewIfNeeded();
    await shot(subject.page, 'me-file-under-objection');
    await subject.page.getByRole('tab', { name: '我的申请' }).click();
    await subject.page.getByRole('cell', { name: '处理中' }).first().waitFor();
    await shot(subject.page, 'me-requests');
    await subject.page.getByRole('tab', { name: '告知通知' }).click();
    await subject.page.locator('.notice').first().waitFor();
    await shot(subject.page, 'me-notices');
    await subject.page.getByRole('tab', { name: '我的信用分' }).click();
    await subject.page.getByRole('heading', { name: '如何改变我的等级' }).first().waitFor();
    await shot(subject.page, 'me-scores');

    const agency = await newPage(browser);
    await agency.page.goto(`${server.url}/agency`);
    await signIn(agency.page, server.tokens.samr!);
    const row = agency.page.locator('.ant-table-tbody tr').filter({ hasText: '补报并公示年度报告' });
    await row.waitFor();
    await shot(agency.page, 'agency-objections');
    await row.getByRole('button', { name: /作出决定/ }).click();
    const decide = agency.page.getByRole('dialog');
    // The agency reads the evidence before it decides.
    const [evidence] = await Promise.all([
      agency.page.waitForEvent('download'),
      decide.getByRole('button', { name: '年报公示回执.pdf' }).click(),
    ]);
    expect(readFileSync(await evidence.path(), 'latin1')).toMatch(/^%PDF/);
    await shot(agency.page, 'agency-decide');
    await decide.getByText('异议成立').click();
    await decide.getByLabel('决定理由').fill('经核实，该企业已补报年度报告，移出经营异常名录。');
    await decide.getByRole('button', { name: /提\s*交/ }).click();
    await row.waitFor({ state: 'detached' });

    await subject.page.getByRole('tab', { name: '我的档案' }).click();
    const ended = subject.page.locator('.listing').filter({ hasText: '经营异常名录' }).first();
    await ended.getByText('已结束').waitFor();
    expect(await ended.locator('[data-badge]').count()).toBe(0);
    await ended.getByText('异议成立').waitFor();
    await ended.scrollIntoViewIfNeeded();
    await shot(subject.page, 'me-file-objection-upheld');
    expect(subject.problems).toEqual([]);
    expect(agency.problems).toEqual([]);
    await subject.context.close();
    await agency.context.close();
  });

  it('agency uploads a file with bad rows → progress → the rejects file downloads', async () => {
    const { page, problems, context } = await newPage(browser);
    await page.goto(`${server.url}/agency/import`);
    await signIn(page, server.tokens.samr!);
    await choose(page, '记录类型', 'administrative.penalty');
    const rows = penaltyRows(9100, 6, 'WEB');
    rows[2] = withBadId(rows[2]!);
    rows[4] = { ...rows[4]!, fields: { ...rows[4]!.fields, favouriteColour: 'blue' } };
    await page.getByLabel(/数据文件/).setInputFiles({
      name: 'penalties.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(toCsv('administrative.penalty', rows)),
    });
    await page.getByRole('button', { name: /上\s*传/ }).click();
    await page.locator('[data-state="done-with-rejects"]').waitFor();
    await shot(page, 'agency-import');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载被拒行/ }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^rowNumber,reason/);
    expect(csv).toMatch(/check character/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('agency submits a record through the form generated from the catalog schema', async () => {
    const { page, problems, context } = await newPage(browser);
    await page.goto(`${server.url}/agency/record`);
    await signIn(page, server.tokens.samr!);
    await choose(page, '记录类型', 'administrative.penalty');
    await page.getByLabel('行政处罚决定书文号').waitFor();
    await page.getByRole('button', { name: /填入示例/ }).click();
    await page.getByLabel('主体代码').fill('91350100M000100Y43');
    await page.getByLabel('本机关编号').fill('WEB-FORM-1');
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText(/记录已保存/).waitFor();
    await shot(page, 'agency-record-form');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('operator: catalogs, the memoranda graph, a policy simulation, an audit proof, health', async () => {
    const { page, problems, context } = await newPage(browser);
    await page.goto(`${server.url}/operator`);
    await signIn(page, server.tokens.operator!);
    await page.getByRole('cell', { name: 'administrative.penalty' }).waitFor();
    await shot(page, 'operator-catalogs');
    await page.getByRole('tab', { name: '备忘录关系图' }).click();
    await page.locator('canvas').first().waitFor();
    await shot(page, 'operator-graph');
    await page.getByRole('tab', { name: '政策模拟' }).click();
    await choose(page, '起点', '对失信被执行人实施联合惩戒');
    await expect.poll(() => page.getByLabel(/拟议内容/).inputValue()).toMatch(/spc\.defaulters/);
    // The proposal: the defaulters memorandum reaching directors and supervisors too, not only the legal representative.
    const proposal = JSON.parse(await page.getByLabel(/拟议内容/).inputValue()) as { extendsTo: string[] };
    proposal.extendsTo = ['legal-representative', 'director', 'supervisor'];
    await page.getByLabel(/拟议内容/).fill(JSON.stringify(proposal, null, 2));
    await page.getByRole('button', { name: /运行模拟/ }).click();
    await page.locator('.simulation-report canvas').first().waitFor();
    await page.locator('.simulation-report').scrollIntoViewIfNeeded();
    await shot(page, 'operator-simulation');
    await page.getByRole('tab', { name: '审计日志' }).click();
    await page.getByLabel('条目序号').fill('1');
    await page.getByLabel('条目序号').press('Enter');
    await page.locator('.proof').waitFor();
    await shot(page, 'operator-audit');
    await page.getByRole('tab', { name: '系统状态' }).click();
    await page.getByText('sqlite').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is keyboard reachable: Tab to the search box, arrow to a suggestion, Enter opens the subject', async () => {
    const { page, problems, context } = await newPage(browser);
    await page.goto(server.url);
    const box = page.getByRole('searchbox', { name: '搜索' });
    await box.waitFor();
    let focused = false;
    for (let i = 0; i < 20 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused =
        (await page.evaluate<string | null>("document.activeElement?.getAttribute('role') ?? null")) ===
        'searchbox';
    }
    expect(focused).toBe(true);
    await page.keyboard.type('长青文化');
    await page.getByRole('option', { name: new RegExp(COMPANY) }).waitFor();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByRole('option', { selected: true }).count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: new RegExp(COMPANY) }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('agency lists a subject on its own list, then ends the listing early', async () => {
    const { page, problems, context } = await newPage(browser);
    await page.goto(`${server.url}/agency/listings`);
    await signIn(page, server.tokens.samr!);
    await page.getByRole('button', { name: '新增列入' }).click();
    const dialog = page.getByRole('dialog');
    await choose(page, /^名单$/, '严重违法失信名单');
    await dialog.getByLabel('主体代码').fill('91350100M000100Y43');
    await choose(page, /^失信程度$/, '严重');
    await dialog.getByLabel('决定文书号').fill('榕市监严〔2026〕网1号');
    await dialog.getByLabel('失信行为发生日期').fill('2026-03-01');
    await dialog.getByLabel('列入理由').fill('提交虚假材料取得公司登记，被依法撤销登记。');
    await shot(page, 'agency-new-listing');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: '榕市监严〔2026〕网1号' });
    await row.waitFor();
    await row.getByText('告知期（尚未生效）').waitFor();
    await shot(page, 'agency-listings');
    await row.getByRole('button', { name: '提前移出' }).click();
    const end = page.getByRole('dialog');
    await choose(page, /^移出原因$/, '撤销');
    await end.getByRole('button', { name: '提交' }).click();
    await row.getByText('已结束').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a 390×844 phone and switches to English', async () => {
    const { page, problems, context } = await newPage(browser, { width: 390, height: 844 });
    await page.goto(server.url);
    await page.getByRole('searchbox', { name: '搜索' }).waitFor();
    await shot(page, 'mobile-home');
    await page.goto(`${server.url}/subjects/911101010049M3020C`);
    await page.getByRole('heading', { level: 2, name: new RegExp(COMPANY) }).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, 'mobile-subject');
    await page.getByRole('button', { name: '切换到英文' }).click();
    await page.getByRole('button', { name: /Registration/ }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    await shot(page, 'mobile-subject-en');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('answers a one-character search, a bad subject address and an unknown report number in Chinese, without a failing request', async () => {
    const { page, problems, context } = await newPage(browser);
    // Latin words in what the page shows (the language switch, named in English on purpose, is outside <main>).
    const latinWords = async () => (await page.locator('main').innerText()).match(/[A-Za-z]{2,}/g) ?? [];
    await page.goto(server.url);
    const box = page.getByRole('searchbox', { name: '搜索' });
    await box.fill('钱');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByText('请至少输入两个字或完整的代码').waitFor();
    expect(await latinWords()).toEqual([]);
    await shot(page, 'portal-search-too-short');

    await page.goto(`${server.url}/subjects/XXXX`);
    await page.getByText('网址中的主体代码无效').waitFor();
    expect(await latinWords()).toEqual([]);
    await shot(page, 'portal-subject-bad-id');

    await page.goto(`${server.url}/verify/XY-20200101-AAAAAAAAAA`);
    await page.getByText('未找到该编号的报告').waitFor();
    expect(problems).toEqual([]);
    expect(await page.locator('main').count()).toBe(1);
    await context.close();
  });

  it('a subject with a repair application pending sees its status, not a second apply button', async () => {
    const { page, problems, context } = await newPage(browser);
    await page.goto(`${server.url}/me`);
    await signIn(page, server.tokens.person!);
    const listing = page.locator('.listing').filter({ hasText: '失信被执行人' }).first();
    await listing.getByRole('button', { name: '申请信用修复' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('申请修复的名单').waitFor();
    await dialog.getByLabel('已履行的义务').fill('已按执行通知书全额履行给付义务。');
    await dialog.getByLabel('信用承诺书').fill('本人承诺今后诚信守法，按时履行生效法律文书确定的义务。');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await listing.getByText('修复申请处理中').waitFor();
    expect(await listing.getByRole('button', { name: '申请信用修复' }).count()).toBe(0);
    await listing.scrollIntoViewIfNeeded();
    await shot(page, 'me-repair-pending');
    await page.getByRole('tab', { name: '我的申请' }).click();
    for (const column of ['编号', '申请类型', '事项'])
      await page.getByRole('columnheader', { name: column }).waitFor();
    expect(await page.getByRole('columnheader', { name: '状态' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the agency queue shows overdue items in red, with the list and the subject named', async () => {
    // The demo files a few objections long enough ago to be overdue; open the queue of the agency that owns one.
    const overdue = (await (
      await fetch(`${server.url}/api/v1/objections?overdue=true&limit=1`, {
        headers: { authorization: `Bearer ${server.tokens.operator}` },
      })
    ).json()) as { items: { agency: string; about: { list: { names: { zh: string } } } }[] };
    const first = overdue.items[0]!;
    // A token for that agency, issued by the operator through the API.
    const issued = (await (
      await fetch(`${server.url}/api/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.tokens.operator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'agency', agency: first.agency, label: 'e2e: overdue queue' }),
      })
    ).json()) as { token: string };
    const { page, problems, context } = await newPage(browser);
    await page.goto(`${server.url}/agency`);
    await signIn(page, issued.token);
    const row = page.locator('.ant-table-tbody tr.overdue-row').first();
    await row.waitFor();
    await row.getByText(first.about.list.names.zh).waitFor();
    // Off the table, so no row shows its hover colour.
    await page.mouse.move(0, 0);
    // The browser's getComputedStyle (the tests' TypeScript has no DOM library).
    type Styles = { getComputedStyle(e: unknown): { color: string; backgroundColor: string } };
    const style = (selector: string, property: 'color' | 'backgroundColor') =>
      row
        .locator(selector)
        .first()
        .evaluate((e, p) => (globalThis as unknown as Styles).getComputedStyle(e)[p], property);
    expect(await style('.overdue', 'color')).toBe('rgb(207, 19, 34)');
    expect(await style('td', 'backgroundColor')).toBe('rgb(255, 241, 240)');
    await shot(page, 'agency-objections-overdue');
    await page.getByRole('tab', { name: '决定统计' }).click();
    await page.locator('.ant-statistic').first().waitFor();
    await shot(page, 'agency-stats');
    expect(problems).toEqual([]);
    await context.close();
  });
});
