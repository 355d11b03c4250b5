import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import ExcelJS from 'exceljs';
import { XLSX_TYPE } from '../../api/accounts-sheet';
import { buildApp } from '../../api/app';
import { calendarCoverage } from '../../domain/calendar';
import { demoSchools } from '../../demo/yueqing';
import { createWorker } from '../../worker/worker';
import { testPool } from '../helpers/db';
import { createTenant, type Tenant } from '../helpers/tenant';
import { bundleWorkflows, createTimeSkippingEnv, silentLogger } from '../helpers/temporal';

const taskQueue = 'campaign-api-test';
let env: TestWorkflowEnvironment;
let pool: Pool;
let app: Awaited<ReturnType<typeof buildApp>>;
let worker: Worker;
let running: Promise<void>;
let bureauId: string;
let tenant: Tenant;

beforeAll(async () => {
  const [e, bundle] = await Promise.all([createTimeSkippingEnv(), bundleWorkflows()]);
  env = e;
  pool = testPool();
  app = await buildApp({ pool, temporal: env.client, taskQueue });
  worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, pool, logger: silentLogger, workflowBundle: bundle });
  running = worker.run();
  tenant = await createTenant(pool);
  bureauId = tenant.bureauId;
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await app?.close();
  await env?.teardown();
  await pool?.end();
});

const campaignBody = (overrides: Record<string, unknown> = {}) => ({
  name: '2026 年优质均衡示范校创建',
  templateKey: 'changle-2020-demonstration',
  schools: demoSchools,
  ...overrides,
});

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status).toBe(status);
  expect(body.titleZh).toMatch(/[\u4e00-\u9fff]/);
  expect(body.titleEn).toMatch(/[a-z]/i);
  return body;
}

describe('bad input is a clear 4xx problem, never a 500', () => {
  it('names each invalid field of a campaign, in Chinese and English', async () => {
    const res = await app.inject({
      headers: tenant.auth('admin'),
      method: 'POST',
      url: `/bureaus/${bureauId}/campaigns`,
      payload: { name: '', templateKey: 'changle-2020-demonstration', schools: [{ ...demoSchools[0], level: 'university' }] },
    });
    const body = expectProblem(res, 400);
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.name', 'body.schools.0.level']));
    const level = body.errors.find((e: { field: string }) => e.field === 'body.schools.0.level');
    expect(level.message).toMatch(/无效选项.*\/ Invalid option/);
  });

  it('refuses an unknown template, a duplicate school code and an unknown phase override', async () => {
    let res = await app.inject({ headers: tenant.auth('admin'), method: 'POST', url: `/bureaus/${bureauId}/campaigns`, payload: campaignBody({ templateKey: 'nope' }) });
    expect(expectProblem(res, 400).errors[0].field).toBe('body.templateKey');
    res = await app.inject({ headers: tenant.auth('admin'), method: 'POST', url: `/bureaus/${bureauId}/campaigns`, payload: campaignBody({ schools: [demoSchools[0], demoSchools[0]] }) });
    expect(expectProblem(res, 400).errors[0].field).toBe('body.schools.1.code');
    res = await app.inject({
      headers: tenant.auth('admin'),
      method: 'POST',
      url: `/bureaus/${bureauId}/campaigns`,
      payload: campaignBody({ phaseDurations: { nonsense: { amount: 5, unit: 'working_days' } } }),
    });
    expect(expectProblem(res, 400).errors[0].field).toBe('body.phaseDurations.nonsense');
    res = await app.inject({ headers: tenant.auth('admin'), method: 'POST', url: `/bureaus/${bureauId}/campaigns`, payload: campaignBody({ rules: { recheckDepartment: 'jiaoyu' } }) });
    expect(expectProblem(res, 400).errors[0]).toMatchObject({ field: 'body.rules.recheckDepartment', message: expect.stringContaining('jiaoyu') });
  });

  it('refuses a working-day deadline outside the calendar data when the campaign is created', async () => {
    const res = await app.inject({
      headers: tenant.auth('admin'),
      method: 'POST',
      url: `/bureaus/${bureauId}/campaigns`,
      payload: campaignBody({ startsAt: `${calendarCoverage.lastYear}-12-20T09:00:00+08:00` }),
    });
    const body = expectProblem(res, 422);
    expect(body.errors[0].field).toBe('body.startsAt');
    expect(body.errors[0].message).toMatch(/seed_publicity: .*超出节假日数据范围/);
  });

  it('answers malformed JSON, a bad id and an unknown campaign or route with problems', async () => {
    expectProblem(await app.inject({ method: 'POST', url: `/bureaus/${bureauId}/campaigns`, headers: { 'content-type': 'application/json', ...tenant.auth('admin') }, payload: '{bad' }), 400);
    expect(expectProblem(await app.inject({ headers: tenant.auth('admin'), method: 'GET', url: '/campaigns/42' }), 400).errors[0].field).toBe('params.campaignId');
    expectProblem(await app.inject({ headers: tenant.auth('admin'), method: 'GET', url: '/campaigns/00000000-0000-4000-8000-000000000000' }), 404);
    expectProblem(await app.inject({ headers: tenant.auth('admin'), method: 'GET', url: '/no/such/route' }), 404);
  });

});

