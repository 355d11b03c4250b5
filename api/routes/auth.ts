import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { generateToken, hashPassword, passwordProblem, spendPasswordCheck, verifyPassword } from '../../auth/credentials';
import { withTransaction } from '../../db/pool';
import { getAccount, getAccountByUsername, recordLoginFailure, recordLoginSuccess, updateAccount } from '../../db/repositories/accounts.repository';
import { recordAuditEvent } from '../../db/repositories/audit.repository';
import { getToken, insertToken, listApiTokens, revokeSessions, revokeToken } from '../../db/repositories/tokens.repository';
import { listNotifications, markNotificationRead } from '../../db/repositories/objections.repository';
import { PUBLIC, SIGNED_IN, roleLabels } from '../../domain/access';
import { formatShanghai } from '../../domain/time-format';
import { actorOf, auditBy } from '../actor';
import { AppError, invalidField } from '../errors';

/** Five wrong passwords in a row lock an account for 15 minutes; a session lasts 12 hours. */
export const LOGIN_LOCK_AFTER = 5;
export const LOGIN_LOCK_MINUTES = 15;
export const SESSION_HOURS = 12;
/** Login attempts per client address per minute, whatever the username. */
export const LOGIN_RATE_PER_MINUTE = 20;

const loginBody = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(200),
});

const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "学籍系统同步"'),
  scopes: z.array(z.enum(['read', 'write'])).min(1).default(['read']).describe('read: GET only; write: also changes'),
  expiresInDays: z.number().int().min(1).max(730).optional().describe('Default: 365'),
});

const passwordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(200) });
const tokenParams = z.object({ tokenId: z.string().uuid() });

const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', { zh: `用户名或密码错误（连续 ${LOGIN_LOCK_AFTER} 次错误将锁定 ${LOGIN_LOCK_MINUTES} 分钟）`, en: `Wrong username or password (${LOGIN_LOCK_AFTER} failures in a row lock the account for ${LOGIN_LOCK_MINUTES} minutes)` });

const locked = (until: Date) =>
  new AppError(
    423,
    'account_locked',
    { zh: `账号因连续 ${LOGIN_LOCK_AFTER} 次密码错误已锁定，请于 ${formatShanghai(until)}（北京时间）后重试，或请教育局管理员解锁`, en: `The account is locked after ${LOGIN_LOCK_AFTER} wrong passwords; try again after ${formatShanghai(until)} Beijing time, or ask the bureau administrator to unlock it` },
    [],
    { lockedUntil: until.toISOString() },
  );

const tokenView = (t: { id: string; name: string | null; scopes: string[]; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null }) => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes,
  createdAt: t.created_at.toISOString(),
  expiresAt: t.expires_at?.toISOString() ?? null,
  lastUsedAt: t.last_used_at?.toISOString() ?? null,
  revokedAt: t.revoked_at?.toISOString() ?? null,
});

