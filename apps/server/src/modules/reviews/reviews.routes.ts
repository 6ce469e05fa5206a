import {
  AssignExpertsBody,
  Deck,
  DeckList,
  ErrorBody,
  ExpertList,
  ExpertsQuery,
  IdParams,
  Readiness,
  ReadinessOverrideBody,
  Review,
  ReviewAssignmentList,
  ReviewList,
  SubmitReviewBody,
} from '@lecture-hall/shared';
import { type RoutePlugin, typed } from '../../lib/routing';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...readErrors, 409: ErrorBody };

export const reviewsRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const reviews = app.services.reviews;

  r.get(
    '/api/talks/:id/deck',
    {
      schema: {
        operationId: 'getDeck',
        tags: ['reviews'],
        summary: '讲课人的课件（各版本、审核状态、审核专家）',
        params: IdParams,
        response: { 200: Deck, ...readErrors },
      },
    },
    async (request) => reviews.getDeck(request.ctx, request.params.id),
  );

  r.get(
    '/api/editions/:id/decks',
    {
      schema: {
        operationId: 'listEditionDecks',
        tags: ['reviews'],
        summary: '本期各讲课人的课件及审核状态',
        params: IdParams,
        response: { 200: DeckList, ...readErrors },
      },
    },
    async (request) => ({ items: await reviews.listEditionDecks(request.ctx, request.params.id) }),
  );

  r.put(
    '/api/talks/:id/experts',
    {
      schema: {
        operationId: 'assignExperts',
        tags: ['reviews'],
        summary: '为讲课人安排审核专家',
        params: IdParams,
        body: AssignExpertsBody,
        response: { 200: Deck, ...writeErrors },
      },
    },
    async (request) => reviews.assignExperts(request.ctx, request.params.id, request.body),
  );

  r.get(
    '/api/experts',
    {
      schema: {
        operationId: 'listExperts',
        tags: ['reviews'],
        summary: '可安排的专家（本讲堂相关单位持有专家角色的用户）',
        querystring: ExpertsQuery,
        response: { 200: ExpertList, ...readErrors },
      },
    },
    async (request) => ({ items: await reviews.listExperts(request.ctx, request.query.editionId) }),
  );

  r.get(
    '/api/talks/:id/reviews',
    {
      schema: { operationId: 'listReviews', tags: ['reviews'], summary: '课件的历次审核意见', params: IdParams, response: { 200: ReviewList, ...readErrors } },
    },
    async (request) => ({ items: await reviews.listReviews(request.ctx, request.params.id) }),
  );

  r.post(
    '/api/deck-versions/:id/reviews',
    {
      schema: {
        operationId: 'submitReview',
        tags: ['reviews'],
        summary: '提交课件审核意见（检查项、逐页意见、结论）',
        params: IdParams,
        body: SubmitReviewBody,
        response: { 201: Review, ...writeErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await reviews.submitReview(request.ctx, request.params.id, request.body)),
  );

  r.get(
    '/api/reviews/assigned',
    {
      schema: {
        operationId: 'listMyReviewAssignments',
        tags: ['reviews'],
        summary: '我负责审核的课件',
        response: { 200: ReviewAssignmentList, ...readErrors },
      },
    },
    async (request) => ({ items: await reviews.listMyAssignments(request.ctx) }),
  );

  r.get(
    '/api/editions/:id/readiness',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['reviews'],
        summary: '本期课件是否全部审核通过（开讲准备情况）',
        params: IdParams,
        response: { 200: Readiness, ...readErrors },
      },
    },
    async (request) => reviews.getReadiness(request.ctx, request.params.id),
  );

  r.post(
    '/api/editions/:id/readiness-override',
    {
      schema: {
        operationId: 'overrideReadiness',
        tags: ['reviews'],
        summary: '课件未全部通过时说明理由放行',
        params: IdParams,
        body: ReadinessOverrideBody,
        response: { 200: Readiness, ...writeErrors },
      },
    },
    async (request) => reviews.overrideReadiness(request.ctx, request.params.id, request.body),
  );
};
