import websocket from '@fastify/websocket';
import { ENDED_STATUSES, type SocketAudience, WS_CLOSE } from '@lecture-hall/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db';
import type { RoutePlugin } from '../lib/routing';
import { can } from '../modules/auth/policy';
import { type EditionRow, editionRepository } from '../modules/halls/halls.repository';
import type { LiveEnded } from './index';

/** Messages from clients are tiny (`{"type":"resume","version":n}`); ws closes a socket that sends more (1009). */
const MAX_CLIENT_MESSAGE_BYTES = 1024;
/** Editions whose public page and big screen may be watched: the day is coming, or under way. */
const WATCHABLE = new Set(['ready', 'live']);
/** Editions whose session is over: a phone or screen connecting gets the final snapshot, 'live.ended' and a normal close. */
const ENDED = new Set<string>(ENDED_STATUSES);

/** What the phones are told of an ended edition: when its status last changed (to closed, or on to published). */
export function endedOf(edition: Pick<EditionRow, 'id' | 'status' | 'status_changed_at'>): LiveEnded | null {
  if (!ENDED.has(edition.status)) return null;
  return { editionId: edition.id, status: edition.status as LiveEnded['status'], endedAt: edition.status_changed_at };
}

async function readEnded(db: Db, editionId: string): Promise<LiveEnded | null> {
  const edition = await editionRepository.findById(db, editionId);
  return edition ? endedOf(edition) : null;
}

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
 *
 * A host console is closed (4401) once its session ends or its user loses 'live.host' there:
 * asked when it attaches, at each heartbeat round, and after a logout, a revoked session or a
 * removed grant (RealtimeHub.userAccessChanged): at once on the instance that made the change
 * and on those holding a notification socket of the user, else at the next round.
 *
 * Once the edition has ended (closed, or on to published), a phone or screen is sent the final
 * snapshot, 'live.ended' and a normal closure (LIVE_ENDED_CLOSE), after which it stops
 * reconnecting; the host console still attaches as before.
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
        const sessionId = request.ctx.sessionId!;
        await hub.attach(socket, edition.id, audience, {
          guard: {
            userId: actor.userId,
            stillAllowed: async () => {
              // The hall's unit is read afresh too: a moved subtree changes the path the grants are matched against.
              const [now, current] = await Promise.all([app.services.auth.actorOfSession(sessionId), editionRepository.findById(app.db, edition.id)]);
              return now !== null && current !== undefined && can(now, 'live.host', current.unit_path);
            },
          },
        });
        return;
      }
      const ended = endedOf(edition);
      if (ended) {
        await hub.attach(socket, edition.id, audience, { ended });
        return;
      }
      if (!WATCHABLE.has(edition.status)) {
        socket.close(WS_CLOSE.forbidden, 'edition is not live');
        return;
      }
      // The status just read may predate an end this instance was not yet subscribed to hear.
      await hub.attach(socket, edition.id, audience, { endedNow: () => readEnded(app.db, edition.id) });
    },
  );

  registerUserSocket(app);
};

/**
 * GET /api/notifications/ws — the signed-in user's own socket: their notifications as they are
 * committed ('notification.created'), and the unread count ('notifications.unread') on connect
 * and when it moves. The session cookie is checked by the same hook as every HTTP route
 * (plugins/session.ts, run on the upgrade request); without a session the socket is closed at
 * once with 4401, and a page of another site cannot open it with the user's cookie (4403). It
 * is closed with 4401 once its session ends (logout, revoked, password changed or reset, account
 * disabled, expired): at once on every instance holding a socket of the user (the change
 * travels on the user's channel), and an expiry at the next heartbeat round.
 */
function registerUserSocket(app: FastifyInstance) {
  const users = app.services.realtime.users;
  app.get(
    '/api/notifications/ws',
    {
      websocket: true,
      // Not an HTTP operation: kept out of the OpenAPI document like the live socket.
      schema: { hide: true },
    },
    async (socket, request) => {
      const actor = request.ctx.actor;
      if (!actor) {
        socket.close(WS_CLOSE.unauthorized, 'session required');
        return;
      }
      if (isCrossSite(request)) {
        socket.close(WS_CLOSE.forbidden, 'cross-site');
        return;
      }
      const sessionId = request.ctx.sessionId!;
      await users.attach(socket, actor.userId, { userId: actor.userId, stillAllowed: () => app.services.auth.sessionIsLive(sessionId) });
    },
  );
}
