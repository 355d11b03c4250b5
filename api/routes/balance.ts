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

const correctionBody = z.object({
  schoolId: z.string().uuid(),
  level: z.enum(['primary', 'junior']),
  pupils: z.number().int().min(0).max(100_000).optional(),
  resources: z.partialRecord(z.enum(balanceIndicators), z.number().min(0).max(1e12)).optional().describe('Only the values to correct; the others stay as they are'),
  reason: z.string().trim().min(1).max(500).describe('Why the value changes (kept in the version and the audit trail)'),
});

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
      // One writer at a time per bureau and school year, so versions never collide with a correction.
      await tx.query(`select pg_advisory_xact_lock(hashtext('resource_records:' || $1 || ':' || $2))`, [bureauId, schoolYear]);
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

  app.post('/bureaus/:bureauId/balance/:schoolYear/corrections', { schema: { tags: ['balance'], summary: 'Correct single values of one school section, with a reason: a new version, audited', params: yearParams, body: correctionBody }, config: { access: allow('bureau_admin') } }, async (req, reply) => {
    const { bureauId, schoolYear } = req.params;
    const { schoolId, level, pupils, resources = {}, reason } = req.body;
    if (pupils === undefined && Object.keys(resources).length === 0) throw invalidField('body.resources', '请至少更正一个数值', 'correct at least one value');
    const saved = await withTransaction(pool, async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(hashtext('resource_records:' || $1 || ':' || $2))`, [bureauId, schoolYear]);
      const { rows: school } = await tx.query<{ id: string }>('select id from schools where id = $1 and bureau_id = $2', [schoolId, bureauId]);
      if (!school[0]) throw invalidField('body.schoolId', '本局没有该学校', 'no such school in this bureau');
      const { rows } = await tx.query<{ kind: string; pupils: number; resources: Record<string, number>; version: number }>(
        'select kind, pupils, resources, version from resource_records where school_id = $1 and school_year = $2 and level = $3 order by version desc limit 1 for update',
        [schoolId, schoolYear, level],
      );
      const current = rows[0];
      if (!current) throw new AppError(409, 'no_data', { zh: '该校该学段本学年尚无资源数据，请先上传', en: 'No data for this school section in this school year yet; upload it first' });
      const after = { pupils: pupils ?? current.pupils, resources: { ...current.resources, ...resources } };
      const changed = Object.fromEntries(Object.entries(resources).filter(([k, v]) => current.resources[k] !== v));
      if (after.pupils === current.pupils && Object.keys(changed).length === 0) return { version: current.version, changed: false };
      const { rows: v } = await tx.query<{ version: number }>(
        'insert into resource_records (bureau_id, school_id, school_year, level, kind, pupils, resources, version, reason, recorded_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning version',
        [bureauId, schoolId, schoolYear, level, current.kind, after.pupils, JSON.stringify(after.resources), current.version + 1, reason, actorOf(req).accountId],
      );
      await recordAuditEvent(tx, {
        bureauId, ...auditBy(req), action: 'balance.corrected', subject: `balance:${schoolYear}:${schoolId}:${level}`,
        before: { version: current.version, pupils: current.pupils, ...Object.fromEntries(Object.keys(changed).map((k) => [k, current.resources[k]])) },
        after: { version: v[0]!.version, pupils: after.pupils, ...changed }, reason, idempotencyKey: `balance:${schoolId}:${schoolYear}:${level}:v${v[0]!.version}`,
      });
      return { version: v[0]!.version, changed: true };
    });
    return reply.code(saved.changed ? 201 : 200).send({ schoolId, level, schoolYear, ...saved });
  });

  app.get('/bureaus/:bureauId/balance/:schoolYear/history', { schema: { tags: ['balance'], summary: 'Every version of every school section’s data this school year: who, when, why', params: yearParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req) => {
    const { rows } = await pool.query(
      `select r.school_id as "schoolId", s.name, r.level, r.version, r.pupils, r.resources, r.reason, a.display_name as "recordedBy", r.recorded_at as "recordedAt"
         from resource_records r join schools s on s.id = r.school_id left join accounts a on a.id = r.recorded_by
        where r.bureau_id = $1 and r.school_year = $2 order by s.code, r.level, r.version desc`,
      [req.params.bureauId, req.params.schoolYear],
    );
    return rows;
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
