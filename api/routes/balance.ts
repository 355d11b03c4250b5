import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { listSchools } from '../../db/repositories/bureaus.repository';
import { allow } from '../../domain/access';
import ExcelJS from 'exceljs';
import { balanceIndicators, countyCoefficients, evaluateSection, indicatorInfo, inScope, type SectionInput } from '../../domain/balance';
import { defaultUnitCosts, planToPass } from '../../domain/what-it-takes';
import { XLSX_TYPE } from '../accounts-sheet';
import { actorOf, auditBy } from '../actor';
import { readResourceSheet, resourceTemplate } from '../balance-sheet';
import { readinessPdf } from '../readiness-pdf';
import { AppError, invalidField } from '../errors';
import { bureauParams } from '../schemas';

const planBody = z.object({
  costs: z.partialRecord(z.enum(balanceIndicators), z.number().min(0)).optional().describe('Cost in yuan of one unit of each resource, overriding the defaults'),
});
const yearParams = z.object({ bureauId: z.string().uuid(), schoolYear: z.string().regex(/^[0-9]{4}-[0-9]{4}$/, 'e.g. 2025-2026') });

const round = (x: number) => Math.round(x * 1000) / 1000;

/** 优质均衡 readiness: the county's resource data per school year, and where it stands. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;

  app.get('/bureaus/:bureauId/balance/template.xlsx', { schema: { tags: ['balance'], summary: 'The Excel template for the resource data (one row per school section)', params: bureauParams }, config: { access: allow('bureau_admin') } }, async (req, reply) =>
    reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="resources.xlsx"; filename*=UTF-8''${encodeURIComponent('资源数据模板.xlsx')}`).send(await resourceTemplate(await listSchools(pool, req.params.bureauId))),
  );

  app.post('/bureaus/:bureauId/balance/:schoolYear/upload', { schema: { tags: ['balance'], summary: 'Upload a school year’s resource data: all rows or none, every bad cell named', params: yearParams, consumes: [XLSX_TYPE] }, config: { access: allow('bureau_admin') }, bodyLimit: 10 * 1024 * 1024 }, async (req, reply) => {
    const { bureauId, schoolYear } = req.params;
    if (!Buffer.isBuffer(req.body)) throw invalidField('body', `请上传 Excel 文件（Content-Type: ${XLSX_TYPE}）`, `send the .xlsx file with Content-Type ${XLSX_TYPE}`);
    const schools = await listSchools(pool, bureauId);
    const { rows, errors } = await readResourceSheet(req.body, new Set(schools.map((s) => s.code)));
    if (errors.length > 0) throw new AppError(400, 'invalid_request', { zh: '资源数据有误，本次上传未保存任何数据', en: 'The resource data is invalid; nothing of this upload was saved' }, errors);
    const saved = await withTransaction(pool, async (tx) => {
      let n = 0;
      for (const r of rows) {
        const schoolId = schools.find((s) => s.code === r.code)!.id;
        const { rowCount } = await tx.query(
          `insert into resource_records (bureau_id, school_id, school_year, level, kind, pupils, resources, version, reason, recorded_by)
           select $1, $2, $3, $4, $5, $6, $7, coalesce(max(version), 0) + 1, 'upload', $8 from resource_records where school_id = $2 and school_year = $3 and level = $4
           having not exists (select 1 from resource_records c where c.school_id = $2 and c.school_year = $3 and c.level = $4 and c.version = (select max(version) from resource_records where school_id = $2 and school_year = $3 and level = $4)
                               and c.kind = $5 and c.pupils = $6 and c.resources = $7::jsonb)`,
          [bureauId, schoolId, schoolYear, r.level, r.kind, r.pupils, JSON.stringify(r.resources), actorOf(req).accountId],
        );
        n += rowCount ?? 0;
      }
      await recordAuditEvent(tx, { bureauId, ...auditBy(req), action: 'balance.uploaded', subject: `balance:${schoolYear}`, after: { rows: rows.length, changed: n }, idempotencyKey: `balance:${bureauId}:${schoolYear}:${randomUUID()}` });
      return n;
    });
    return reply.code(201).send({ schoolYear, rows: rows.length, changed: saved });
  });

  async function sectionsOf(bureauId: string, schoolYear: string): Promise<SectionInput[]> {
    const { rows } = await pool.query<{ school_id: string; name: string; level: 'primary' | 'junior'; kind: SectionInput['kind']; pupils: number; resources: SectionInput['resources'] }>(
      `select distinct on (r.school_id, r.level) r.school_id, s.name, r.level, r.kind, r.pupils, r.resources
         from resource_records r join schools s on s.id = r.school_id
        where r.bureau_id = $1 and r.school_year = $2 order by r.school_id, r.level, r.version desc`,
      [bureauId, schoolYear],
    );
    return rows.map((r) => ({ schoolId: r.school_id, name: r.name, level: r.level, kind: r.kind, pupils: r.pupils, resources: r.resources }));
  }

  app.post('/bureaus/:bureauId/balance/:schoolYear/plan', { schema: { tags: ['balance'], summary: 'What it would take to pass: the least priced additions per school, verified by recomputation', params: yearParams, body: planBody }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req) => {
    const sections = await sectionsOf(req.params.bureauId, req.params.schoolYear);
    if (sections.length === 0) throw new AppError(409, 'no_data', { zh: '该学年尚无资源数据，请先上传', en: 'No resource data for this school year yet' });
    const costs = { ...defaultUnitCosts };
    for (const [k, c] of Object.entries(req.body.costs ?? {})) costs[k as keyof typeof costs] = { ...costs[k as keyof typeof costs], cost: c };
    return { schoolYear: req.params.schoolYear, costs, ...planToPass(sections, costs) };
  });

  app.get('/bureaus/:bureauId/balance/:schoolYear/report.xlsx', { schema: { tags: ['balance'], summary: 'The readiness report as Excel: schools × indicators, the coefficient table, the plan to pass', params: yearParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req, reply) => {
    const sections = (await sectionsOf(req.params.bureauId, req.params.schoolYear)).filter((s) => inScope(s).included);
    const wb = new ExcelJS.Workbook();
    const schools = wb.addWorksheet('学校指标');
    schools.addRow(['学校 School', '学段 Level', ...balanceIndicators.map((k) => indicatorInfo[k].name.zh), '达标 Passes', '说明 Explanation']).font = { bold: true };
    for (const r of sections.map(evaluateSection)) {
      schools.addRow([r.name, r.level === 'primary' ? '小学' : '初中', ...balanceIndicators.map((k) => Math.round(r.values[k] * 100) / 100), r.passes ? '是' : '否', r.explanation.zh]);
    }
    const cv = wb.addWorksheet('差异系数');
    cv.addRow(['学段 Level', '指标 Indicator', '均值 Mean', '标准差 S', '差异系数 CV', '限值 Limit', '达标 Passes', '拉高系数最多的学校 Pulling it up']).font = { bold: true };
    for (const c of countyCoefficients(sections)) {
      cv.addRow([c.level === 'primary' ? '小学' : '初中', indicatorInfo[c.indicator].name.zh, round(c.mean), round(c.sd), round(c.cv), c.limit, c.passes ? '是' : '否', c.pulledUpBy.slice(0, 3).map((p) => p.name).join('、')]);
    }
    const planSheet = wb.addWorksheet('达标方案');
    const plan = planToPass(sections);
    planSheet.addRow(['学校 School', '学段 Level', '指标 Indicator', '增加 Units', '费用（元）Cost', '原因 Why']).font = { bold: true };
    for (const a of plan.additions) planSheet.addRow([a.name, a.level === 'primary' ? '小学' : '初中', indicatorInfo[a.indicator].name.zh, a.units, a.cost, a.why === 'coefficient' ? '降低差异系数' : '学校达标']);
    planSheet.addRow([]);
    planSheet.addRow(['合计 Total', '', '', '', plan.totalCost]);
    planSheet.addRow([plan.method.zh]);
    return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="readiness.xlsx"; filename*=UTF-8''${encodeURIComponent(`优质均衡评估报告-${req.params.schoolYear}.xlsx`)}`).send(Buffer.from(await wb.xlsx.writeBuffer()));
  });

  app.get('/bureaus/:bureauId/balance/:schoolYear/report.pdf', { schema: { tags: ['balance'], summary: 'The readiness report as PDF with charts: each indicator against its threshold, each coefficient against its limit', params: yearParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req, reply) => {
    const sections = (await sectionsOf(req.params.bureauId, req.params.schoolYear)).filter((s) => inScope(s).included);
    const { rows } = await pool.query<{ name: string }>('select name from bureaus where id = $1', [req.params.bureauId]);
    const pdf = await readinessPdf({ bureauName: rows[0]!.name, schoolYear: req.params.schoolYear, schools: sections.map(evaluateSection), coefficients: countyCoefficients(sections) });
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="readiness.pdf"; filename*=UTF-8''${encodeURIComponent(`优质均衡评估报告-${req.params.schoolYear}.pdf`)}`).send(pdf);
  });

  app.get('/bureaus/:bureauId/balance/:schoolYear', { schema: { tags: ['balance'], summary: 'Where the county stands: each school section against the thresholds, each coefficient against its limit, explained', params: yearParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req) => {
    const { bureauId, schoolYear } = req.params;
    const sections = await sectionsOf(bureauId, schoolYear);
    const included = sections.filter((s) => inScope(s).included);
    const results = included.map(evaluateSection);
    const coefficients = countyCoefficients(included);
    return {
      schoolYear,
      excluded: sections.filter((s) => !inScope(s).included).map((s) => ({ schoolId: s.schoolId, name: s.name, level: s.level, reason: inScope(s).reason })),
      schools: results,
      coefficients,
      summary: {
        sections: results.length,
        passing: results.filter((r) => r.passes).length,
        coefficientsOverLimit: coefficients.filter((c) => !c.passes).length,
        ready: results.length > 0 && results.every((r) => r.passes) && coefficients.every((c) => c.passes),
      },
    };
  });
};

export default routes;
