import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/pool';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { allow } from '../../domain/access';
import { endOfShanghaiDay } from '../../domain/calendar';
import { targetPlanWorkflowId, targetPlanWorkflowType, type TargetPlanInput } from '../../domain/targets';
import { actorOf, auditBy } from '../actor';
import { invalidField } from '../errors';
import { bureauParams } from '../schemas';

const planBody = z.object({
  name: z.string().trim().min(1).max(200),
  targets: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-z0-9_]{0,40}$/),
        name: z.object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }),
        due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('Last day (Beijing time) by which the target must be met'),
        level: z.enum(['primary', 'junior', 'all']),
        atLeast: z.number().min(0).max(1).describe('Share of school sections that must pass'),
        schoolYear: z.string().regex(/^[0-9]{4}-[0-9]{4}$/),
      }),
    )
    .min(1)
    .max(50),
});

/** Multi-year target plans (十大行动计划, 优质均衡创建方案): dated targets checked by a durable workflow. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool, temporal, taskQueue } = app.deps;

  app.post('/bureaus/:bureauId/target-plans', { schema: { tags: ['balance'], summary: 'Declare a multi-year target plan; each target is checked on its date, with accountability', params: bureauParams, body: planBody }, config: { access: allow('bureau_admin') } }, async (req, reply) => {
    const targets = [...req.body.targets].sort((a, b) => a.due.localeCompare(b.due));
    const keys = new Set<string>();
    targets.forEach((t, i) => {
      if (keys.has(t.key)) throw invalidField(`body.targets.${i}.key`, `目标代码 ${t.key} 重复`, `target key ${t.key} appears twice`);
      keys.add(t.key);
      if (Number.isNaN(Date.parse(`${t.due}T00:00:00+08:00`))) throw invalidField(`body.targets.${i}.due`, '日期无效', 'not a valid date');
    });
    const id = randomUUID();
    await withTransaction(pool, async (tx) => {
      await tx.query('insert into target_plans (id, bureau_id, name, targets, created_by) values ($1, $2, $3, $4, $5)', [id, req.params.bureauId, req.body.name, JSON.stringify(targets), actorOf(req).accountId]);
      await recordAuditEvent(tx, { bureauId: req.params.bureauId, ...auditBy(req), action: 'target_plan.declared', subject: `target-plan:${id}`, after: { name: req.body.name, targets }, idempotencyKey: `target-plan:${id}:declared` });
    });
    const input: TargetPlanInput = { planId: id, bureauId: req.params.bureauId, schedule: targets.map((t) => ({ key: t.key, dueAt: endOfShanghaiDay(t.due).toISOString() })), next: 0 };
    await temporal.workflow.start(targetPlanWorkflowType, { taskQueue, workflowId: targetPlanWorkflowId(id), args: [input] });
    return reply.code(201).send({ id, name: req.body.name, targets });
  });

  app.get('/bureaus/:bureauId/target-plans', { schema: { tags: ['balance'], summary: 'Target plans with each target’s result and the schools held to account', params: bureauParams }, config: { access: allow('bureau_admin', 'department_staff') } }, async (req) => {
    const { rows: plans } = await pool.query<{ id: string; name: string; targets: unknown; created_at: Date }>('select id, name, targets, created_at from target_plans where bureau_id = $1 order by created_at', [req.params.bureauId]);
    const out = [];
    for (const p of plans) {
      const { rows: results } = await pool.query('select target_key as "key", checked_at as "checkedAt", measured::float as measured, required::float as required, met, explanation from target_results where plan_id = $1 order by checked_at', [p.id]);
      const { rows: held } = await pool.query('select target_key as "key", year, school_id as "schoolId", consequence, reason from accountability_entries where plan_id = $1 order by year, consequence', [p.id]);
      out.push({ id: p.id, name: p.name, targets: p.targets, results, accountability: held });
    }
    return out;
  });
};

export default routes;
