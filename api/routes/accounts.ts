import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountView, createAccounts, prepareAccounts, type AccountSpec } from '../../auth/accounts';
import { generatePassword, hashPassword } from '../../auth/credentials';
import { withTransaction } from '../../db/pool';
import { getAccount, listAccounts, updateAccount, usernamesTaken } from '../../db/repositories/accounts.repository';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { listDepartments, listSchools } from '../../db/repositories/bureaus.repository';
import { getReviewerProfile, insertConflict } from '../../db/repositories/reviewers.repository';
import { revokeAllTokens } from '../../db/repositories/tokens.repository';
import { allow, roleLabels, roles } from '../../domain/access';
import { accountsTemplate, cellField, readAccountsSheet, XLSX_TYPE } from '../accounts-sheet';
import { actorOf, auditBy } from '../actor';
import { AppError, invalidField, type FieldError } from '../errors';
import { bureauParams } from '../schemas';

const username = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '3–64 位小写字母、数字、点、下划线或连字符 / 3–64 lower-case letters, digits, . _ -');
const accountInput = z.object({
  username,
  displayName: z.string().trim().min(1).max(100),
  role: z.enum(roles),
  departmentId: z.string().uuid().optional().describe('Required for department_staff'),
  schoolId: z.string().uuid().optional().describe('Required for school users; for reviewers, the school they work at (recusal)'),
  email: z.string().trim().email().max(200).optional(),
  phone: z.string().trim().max(40).optional(),
});
const accountParams = z.object({ accountId: z.string().uuid() });
const patchBody = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    email: z.string().trim().email().max(200).nullable().optional(),
    phone: z.string().trim().max(40).nullable().optional(),
    disabled: z.boolean().optional().describe('true: the account can no longer sign in and its sessions and tokens stop working'),
    unlock: z.literal(true).optional().describe('Lift a lock-out after failed logins'),
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'reason'), { message: 'nothing to change / 没有要修改的内容' });
const resetBody = z.object({ reason: z.string().trim().min(1).max(1000).optional() });
const conflictBody = z.object({ schoolId: z.string().uuid(), reason: z.string().trim().min(1).max(1000).describe('e.g. 配偶在该校任教') });

/** One sheet at a time stays small enough to check, hash and create in one go. */
export const MAX_IMPORT_ROWS = 500;

interface Candidate extends AccountSpec {
  fields: { username: string; departmentId: string; schoolId: string };
}

