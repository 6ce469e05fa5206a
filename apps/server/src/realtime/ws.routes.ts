import websocket from '@fastify/websocket';
import type { SocketAudience } from '@lecture-hall/shared';
import type { FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../lib/routing';
import { can } from '../modules/auth/policy';
import { editionRepository } from '../modules/halls/halls.repository';

/** Messages from clients are tiny (`{"type":"resume","version":n}`); ws closes a socket that sends more (1009). */
const MAX_CLIENT_MESSAGE_BYTES = 1024;
/** Editions whose public page and big screen may be watched: the day is coming, or under way. */
const WATCHABLE = new Set(['ready', 'live']);

/** Close codes after the upgrade, mirroring the HTTP statuses the client would otherwise get. */
export const WS_CLOSE = { badRequest: 4400, forbidden: 4403, notFound: 4404 } as const;

const AUDIENCES: Record<string, SocketAudience> = { public: 'public', screen: 'public', host: 'host' };

/** A page of another site opening the host's socket with the host's cookie (cross-site WebSocket hijacking). */
function isCrossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/**
 * GET /api/live/:editionId/ws?as=public|screen|host — one WebSocket per edition and client.
 *
 * The audience page and the big screen are public by design while the edition is ready or
 * live (attendee tokens guard writes, not reads); 'host' needs a session whose user may run
 * the edition's live console ('live.host' over the hall's unit). The verdict comes after the
 * upgrade, as a close code (4400/4403/4404) with a reason, which a browser's WebSocket can
 * read — an HTTP status refusing the upgrade reaches the page only as a bare error.
 */
export const liveSocketRoutes: RoutePlugin = async (app) => {
  await app.register(websocket, { options: { maxPayload: MAX_CLIENT_MESSAGE_BYTES } });
  const hub = app.services.realtime;
  hub.setLogger(app.log);

  app.get<{ Params: { editionId: string }; Querystring: { as?: string } }>(
    '/api/live/:editionId/ws',
    {
      websocket: true,
      // Hidden from the OpenAPI document: it is not an HTTP operation (a plain GET answers 404),
      // and the authorization matrix and the bad-input properties walk that document's operations.
      schema: { hide: true },
    },
    async (socket, request) => {
      const audience = AUDIENCES[String(request.query.as ?? 'public')];
      if (!audience) {
        socket.close(WS_CLOSE.badRequest, 'as must be public, screen or host');
        return;
      }
      const edition = await editionRepository.findById(app.db, request.params.editionId);
      if (!edition) {
        socket.close(WS_CLOSE.notFound, 'edition not found');
        return;
      }
      if (audience === 'host') {
        // request.ctx comes from the session hook (plugins/session.ts), which runs on the upgrade request too.
        const actor = request.ctx.actor;
        if (!actor || isCrossSite(request) || !can(actor, 'live.host', edition.unit_path)) {
          socket.close(WS_CLOSE.forbidden, 'live.host required');
          return;
        }
      } else if (!WATCHABLE.has(edition.status)) {
        socket.close(WS_CLOSE.forbidden, 'edition is not live');
        return;
      }
      await hub.attach(socket, edition.id, audience);
    },
  );
};
