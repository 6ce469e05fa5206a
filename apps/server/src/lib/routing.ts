import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config';
import type { Db } from '../db';
import type { Services } from '../services';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    db: Db;
    config: Config;
  }
}

/** A route module: a plugin that registers its module's routes with zod schemas. */
export type RoutePlugin = (app: FastifyInstance) => Promise<void>;

export function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/** Error statuses every authenticated operation may answer, for its OpenAPI document. */
export const AUTHED_ERRORS = [400, 401, 403, 404] as const;
