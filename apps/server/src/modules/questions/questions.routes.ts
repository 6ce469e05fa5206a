import {
  ErrorBody,
  HostQuestion,
  Id,
  IdParams,
  ModerateBody,
  PublicQuestion,
  QuestionAck,
  QuestionBody,
  QuestionList,
  QuestionsQuery,
} from '@lecture-hall/shared';
import { z } from 'zod';
import { type RoutePlugin, typed } from '../../lib/routing';

const EditionParams = z.object({ editionId: Id });
const PublicQuestions = z.object({ questions: z.array(PublicQuestion) });
const UpvoteCount = z.object({ upvotes: z.number().int() });

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...readErrors, 409: ErrorBody };
/** The audience's writes: an attendee token instead of a session, rate-limited per credential. */
const attendeeErrors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

export const questionsRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const questions = app.services.questions;

  r.post(
    '/api/live/:editionId/questions',
    {
      schema: {
        operationId: 'askQuestion',
        tags: ['live'],
        summary: '听众提问（凭签到凭证；先审后发）',
        params: EditionParams,
        body: QuestionBody,
        response: { 201: QuestionAck, ...attendeeErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await questions.ask(request, request.params.editionId, request.body)),
  );

  r.get(
    '/api/live/:editionId/questions',
    {
      schema: {
        operationId: 'listPublicQuestions',
        tags: ['live'],
        summary: '已通过审核的现场提问（公开，不含提问人）',
        params: EditionParams,
        response: { 200: PublicQuestions, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => ({ questions: await questions.listPublic(request.params.editionId) }),
  );

  r.post(
    '/api/questions/:id/upvote',
    {
      schema: {
        operationId: 'upvoteQuestion',
        tags: ['live'],
        summary: '为现场提问点赞（每位听众每题一次）',
        params: IdParams,
        response: { 200: UpvoteCount, ...attendeeErrors },
      },
    },
    async (request) => questions.upvote(request, request.params.id),
  );

  r.delete(
    '/api/questions/:id/upvote',
    {
      schema: {
        operationId: 'removeUpvote',
        tags: ['live'],
        summary: '取消点赞',
        params: IdParams,
        response: { 200: UpvoteCount, ...attendeeErrors },
      },
    },
    async (request) => questions.removeUpvote(request, request.params.id),
  );

  r.get(
    '/api/editions/:id/live/questions',
    {
      schema: {
        operationId: 'listLiveQuestions',
        tags: ['live'],
        summary: '主持人审核队列：本期全部现场提问',
        params: IdParams,
        querystring: QuestionsQuery,
        response: { 200: QuestionList, ...readErrors },
      },
    },
    async (request) => ({ items: await questions.listHost(request.ctx, request.params.id, request.query.state) }),
  );

  r.post(
    '/api/questions/:id/moderate',
    {
      schema: {
        operationId: 'moderateQuestion',
        tags: ['live'],
        summary: '审核现场提问：通过、隐藏、标记已回答、置顶、合并重复',
        params: IdParams,
        body: ModerateBody,
        response: { 200: HostQuestion, ...writeErrors },
      },
    },
    async (request) => questions.moderate(request.ctx, request.params.id, request.body),
  );
};
