/**
 * `fanout`: 3,000 phones on one instance; from a ballot's commit to its tally on every phone.
 * Method in bench/README.md.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { onBenchExit, registerBenchmark } from './registry';
import { startChildScript, stopChild } from './server';

const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 3000);
const EVENTS = Number(process.env.BENCH_FANOUT_EVENTS ?? 20);
const SPACING_MS = 300;
/** Opening sockets this many at a time keeps the listen backlog from overflowing. */
const CONNECT_BATCH = 200;
/** After the last event, how long stragglers may take before they count as lost. */
const DRAIN_MS = 5000;
/** The whole benchmark, connecting included: past this it stops and reports what it has. */
const BUDGET_MS = 120_000;

function openFiles(): number | null {
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const n = Number(r.stdout.trim());
  return Number.isFinite(n) ? n : null;
}

function percentile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(redisUrl: string | undefined): Promise<{ proc: ChildProcess; port: number; editionId: string; bus: string }> {
  const { proc, ready } = await startChildScript<{ type: 'ready'; port: number; editionId: string; bus: string }>('bench/fanout-server.ts', {
    env: { ...process.env, ...(redisUrl ? { BENCH_REDIS_URL: redisUrl } : {}) },
  });
  return { proc, port: ready.port, editionId: ready.editionId, bus: ready.bus };
}

async function run() {
  const started = Date.now();
  const ulimit = openFiles();
  // Redis is optional here: BENCH_FANOUT_REDIS=1 sends the tallies through pub/sub as several instances would.
  const redisUrl = process.env.BENCH_FANOUT_REDIS ? `redis://127.0.0.1:6379/?keyPrefix=lh-bench-${randomBytes(4).toString('hex')}:` : undefined;
  const server = await startServer(redisUrl);
  const url = `ws://127.0.0.1:${server.port}/api/live/${server.editionId}/ws?as=public`;

  const sockets: WebSocket[] = [];
  /** got[client * EVENTS + (seq - 1)]: that client received that event's tally. */
  const got = new Uint8Array(CLIENTS * EVENTS);
  const latencies: number[] = [];
  const perEvent: number[][] = Array.from({ length: EVENTS }, () => []);
  let received = 0;
  let snapshots = 0;
  let connectErrors = 0;
  onBenchExit(() => {
    for (const s of sockets) s.terminate();
  });

  const connect = (index: number) =>
    new Promise<void>((resolve) => {
      const ws = new WebSocket(url);
      sockets.push(ws);
      let settled = false;
      const done = () => {
        if (!settled) {
          settled = true;
          resolve();
        }
      };
      ws.on('message', (data) => {
        // The receipt time first: parsing belongs to the client, not to the delivery.
        const at = Date.now();
        const text = data.toString();
        if (text.startsWith('{"type":"live.snapshot"')) {
          snapshots += 1;
          done();
          return;
        }
        if (!text.startsWith('{"type":"live.tally"')) return;
        const ballots = (JSON.parse(text) as { payload: { audienceBallots: Record<string, number> } }).payload.audienceBallots;
        const seq = ballots['bench-event'];
        const sentAt = ballots['bench-sent-at'];
        if (!seq || !sentAt || seq > EVENTS) return;
        const slot = index * EVENTS + (seq - 1);
        if (got[slot]) return; // a later push with the same counters
        got[slot] = 1;
        received += 1;
        latencies.push(at - sentAt);
        perEvent[seq - 1]?.push(at - sentAt);
      });
      ws.on('error', () => {
        connectErrors += 1;
        done();
      });
      ws.on('close', done);
      setTimeout(done, 15_000).unref();
    });

  const connectStarted = Date.now();
  for (let i = 0; i < CLIENTS && Date.now() - started < BUDGET_MS; i += CONNECT_BATCH) {
    await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, CLIENTS - i) }, (_, k) => connect(i + k)));
  }
  const connectMs = Date.now() - connectStarted;
  const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  // Let the tallies that the connections themselves caused go by.
  await sleep(1000);

  for (let seq = 1; seq <= EVENTS && Date.now() - started < BUDGET_MS; seq++) {
    server.proc.send({ type: 'event', seq });
    await sleep(SPACING_MS);
  }
  const expected = CLIENTS * EVENTS;
  const drainUntil = Date.now() + DRAIN_MS;
  while (received < expected && Date.now() < drainUntil) await sleep(50);

  for (const s of sockets) s.terminate();
  server.proc.send({ type: 'stop' });
  await stopChild(server.proc);

  latencies.sort((a, b) => a - b);
  return {
    clients: CLIENTS,
    events: EVENTS,
    received,
    expected,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? null,
    target: 'p99Ms <= 250 and received = expected',
    met: received === expected && (percentile(latencies, 0.99) ?? Number.POSITIVE_INFINITY) <= 250,
    bus: server.bus,
    perEventP99Ms: perEvent.map((l) =>
      percentile(
        l.sort((a, b) => a - b),
        0.99,
      ),
    ),
    spacingMs: SPACING_MS,
    connected: open,
    snapshots,
    connectErrors,
    connectMs,
    openFilesLimit: ulimit,
    ...(ulimit !== null && ulimit < CLIENTS + 256 ? { note: `ulimit -n is ${ulimit}: too low for ${CLIENTS} sockets per process` } : {}),
  };
}

registerBenchmark({
  name: 'fanout',
  description: '3,000 WebSocket clients on one instance: a ballot commit to its tally on every client',
  run,
});
