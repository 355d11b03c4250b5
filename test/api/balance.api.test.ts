import ExcelJS from 'exceljs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Pool } from 'pg';
import { buildApp } from '../../api/app';
import { XLSX_TYPE } from '../../api/accounts-sheet';
import { testPool } from '../helpers/db';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { resourceWorkbook } from '../helpers/resource-sheet';
import { createTenant, type Tenant } from '../helpers/tenant';

let env: TestWorkflowEnvironment;
let pool: Pool;
let app: Awaited<ReturnType<typeof buildApp>>;
let t: Tenant;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  pool = testPool();
  app = await buildApp({ pool, temporal: env.client, taskQueue: 'balance-api' });
  t = await createTenant(pool);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await env?.teardown();
  await pool?.end();
});

const workbook = (rows: (string | number)[][]) => resourceWorkbook(app, t, rows);
const upload = (body: Buffer) => app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/balance/2025-2026/upload`, headers: { ...t.auth('admin'), 'content-type': XLSX_TYPE }, payload: body });
const code = (i: number) => t.schools[i]!.code;
// A primary section that meets everything per 100 pupils: 5 / 1.2 / 1 teachers, 5 and 8 m², 2,500 yuan, 3 rooms.
const good = (i: number, level = '小学', pupils = 100, sports = 800): (string | number)[] => [code(i), level, '普通', pupils, 5 * (pupils / 100), 1.2 * (pupils / 100), 1 * (pupils / 100), 5 * pupils, (sports / 100) * pupils, 2500 * pupils, 3 * (pupils / 100)];

it('refuses a sheet with bad cells whole, naming each, and saves nothing', async () => {
  const res = await upload(await workbook([good(0), ['NO-SUCH', '小学', '普通', 100, 5, 1, 1, 500, 800, 250000, 3], [code(1), '高中', '普通', 100, 5, 1, 1, 500, 800, 250000, 3], [code(2), '小学', '普通', -5, 5, 1, 1, 500, 800, 250000, 3]]));
  expect(res.statusCode).toBe(400);
  const fields = res.json().errors.map((e: { field: string }) => e.field).join('\n');
  expect(fields).toContain('第 3 行 A 列');
  expect(fields).toContain('第 4 行 B 列');
  expect(fields).toContain('第 5 行 D 列');
  expect(res.json().titleZh).toContain('未保存任何数据');
  const { rowCount } = await pool.query('select 1 from resource_records where bureau_id = $1', [t.bureauId]);
  expect(rowCount).toBe(0);
});

it('takes a good sheet, shows who fails what and each coefficient, and versions only what changed', async () => {
  const rows = [good(0), good(1, '小学', 200), good(2, '小学', 100, 600), good(3, '小学', 400), [code(4), '小学', '教学点', 30, 1, 0, 0, 100, 100, 1000, 0], good(5, '初中', 100, 1100)];
  rows[5]![7] = 600; // junior teaching space 6 m² a pupil (≥ 5.8)
  rows[5]![9] = 300000; // 3,000 yuan a pupil (≥ 2,500)
  const first = await upload(await workbook(rows));
  expect(first.json()).toMatchObject({ rows: 6, changed: 6 });
  const view = (await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/balance/2025-2026`, headers: t.auth('admin') })).json();
  expect(view.excluded).toEqual([expect.objectContaining({ schoolId: t.schools[4]!.id, reason: expect.objectContaining({ zh: expect.stringContaining('不足 50 名学生') }) })]);
  const third = view.schools.find((s: { schoolId: string }) => s.schoolId === t.schools[2]!.id);
  expect(third).toMatchObject({ passes: false, explanation: { zh: expect.stringContaining('生均体育运动场馆面积（㎡） 6，差 1.5') } });
  expect(view.coefficients.find((c: { level: string; indicator: string }) => c.level === 'primary' && c.indicator === 'sportsSpace')).toMatchObject({ passes: true });
  expect(view.summary).toMatchObject({ sections: 5, passing: 4, ready: false });

  const again = await upload(await workbook(rows));
  expect(again.json().changed).toBe(0);
  rows[2] = good(2);
  expect((await upload(await workbook(rows))).json().changed).toBe(1);
  const fixed = (await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/balance/2025-2026`, headers: t.auth('admin') })).json();
  expect(fixed.summary).toMatchObject({ passing: 5 });
  const { rows: versions } = await pool.query<{ version: number }>('select version from resource_records where school_id = $1 order by version', [t.schools[2]!.id]);
  expect(versions.map((v) => v.version)).toEqual([1, 2]);

  // Break school 2 again and ask what it would take, with the bureau's own price for sports ground.
  rows[2] = good(2, '小学', 100, 500);
  await upload(await workbook(rows));
  const plan = (await app.inject({ method: 'POST', url: `/bureaus/${t.bureauId}/balance/2025-2026/plan`, headers: t.auth('admin'), payload: { costs: { sportsSpace: 1000 } } })).json();
  // Its only gap may stay at 85 % of 7.5 m² a pupil: 638 m², so 138 more at 1,000 yuan.
  expect(plan.additions).toEqual([expect.objectContaining({ schoolId: t.schools[2]!.id, indicator: 'sportsSpace', units: 138, cost: 138_000, why: 'school_threshold' })]);
  expect(plan.verified).toEqual({ everySchoolPasses: true, everyCoefficientUnderLimit: true });
  expect(plan.method.zh).toContain('二分法');

  const report = await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/balance/2025-2026/report.xlsx`, headers: t.auth('admin') });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['学校指标', '差异系数', '达标方案']);
  expect(wb.getWorksheet('学校指标')!.rowCount).toBe(6); // header + 5 sections in scope
  expect(wb.getWorksheet('差异系数')!.rowCount).toBe(15); // header + 7 indicators × 2 levels
  expect(wb.getWorksheet('达标方案')!.getRow(2).getCell(3).value).toBe('生均体育运动场馆面积（㎡）');

  const pdf = await app.inject({ method: 'GET', url: `/bureaus/${t.bureauId}/balance/2025-2026/report.pdf`, headers: t.auth('admin') });
  expect(pdf.headers['content-type']).toBe('application/pdf');
  expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.rawPayload.includes(Buffer.from('/FontFile3'))).toBe(true);
});
