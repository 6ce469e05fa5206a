import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Config } from './config';
import { createDb, type Db } from './db';
import { migrateToLatest } from './db/migrate';
import { type Clock, zonedClock } from './lib/clock';
import { newId } from './lib/ids';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { ballotsRoutes } from './modules/ballots/ballots.routes';
import { coachingRoutes } from './modules/coaching/coaching.routes';
import { decksRoutes } from './modules/decks/decks.routes';
import { editionsRoutes } from './modules/halls/editions.routes';
import { hallsRoutes } from './modules/halls/halls.routes';
import { healthRoutes } from './modules/health/health.routes';
import { liveRoutes } from './modules/live/live.routes';
import { nominationsRoutes } from './modules/nominations/nominations.routes';
import { notificationsRoutes } from './modules/notifications/notifications.routes';
import { orgRoutes } from './modules/org/org.routes';
import { peopleRoutes } from './modules/org/people.routes';
import { questionsRoutes } from './modules/questions/questions.routes';
import { resultsRoutes } from './modules/results/results.routes';
import { resultsFilesRoutes } from './modules/results/results-files.routes';
import { reviewsRoutes } from './modules/reviews/reviews.routes';
import { usersRoutes } from './modules/users/users.routes';
import { clientErrorHandler, registerErrorHandling, sendError } from './plugins/errors';
import { registerInputGuards } from './plugins/input';
import { registerSession } from './plugins/session';
import { setAfterCommitErrorReporter } from './realtime/after-commit';
import { liveSocketRoutes } from './realtime/ws.routes';
import { createServices, type Services } from './services';

// zod's own messages (a wrong type, a missing field) in Chinese, like ours: people read them in the console.
z.config(z.locales.zhCN());

export type App = FastifyInstance & { services: Services; db: Db; config: Config };

export interface BuildOptions {
  /** An open database (tests share one per file); otherwise the config's is opened and migrated. */
  db?: Db;
  clock?: Clock;
  logger?: boolean;
}

function findWebDist(config: Config): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = config.webDistDir
    ? [path.resolve(config.webDistDir)]
    : [path.resolve(here, '../../web/dist'), path.resolve(here, '../web/dist'), path.resolve(process.cwd(), 'apps/web/dist')];
  return candidates.find((p) => fs.existsSync(path.join(p, 'index.html')));
}

/** The composition root: plugins, services and routes. It never listens; main.ts does. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const db = options.db ?? createDb(config.database);
  if (!options.db) await migrateToLatest(db);
  const clock = options.clock ?? zonedClock(config.timeZone);
  const services = createServices(db, config, clock);

  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    genReqId: () => newId(),
    bodyLimit: 1024 * 1024,
    // Route paths are matched exactly; a trailing slash is a different (unknown) route.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // A push that fails after its transaction committed must not fail the request; it is logged.
  setAfterCommitErrorReporter((err) => app.log.error({ err }, 'after-commit callback failed'));
  app.decorate('services', services);
  app.decorate('db', db);
  app.decorate('config', config);

  registerErrorHandling(app);
  registerInputGuards(app);
  await app.register(cookie);
  // With several instances, the login limit is counted in Redis so that it holds across them.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'lecture-hall:rate-limit:', skipOnError: true } : {}),
    errorResponseBuilder: (_req, ctx) => Object.assign(new Error('rate limited'), { statusCode: ctx.statusCode }),
  });
  await app.register(multipart, { limits: { fileSize: config.rosterMaxUploadBytes, files: 1, fields: 5, parts: 6 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Lecture Hall API · 干部大讲堂', version: config.version },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lh_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerSession(app, services.auth);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(peopleRoutes);
  await app.register(usersRoutes);
  await app.register(auditRoutes);
  await app.register(hallsRoutes);
  await app.register(editionsRoutes);
  await app.register(nominationsRoutes);
  await app.register(notificationsRoutes);
  await app.register(decksRoutes);
  await app.register(reviewsRoutes);
  await app.register(resultsRoutes);
  await app.register(resultsFilesRoutes);
  await app.register(coachingRoutes);
  await app.register(liveRoutes);
  await app.register(ballotsRoutes);
  await app.register(questionsRoutes);
  await app.register(liveSocketRoutes);

  const webDist = findWebDist(config);
  if (webDist) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes of the console fall back to its index page; unknown API paths are 404s.
    // A missing hashed asset must stay a 404: answering it with the page would blank the console with a MIME error.
    if (webDist && request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/')) {
      // The phone page and the big screen are pages of their own (dist/audience.html, dist/screen.html).
      if (request.url.startsWith('/audience/')) return reply.type('text/html').sendFile('audience.html');
      if (request.url.startsWith('/screen/')) return reply.type('text/html').sendFile('screen.html');
      return reply.type('text/html').sendFile('index.html');
    }
    return sendError(request, reply, 404, 'not_found');
  });

  app.addHook('onReady', async () => services.decks.start());
  app.addHook('onClose', async () => {
    await services.decks.stop();
    services.live.stop();
    await services.realtime.close();
    redis?.disconnect();
    if (!options.db) await db.destroy();
  });
  await app.ready();
  return app as unknown as App;
}
