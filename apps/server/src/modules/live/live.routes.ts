import {
  AppointExpertsBody,
  Attendance,
  AttendeeList,
  CheckInBody,
  CheckInResult,
  CheckInUnits,
  ErrorBody,
  HallAttendance,
  Id,
  IdParams,
  LiveCommand,
  LiveExperts,
  LiveSnapshot,
} from '@lecture-hall/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { attachmentDisposition, XLSX_MIME } from '../../lib/http';
import { type RoutePlugin, typed } from '../../lib/routing';
import { ATTENDEE_COOKIE, attendeeTokenOf } from './attendee-auth';

const readErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const writeErrors = { ...readErrors, 409: ErrorBody };
/** The audience's endpoints need no session: an unknown edition is a 404, one not ready or live a 409. */
const publicErrors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const EditionParams = z.object({ editionId: Id });
const AttendeesQuery = z.object({ flagged: z.enum(['true', 'false']).default('false') });
const Xlsx = z.string().meta({ description: 'Excel 工作簿（.xlsx）', format: 'binary' });
const Svg = z.string().meta({ description: '签到二维码（SVG）' });

/**
 * Guessing a roster match (name + unit + four digits) is slowed down: at most this many tries a
 * minute per address for one name in one unit. Keyed by the name too, because a whole hall
 * behind its Wi-Fi shares one address, and 500 people checking in by roster must get through.
 */
const ROSTER_CHECKINS_PER_MINUTE = 10;

function rosterGuessKey(req: FastifyRequest): string {
  const body = req.body as { unitId?: unknown; name?: unknown } | undefined;
  return `roster-checkin:${req.ip}:${String(body?.unitId ?? '')}:${String(body?.name ?? '').trim()}`;
}

/** A download or an image: bytes, which the response schema only documents. */
function sendBytes(reply: FastifyReply, type: string, body: Buffer, headers: Record<string, string>) {
  return reply.headers(headers).header('content-type', type).send(body);
}

