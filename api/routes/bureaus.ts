import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withTransaction } from '../../db/pool';
import { appendAuditEvent } from '../../db/repositories/audit.repository';
import { getBureau, getBureauByCode, insertBureau, insertDepartments, listBureaus, listSchools } from '../../db/repositories/bureaus.repository';
import { AppError, notFound } from '../errors';
import { bureauParams, createBureauBody } from '../schemas';

const bureauView = (b: { id: string; code: string; name: string; timezone: string }) => ({ id: b.id, code: b.code, name: b.name, timezone: b.timezone });

const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;

  app.get('/bureaus', { schema: { tags: ['bureaus'], summary: 'List bureaus' } }, async () => (await listBureaus(pool)).map(bureauView));

  app.post('/bureaus', { schema: { tags: ['bureaus'], summary: 'Create a bureau with its departments', body: createBureauBody } }, async (req, reply) => {
    if (await getBureauByCode(pool, req.body.code)) {
      throw new AppError(409, 'conflict', { zh: `教育局代码 ${req.body.code} 已被使用`, en: `Bureau code ${req.body.code} is taken` }, [
        { field: 'body.code', message: 'already exists / 已存在' },
      ]);
    }
    const bureau = await withTransaction(pool, async (tx) => {
      const b = await insertBureau(tx, req.body);
      await insertDepartments(tx, b.id, req.body.departments);
      await appendAuditEvent(tx, {
        bureauId: b.id,
        actor: 'api',
        action: 'bureau.created',
        subject: `bureau:${b.id}`,
        after: req.body,
        requestId: req.id,
        idempotencyKey: `bureau:${b.id}:created`,
      });
      return b;
    });
    return reply.code(201).send(bureauView(bureau));
  });

  app.get('/bureaus/:bureauId/schools', { schema: { tags: ['bureaus'], summary: "A bureau's schools", params: bureauParams } }, async (req) => {
    if (!(await getBureau(pool, req.params.bureauId))) throw notFound({ zh: '教育局', en: 'Bureau' });
    return (await listSchools(pool, req.params.bureauId)).map(({ bureau_id: _b, ...s }) => s);
  });
};

export default routes;
