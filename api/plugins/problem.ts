import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PG_CHECK_VIOLATION, PG_FOREIGN_KEY_VIOLATION, PG_INVALID_TEXT_REPRESENTATION, PG_UNIQUE_VIOLATION, pgErrorCode } from '../../db/errors';
import { AppError, type FieldError } from '../errors';

const PROBLEM = 'application/problem+json; charset=utf-8';
const zhCN = z.locales.zhCN();

/** A validation message in Chinese first, English beside it. */
function bilingual(issue: unknown, english: string): string {
  if (!issue || typeof issue !== 'object') return english;
  const zh = zhCN.localeError(issue as Parameters<typeof zhCN.localeError>[0]);
  const text = typeof zh === 'string' ? zh : zh?.message;
  return text ? `${text} / ${english}` : english;
}

function send(reply: FastifyReply, status: number, code: string, title: { zh: string; en: string }, errors: FieldError[] = [], extra = {}) {
  return reply
    .code(status)
    .type(PROBLEM)
    .send({
      type: `urn:campaign-engine:problem:${code}`,
      title: `${title.zh} / ${title.en}`,
      status,
      code,
      detail: errors.length > 0 ? errors.map((e) => `${e.field}: ${e.message}`).join('; ') : `${title.zh} / ${title.en}`,
      titleZh: title.zh,
      titleEn: title.en,
      errors,
      requestId: reply.request.id,
      ...extra,
    });
}

/** Where the field is: body.schools.3.level, not a JSON pointer. */
function fieldName(part: string, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return path ? `${part}.${path}` : part;
}

/** One central error handler: user mistakes become 4xx problems, and 5xx internals stay in the log. */
export default fp(async function problemPlugin(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const part = err.validationContext ?? 'body';
      const errors = err.validation.map((v) => ({
        field: fieldName(part, v.instancePath),
        // The plugin keeps the zod issue minus code and message; put the code back to localise it.
        message: bilingual({ ...v.params, code: v.keyword }, v.message ?? 'invalid'),
      }));
      return send(reply, 400, 'invalid_request', { zh: '请求内容有误', en: 'The request is invalid' }, errors);
    }
    if (err instanceof AppError) return send(reply, err.status, err.code, err.title, err.errors, err.extra);
    const pgCode = pgErrorCode(err);
    if (pgCode === PG_UNIQUE_VIOLATION) return send(reply, 409, 'conflict', { zh: '记录已存在', en: 'The record already exists' });
    if (pgCode === PG_FOREIGN_KEY_VIOLATION) return send(reply, 409, 'conflict', { zh: '引用的记录不存在或仍被使用', en: 'A referenced record is missing or still in use' });
    if (pgCode === PG_CHECK_VIOLATION || pgCode === PG_INVALID_TEXT_REPRESENTATION) {
      return send(reply, 400, 'invalid_request', { zh: '请求内容不符合规则', en: 'The request breaks a data rule' });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own client errors: malformed JSON, wrong content type, body too large.
      return send(reply, err.statusCode, 'bad_request', { zh: '请求格式有误', en: err.message });
    }
    request.log.error({ err }, 'unhandled error');
    return send(reply, 500, 'internal', { zh: '服务器内部错误，请稍后重试', en: 'Internal error; please try again later' });
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'not_found', { zh: `没有此地址：${request.method} ${request.url}`, en: `No such route: ${request.method} ${request.url}` }),
  );
});
