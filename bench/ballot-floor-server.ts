/**
 * The floor of the ballot-ingest benchmark, run as a child process by ballot-ingest.bench.ts:
 * the ballot route's HTTP work and nothing else. Fastify with the app's zod type provider
 * validates the same params and body (the shared BallotBody) and serialises the same BallotAck,
 * but nothing is authenticated, rate-limited, hooked, logged or written: the answer is made
 * up from the body at once. What this reaches on the machine, loaded by the same generator
 * with the same requests, bounds what any ballot path built on this stack can reach there;
 * it is what the real figures are read against.
 *   child → parent  {type:'ready', port}
 * The parent stops it with SIGTERM (stopChild), as it stops the server.
 */
import type { AddressInfo } from 'node:net';
import { BallotAck, BallotBody, Id } from '@lecture-hall/shared';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newId } from '../apps/server/src/lib/ids';

const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);

app.post(
  '/api/live/:editionId/ballots',
  { schema: { params: z.object({ editionId: Id }), body: BallotBody, response: { 200: BallotAck } } },
  async (request): Promise<BallotAck> => ({
    ballotId: newId(),
    talkId: request.body.talkId,
    version: 1,
    acceptedAt: new Date().toISOString(),
    duplicate: false,
  }),
);

await app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ type: 'ready', port: (app.server.address() as AddressInfo).port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
