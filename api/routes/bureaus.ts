import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bureauChain, listChain, verifyChain } from '../../db/repositories/audit.repository';
import { getBureau, listDepartments, listSchools } from '../../db/repositories/bureaus.repository';
import { allow, roles } from '../../domain/access';
import { auditEventView, chainVerificationView } from '../audit-views';
import { XLSX_TYPE } from '../accounts-sheet';
import { AppError, invalidField, notFound } from '../errors';
import { readSchoolsSheet, schoolsTemplate } from '../schools-sheet';
import { bureauParams } from '../schemas';

const everyone = allow(...roles);
const pageQuery = z.object({ afterSeq: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(200) });

const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;

  app.get('/bureaus/:bureauId', { schema: { tags: ['bureaus'], summary: 'Your bureau', params: bureauParams }, config: { access: everyone } }, async (req) => {
    const b = await getBureau(pool, req.params.bureauId);
    if (!b) throw notFound({ zh: '教育局', en: 'Bureau' });
    return { id: b.id, code: b.code, name: b.name, timezone: b.timezone };
  });

  app.get('/bureaus/:bureauId/departments', { schema: { tags: ['bureaus'], summary: "The bureau's departments", params: bureauParams }, config: { access: everyone } }, async (req) =>
    listDepartments(pool, req.params.bureauId),
  );

  app.get('/bureaus/:bureauId/schools', { schema: { tags: ['bureaus'], summary: "The bureau's schools", params: bureauParams }, config: { access: everyone } }, async (req) =>
    (await listSchools(pool, req.params.bureauId)).map(({ bureau_id: _b, ...s }) => s),
  );

  app.get('/bureaus/:bureauId/schools/template.xlsx', { schema: { tags: ['bureaus'], summary: "The school list as an Excel template, filled with the bureau's schools", params: bureauParams }, config: { access: allow('bureau_admin') } }, async (req, reply) =>
    reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="schools.xlsx"; filename*=UTF-8''${encodeURIComponent('学校名单.xlsx')}`).send(await schoolsTemplate(await listSchools(pool, req.params.bureauId))),
  );

  app.post('/bureaus/:bureauId/schools/sheet', { schema: { tags: ['bureaus'], summary: "Read a school list from Excel for a new campaign: every row, or every bad cell named (nothing is saved)", params: bureauParams, consumes: [XLSX_TYPE] }, config: { access: allow('bureau_admin') }, bodyLimit: 10 * 1024 * 1024 }, async (req) => {
    if (!Buffer.isBuffer(req.body)) throw invalidField('body', `请上传 Excel 文件（Content-Type: ${XLSX_TYPE}）`, `send the .xlsx file with Content-Type ${XLSX_TYPE}`);
    const { rows, errors } = await readSchoolsSheet(req.body);
    if (errors.length > 0) throw new AppError(400, 'invalid_request', { zh: '学校名单有误，请按提示修改后重新上传', en: 'The school list is invalid; correct the cells named and upload it again' }, errors);
    return { schools: rows };
  });

  app.get('/bureaus/:bureauId/audit', { schema: { tags: ['audit'], summary: "The bureau's audit chain outside campaigns (accounts, tokens)", params: bureauParams, querystring: pageQuery }, config: { access: allow('bureau_admin') } }, async (req) =>
    (await listChain(pool, bureauChain(req.params.bureauId), req.query)).map(auditEventView),
  );

  app.get('/bureaus/:bureauId/audit/verify', { schema: { tags: ['audit'], summary: "Verify the bureau's audit chain; reports the first broken link", params: bureauParams }, config: { access: allow('bureau_admin') } }, async (req) =>
    chainVerificationView(await verifyChain(pool, bureauChain(req.params.bureauId))),
  );
};

export default routes;
