import { AuditPage, AuditQuery, ErrorBody } from '@lecture-hall/shared';
import { type RoutePlugin, typed } from '../../lib/routing';

export const auditRoutes: RoutePlugin = async (app) => {
  typed(app).get(
    '/api/audit',
    {
      schema: {
        operationId: 'listAuditEntries',
        tags: ['audit'],
        summary: '审计日志',
        querystring: AuditQuery,
        response: { 200: AuditPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => app.services.audit.list(request.ctx, request.query),
  );
};
