import { Edition, EditionInput, EditionPage, EditionPatch, EditionsQuery, ErrorBody, IdParams, TransitionBody } from '@lecture-hall/shared';
import { type RoutePlugin, typed } from '../../lib/routing';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...readErrors, 409: ErrorBody };

export const editionsRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const editions = app.services.editions;

  r.get(
    '/api/editions',
    {
      schema: {
        operationId: 'listEditions',
        tags: ['editions'],
        summary: '期次列表（按讲堂、状态、日期筛选）',
        querystring: EditionsQuery,
        response: { 200: EditionPage, ...readErrors },
      },
    },
    async (request) => editions.list(request.ctx, request.query),
  );

  r.post(
    '/api/halls/:id/editions',
    {
      schema: {
        operationId: 'createEdition',
        tags: ['editions'],
        summary: '新建一期（自动编为第N期）',
        params: IdParams,
        body: EditionInput,
        response: { 201: Edition, ...writeErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await editions.create(request.ctx, request.params.id, request.body)),
  );

  r.get(
    '/api/editions/:id',
    { schema: { operationId: 'getEdition', tags: ['editions'], summary: '期次详情', params: IdParams, response: { 200: Edition, ...readErrors } } },
    async (request) => editions.get(request.ctx, request.params.id),
  );

  r.patch(
    '/api/editions/:id',
    {
      schema: {
        operationId: 'updateEdition',
        tags: ['editions'],
        summary: '修改期次（开讲后评分细则锁定）',
        params: IdParams,
        body: EditionPatch,
        response: { 200: Edition, ...writeErrors },
      },
    },
    async (request) => editions.update(request.ctx, request.params.id, request.body),
  );

  r.post(
    '/api/editions/:id/transition',
    {
      schema: {
        operationId: 'transitionEdition',
        tags: ['editions'],
        summary: '变更期次状态（筹备→推选→备课→待开讲→进行中→已结束→已发布）',
        params: IdParams,
        body: TransitionBody,
        response: { 200: Edition, ...writeErrors },
      },
    },
    async (request) => editions.transition(request.ctx, request.params.id, request.body),
  );
};
