import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { calendarCoverage } from '../../domain/calendar';
import { templates } from '../../domain/template-catalog';
import { PUBLIC } from '../../domain/access';

const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool, temporal } = app.deps;

  app.get('/health', { schema: { tags: ['meta'], summary: 'Liveness of the API and its two dependencies' }, config: { access: PUBLIC } }, async (_req, reply) => {
    const [database, temporalOk] = await Promise.all([
      pool.query('select 1').then(() => true, () => false),
      temporal.workflowService.getSystemInfo({}).then(() => true, () => false),
    ]);
    const ok = database && temporalOk;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', database, temporal: temporalOk });
  });

  app.get('/templates', { schema: { tags: ['meta'], summary: 'Campaign templates' }, config: { access: PUBLIC } }, async () => [...templates.values()]);

  app.get('/calendar', { schema: { tags: ['meta'], summary: 'Years the working-day calendar covers' }, config: { access: PUBLIC } }, async () => ({
    timezone: 'Asia/Shanghai',
    ...calendarCoverage,
  }));
};

export default routes;
