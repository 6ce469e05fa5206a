import {
  CoachingFeedback,
  CoachingFeedbackBody,
  CoachingGrid,
  CoachingSession,
  CoachingSessionInput,
  CoachingSessionList,
  CoachingSessionPatch,
  ErrorBody,
  Id,
  IdParams,
  TalkCoaching,
} from '@lecture-hall/shared';
import { z } from 'zod';
import { type RoutePlugin, typed } from '../../lib/routing';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...readErrors, 409: ErrorBody };
const FeedbackParams = z.object({ id: Id, talkId: Id });

export const coachingRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const coaching = app.services.coaching;

  r.get(
    '/api/editions/:id/coaching-sessions',
    {
      schema: {
        operationId: 'listCoachingSessions',
        tags: ['coaching'],
        summary: '本期授课培训安排',
        params: IdParams,
        response: { 200: CoachingSessionList, ...readErrors },
      },
    },
    async (request) => ({ items: await coaching.listSessions(request.ctx, request.params.id) }),
  );

  r.post(
    '/api/editions/:id/coaching-sessions',
    {
      schema: {
        operationId: 'createCoachingSession',
        tags: ['coaching'],
        summary: '安排一次授课培训（时间、地点、专家、讲课人）',
        params: IdParams,
        body: CoachingSessionInput,
        response: { 201: CoachingSession, ...writeErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await coaching.createSession(request.ctx, request.params.id, request.body)),
  );

  r.patch(
    '/api/coaching-sessions/:id',
    {
      schema: {
        operationId: 'updateCoachingSession',
        tags: ['coaching'],
        summary: '修改授课培训安排',
        params: IdParams,
        body: CoachingSessionPatch,
        response: { 200: CoachingSession, ...writeErrors },
      },
    },
    async (request) => coaching.updateSession(request.ctx, request.params.id, request.body),
  );

  r.put(
    '/api/coaching-sessions/:id/feedback/:talkId',
    {
      schema: {
        operationId: 'recordCoachingFeedback',
        tags: ['coaching'],
        summary: '专家填写对讲课人的培训反馈',
        params: FeedbackParams,
        body: CoachingFeedbackBody,
        response: { 200: CoachingFeedback, ...writeErrors },
      },
    },
    async (request) => coaching.recordFeedback(request.ctx, request.params.id, request.params.talkId, request.body),
  );

  r.get(
    '/api/talks/:id/coaching',
    {
      schema: {
        operationId: 'getTalkCoaching',
        tags: ['coaching'],
        summary: '讲课人的培训反馈及变化趋势',
        params: IdParams,
        response: { 200: TalkCoaching, ...readErrors },
      },
    },
    async (request) => coaching.talkCoaching(request.ctx, request.params.id),
  );

  r.get(
    '/api/editions/:id/coaching-grid',
    {
      schema: {
        operationId: 'getCoachingGrid',
        tags: ['coaching'],
        summary: '本期讲课人 × 培训场次的得分一览',
        params: IdParams,
        response: { 200: CoachingGrid, ...readErrors },
      },
    },
    async (request) => coaching.grid(request.ctx, request.params.id),
  );
};