const routes: FastifyPluginAsyncZod = async (app) => {
  const { pool } = app.deps;

  app.post(
    '/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in with username and password; returns a session token (Bearer)', body: loginBody },
      config: { access: PUBLIC, rateLimit: { max: LOGIN_RATE_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (req) => {
      const { username, password } = req.body;
      const account = await getAccountByUsername(pool, username);
      if (!account) {
        await spendPasswordCheck(password);
        throw invalidCredentials();
      }
      if (account.locked_until && account.locked_until.getTime() > Date.now()) throw locked(account.locked_until);
      if (!(await verifyPassword(account.password_hash, password))) {
        const failure = await withTransaction(pool, async (tx) => {
          const f = await recordLoginFailure(tx, account.id, LOGIN_LOCK_AFTER, LOGIN_LOCK_MINUTES);
          if (f.lockedUntil) {
            await recordAuditEvent(tx, {
              bureauId: account.bureau_id,
              actor: 'system',
              action: 'account.locked',
              subject: `account:${account.id}`,
              after: { lockedUntil: f.lockedUntil.toISOString() },
              reason: `${LOGIN_LOCK_AFTER} consecutive failed logins`,
              requestId: req.id,
              idempotencyKey: `account:${account.id}:locked:${randomUUID()}`,
            });
          }
          return f;
        });
        req.log.warn({ username, failures: failure.failures, locked: !!failure.lockedUntil }, 'failed login');
        if (failure.lockedUntil) throw locked(failure.lockedUntil);
        throw invalidCredentials();
      }
      if (account.disabled_at) throw new AppError(403, 'account_disabled', { zh: '账号已停用，请联系教育局管理员', en: 'The account is disabled; contact the bureau administrator' });
      const { secret, hash } = generateToken('session');
      const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
      if (!(await recordLoginSuccess(pool, account.id))) {
        const now = await getAccount(pool, account.id);
        throw locked(now?.locked_until ?? new Date(Date.now() + LOGIN_LOCK_MINUTES * 60_000));
      }
      await insertToken(pool, { accountId: account.id, kind: 'session', hash, scopes: ['read', 'write'], expiresAt });
      req.log.info({ accountId: account.id }, 'signed in');
      return {
        token: secret,
        tokenType: 'Bearer',
        expiresAt: expiresAt.toISOString(),
        account: { id: account.id, username: account.username, displayName: account.display_name, role: account.role, roleLabel: roleLabels[account.role], bureauId: account.bureau_id },
      };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End the current session' }, config: { access: SIGNED_IN } }, async (req, reply) => {
    const actor = actorOf(req);
    if (actor.via === 'session') await revokeToken(pool, actor.tokenId);
    return reply.code(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['auth'], summary: 'Who is signed in' }, config: { access: SIGNED_IN } }, async (req) => {
    const actor = actorOf(req);
    return { ...actor, roleLabel: roleLabels[actor.role] };
  });

  app.post('/auth/password', { schema: { tags: ['auth'], summary: 'Change your own password (ends your other sessions)', body: passwordBody }, config: { access: SIGNED_IN, rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const actor = actorOf(req);
    const account = await getAccount(pool, actor.accountId);
    if (!account || !(await verifyPassword(account.password_hash, req.body.currentPassword))) {
      throw invalidField('body.currentPassword', '当前密码不正确', 'the current password is wrong');
    }
    const problem = passwordProblem(req.body.newPassword, account.username);
    if (problem) throw invalidField('body.newPassword', problem.zh, problem.en);
    const passwordHash = await hashPassword(req.body.newPassword);
    await withTransaction(pool, async (tx) => {
      await updateAccount(tx, account.id, { passwordHash });
      const ended = await revokeSessions(tx, account.id, actor.via === 'session' ? actor.tokenId : undefined);
      await recordAuditEvent(tx, { bureauId: actor.bureauId, ...auditBy(req), action: 'account.password_changed', subject: `account:${account.id}`, after: { otherSessionsEnded: ended }, idempotencyKey: `account:${account.id}:password:${randomUUID()}` });
    });
    return reply.code(204).send();
  });

  app.get('/auth/notifications', { schema: { tags: ['auth'], summary: 'Your in-app inbox: messages to you and to your department, newest first' }, config: { access: SIGNED_IN } }, async (req) => {
    const actor = actorOf(req);
    return (await listNotifications(pool, actor.accountId, actor.departmentId)).map((n) => ({
      id: n.id, kind: n.kind, title: n.title, body: n.body, toDepartment: n.department_id !== null, createdAt: n.created_at.toISOString(), readAt: n.read_at?.toISOString() ?? null,
    }));
  });

  app.post('/auth/notifications/read', { schema: { tags: ['auth'], summary: 'Mark inbox messages read (only your own or your department\'s)', body: z.object({ ids: z.array(z.string().uuid()).min(1).max(500) }) }, config: { access: SIGNED_IN } }, async (req) => {
    const actor = actorOf(req);
    let marked = 0;
    for (const id of req.body.ids) if (await markNotificationRead(pool, id, actor.accountId, actor.departmentId)) marked += 1;
    return { marked };
  });

  app.get('/auth/tokens', { schema: { tags: ['auth'], summary: 'Your API tokens (never their secrets)' }, config: { access: SIGNED_IN } }, async (req) =>
    (await listApiTokens(pool, actorOf(req).accountId)).map(tokenView),
  );

  app.post('/auth/tokens', { schema: { tags: ['auth'], summary: 'Create an API token for a system; the secret is shown once', body: createTokenBody }, config: { access: SIGNED_IN } }, async (req, reply) => {
    const actor = actorOf(req);
    // A token cannot beget tokens: a leaked one must not be able to outlive its revocation.
    if (actor.via !== 'session') throw new AppError(403, 'session_required', { zh: '只能在登录会话中创建令牌', en: 'Tokens can be created only from a signed-in session' });
    const { secret, hash } = generateToken('api');
    const expiresAt = new Date(Date.now() + (req.body.expiresInDays ?? 365) * 86_400_000);
    const scopes = [...new Set(req.body.scopes)];
    const token = await withTransaction(pool, async (tx) => {
      const t = await insertToken(tx, { accountId: actor.accountId, kind: 'api', name: req.body.name, hash, scopes, expiresAt });
      await recordAuditEvent(tx, { bureauId: actor.bureauId, ...auditBy(req), action: 'token.created', subject: `token:${t.id}`, after: { account: actor.accountId, name: t.name, scopes, expiresAt: expiresAt.toISOString() }, idempotencyKey: `token:${t.id}:created` });
      return t;
    });
    return reply.code(201).send({ ...tokenView(token), token: secret });
  });

  app.delete('/auth/tokens/:tokenId', { schema: { tags: ['auth'], summary: 'Revoke an API token (takes effect on its next request)', params: tokenParams }, config: { access: SIGNED_IN } }, async (req) => {
    const before = await getToken(pool, req.params.tokenId);
    const token = await withTransaction(pool, async (tx) => {
      const t = (await revokeToken(tx, req.params.tokenId))!;
      if (!before?.revoked_at) {
        await recordAuditEvent(tx, { bureauId: actorOf(req).bureauId, ...auditBy(req), action: 'token.revoked', subject: `token:${t.id}`, before: { revokedAt: null }, after: { revokedAt: t.revoked_at?.toISOString() }, idempotencyKey: `token:${t.id}:revoked` });
      }
      return t;
    });
    return tokenView(token);
  });
};

export default routes;
