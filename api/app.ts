import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Pool } from 'pg';
import { XLSX_TYPE } from './accounts-sheet';
import { AppError } from './errors';
import access from './plugins/access';
import problem from './plugins/problem';
import accountRoutes from './routes/accounts';
import authRoutes from './routes/auth';
import bureauRoutes from './routes/bureaus';
import campaignAuditRoutes from './routes/campaign-audit';
import campaignRoutes from './routes/campaigns';
import metaRoutes from './routes/meta';
import phaseRoutes from './routes/phases';
import reviewerRoutes from './routes/reviewers';
import noticeRoutes from './routes/notices';
import notificationRoutes from './routes/notifications';
import mentorRoutes from './routes/mentors';
import pairingRoutes from './routes/pairing';
import acceptanceRoutes from './routes/acceptance';
import awardRoutes from './routes/awards';
import balanceRoutes from './routes/balance';
import targetPlanRoutes from './routes/target-plans';
import checklistRoutes from './routes/readiness-checklist';
import { serveConsole } from './console';
import objectionRoutes from './routes/objections';
import seedSelectionRoutes from './routes/seed-selection';

export interface AppDeps {
  pool: Pool;
  temporal: Client;
  taskQueue: string;
  /** How long a request waits for a workflow to accept or refuse an update (default 10 s). */
  updateTimeoutMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

/** Builds the HTTP app without listening, so tests can `inject` into it. */
export async function buildApp(deps: AppDeps, opts: { logger?: FastifyServerOptions['logger']; trustProxyHops?: number } = {}) {
  const app = Fastify({
    logger: opts.logger ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 5 * 1024 * 1024,
    ...(opts.trustProxyHops ? { trustProxy: (_address: string, hop: number) => hop < opts.trustProxyHops! } : {}),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(problem);
  // Excel uploads (accounts, resource data) arrive as the raw workbook.
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  // Per-route limits only (login now; public objections later), counted per client address.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError(429, 'too_many_requests', { zh: `请求过于频繁，请 ${ctx.after} 后再试`, en: `Too many requests; try again in ${ctx.after}` }),
  });
  // Deny by default: from here on, a route without `config.access` stops the app from building.
  await app.register(access);
  await app.register(swagger, {
    openapi: {
      info: {
        title: '创建活动工作流引擎 API / School-quality campaign engine API',
        version: '0.1.0',
        description:
          'Campaigns, phases and approvals for education bureaus. Sign in at POST /auth/login and send the token as `Authorization: Bearer …`. Errors are application/problem+json.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(metaRoutes);
  await app.register(authRoutes);
  await app.register(bureauRoutes);
  await app.register(accountRoutes);
  await app.register(campaignRoutes);
  await app.register(phaseRoutes);
  await app.register(reviewerRoutes);
  await app.register(campaignAuditRoutes);
  await app.register(seedSelectionRoutes);
  await app.register(noticeRoutes);
  await app.register(objectionRoutes);
  await app.register(notificationRoutes);
  await app.register(mentorRoutes);
  await app.register(pairingRoutes);
  await app.register(acceptanceRoutes);
  await app.register(awardRoutes);
  await app.register(balanceRoutes);
  await app.register(checklistRoutes);
  await app.register(targetPlanRoutes);
  await serveConsole(app);
  return app;
}
