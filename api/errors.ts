import type { LocalizedText } from '../domain/templates';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failure a person can act on. Rendered as application/problem+json (RFC 9457) with the
 * title in Chinese and English and, for bad input, the fields at fault.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: LocalizedText,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${title.zh} / ${title.en}`);
  }
}

export const notFound = (what: LocalizedText): AppError =>
  new AppError(404, 'not_found', { zh: `未找到${what.zh}`, en: `${what.en} not found` });

export const invalidField = (field: string, zh: string, en: string): AppError =>
  new AppError(400, 'invalid_request', { zh: '请求内容有误', en: 'The request is invalid' }, [{ field, message: `${zh} / ${en}` }]);
