import { AudienceMe, BallotAck, BallotBody, ErrorBody, Id, IdParams } from '@lecture-hall/shared';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type RoutePlugin, typed } from '../../lib/routing';
import { requireAttendee } from '../live/attendee-auth';
import { AttendeeCache, tokenHashOf } from './attendee-cache';

const EditionParams = z.object({ editionId: Id });

/**
 * Ballots a minute per credential. A person scores five speakers in an afternoon and may amend
 * a few times; a phone's outbox retries with backoff. 60 leaves a wide margin for all that and
 * still stops a script hammering the hall's server. The ballot benchmark stays below it by
 * rotating 5,000 credentials (bench/ballot-ingest.bench.ts reports `maxPerCredential`).
 */
export const BALLOTS_PER_MINUTE = 60;

/** Counted per attendee credential (its hash: the token itself is never kept), else per address. */
function attendeeKey(request: FastifyRequest): string {
  const hash = tokenHashOf(request);
  return hash ? `att:${hash}` : `ip:${request.ip}`;
}

/** Counted per signed-in expert, else per address. */
function expertKey(request: FastifyRequest): string {
  return request.ctx?.actor ? `user:${request.ctx.actor.userId}` : `ip:${request.ip}`;
}

export const ballotsRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const ballots = app.services.ballots;
  const attendees = new AttendeeCache(app.db);

  r.post(
    '/api/live/:editionId/ballots',
    {
      config: { rateLimit: { max: BALLOTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: attendeeKey } },
      schema: {
        operationId: 'submitBallot',
        tags: ['live'],
        summary: '听众提交（或修改）对当前讲课人的评分',
        params: EditionParams,
        body: BallotBody,
        response: { 200: BallotAck, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => ballots.submitAudience(await attendees.require(request, request.params.editionId), request.body),
  );

  r.post(
    '/api/editions/:id/live/expert-ballots',
    {
      config: { rateLimit: { max: BALLOTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: expertKey } },
      schema: {
        operationId: 'submitExpertBallot',
        tags: ['live'],
        summary: '评分专家提交（或修改）对当前讲课人的评分',
        params: IdParams,
        body: BallotBody,
        response: { 200: BallotAck, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => ballots.submitExpert(request.ctx, request.params.id, request.body),
  );

  r.get(
    '/api/live/:editionId/me',
    {
      schema: {
        operationId: 'getMyAudienceState',
        tags: ['live'],
        summary: '听众本人的签到信息、已提交的评分和点赞',
        params: EditionParams,
        response: { 200: AudienceMe, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => ballots.me(await requireAttendee(app.db, request, request.params.editionId)),
  );
};
