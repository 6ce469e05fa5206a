import { ERROR_MESSAGES, type ErrorCode, type Lang } from '@lecture-hall/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors';

/** The person's language: the console's lh_lang cookie, else Accept-Language; Chinese by default. */
export function langOf(request: FastifyRequest): Lang {
  const cookie = request.cookies?.lh_lang;
  if (cookie === 'en' || cookie === 'zh') return cookie;
  const accept = request.headers['accept-language'];
  return typeof accept === 'string' && /^en\b/i.test(accept.trim()) ? 'en' : 'zh';
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, details?: unknown) {
  const message = ERROR_MESSAGES[code][langOf(request)];
  return reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  406: 'bad_request',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * One error body for everything: {"error":{"code","message","details"}}. Client mistakes keep
 * their 4xx status; anything else is logged and answered with a bare 500, never a stack trace.
 */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) return sendError(request, reply, err.statusCode, err.code, err.details);
    if (err.validation) {
      const details = err.validation.map((v) => ({
        path: [
          err.validationContext,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ]
          .filter(Boolean)
          .join('.'),
        message: v.message,
      }));
      return sendError(request, reply, 400, 'validation_failed', details);
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      if (status === 429) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
      return sendError(request, reply, status, STATUS_CODES[status] ?? 'bad_request');
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(request, reply, 500, 'internal_error');
  });
}
