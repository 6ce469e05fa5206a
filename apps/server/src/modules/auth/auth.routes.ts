import { ChangePasswordBody, ErrorBody, LoginBody, Me, OkBody, SessionList } from '@lecture-hall/shared';
import { z } from 'zod';
import { unauthenticated } from '../../lib/errors';
import { type RoutePlugin, typed } from '../../lib/routing';
import { SESSION_COOKIE } from '../../plugins/session';

export const authRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const auth = app.services.auth;
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: app.config.secureCookies };

  r.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: app.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: '登录',
        body: LoginBody,
        response: { 200: Me, 401: ErrorBody, 403: ErrorBody, 423: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const result = await auth.login(request.ctx, request.body, request.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, expires: result.expiresAt });
      return result.me;
    },
  );

  r.post('/api/auth/logout', { schema: { operationId: 'logout', tags: ['auth'], summary: '退出登录', response: { 200: OkBody } } }, async (request, reply) => {
    await auth.logout(request.ctx);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.get('/api/auth/me', { schema: { operationId: 'getMe', tags: ['auth'], summary: '当前用户', response: { 200: Me, 401: ErrorBody } } }, async (request) => {
    if (!request.csrfToken) throw unauthenticated();
    return auth.me(request.ctx, request.csrfToken);
  });

  r.post(
    '/api/auth/password',
    {
      schema: {
        operationId: 'changePassword',
        tags: ['auth'],
        summary: '修改密码',
        body: ChangePasswordBody,
        response: { 200: OkBody, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      await auth.changePassword(request.ctx, request.body);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/sessions',
    { schema: { operationId: 'listMySessions', tags: ['auth'], summary: '我的登录会话', response: { 200: SessionList, 401: ErrorBody } } },
    async (request) => ({ items: await auth.listSessions(request.ctx) }),
  );

  r.delete(
    '/api/auth/sessions/:id',
    {
      schema: {
        operationId: 'revokeMySession',
        tags: ['auth'],
        summary: '注销一个会话',
        params: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) }),
        response: { 200: OkBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      await auth.revokeSession(request.ctx, request.params.id);
      return { ok: true as const };
    },
  );
};
