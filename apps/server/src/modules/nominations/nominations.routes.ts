import {
  Eligibility,
  EligibilityQuery,
  ErrorBody,
  IdParams,
  Nomination,
  NominationDecisionBody,
  NominationList,
  OrgPickBody,
  RecommendBody,
  SelectionBody,
  SelfNominationBody,
  Talk,
  TalkList,
  TalkPatch,
} from '@lecture-hall/shared';
import { type RoutePlugin, typed } from '../../lib/routing';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...readErrors, 409: ErrorBody };
/** A nomination refused by the eligibility rules: 422 not_eligible with details.reasons. */
const nominateErrors = { ...writeErrors, 422: ErrorBody };

export const nominationsRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const nominations = app.services.nominations;

  r.get(
    '/api/editions/:id/eligibility',
    {
      schema: {
        operationId: 'checkEligibility',
        tags: ['nominations'],
        summary: '查询人员是否符合本期推选条件',
        params: IdParams,
        querystring: EligibilityQuery,
        response: { 200: Eligibility, ...readErrors },
      },
    },
    async (request) => nominations.eligibility(request.ctx, request.params.id, request.query.personId),
  );

  r.post(
    '/api/editions/:id/nominations/org-pick',
    {
      schema: {
        operationId: 'createOrgPick',
        tags: ['nominations'],
        summary: '组织点将',
        params: IdParams,
        body: OrgPickBody,
        response: { 201: Nomination, ...nominateErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await nominations.createOrgPick(request.ctx, request.params.id, request.body)),
  );

  r.post(
    '/api/editions/:id/nominations/recommend',
    {
      schema: {
        operationId: 'recommendCandidate',
        tags: ['nominations'],
        summary: '单位推荐',
        params: IdParams,
        body: RecommendBody,
        response: { 201: Nomination, ...nominateErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await nominations.recommend(request.ctx, request.params.id, request.body)),
  );

  r.post(
    '/api/editions/:id/nominations/self',
    {
      schema: {
        operationId: 'nominateSelf',
        tags: ['nominations'],
        summary: '个人自荐',
        params: IdParams,
        body: SelfNominationBody,
        response: { 201: Nomination, ...nominateErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await nominations.nominateSelf(request.ctx, request.params.id, request.body)),
  );

  r.get(
    '/api/editions/:id/nominations',
    {
      schema: {
        operationId: 'listCandidates',
        tags: ['nominations'],
        summary: '本期候选人名单',
        params: IdParams,
        response: { 200: NominationList, ...readErrors },
      },
    },
    async (request) => ({ items: await nominations.listCandidates(request.ctx, request.params.id) }),
  );

  r.get(
    '/api/nominations/mine',
    {
      schema: {
        operationId: 'listMyNominations',
        tags: ['nominations'],
        summary: '我的推选（被推选的和我提交的）',
        response: { 200: NominationList, ...readErrors },
      },
    },
    async (request) => ({ items: await nominations.listMine(request.ctx) }),
  );

  r.post(
    '/api/nominations/:id/decision',
    {
      schema: {
        operationId: 'decideNomination',
        tags: ['nominations'],
        summary: '入围、取消入围、撤回或破格',
        params: IdParams,
        body: NominationDecisionBody,
        response: { 200: Nomination, ...nominateErrors },
      },
    },
    async (request) => nominations.decide(request.ctx, request.params.id, request.body),
  );

  r.put(
    '/api/editions/:id/selection',
    {
      schema: {
        operationId: 'confirmSelection',
        tags: ['nominations'],
        summary: '确定本期讲课人及顺序',
        params: IdParams,
        body: SelectionBody,
        response: { 200: TalkList, ...writeErrors },
      },
    },
    async (request) => ({ items: await nominations.confirmSelection(request.ctx, request.params.id, request.body) }),
  );

  r.get(
    '/api/editions/:id/talks',
    {
      schema: { operationId: 'listTalks', tags: ['nominations'], summary: '本期讲课安排', params: IdParams, response: { 200: TalkList, ...readErrors } },
    },
    async (request) => ({ items: await nominations.listTalks(request.ctx, request.params.id) }),
  );

  r.patch(
    '/api/talks/:id',
    {
      schema: {
        operationId: 'updateTalk',
        tags: ['nominations'],
        summary: '修改讲题和内容简介',
        params: IdParams,
        body: TalkPatch,
        response: { 200: Talk, ...writeErrors },
      },
    },
    async (request) => nominations.updateTalk(request.ctx, request.params.id, request.body),
  );
};
