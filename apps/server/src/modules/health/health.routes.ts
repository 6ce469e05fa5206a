import { HealthResponse } from '@lecture-hall/shared';
import { pingDb } from '../../db';
import type { RoutePlugin } from '../../lib/routing';
import { typed } from '../../lib/routing';

export const healthRoutes: RoutePlugin = async (app) => {
  typed(app).get(
    '/api/health',
    { schema: { operationId: 'getHealth', tags: ['system'], summary: '服务健康状态', response: { 200: HealthResponse } } },
    async () => {
      await pingDb(app.db);
      return { status: 'ok' as const, db: app.config.database.dialect, version: app.config.version };
    },
  );
};