/** Every problem with a batch of new accounts at once, so a sheet is fixed in one pass. */
async function accountProblems(db: Parameters<typeof usernamesTaken>[0], bureauId: string, candidates: Candidate[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const [taken, departments, schools] = await Promise.all([
    usernamesTaken(db, candidates.map((c) => c.username)),
    listDepartments(db, bureauId),
    listSchools(db, bureauId),
  ]);
  const seen = new Set<string>();
  for (const c of candidates) {
    if (taken.has(c.username)) errors.push({ field: c.fields.username, message: `用户名 ${c.username} 已被使用 / username taken` });
    else if (seen.has(c.username)) errors.push({ field: c.fields.username, message: `用户名 ${c.username} 重复 / username repeated` });
    seen.add(c.username);
    if (c.role === 'department_staff' && !departments.some((d) => d.id === c.departmentId)) {
      errors.push({ field: c.fields.departmentId, message: '科室工作人员须指定本局的科室 / department staff need a department of this bureau' });
    }
    if (c.role !== 'department_staff' && c.departmentId) errors.push({ field: c.fields.departmentId, message: '只有科室工作人员属于科室 / only department staff belong to a department' });
    if (c.schoolId && !schools.some((s) => s.id === c.schoolId)) errors.push({ field: c.fields.schoolId, message: '本局没有该学校 / no such school in this bureau' });
    if (c.role === 'school' && !c.schoolId) errors.push({ field: c.fields.schoolId, message: '学校用户须指定学校 / a school user needs a school' });
    if ((c.role === 'bureau_admin' || c.role === 'department_staff') && c.schoolId) {
      errors.push({ field: c.fields.schoolId, message: '该角色不属于学校 / this role does not belong to a school' });
    }
  }
  return errors;
}

const invalidAccounts = (errors: FieldError[]) => new AppError(400, 'invalid_request', { zh: '账号信息有误，未创建任何账号', en: 'Account details are invalid; nothing was created' }, errors);

const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;
  const admin = allow('bureau_admin');

  app.get('/bureaus/:bureauId/accounts', { schema: { tags: ['accounts'], summary: "The bureau's accounts", params: bureauParams }, config: { access: admin } }, async (req) =>
    (await listAccounts(pool, req.params.bureauId)).map((a) => ({ ...accountView(a), roleLabel: roleLabels[a.role] })),
  );

  app.post('/bureaus/:bureauId/accounts', { schema: { tags: ['accounts'], summary: 'Create an account; its generated password is shown once', params: bureauParams, body: accountInput }, config: { access: admin } }, async (req, reply) => {
    const { bureauId } = req.params;
    const spec = req.body;
    const errors = await accountProblems(pool, bureauId, [{ ...spec, fields: { username: 'body.username', departmentId: 'body.departmentId', schoolId: 'body.schoolId' } }]);
    if (errors.length > 0) throw invalidAccounts(errors);
    const prepared = await prepareAccounts([spec]);
    const [created] = await withTransaction(pool, (tx) => createAccounts(tx, bureauId, prepared, auditBy(req)));
    return reply.code(201).send({ ...accountView(created!.account), initialPassword: created!.initialPassword });
  });

  app.get('/bureaus/:bureauId/accounts/import-template', { schema: { tags: ['accounts'], summary: 'The Excel template for importing accounts', params: bureauParams }, config: { access: admin } }, async (req, reply) => {
    const [departments, schools] = await Promise.all([listDepartments(pool, req.params.bureauId), listSchools(pool, req.params.bureauId)]);
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', `attachment; filename="accounts-template.xlsx"; filename*=UTF-8''${encodeURIComponent('账号导入模板.xlsx')}`)
      .send(await accountsTemplate(departments, schools));
  });

  app.post(
    '/bureaus/:bureauId/accounts/import',
    {
      schema: { tags: ['accounts'], summary: 'Import accounts from the Excel template: all rows or none; generated passwords shown once', params: bureauParams, consumes: [XLSX_TYPE] },
      config: { access: admin },
      bodyLimit: 5 * 1024 * 1024,
    },
    async (req, reply) => {
      const { bureauId } = req.params;
      if (!Buffer.isBuffer(req.body)) throw invalidField('body', `请上传 Excel 文件（Content-Type: ${XLSX_TYPE}）`, `send the .xlsx file as the body with Content-Type ${XLSX_TYPE}`);
      const sheet = await readAccountsSheet(req.body);
      if (sheet.rows.length > MAX_IMPORT_ROWS) {
        throw invalidField('body', `一次最多导入 ${MAX_IMPORT_ROWS} 个账号，本表有 ${sheet.rows.length} 个；请分批导入`, `at most ${MAX_IMPORT_ROWS} accounts per import; this sheet has ${sheet.rows.length}`);
      }
      const [departments, schools] = await Promise.all([listDepartments(pool, bureauId), listSchools(pool, bureauId)]);
      const errors = [...sheet.errors];
      const candidates: Candidate[] = [];
      for (const r of sheet.rows) {
        const department = r.departmentCode ? departments.find((d) => d.code === r.departmentCode) : undefined;
        const school = r.schoolCode ? schools.find((s) => s.code === r.schoolCode) : undefined;
        if (r.departmentCode && !department) errors.push({ field: cellField(r.row, 'departmentCode'), message: `本局没有科室代码 ${r.departmentCode} / no such department code` });
        if (r.schoolCode && !school) errors.push({ field: cellField(r.row, 'schoolCode'), message: `本局没有学校代码 ${r.schoolCode} / no such school code` });
        const parsed = accountInput.safeParse({ username: r.username, displayName: r.displayName, role: r.role ?? 'reviewer', email: r.email || undefined, phone: r.phone || undefined });
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            const key = (issue.path[0] === 'email' || issue.path[0] === 'phone' || issue.path[0] === 'displayName' ? issue.path[0] : 'username') as 'username';
            errors.push({ field: cellField(r.row, key), message: issue.message });
          }
          continue;
        }
        if (!r.role || (r.departmentCode && !department) || (r.schoolCode && !school)) continue;
        candidates.push({
          ...parsed.data,
          role: r.role,
          departmentId: department?.id,
          schoolId: school?.id,
          fields: { username: cellField(r.row, 'username'), departmentId: cellField(r.row, 'departmentCode'), schoolId: cellField(r.row, 'schoolCode') },
        });
      }
      errors.push(...(await accountProblems(pool, bureauId, candidates)));
      if (errors.length > 0) throw invalidAccounts(errors);
      const prepared = await prepareAccounts(candidates.map(({ fields: _f, ...spec }) => spec));
      const created = await withTransaction(pool, (tx) => createAccounts(tx, bureauId, prepared, auditBy(req)));
      return reply.code(201).send({ created: created.map((c) => ({ ...accountView(c.account), initialPassword: c.initialPassword })) });
    },
  );

  app.patch('/accounts/:accountId', { schema: { tags: ['accounts'], summary: 'Change, disable, enable or unlock an account', params: accountParams, body: patchBody }, config: { access: admin } }, async (req) => {
    const actor = actorOf(req);
    const { accountId } = req.params;
    if (accountId === actor.accountId && req.body.disabled) {
      throw new AppError(409, 'cannot_disable_self', { zh: '不能停用自己的账号', en: 'You cannot disable your own account' });
    }
    const { reason, ...patch } = req.body;
    const after = await withTransaction(pool, async (tx) => {
      const before = (await getAccount(tx, accountId))!;
      const updated = (await updateAccount(tx, accountId, patch))!;
      // Disabling ends every session and token for good: re-enabling does not revive them.
      if (patch.disabled) await revokeAllTokens(tx, accountId);
      await recordAuditEvent(tx, { bureauId: actor.bureauId, ...auditBy(req), action: 'account.updated', subject: `account:${accountId}`, before: accountView(before), after: accountView(updated), reason: reason ?? null, idempotencyKey: `account:${accountId}:updated:${randomUUID()}` });
      return updated;
    });
    return accountView(after);
  });

  app.post('/accounts/:accountId/password-reset', { schema: { tags: ['accounts'], summary: "Reset an account's password; the new one is shown once and its sessions and API tokens end", params: accountParams, body: resetBody }, config: { access: admin } }, async (req) => {
    const actor = actorOf(req);
    const { accountId } = req.params;
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const account = await withTransaction(pool, async (tx) => {
      const updated = (await updateAccount(tx, accountId, { passwordHash }))!;
      const ended = await revokeAllTokens(tx, accountId);
      await recordAuditEvent(tx, { bureauId: actor.bureauId, ...auditBy(req), action: 'account.password_reset', subject: `account:${accountId}`, after: { sessionsAndTokensEnded: ended, unlocked: true }, reason: req.body.reason ?? null, idempotencyKey: `account:${accountId}:reset:${randomUUID()}` });
      return updated;
    });
    return { ...accountView(account), initialPassword: password };
  });

  app.get('/accounts/:accountId/conflicts', { schema: { tags: ['accounts'], summary: "A reviewer's declared conflicts of interest", params: accountParams }, config: { access: allow('bureau_admin', 'reviewer') } }, async (req) =>
    (await getReviewerProfile(pool, req.params.accountId)).conflicts,
  );

  app.post('/accounts/:accountId/conflicts', { schema: { tags: ['accounts'], summary: 'Declare a conflict of interest with a school (回避申报)', params: accountParams, body: conflictBody }, config: { access: allow('bureau_admin', 'reviewer') } }, async (req, reply) => {
    const actor = actorOf(req);
    const { accountId } = req.params;
    const account = (await getAccount(pool, accountId))!;
    if (account.role !== 'reviewer') throw invalidField('params.accountId', '只有评审专家申报回避', 'only reviewers declare conflicts');
    const schools = await listSchools(pool, actor.bureauId);
    if (!schools.some((s) => s.id === req.body.schoolId)) throw invalidField('body.schoolId', '本局没有该学校', 'no such school in this bureau');
    const added = await withTransaction(pool, async (tx) => {
      const inserted = await insertConflict(tx, { bureauId: actor.bureauId, reviewerId: accountId, ...req.body });
      if (inserted) {
        await recordAuditEvent(tx, { bureauId: actor.bureauId, ...auditBy(req), action: 'reviewer.conflict_declared', subject: `account:${accountId}`, after: { schoolId: req.body.schoolId }, reason: req.body.reason, idempotencyKey: `account:${accountId}:conflict:${req.body.schoolId}` });
      }
      return inserted;
    });
    return reply.code(added ? 201 : 200).send({ schoolId: req.body.schoolId, reason: req.body.reason, alreadyDeclared: !added });
  });
};

export default routes;
