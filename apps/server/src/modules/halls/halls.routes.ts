import {
  Commentary,
  CommentaryInput,
  CommentaryList,
  ErrorBody,
  Hall,
  HallInput,
  HallList,
  HallPatch,
  Id,
  IdParams,
  OkBody,
  Stage,
  StageInput,
  StageList,
  StagePatch,
} from '@lecture-hall/shared';
import { z } from 'zod';
import { type RoutePlugin, typed } from '../../lib/routing';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...readErrors, 409: ErrorBody };
const CommentaryQuery = z.object({ editionId: Id.optional() });

export const hallsRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const halls = app.services.halls;

  r.get(
    '/api/halls',
    { schema: { operationId: 'listHalls', tags: ['halls'], summary: '讲堂列表', response: { 200: HallList, 401: ErrorBody } } },
    async (request) => ({ items: await halls.list(request.ctx) }),
  );

  r.post(
    '/api/halls',
    { schema: { operationId: 'createHall', tags: ['halls'], summary: '新建讲堂', body: HallInput, response: { 201: Hall, ...writeErrors } } },
    async (request, reply) => reply.status(201).send(await halls.create(request.ctx, request.body)),
  );

  r.get(
    '/api/halls/:id',
    { schema: { operationId: 'getHall', tags: ['halls'], summary: '讲堂详情', params: IdParams, response: { 200: Hall, ...readErrors } } },
    async (request) => halls.get(request.ctx, request.params.id),
  );

  r.patch(
    '/api/halls/:id',
    {
      schema: {
        operationId: 'updateHall',
        tags: ['halls'],
        summary: '修改讲堂设置',
        params: IdParams,
        body: HallPatch,
        response: { 200: Hall, ...writeErrors },
      },
    },
    async (request) => halls.update(request.ctx, request.params.id, request.body),
  );

  r.get(
    '/api/halls/:id/stages',
    { schema: { operationId: 'listStages', tags: ['halls'], summary: '讲堂的阶段列表', params: IdParams, response: { 200: StageList, ...readErrors } } },
    async (request) => ({ items: await halls.listStages(request.ctx, request.params.id) }),
  );

  r.post(
    '/api/halls/:id/stages',
    {
      schema: {
        operationId: 'createStage',
        tags: ['halls'],
        summary: '新增阶段',
        params: IdParams,
        body: StageInput,
        response: { 201: Stage, ...writeErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await halls.createStage(request.ctx, request.params.id, request.body)),
  );

  r.patch(
    '/api/stages/:id',
    {
      schema: {
        operationId: 'updateStage',
        tags: ['halls'],
        summary: '修改阶段',
        params: IdParams,
        body: StagePatch,
        response: { 200: Stage, ...writeErrors },
      },
    },
    async (request) => halls.updateStage(request.ctx, request.params.id, request.body),
  );

  r.delete(
    '/api/stages/:id',
    { schema: { operationId: 'deleteStage', tags: ['halls'], summary: '删除阶段（无期次时）', params: IdParams, response: { 200: OkBody, ...writeErrors } } },
    async (request) => {
      await halls.deleteStage(request.ctx, request.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/halls/:id/commentaries',
    {
      schema: {
        operationId: 'listCommentaries',
        tags: ['halls'],
        summary: '权威点评列表（讲堂及各期，可按期筛选）',
        params: IdParams,
        querystring: CommentaryQuery,
        response: { 200: CommentaryList, ...readErrors },
      },
    },
    async (request) => ({ items: await halls.listCommentaries(request.ctx, request.params.id, request.query.editionId) }),
  );

  r.post(
    '/api/halls/:id/commentaries',
    {
      schema: {
        operationId: 'createCommentary',
        tags: ['halls'],
        summary: '添加权威点评',
        params: IdParams,
        body: CommentaryInput,
        response: { 201: Commentary, ...writeErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await halls.createCommentary(request.ctx, request.params.id, request.body)),
  );

  r.delete(
    '/api/commentaries/:id',
    { schema: { operationId: 'deleteCommentary', tags: ['halls'], summary: '删除权威点评', params: IdParams, response: { 200: OkBody, ...writeErrors } } },
    async (request) => {
      await halls.deleteCommentary(request.ctx, request.params.id);
      return { ok: true as const };
    },
  );
};
