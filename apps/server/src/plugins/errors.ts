import type { Socket } from 'node:net';
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

/**
 * Requests so broken that Node's HTTP parser refuses them (both Content-Length and
 * Transfer-Encoding, a bad header line, headers too large) never reach a route or the error
 * handler above. Fastify's own answer to them has another shape; this one keeps the uniform
 * body, in Chinese since no language can be read from a request that did not parse.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large']
        : [400, 'Bad Request'];
  const body = JSON.stringify({ error: { code: 'bad_request', message: ERROR_MESSAGES.bad_request.zh } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
