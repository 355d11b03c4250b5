import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashToken } from '../../auth/credentials';
import { findActiveToken, touchToken } from '../../db/repositories/tokens.repository';
import { PUBLIC, type AccessPolicy, type Actor } from '../../domain/access';
import { AppError } from '../errors';
import { checkScope, scopedParams } from '../scope';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required on every route: the app will not build without it. */
    access?: AccessPolicy;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every route with its declared policy, for the access matrix test and the docs. */
    routeCatalog: { method: string; url: string; access: AccessPolicy }[];
  }
}

/** Routes that third-party plugins register (documentation, the console's static files) and that are public by our declaration when they only read. */
const PUBLIC_PREFIXES = ['/docs', '/console'];

export const authRequired = () =>
  new AppError(401, 'authentication_required', { zh: '请先登录', en: 'Please sign in' });

const invalidToken = () =>
  new AppError(401, 'invalid_token', { zh: '登录已失效或令牌已被撤销，请重新登录', en: 'The session or token is expired or revoked; sign in again' });

/**
 * Deny by default. Each route declares its policy in `config.access`; a route without one, or with
 * a path parameter the scope checks do not know, stops the app from building. Per request:
 * the bearer token identifies the actor (401 when missing or dead), the role must be allowed
 * (403), and every id in the path must belong to the actor's bureau (404 otherwise, so ids cannot
 * be probed) and to the actor's scope: a school's own school, a reviewer's assigned schools (403).
 */
export default fp(async function accessPlugin(app: FastifyInstance) {
  const { pool } = app.deps;
  app.decorateRequest('actor', null);
  app.decorate('routeCatalog', []);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    const config = (route.config ??= {}) as { access?: AccessPolicy };
    const methods = ([] as string[]).concat(route.method);
    // Only reads of the documentation and the console's files; anything else there must declare itself.
    const readOnly = methods.every((m) => m === 'GET' || m === 'HEAD');
    if (!config.access && readOnly && PUBLIC_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`))) config.access = PUBLIC;
    if (!config.access) throw new Error(`${methods.join(',')} ${url} declares no access policy (config.access); every route must`);
    const unknown = (url.match(/:(\w+)/g) ?? []).map((p) => p.slice(1)).filter((p) => !scopedParams.has(p));
    if (unknown.length > 0 && config.access.kind !== 'public') {
      throw new Error(`${methods.join(',')} ${url}: no scope check for path parameter(s) ${unknown.join(', ')}; add one in api/scope.ts`);
    }
    for (const method of methods) if (method !== 'HEAD') app.routeCatalog.push({ method, url, access: config.access });
  });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config?.access ?? PUBLIC; // unknown routes fall through to the 404 handler
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw invalidToken();
      const found = await findActiveToken(pool, hashToken(match[1]!));
      if (!found) throw invalidToken();
      req.actor = {
        accountId: found.account_id,
        bureauId: found.bureau_id,
        username: found.username,
        displayName: found.display_name,
        role: found.role,
        departmentId: found.department_id,
        schoolId: found.school_id,
        via: found.kind === 'session' ? 'session' : 'api_token',
        tokenId: found.token_id,
        scopes: found.scopes,
      };
      if (!found.last_used_at || Date.now() - found.last_used_at.getTime() > 60_000) {
        touchToken(pool, found.token_id).catch((err: unknown) => req.log.warn({ err }, 'could not record token use'));
      }
    }
    if (access.kind === 'public') return;
    const actor = req.actor;
    if (!actor) throw authRequired();
    if (access.kind === 'roles' && !access.roles.includes(actor.role)) {
      throw new AppError(403, 'forbidden_role', { zh: '您的账号角色无权进行此操作', en: 'Your role may not do this' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && !actor.scopes.includes('write')) {
      throw new AppError(403, 'token_read_only', { zh: '此令牌只读，不能修改数据', en: 'This token is read-only' });
    }
  });

  // Before body validation, so another bureau's id answers 404 whatever the body holds.
  app.addHook('preValidation', async (req: FastifyRequest) => {
    const access = req.routeOptions.config?.access ?? PUBLIC;
    if (access.kind === 'public' || !req.actor) return;
    await checkScope(pool, req.actor, (req.params ?? {}) as Record<string, string>);
  });
});
