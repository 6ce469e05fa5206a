import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestContext } from '../modules/auth/actor';
import type { AuthService } from '../modules/auth/auth.service';
import { sendError } from './errors';

export const SESSION_COOKIE = 'lh_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Where a cross-site page posts from: an Origin (or Referer) whose host is not ours. */
function isCrossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin ?? request.headers.referer;
  if (typeof origin !== 'string' || origin === '' || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/**
 * Resolves the session cookie into request.ctx before any handler runs, and guards
 * cookie-authenticated writes against CSRF: they must carry the session's token in the
 * X-CSRF-Token header, which a cross-site page cannot read. Login has no session yet, so a
 * login posted from another site is refused by its Origin instead.
 */
export function registerSession(app: FastifyInstance, auth: AuthService) {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request, reply) => {
    request.ctx = { actor: null, sessionId: null, requestId: request.id, ip: request.ip ?? null };
    request.csrfToken = null;
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const resolved = await auth.resolveSession(token);
      if (resolved) {
        request.ctx = { ...request.ctx, actor: resolved.actor, sessionId: resolved.sessionId };
        request.csrfToken = resolved.csrfToken;
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
    }
    if (SAFE_METHODS.has(request.method)) return;
    if (isCrossSite(request)) return sendError(request, reply, 403, 'csrf_failed');
    if (request.csrfToken && request.routeOptions.url !== '/api/auth/login') {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, request.csrfToken)) return sendError(request, reply, 403, 'csrf_failed');
    }
  });
}