describe('a campaign through the API', () => {
  it('creates, starts once, reports status and refuses an early approval with the reason', async () => {
    const created = await app.inject({ method: 'POST', url: `/bureaus/${bureauId}/campaigns`, payload: campaignBody(), headers: { 'x-request-id': 'req-create-1', ...tenant.auth('admin') } });
    expect(created.statusCode).toBe(201);
    expect(created.headers['x-request-id']).toBe('req-create-1');
    const campaign = created.json();
    expect(campaign.plannedSchedule).toHaveLength(7);
    expect(campaign.status).toBe('draft');

    const started = await app.inject({ headers: tenant.auth('admin'), method: 'POST', url: `/campaigns/${campaign.id}/start` });
    expect(started.statusCode).toBe(202);
    // Starting again is harmless: same workflow, no second one.
    const again = await app.inject({ headers: tenant.auth('admin'), method: 'POST', url: `/campaigns/${campaign.id}/start` });
    expect(again.statusCode).toBe(200);
    expect(again.json().alreadyStarted).toBe(true);

    let status: any;
    for (let i = 0; i < 100; i += 1) {
      status = (await app.inject({ headers: tenant.auth('admin'), method: 'GET', url: `/campaigns/${campaign.id}` })).json();
      if (status.phases.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status.status).toBe('running');
    expect(status.schools).toHaveLength(16);
    expect(status.phases[0]).toMatchObject({ key: 'seed_selection', status: 'open' });
    expect(status.phases[0].workingDaysLeft).toBeGreaterThan(0);
    expect(status.workflow.status).toBe('RUNNING');
    expect(status.workflow.progress.currentPhase).toBe('seed_selection');
    // The six phases still to come, each planned to open when the one before it ends.
    expect(status.planned.map((p: { key: string }) => p.key)).toEqual(campaign.plannedSchedule.slice(1).map((p: { key: string }) => p.key));
    expect(status.planned[0].opensAt).toBe(status.phases[0].deadline);
    status.planned.slice(1).forEach((p: { opensAt: string }, i: number) => expect(p.opensAt).toBe(status.planned[i].deadline));

    const early = await app.inject({ headers: tenant.auth('admin'), method: 'POST', url: `/campaigns/${campaign.id}/phases/seed_selection/approve`, payload: { note: '同意' } });
    const problem = expectProblem(early, 409);
    expect(problem.code).toBe('phase_still_open');
    expect(problem.titleZh).toContain('尚未截止');

    const tooLong = await app.inject({ headers: tenant.auth('admin'), method: 'POST', url: `/campaigns/${campaign.id}/phases/seed_selection/approve`, payload: { note: '意'.repeat(2001) } });
    expect(expectProblem(tooLong, 400).errors[0].field).toBe('body.note');

    const audit = (await app.inject({ headers: tenant.auth('admin'), method: 'GET', url: `/campaigns/${campaign.id}/audit` })).json();
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['campaign.created', 'campaign.started', 'phase.opened']);
    expect(audit[0].requestId).toBe('req-create-1');
    // Who acted is the signed-in account, not a name typed into the request.
    expect(audit[0].actorAccountId).toBe(tenant.accounts.admin.id);
    expect(audit.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
  });

  it('serves the OpenAPI document with every route', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/auth/login', '/bureaus/{bureauId}/campaigns', '/campaigns/{campaignId}', '/campaigns/{campaignId}/start', '/campaigns/{campaignId}/phases/{phaseKey}/approve']),
    );
    expect(doc.paths['/bureaus/{bureauId}/campaigns'].post.requestBody).toBeDefined();
  });
});

describe("a campaign's school list from Excel", () => {
  const sheet = async (rows: (string | number)[][]) => {
    const template = await app.inject({ method: 'GET', url: `/bureaus/${bureauId}/schools/template.xlsx`, headers: tenant.auth('admin') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const template_ = wb.getWorksheet('学校名单')!;
    expect(template_.rowCount).toBe(17); // the header and the bureau's 16 schools
    const out = new ExcelJS.Workbook();
    const ws = out.addWorksheet('学校名单');
    ws.addRow((template_.getRow(1).values as unknown[]).slice(1));
    for (const r of rows) ws.addRow(r);
    return app.inject({ method: 'POST', url: `/bureaus/${bureauId}/schools/sheet`, headers: { ...tenant.auth('admin'), 'content-type': XLSX_TYPE }, payload: Buffer.from(await out.xlsx.writeBuffer()) });
  };

  it('reads every row, or names every bad cell', async () => {
    const good = await sheet([['NEW-01', '新建实验小学', '城区学区', '小学'], ['NEW-02', '新建中学', '城区学区', 'junior']]);
    expect(good.json()).toEqual({ schools: [{ code: 'NEW-01', name: '新建实验小学', district: '城区学区', level: 'primary' }, { code: 'NEW-02', name: '新建中学', district: '城区学区', level: 'junior' }] });
    const bad = await sheet([['NEW-01', '新建实验小学', '城区学区', '高中'], ['NEW-01', '', '城区学区', '小学']]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      expect.stringContaining('第 2 行 D 列'),
      expect.stringContaining('第 3 行 A 列'),
      expect.stringContaining('第 3 行 B 列'),
    ]);
  });
});