export const liveRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const live = app.services.live;

  r.get(
    '/api/editions/:id/live',
    {
      schema: {
        operationId: 'getLiveConsole',
        tags: ['live'],
        summary: '主持台：现场状态、计数与问题',
        params: IdParams,
        response: { 200: LiveSnapshot, ...readErrors },
      },
    },
    async (request) => live.getConsole(request.ctx, request.params.id),
  );

  r.post(
    '/api/editions/:id/live/commands',
    {
      schema: {
        operationId: 'sendLiveCommand',
        tags: ['live'],
        summary: '主持台操作：签到、讲课、问答、开始/结束评分、大屏切换、散场',
        description: '不能执行时返回 409 live_command_refused，details.reasons 为中文原因。',
        params: IdParams,
        body: LiveCommand,
        response: { 200: LiveSnapshot, ...writeErrors },
      },
    },
    async (request) => live.command(request.ctx, request.params.id, request.body),
  );

  r.get(
    '/api/editions/:id/live/experts',
    {
      schema: {
        operationId: 'listLiveExperts',
        tags: ['live'],
        summary: '本期现场评分专家',
        params: IdParams,
        response: { 200: LiveExperts, ...readErrors },
      },
    },
    async (request) => live.listExperts(request.ctx, request.params.id),
  );

  r.put(
    '/api/editions/:id/live/experts',
    {
      schema: {
        operationId: 'appointLiveExperts',
        tags: ['live'],
        summary: '安排本期现场评分专家',
        params: IdParams,
        body: AppointExpertsBody,
        response: { 200: LiveExperts, ...writeErrors },
      },
    },
    async (request) => live.appointExperts(request.ctx, request.params.id, request.body),
  );

  r.get(
    '/api/editions/:id/live/attendees',
    {
      schema: {
        operationId: 'listAttendees',
        tags: ['live'],
        summary: '签到名单（flagged=true 只看第二台设备）',
        params: IdParams,
        querystring: AttendeesQuery,
        response: { 200: AttendeeList, ...readErrors },
      },
    },
    async (request) => live.checkins.listAttendees(request.ctx, request.params.id, request.query.flagged === 'true'),
  );

  r.get(
    '/api/editions/:id/attendance',
    {
      schema: {
        operationId: 'getAttendance',
        tags: ['live'],
        summary: '本期听课人次（按类别、班次）',
        params: IdParams,
        response: { 200: Attendance, ...readErrors },
      },
    },
    async (request) => live.attendance.getAttendance(request.ctx, request.params.id),
  );

  r.get(
    '/api/editions/:id/attendance/export',
    {
      schema: {
        operationId: 'exportAttendance',
        tags: ['live'],
        summary: '导出本期签到记录（Excel）',
        params: IdParams,
        response: { 200: Xlsx, ...readErrors },
      },
    },
    async (request, reply) => {
      const d = await live.attendance.exportAttendance(request.ctx, request.params.id);
      return sendBytes(reply, XLSX_MIME, d.body, { 'content-disposition': attachmentDisposition(d.filename, d.asciiFilename) });
    },
  );

  r.get(
    '/api/halls/:id/attendance',
    {
      schema: {
        operationId: 'getHallAttendance',
        tags: ['live'],
        summary: '讲堂累计听课人次（按类别、按期）',
        params: IdParams,
        response: { 200: HallAttendance, ...readErrors },
      },
    },
    async (request) => live.attendance.getHallAttendance(request.ctx, request.params.id),
  );

  r.get(
    '/api/live/:editionId',
    {
      schema: {
        operationId: 'getAudienceState',
        tags: ['live'],
        summary: '听众页与大屏：现场状态（无需登录，不含提问人与选票）',
        params: EditionParams,
        response: { 200: LiveSnapshot, ...publicErrors },
      },
    },
    async (request) => live.getAudienceState(request.params.editionId),
  );

  r.get(
    '/api/live/:editionId/units',
    {
      schema: {
        operationId: 'listCheckInUnits',
        tags: ['live'],
        summary: '名册签到可选的单位（本讲堂主办单位及下级单位）',
        params: EditionParams,
        response: { 200: CheckInUnits, ...publicErrors },
      },
    },
    async (request) => live.checkInUnits(request.params.editionId),
  );

  r.get(
    '/api/live/:editionId/qr.svg',
    {
      schema: {
        operationId: 'getCheckInQr',
        tags: ['live'],
        summary: '签到二维码（SVG）',
        params: EditionParams,
        response: { 200: Svg, ...publicErrors },
      },
    },
    async (request, reply) => {
      const svg = await live.checkInQr(request.params.editionId);
      // Sent as bytes: a string would be serialized as JSON.
      return sendBytes(reply, 'image/svg+xml; charset=utf-8', Buffer.from(svg), { 'cache-control': 'no-cache' });
    },
  );

  r.post(
    '/api/live/:editionId/check-in',
    {
      config: {
        rateLimit: {
          max: ROSTER_CHECKINS_PER_MINUTE,
          timeWindow: '1 minute',
          // After the body is parsed, so that only roster matches are counted.
          hook: 'preHandler',
          allowList: (req) => (req.body as { mode?: unknown } | undefined)?.mode !== 'roster',
          keyGenerator: rosterGuessKey,
        },
      },
      schema: {
        operationId: 'checkIn',
        tags: ['live'],
        summary: '听众签到（账号、名册核验或游客）',
        description: '返回听众凭证（token），同时写入 Cookie lh_att；手机页保存在本地并以 X-Attendee-Token 头发送。',
        params: EditionParams,
        body: CheckInBody,
        response: { 201: CheckInResult, ...writeErrors, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const { editionId } = request.params;
      const result = await live.checkins.checkIn(request.ctx, editionId, request.body, attendeeTokenOf(request));
      reply.setCookie(ATTENDEE_COOKIE, result.token, {
        path: `/api/live/${editionId}`,
        httpOnly: true,
        sameSite: 'lax',
        secure: app.config.secureCookies,
        maxAge: 24 * 60 * 60,
      });
      return reply.status(201).send(result);
    },
  );
};
