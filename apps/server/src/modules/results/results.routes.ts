import { EditionResults, ErrorBody, HallTrend, IdParams, MyResultList, VerifyResults } from '@lecture-hall/shared';
import { z } from 'zod';
import { type RoutePlugin, typed } from '../../lib/routing';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const ScreenResults = z.object({
  editionTitle: z.string(),
  speakers: z.array(
    z.object({
      talkId: z.string(),
      name: z.string(),
      unitName: z.string(),
      talkTitle: z.string(),
      final: z.number().nullable(),
      rank: z.number().int().nullable(),
      tiedWith: z.array(z.string()),
    }),
  ),
});

export const resultsRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const results = app.services.results;

  r.get(
    '/api/editions/:id/results',
    {
      schema: {
        operationId: 'getEditionResults',
        tags: ['results'],
        summary: '本期成绩：发布前为草稿（仅讲堂管理者可见），发布后为冻结的正式成绩',
        params: IdParams,
        response: { 200: EditionResults, ...readErrors },
      },
    },
    async (request) => results.get(request.ctx, request.params.id),
  );

  r.post(
    '/api/editions/:id/results/publish',
    {
      schema: {
        operationId: 'publishEditionResults',
        tags: ['results'],
        summary: '发布成绩：冻结成绩及其输入的哈希，本期转为“已发布”',
        params: IdParams,
        response: { 200: EditionResults, ...readErrors },
      },
    },
    async (request) => {
      await app.services.editions.transition(request.ctx, request.params.id, { to: 'published' });
      return results.get(request.ctx, request.params.id);
    },
  );

  r.get(
    '/api/editions/:id/results/verify',
    {
      schema: {
        operationId: 'verifyEditionResults',
        tags: ['results'],
        summary: '复核：按当前数据重新计算，与发布时冻结的成绩和输入哈希比对',
        params: IdParams,
        response: { 200: VerifyResults, ...readErrors },
      },
    },
    async (request) => results.verify(request.ctx, request.params.id),
  );

  r.get(
    '/api/my/results',
    {
      schema: {
        operationId: 'listMyResults',
        tags: ['results'],
        summary: '我的讲课成绩（讲堂允许时）：本人得分与匿名分布',
        response: { 200: MyResultList, 401: ErrorBody },
      },
    },
    async (request) => results.mine(request.ctx),
  );

  r.get(
    '/api/halls/:id/results-trend',
    {
      schema: {
        operationId: 'getHallResultsTrend',
        tags: ['results'],
        summary: '讲堂历期成绩趋势',
        params: IdParams,
        response: { 200: HallTrend, ...readErrors },
      },
    },
    async (request) => results.trend(request.ctx, request.params.id),
  );

  r.get(
    '/api/live/:id/results',
    {
      schema: {
        operationId: 'getScreenResults',
        tags: ['results'],
        summary: '大屏：已发布的成绩排名（讲堂允许时；无需登录）',
        params: IdParams,
        response: { 200: ScreenResults, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => results.screen(request.params.id),
  );
};
