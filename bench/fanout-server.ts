/**
 * The server side of the `fanout` benchmark, run as a child process by fanout.bench.ts:
 * the real app (routes, hub, @fastify/websocket) on an in-memory SQLite with one live edition.
 * The live module's data source is replaced by a stub whose counters carry the benchmark's
 * event number and the time the event was raised, so a client can tell how long the tally
 * took to reach it. The parent drives it over the IPC channel, never over HTTP: nothing
 * bench-only is added to the app.
 *   parent → child  {type:'event', seq}  "a ballot was committed": hub.tallyChanged(edition)
 *   parent → child  {type:'stop'}
 *   child → parent  {type:'ready', port, editionId, bus}
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { LiveCounters } from '@lecture-hall/shared';
import { buildApp } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { makeEdition, makeHall, makeUnit } from '../apps/server/test/factories';
import { emptyCounters, stubSnapshot } from '../apps/server/test/realtime-client';

const send = (m: object) => process.send?.(m);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-fanout-'));
const config = loadConfig({
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  DATABASE_URL: 'sqlite::memory:',
  LOG_LEVEL: 'silent',
  REDIS_URL: process.env.BENCH_REDIS_URL,
});
const app = await buildApp(config, { logger: false });
const unit = await makeUnit(app.db, '市委组织部');
const hall = await makeHall(app.db, unit);
const { id: editionId } = await makeEdition(app.db, hall.id, { status: 'live' });

let current: { seq: number; sentAt: number } | null = null;
const hub = app.services.realtime;
hub.setDataSource({
  snapshot: async (id) => stubSnapshot(id, emptyCounters()),
  counters: async (): Promise<LiveCounters> => ({
    ...emptyCounters(),
    checkedIn: current?.seq ?? 0,
    audienceBallots: current ? { 'bench-event': current.seq, 'bench-sent-at': current.sentAt } : {},
  }),
});

await app.listen({ host: '127.0.0.1', port: 0 });
const stop = async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('message', (m: { type: string; seq?: number }) => {
  if (m.type === 'event' && typeof m.seq === 'number') {
    // The moment a ballot's transaction would have committed; what follows is the hub's work.
    current = { seq: m.seq, sentAt: Date.now() };
    hub.tallyChanged(editionId);
  } else if (m.type === 'stop') void stop();
});
process.on('SIGTERM', () => void stop());
// The parent gone (killed), this child goes too.
process.on('disconnect', () => void stop());
send({ type: 'ready', port: (app.server.address() as AddressInfo).port, editionId, bus: hub.busKind });
