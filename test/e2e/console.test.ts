import fs from 'node:fs';
import ExcelJS from 'exceljs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../config';
import { launchBrowser, shot, signIn } from '../helpers/browser';
import { printedPasswords, stackEnv, startStack, stopStack, waitForOutput, type Running } from '../helpers/stack';

/**
 * The web console in a real browser (Debian's Chromium) against the whole stack as the README's
 * start command runs it, demo loaded: the bureau, a school, the public; screenshots of each page
 * are kept in test-artifacts/screenshots.
 */
const dataDir = path.join(projectRoot, '.data', `test-console-${process.pid}`);
let stack: Running;
let base: string;
let passwords: Record<string, string>;
let browser: Browser;
let adminToken: string;
let campaignId: string;

beforeAll(async () => {
  const env = await stackEnv(dataDir);
  stack = startStack(env);
  await waitForOutput(stack, /Press Ctrl-C to stop/); // the summary with every demo password is complete
  base = `http://127.0.0.1:${env.API_PORT}`;
  passwords = printedPasswords(stack.output());
  browser = await launchBrowser();
  adminToken = await login('yq-admin');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (stack) await stopStack(stack);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** One API session per person (sign-ins are rate limited per address, as they should be). */
const tokens = new Map<string, string>();
async function login(username: string): Promise<string> {
  if (!tokens.has(username)) {
    const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: passwords[username] }) });
    if (!res.ok) throw new Error(`sign-in of ${username} → ${res.status} ${await res.text()}`);
    tokens.set(username, ((await res.json()) as { token: string }).token);
  }
  return tokens.get(username)!;
}
async function http(method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}
async function until<T>(what: string, f: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
/** Script errors of any page: a console page that throws fails the test. */
const pageErrors: string[] = [];
async function desk(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.on('weberror', (e) => pageErrors.push(String(e.error())));
  return { context, page: await context.newPage() };
}
afterEach(() => expect(pageErrors.splice(0)).toEqual([]));

it('lets the bureau sign in, see where the demo campaign stands, create a campaign and see why an open phase cannot be approved', async () => {
  const { context, page } = await desk();
  await page.goto(`${base}/console/`);
  await until('the login page', async () => page.url().includes('/console/login'));
  await shot(page, '01-login');
  // A wrong password is refused in Chinese, beside the form.
  await page.getByLabel('用户名 Username').fill('yq-admin');
  await page.getByLabel('密码 Password').fill('wrong-password');
  await page.getByRole('button', { name: /登录 Sign in/ }).click();
  await expectText(page.getByRole('alert'), '用户名或密码错误');

  await signIn(page, base, 'yq-admin', passwords['yq-admin']!);
  await expectText(page.getByTestId('whoami'), '王科长');
  await page.getByRole('link', { name: '义务教育优质均衡系列示范校创建（演示）' }).waitFor();
  await shot(page, '02-campaigns');
  await page.getByRole('link', { name: '义务教育优质均衡系列示范校创建（演示）' }).click();
  const seed = page.getByTestId('phase-seed_selection');
  await expectText(seed, '进行中 Now');
  await expectText(seed, /还剩 \d+ 个工作日|今日截止/);
  await expectText(page.getByTestId('phase-awards'), '预计 Expected');
  await shot(page, '03-campaign-timeline');
  // Approving a phase before its deadline is refused, and the page says why.
  await seed.getByRole('button', { name: /审批通过 Approve/ }).click();
  await expectText(seed.getByRole('alert'), '尚未截止');

  // A new campaign from the default template, with the bureau's schools, started at once.
  await page.goto(`${base}/console/campaigns/new`);
  // A school list from Excel with a bad level is refused, the cell named.
  const bad = new ExcelJS.Workbook();
  bad.addWorksheet('学校名单').addRows([['学校代码 code', '学校名称 name', '学区 district', '学段 level'], ['NEW-01', '新建实验小学', '城区学区', '高中']]);
  await page.locator('input[type=file]').setInputFiles({ name: '学校名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await bad.xlsx.writeBuffer()) });
  await expectText(page.getByRole('alert').filter({ hasText: '未导入' }), '第 2 行 D 列');
  await page.reload();
  await page.getByLabel('活动名称 Name').fill('浏览器中创建的活动');
  // Five of the bureau's sixteen schools take part: one will be the mentor of the other four.
  await page.locator('.ant-table-thead .ant-checkbox-input').click();
  for (const code of ['HQ-01', 'HQ-02', 'DJ-01', 'CQ-01', 'CQ-02']) await page.locator('.ant-table-row').filter({ hasText: code }).locator('.ant-checkbox-input').click();
  await expectText(page.locator('form'), '已选 5 / 16');
  await page.getByRole('button', { name: /创建并启动 Create and start/ }).click();
  await page.waitForURL(/\/console\/campaigns\/[0-9a-f-]{36}$/);
  campaignId = page.url().split('/').pop()!;
  await expectText(page.getByTestId('phase-seed_selection'), '进行中 Now', 30_000);
  await shot(page, '04-campaign-created');
  await context.close();
}, 120_000);

it('lets a school object during publicity in the browser, the bureau decide it, and the school see the decision', async () => {
  // Set-up through the API: a nomination, and the seed-selection deadline moved to now so the phase closes.
  const campaign = await http('GET', `/campaigns/${campaignId}`);
  const hq01 = (campaign.schools as { id: string; code: string }[]).find((s) => s.code === 'HQ-01')!;
  const [department] = await http('GET', `/bureaus/${campaign.bureauId}/departments`);
  await http('POST', `/campaigns/${campaignId}/nominations`, { schoolId: hq01.id, indicators: ['teaching_quality'], reasons: '教学质量突出', departmentId: department.id });
  await http('POST', `/campaigns/${campaignId}/phases/seed_selection/deadline`, { deadline: new Date(Date.now() + 2000).toISOString(), reason: '测试：提前截止' });
  await until('seed selection closed', async () => (await http('GET', `/campaigns/${campaignId}`)).phases.find((p: { key: string; status: string }) => p.key === 'seed_selection' && p.status === 'awaiting_approval'));

  const admin = await desk();
  await signIn(admin.page, base, 'yq-admin', passwords['yq-admin']!);
  await admin.page.goto(`${base}/console/campaigns/${campaignId}`);
  const seed = admin.page.getByTestId('phase-seed_selection');
  await expectText(seed, '待审批 Awaiting approval');
  await seed.getByLabel('审批意见 Note').fill('同意');
  await seed.getByRole('button', { name: /审批通过 Approve/ }).click();
  await expectText(admin.page.getByTestId('phase-seed_publicity'), '进行中 Now', 30_000);
  await expectText(seed, '已完成 Done');

  // The school objects in the browser.
  const school = await desk();
  await signIn(school.page, base, 'yq-school-dj01', passwords['yq-school-dj01']!);
  await school.page.goto(`${base}/console/campaigns/${campaignId}`);
  await school.page.getByRole('tab', { name: /公示与异议 Publicity/ }).click();
  await school.page.getByLabel('涉及学校 About school').click();
  await school.page.getByTitle('虹桥八小（HQ-01）').click();
  await school.page.getByLabel('联系人 Contact name').fill('张校长');
  await school.page.getByLabel('联系电话 Contact phone').fill('0577-61234567');
  await school.page.getByLabel('事实 Facts').fill('该校近三年教学质量监测排名靠后');
  await school.page.getByLabel('理由 Reasons').fill('不符合“教学质量突出”的推荐理由');
  await shot(school.page, '05-school-objection-form');
  await school.page.getByRole('button', { name: /提交异议 Submit objection/ }).click();
  await expectText(school.page.locator('.ant-table-row').filter({ hasText: '张校长' }), '已受理');

  // The timeline says what the publicity still waits for, and who owes it.
  await admin.page.reload();
  await expectText(admin.page.getByTestId('owed-seed_publicity'), '1 件异议尚未作出决定');
  // The bureau sees it in the inbox and decides it with a reason.
  await admin.page.getByRole('tab', { name: /公示与异议 Publicity/ }).click();
  const row = admin.page.locator('.ant-table-row').filter({ hasText: '张校长' });
  await expectText(row, '虹桥八小');
  await shot(admin.page, '06-objection-inbox');
  await row.getByRole('button', { name: /作出决定 Decide/ }).click();
  const dialog = admin.page.getByRole('dialog');
  await dialog.getByLabel('异议不成立 Dismissed').check();
  await dialog.getByLabel('书面答复 Written reason').fill('经核查，该校近三年质量监测均为优秀等次，异议不成立。');
  await dialog.getByRole('button', { name: /提交决定 Submit decision/ }).click();
  await expectText(admin.page.locator('.ant-table-row').filter({ hasText: '张校长' }), '已作出决定');

  // The school sees the decision on the campaign and in its inbox.
  await school.page.reload();
  await school.page.getByRole('tab', { name: /公示与异议 Publicity/ }).click();
  const mine = school.page.locator('.ant-table-row').filter({ hasText: '张校长' });
  await expectText(mine, '异议不成立');
  await mine.locator('.ant-table-row-expand-icon').click();
  await expectText(school.page.getByText(/经核查/), '异议不成立');
  await school.page.getByRole('link', { name: /消息 Inbox/ }).click();
  await expectText(school.page.locator('.ant-list'), '您提出的异议不成立');
  await shot(school.page, '07-school-inbox');
  // A principal on a phone (inside 企业微信 or 钉钉): the campaign page fits the screen.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const mobile = await phone.newPage();
  await signIn(mobile, base, 'yq-school-dj01', passwords['yq-school-dj01']!);
  await mobile.goto(`${base}/console/campaigns/${campaignId}`);
  await expectText(mobile.locator('.ant-layout-content'), '浏览器中创建的活动');
  await mobile.waitForTimeout(500);
  await shot(mobile, '07b-school-phone');
  expect(await mobile.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await phone.close();
  await Promise.all([admin.context.close(), school.context.close()]);
}, 180_000);

it('shows the public notice at a phone’s width and takes a real-name objection, naming a missing field', async () => {
  const windows = await http('GET', `/campaigns/${campaignId}/publicity`);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(`${base}/console/notice/${windows[0].id}`);
  await expectText(page.getByRole('heading', { level: 4 }), '名单的公示');
  await expectText(page.locator('.ant-table'), '虹桥八小');
  // Nothing overflows sideways on a phone.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await shot(page, '08-public-notice-phone');
  await page.getByLabel('姓名 Name').fill('李四');
  await page.getByLabel('工作单位 Employer').fill('某街道办');
  await page.getByLabel('事实 Facts').fill('事实');
  await page.getByLabel('理由 Reasons').fill('理由');
  await page.getByRole('button', { name: /提交异议 Submit objection/ }).click();
  await expectText(page.locator('.ant-form-item').filter({ hasText: '联系电话 Phone' }), '请填写联系电话');
  // The server's own check is shown beside the field too.
  await page.getByLabel('联系电话 Phone').fill('abc');
  await page.getByRole('button', { name: /提交异议 Submit objection/ }).click();
  await expectText(page.locator('.ant-form-item').filter({ hasText: '联系电话 Phone' }), '请填写可联系的电话');
  await page.getByLabel('联系电话 Phone').fill('13800000000');
  await page.getByRole('button', { name: /提交异议 Submit objection/ }).click();
  await expectText(page.getByText('异议办理进度 Your objection'), '异议办理进度');
  await shot(page, '09-public-objection-followed');
  await context.close();
}, 120_000);

it('lets a reviewer score in the browser, shows a recused school with its reason, refuses an assignment that breaks recusal, and takes a signature with a dissent', async () => {
  const campaign = await http('GET', `/campaigns/${campaignId}`);
  const school = (code: string) => (campaign.schools as { id: string; code: string }[]).find((x) => x.code === code)!.id;
  const indicators = campaign.template.indicators as { key: string; maxScore: number }[];
  const accounts = (await http('GET', `/bureaus/${campaign.bureauId}/accounts`)) as { id: string; username: string }[];
  const reviewer = accounts.find((a) => a.username === 'yq-reviewer')!;
  // Four more reviewers through the API, so the report stage has the template's minimum panel of five.
  const others: { id: string; token: string }[] = [];
  for (const n of [2, 3, 4, 5]) {
    const made = await http('POST', `/bureaus/${campaign.bureauId}/accounts`, { username: `e2e-rev${n}`, displayName: `专家${n}`, role: 'reviewer' });
    passwords[`e2e-rev${n}`] = made.initialPassword;
    others.push({ id: made.id, token: await login(`e2e-rev${n}`) });
    await http('PUT', `/campaigns/${campaignId}/reviewers/${made.id}/schools`, { schoolIds: [school('HQ-02')] });
  }
  await http('PUT', `/campaigns/${campaignId}/reviewers/${reviewer.id}/schools`, { schoolIds: [school('HQ-02'), school('CQ-01')] });
  await http('PUT', `/campaigns/${campaignId}/panels/report`, { members: [{ reviewerId: reviewer.id, role: 'chair' }, ...others.map((o) => ({ reviewerId: o.id, role: 'member' }))] });
  for (const o of others) {
    const res = await fetch(`${base}/campaigns/${campaignId}/stages/report/sheets/${school('HQ-02')}`, { method: 'PUT', headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ scores: Object.fromEntries(indicators.map((i) => [i.key, i.maxScore - 2])), submit: true }) });
    expect(res.status).toBe(200);
  }
  // After being assigned, the reviewer declares a conflict with CQ-01: from now on it is recused there.
  await http('POST', `/accounts/${reviewer.id}/conflicts`, { schoolId: school('CQ-01'), reason: '本人子女在该校就读' });

  // The bureau tries to give the reviewer 城南一小, where a conflict was declared: refused with the reason.
  const admin = await desk();
  await signIn(admin.page, base, 'yq-admin', passwords['yq-admin']!);
  await admin.page.goto(`${base}/console/campaigns/${campaignId}`);
  await admin.page.getByRole('tab', { name: /评审专家 Reviewers/ }).click();
  const row = admin.page.locator('.ant-table-row').filter({ hasText: '陈老师' });
  await row.getByRole('button', { name: /分配学校 Assign schools/ }).click();
  const dialog = admin.page.getByRole('dialog');
  await dialog.getByLabel('评审的学校 Schools to review').click();
  await admin.page.getByTitle('城南一小（城区学区）').click();
  await admin.page.keyboard.press('Escape'); // close the school list, keep the dialog
  await dialog.getByRole('button', { name: /保存分配 Save assignment/ }).click();
  await expectText(dialog.getByRole('alert'), '配偶在该校任教');
  await shot(admin.page, '10-assignment-refused');
  await admin.context.close();

  const rev = await desk();
  await signIn(rev.page, base, 'yq-reviewer', passwords['yq-reviewer']!);
  await rev.page.goto(`${base}/console/campaigns/${campaignId}`);
  const recused = rev.page.locator('.ant-table-row').filter({ hasText: '城东二小' });
  await expectText(recused, '须回避 Recused');
  await expectText(recused, '本人子女在该校就读');
  // A draft first, then the sheet submitted; it stays submitted after a reload.
  const first = indicators[0]!;
  const inputs = rev.page.locator('.ant-card').filter({ hasText: '评分表 Score sheet' }).locator('input.ant-input-number-input');
  await inputs.first().fill(String(first.maxScore - 1));
  await rev.page.getByRole('button', { name: /保存草稿 Save draft/ }).click();
  await expectText(rev.page.locator('.ant-table-row').filter({ hasText: '虹桥九小' }), '草稿 Draft');
  await rev.page.reload();
  await expectText(rev.page.locator('.ant-table-row').filter({ hasText: '虹桥九小' }), '草稿 Draft');
  const count = await inputs.count();
  expect(count).toBe(indicators.length);
  for (let i = 0; i < count; i += 1) await inputs.nth(i).fill(String(indicators[i]!.maxScore - 1));
  await shot(rev.page, '11-score-sheet');
  await rev.page.getByRole('button', { name: /^提交 Submit$/ }).click();
  await expectText(rev.page.locator('.ant-table-row').filter({ hasText: '虹桥九小' }), '已提交 Submitted');
  // As the panel's chair, the reviewer sends 专家2's sheet back for a slip; 专家2 submits it again.
  const reopen = rev.page.locator('.ant-card').filter({ hasText: '退回评分表（组长）' });
  await reopen.getByLabel('学校 School').click();
  await rev.page.keyboard.press('Enter');
  await reopen.getByLabel('评分专家 Reviewer').click();
  await rev.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last().getByTitle('专家2').click();
  await reopen.getByLabel('退回理由 Reason').fill('第二位专家笔误，退回修改');
  await reopen.getByRole('button', { name: /退回 Reopen/ }).click();
  await until('the sheet reopened', async () => ((await http('GET', `/campaigns/${campaignId}/stages/report/sheets`)) as { reviewerId: string; status: string }[]).some((x) => x.reviewerId === others[0]!.id && x.status === 'draft'));
  const again = await fetch(`${base}/campaigns/${campaignId}/stages/report/sheets/${school('HQ-02')}`, { method: 'PUT', headers: { authorization: `Bearer ${others[0]!.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ scores: Object.fromEntries(indicators.map((i) => [i.key, i.maxScore - 3])), submit: true }) });
  expect(again.status).toBe(200);
  await rev.page.getByLabel('书面异议 Written dissent').fill('我认为虹桥九小课程建设得分偏高');
  await rev.page.getByRole('button', { name: /附异议签字 Sign with dissent/ }).click();
  await until('the signature', async () => ((await http('GET', `/campaigns/${campaignId}/stages/report/results`)).signoffs as { reviewerId: string; dissent: string | null }[]).find((x) => x.reviewerId === reviewer.id && x.dissent === '我认为虹桥九小课程建设得分偏高'));
  await shot(rev.page, '12-signed-with-dissent');
  await rev.context.close();
}, 180_000);

it('runs the campaign on to its awards in the browser: decisions, approvals, the mentor, the pairing, the award list and its files', async () => {
  const campaign = await http('GET', `/campaigns/${campaignId}`);
  const school = (code: string) => (campaign.schools as { id: string; code: string }[]).find((x) => x.code === code)!.id;
  const { page, context } = await desk();
  await signIn(page, base, 'yq-admin', passwords['yq-admin']!);
  await page.goto(`${base}/console/campaigns/${campaignId}`);

  /** Time passes (the deadline is moved to now through the API), then the bureau approves in the browser. */
  const closeAndApprove = async (key: string, next: string | null) => {
    await http('POST', `/campaigns/${campaignId}/phases/${key}/deadline`, { deadline: new Date(Date.now() + 1500).toISOString(), reason: '测试：时间推进' });
    await until(`${key} awaiting approval`, async () => (await http('GET', `/campaigns/${campaignId}`)).phases.find((p: { key: string; status: string }) => p.key === key && p.status === 'awaiting_approval'));
    await page.reload();
    await page.getByRole('tab', { name: /进度 Timeline/ }).click();
    const phase = page.getByTestId(`phase-${key}`);
    await expectText(phase, '待审批 Awaiting approval');
    await phase.getByRole('button', { name: /审批通过 Approve/ }).click();
    await expectText(phase, '已完成 Done', 30_000);
    if (next) await expectText(page.getByTestId(`phase-${next}`), '进行中 Now', 30_000);
  };

  // The public's objection is decided too; then the seed list is final.
  await page.getByRole('tab', { name: /公示与异议 Publicity/ }).click();
  const pending = page.locator('.ant-table-row').filter({ hasText: '李四' });
  await pending.getByRole('button', { name: /作出决定 Decide/ }).click();
  const decide = page.getByRole('dialog');
  await decide.getByLabel('异议不成立 Dismissed').check();
  await decide.getByLabel('书面答复 Written reason').fill('反映的情况与事实不符。');
  await decide.getByRole('button', { name: /提交决定 Submit decision/ }).click();
  await expectText(page.locator('.ant-table-row').filter({ hasText: '李四' }), '已作出决定');
  await closeAndApprove('seed_publicity', 'mentor_selection');

  // The mentor: 虹桥八小 rated excellent in every category, with practices on two indicators.
  await page.getByRole('tab', { name: /导师与结对 Mentors/ }).click();
  await page.locator('.ant-table-row').filter({ hasText: '虹桥八小' }).getByRole('button', { name: /评议 Evaluate/ }).click();
  const evaluate = page.getByRole('dialog');
  const categories = campaign.template.indicators as { key: string; name: { zh: string; en: string } }[];
  // From the keyboard: each rating's first choice is 优秀 Excellent.
  for (const c of categories) {
    await evaluate.getByLabel(`${c.name.zh} ${c.name.en}`, { exact: true }).click();
    await page.keyboard.press('Enter');
  }
  for (const [n, k] of [1, 3].entries()) {
    const c = categories[k]!;
    await evaluate.getByRole('button', { name: /添加经验做法 Add a practice/ }).click();
    const card = evaluate.locator('.ant-card').nth(n);
    await card.getByLabel('所属指标 Indicator').click();
    for (let i = 0; i < k; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expectText(card, c.name.zh);
    await card.getByLabel('标题 Title').fill(`${c.name.zh}经验`);
    await card.getByLabel('做法概要 Summary').fill('校本研修与青蓝工程结合');
  }
  await evaluate.getByRole('button', { name: /保存评议 Save/ }).click();
  await expectText(page.locator('.ant-table-row').filter({ hasText: '虹桥八小' }), '导师型 Mentor');
  await shot(page, '13-mentor-evaluated');
  await closeAndApprove('mentor_selection', 'pairing');

  // The 1+X pairing: proposed by the engine, explained, approved.
  await page.getByRole('tab', { name: /导师与结对 Mentors/ }).click();
  await page.getByRole('button', { name: /生成配对方案 Propose pairing/ }).click();
  await page.getByRole('button', { name: /审批第 1 版 Approve version 1/ }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /审批 Approve/ }).click();
  await expectText(page.locator('main, .ant-layout-content'), '虹桥九小');
  await until('the pairing approved', async () => (await http('GET', `/campaigns/${campaignId}/pairing`)).approvedVersion === 1);
  await shot(page, '14-pairing-approved');
  await closeAndApprove('pairing', 'acceptance');

  // The panels' work (shown in the reviewer's test) is finished through the API: the report stage's
  // remaining signatures, and an on-site stage scored and signed by five reviewers.
  const indicators = campaign.template.indicators as { key: string; maxScore: number }[];
  const accounts = (await http('GET', `/bureaus/${campaign.bureauId}/accounts`)) as { id: string; username: string }[];
  const rev6 = await http('POST', `/bureaus/${campaign.bureauId}/accounts`, { username: 'e2e-rev6', displayName: '专家6', role: 'reviewer' });
  passwords['e2e-rev6'] = rev6.initialPassword;
  await http('PUT', `/campaigns/${campaignId}/reviewers/${rev6.id}/schools`, { schoolIds: [school('HQ-02')] });
  const panel = [...accounts.filter((a) => /^e2e-rev[2-5]$/.test(a.username)), { id: rev6.id, username: 'e2e-rev6' }];
  const as = async (username: string, method: string, url: string, body: unknown) => {
    const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${await login(username)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  };
  for (const r of panel.filter((p) => p.username !== 'e2e-rev6')) await as(r.username, 'POST', `/campaigns/${campaignId}/stages/report/signoff`, {});
  await http('PUT', `/campaigns/${campaignId}/panels/onsite`, { members: panel.map((p, i) => ({ reviewerId: p.id, role: i === 0 ? 'chair' : 'member' })) });
  for (const r of panel) await as(r.username, 'PUT', `/campaigns/${campaignId}/stages/onsite/sheets/${school('HQ-02')}`, { scores: Object.fromEntries(indicators.map((i) => [i.key, i.maxScore - 5])), submit: true });
  for (const r of panel) await as(r.username, 'POST', `/campaigns/${campaignId}/stages/onsite/signoff`, {});
  await closeAndApprove('acceptance', 'score_publicity');
  await closeAndApprove('score_publicity', 'awards');

  // The awards: proposed with explanations, approved, and the Excel list and the PDF notice downloaded.
  await page.getByRole('tab', { name: /表彰 Awards/ }).click();
  await page.getByRole('button', { name: /生成表彰建议 Compute proposal/ }).click();
  await expectText(page.locator('.ant-table'), '虹桥九小');
  await page.getByRole('button', { name: /审批表彰名单 Approve awards/ }).click();
  await until('the award list approved', async () => (await http('GET', `/campaigns/${campaignId}/awards`)).approved);
  await shot(page, '15-awards-approved');
  const [excel] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载 Excel/ }).click()]);
  expect(excel.suggestedFilename()).toMatch(/\.xlsx$/);
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载 PDF/ }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  await closeAndApprove('awards', null);
  await page.reload();
  await expectText(page.locator('.ant-card').first(), '已完成 Completed', 30_000);
  await shot(page, '16-campaign-completed');
  await context.close();

  // The school sees its own result and why.
  const sch = await desk();
  await signIn(sch.page, base, 'yq-school-dj01', passwords['yq-school-dj01']!);
  await sch.page.goto(`${base}/console/campaigns/${campaignId}`);
  await sch.page.getByRole('tab', { name: /表彰 Awards/ }).click();
  await expectText(sch.page.locator('.ant-card').last(), '大荆三小');
  await shot(sch.page, '17-school-award');
  await sch.context.close();
}, 300_000);

it('shows the county’s 优质均衡 readiness with its charts and reports, and takes a department’s checklist report that the bureau accepts', async () => {
  const admin = await desk();
  await signIn(admin.page, base, 'yq-admin', passwords['yq-admin']!);
  await admin.page.getByRole('link', { name: /优质均衡 Readiness/ }).click();
  await expectText(admin.page.getByRole('heading', { name: /优质均衡发展评估/ }), '优质均衡发展评估');
  await expectText(admin.page.locator('.ant-layout-content'), '达标 13 / 16');
  await expectText(admin.page.locator('.ant-layout-content'), '城东二小');
  await shot(admin.page, '18-readiness');
  const [excel] = await Promise.all([admin.page.waitForEvent('download'), admin.page.getByRole('button', { name: /下载 Excel 报告/ }).click()]);
  expect(excel.suggestedFilename()).toMatch(/\.xlsx$/);

  // 督导室 reports the social-recognition survey with its share and evidence.
  const staff = await desk();
  await signIn(staff.page, base, 'yq-dudao', passwords['yq-dudao']!);
  await staff.page.getByRole('link', { name: /优质均衡 Readiness/ }).click();
  await staff.page.getByRole('tab', { name: /评估清单 Checklist/ }).click();
  await staff.page.locator('.ant-table-row').filter({ hasText: 'S01' }).getByRole('button', { name: /报送 Report/ }).click();
  const report = staff.page.getByRole('dialog');
  await report.getByLabel(/实际达到比例 Share reached/).fill('88.5');
  await report.getByLabel('情况说明 Statement').fill('发放问卷 1,200 份，认可 1,062 份');
  await report.locator('input[type=file]').setInputFiles({ name: '社会认可度调查报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 survey') });
  await shot(staff.page, '19-checklist-report');
  await report.getByRole('button', { name: /提交 Submit/ }).click();
  await expectText(staff.page.locator('.ant-table-row').filter({ hasText: 'S01' }), '待审核 Submitted');
  await staff.context.close();

  await admin.page.getByRole('tab', { name: /评估清单 Checklist/ }).click();
  const s01 = admin.page.locator('.ant-table-row').filter({ hasText: 'S01' });
  await expectText(s01, '88.5%');
  await expectText(s01, '1 个文件 files');
  await s01.getByRole('button', { name: /验收 Accept/ }).click();
  await admin.page.getByRole('dialog').getByRole('button', { name: /确认验收 Accept/ }).click();
  await admin.page.getByRole('dialog').waitFor({ state: 'hidden' });
  await expectText(admin.page.locator('.ant-table-row').filter({ hasText: 'S01' }), '已验收 Accepted');
  await shot(admin.page, '20-checklist-accepted');
  await admin.context.close();
}, 120_000);

/** Waits until the locator's text contains what is expected (the page updates after the API answers). */
async function expectText(locator: ReturnType<Page['locator']>, expected: string | RegExp, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  let last = '';
  while (Date.now() < end) {
    last = (await locator.first().textContent({ timeout: 1000 }).catch(() => null)) ?? '';
    if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  // Keep what the page showed when it went wrong, next to the other screenshots.
  await shot(locator.page(), `failed-${Date.now()}`).catch(() => undefined);
  throw new Error(`expected ${String(expected)} in ${locator.toString()}, found: ${last.slice(0, 500)}`);
}
