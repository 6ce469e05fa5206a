/**
 * Ballot ingest: how many real ballots a second the server takes (each acknowledged only once
 * committed), against GET /api/health under the same load in the same run.
 *
 * Method. The database is prepared before the server starts: a live edition of 5 speakers and
 * 5,000 checked-in attendees with known tokens, written with the test factories. The built
 * server (scripts/build.mjs rebuilds what is stale, then node apps/server/dist/main.js, logging
 * off) runs in a child process; autocannon runs here, on the same cores. First GET /api/health, 200 connections for 15 s (after a 2 s
 * warm-up). Then ballots: one autocannon run, 200 connections for 15 s, in 5 phases of 3 s,
 * one per speaker. At each phase's end the host moves on: the connections send GET
 * /api/health (not counted: `heldRequests`) until every ballot for the leaving speaker is
 * answered, the window moves to the next speaker (written to the database, as the live module
 * does; `switchMs`), and ballots for the next speaker follow on the same connections. Every
 * ballot carries the next of the 5,000 credentials in turn and a fresh idempotency key, with
 * scores on the rubric's scale (each credential's ballot text per speaker is prepared before
 * the load; only the key is added per request).
 *
 * autocannon cuts the connections at the end with up to 200 requests in flight: their ballots
 * may or may not have committed. Like phones, the benchmark then resends each unanswered
 * ballot with its key (a committed one is acknowledged as a duplicate, never stored twice),
 * so `acked` (distinct ballots acknowledged) must equal `stored` (rows).
 *
 * The per-credential limit (60 ballots a minute) is not raised: rotating 5,000 credentials,
 * each is used total ÷ 5,000 times in the whole run (`maxPerCredential`), below 60 as long as
 * the server takes fewer than 20,000 ballots a second.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { DatabaseTarget } from '../apps/server/src/config';
import { createDb, type Db } from '../apps/server/src/db';
import { migrateToLatest } from '../apps/server/src/db/migrate';
import { closeWindow, makeAttendees, makeLiveEdition, openWindow } from '../apps/server/test/ballot-factories';
import { startServerProcess } from '../apps/server/test/child-server';
import { createTestDb } from '../apps/server/test/db';
import { onBenchExit, registerBenchmark } from './registry';
import { ensureBuilt, startChildScript, stopChild } from './server';

const CONNECTIONS = Number(process.env.BALLOT_BENCH_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BALLOT_BENCH_SECONDS ?? 15);
const CREDENTIALS = 5000;
const SPEAKERS = 5;

/** CPU time (user + system, ms) the child has used so far, from /proc on Linux; null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** Busy CPU time (ms) of the whole machine so far, every core, from /proc/stat; null elsewhere. */
function machineBusyMs(): number | null {
  try {
    const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const t = ticks.map(Number);
    return ((t[0]! + t[1]! + t[2]! + t[5]! + t[6]! + t[7]!) * 1000) / 100;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function prepare(dialect: 'sqlite' | 'postgres') {
  let db: Db;
  let env: Record<string, string>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-ballot-bench-'));
  if (dialect === 'sqlite') {
    const file = path.join(dataDir, 'lecture-hall.db');
    const target: DatabaseTarget = { dialect: 'sqlite', file };
    db = createDb(target);
    await migrateToLatest(db);
    env = { DATA_DIR: dataDir, DATABASE_URL: `sqlite:${file}` };
    onBenchExit(async () => {
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
  } else {
    const t = await createTestDb('postgres');
    db = t.db;
    env = { DATA_DIR: dataDir, DATABASE_URL: (t.target as { url: string }).url };
    onBenchExit(async () => {
      await t.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
  }
  const edition = await makeLiveEdition(db, { talks: SPEAKERS });
  const attendees = await makeAttendees(db, edition.editionId, CREDENTIALS, { tokenPrefix: `bench-${dialect}-token-` });
  return { db, env, edition, tokens: attendees.map((a) => a.token) };
}

/**
 * Each credential's ballot for each speaker up to its idempotency key, made before the load:
 * the generator shares the server's cores, so what it spends per request is taken from the
 * server. The text sent is byte for byte what JSON.stringify of the whole ballot gives.
 */
function ballotBodyHeads(talkIds: string[], credentials: number): string[][] {
  return talkIds.map((talkId, phase) =>
    Array.from({ length: credentials }, (_, credential) => {
      // A spread of scores on the 1–10 scale, different per credential and speaker.
      const v = (d: number) => 1 + ((credential * 7 + d * 3 + phase) % 10);
      const scores = { depth: v(1), breadth: v(2), practical_value: v(3), delivery: v(4), responsiveness: v(5) };
      return `${JSON.stringify({ talkId, scores }).slice(0, -1)},"idempotencyKey":"`;
    }),
  );
}

/**
 * Ballots from 200 connections for SECONDS in one autocannon run, the credentials in turn, each
 * with a fresh idempotency key. The caller moves `phase` (the speaker on stage) and sets
 * `holding` while the host moves on: meanwhile the connections send GET /api/health, not counted.
 */
function startBallotLoad(url: string, bodyHeads: string[][], tokens: string[], phaseMs: number, seconds = SECONDS) {
  const runId = Date.now().toString(36);
  let seq = 0;
  let lastWasBallot = false;
  const load = {
    phase: 0,
    holding: false,
    heldRequests: 0,
    ackedDuringLoad: 0,
    perCredential: new Uint32Array(tokens.length),
    latencies: [] as number[],
    /** Per phase: [ms since the phase began, latency ms] of each ballot, to tell a tail spread over the run from one at a moment. */
    timeline: bodyHeads.map(() => [] as Array<[number, number]>),
    statuses: {} as Record<string, number>,
    acked: new Set<string>(),
    /** Sent and not yet answered: key -> [credential, body]. */
    unanswered: new Map<string, [number, string]>(),
    start: performance.now(),
    done: null as unknown as Promise<autocannon.Result>,
  };
  load.done = new Promise<autocannon.Result>((resolve, reject) => {
    const tracker = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req, ctx: object) => {
              if (load.holding) {
                (ctx as { key?: string }).key = undefined;
                return { ...req, method: 'GET', path: '/api/health', headers: {}, body: '' };
              }
              const n = seq++;
              const credential = n % tokens.length;
              const key = `${runId}-${String(n).padStart(10, '0')}`;
              const body = `${bodyHeads[load.phase]![credential]}${key}"}`;
              (ctx as { key?: string }).key = key;
              load.unanswered.set(key, [credential, body]);
              // req and its headers are autocannon's fresh copies for this request.
              req.headers!['x-attendee-token'] = tokens[credential]!;
              req.body = body;
              return req;
            },
            onResponse: (status, _body, ctx: object) => {
              const key = (ctx as { key?: string }).key;
              const sent = key === undefined ? undefined : load.unanswered.get(key);
              lastWasBallot = sent !== undefined;
              if (!sent) {
                load.heldRequests += 1;
                return;
              }
              load.unanswered.delete(key!);
              load.perCredential[sent[0]]! += 1;
              if (status >= 200 && status < 300) {
                load.acked.add(key!);
                load.ackedDuringLoad += 1;
              }
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    // Emitted right after onResponse above, for the same response.
    tracker.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (!lastWasBallot) return;
      load.latencies.push(responseTime);
      load.timeline[load.phase]!.push([performance.now() - load.start - load.phase * phaseMs, responseTime]);
      load.statuses[statusCode] = (load.statuses[statusCode] ?? 0) + 1;
    });
  });
  load.done.catch(() => {});
  return load;
}

/**
 * The same requests from the same generator against bench/ballot-floor-server.ts: the ballot
 * route's validation and serialisation on Fastify and nothing more (no credential, rate limit,
 * hook, log or write). Its p99 on this machine, in this run, is the least any ballot path on
 * this stack could show here: the real figures are read against it.
 */
async function measureFloor(bodyHeads: string[][], tokens: string[]) {
  const {
    proc,
    ready: { port },
  } = await startChildScript<{ type: 'ready'; port: number }>('bench/ballot-floor-server.ts', { stdout: 'ignore' });
  const url = `http://127.0.0.1:${port}/api/live/floor/ballots`;
  // A 2 s warm-up, as for health, then the measured run: one phase, the first speaker's ballots.
  await startBallotLoad(url, bodyHeads, tokens, 2000, 2).done;
  const cpuBefore = cpuMs(proc.pid);
  const generatorBefore = process.cpuUsage();
  const load = startBallotLoad(url, bodyHeads, tokens, SECONDS * 1000);
  const result = await load.done;
  const generator = process.cpuUsage(generatorBefore);
  const cpu = cpuBefore === null ? null : cpuMs(proc.pid)! - cpuBefore;
  await stopChild(proc);
  load.latencies.sort((a, b) => a - b);
  const n = Math.max(1, load.ackedDuringLoad);
  return {
    requestsPerSecond: Math.round(load.ackedDuringLoad / SECONDS),
    p50Ms: percentile(load.latencies, 50),
    p99Ms: percentile(load.latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors,
    serverCpuUsPerRequest: cpu === null ? null : Math.round((cpu * 1000) / n),
    generatorCpuUsPerRequest: Math.round((generator.user + generator.system) / n),
  };
}

async function ballotIngest(dialect: 'sqlite' | 'postgres') {
  const { db, env, edition, tokens } = await prepare(dialect);
  // The built server, as production runs it: what is stale is rebuilt first (scripts/build.mjs).
  ensureBuilt();
  // BALLOT_BENCH_SERVER_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server.
  const nodeOptions = process.env.BALLOT_BENCH_SERVER_NODE_OPTIONS;
  const server = await startServerProcess({ env: nodeOptions ? { ...env, NODE_OPTIONS: nodeOptions } : env, built: true });
  onBenchExit(() => server.stop());
  const { base } = server;

  await autocannon({ url: `${base}/api/health`, connections: CONNECTIONS, duration: 2 });
  const cpuBeforeHealth = cpuMs(server.proc.pid);
  const generatorBeforeHealth = process.cpuUsage();
  const machineBeforeHealth = machineBusyMs();
  const health = await autocannon({ url: `${base}/api/health`, connections: CONNECTIONS, duration: SECONDS });
  const machineHealth = machineBeforeHealth === null ? null : machineBusyMs()! - machineBeforeHealth;
  const generatorHealth = process.cpuUsage(generatorBeforeHealth);
  const cpuHealth = cpuBeforeHealth === null ? null : cpuMs(server.proc.pid)! - cpuBeforeHealth;

  const url = `${base}/api/live/${edition.editionId}/ballots`;
  const bodyHeads = ballotBodyHeads(edition.talkIds, tokens.length);

  // One autocannon run, one set of 200 connections, for the five speakers, as for health: a
  // fresh run per speaker reopened the 200 connections every 3 s, and Node (libuv ≥ 1.45)
  // accepts one connection per event-loop turn, so under load each reopening queued the first
  // requests for up to 3 s behind the accepts, 1,000 of ~90,000 ballots: the p99 itself.
  // The host moves on every SECONDS / SPEAKERS: the connections send GET /api/health (not
  // counted) until every ballot for the speaker leaving has been answered, the window moves
  // (written to the database, as the live module does), and ballots for the next one follow.
  const phaseMs = (SECONDS / SPEAKERS) * 1000;
  const switchMs: number[] = [];
  let windowId = await openWindow(db, edition.editionId, edition.talkIds[0]!);
  const cpuBefore = cpuMs(server.proc.pid);
  const generatorBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  const load = startBallotLoad(url, bodyHeads, tokens, phaseMs);
  const { unanswered, latencies, timeline, statuses, acked, perCredential } = load;
  const start = load.start;
  for (let next = 1; next < SPEAKERS; next++) {
    await new Promise((r) => setTimeout(r, Math.max(0, start + next * phaseMs - performance.now())));
    const switchStart = performance.now();
    load.holding = true;
    while (unanswered.size > 0) await new Promise((r) => setTimeout(r, 1));
    await closeWindow(db, windowId);
    windowId = await openWindow(db, edition.editionId, edition.talkIds[next]!);
    load.phase = next;
    load.holding = false;
    switchMs.push(Math.round(performance.now() - switchStart));
  }
  const r = await load.done;
  const errors = r.errors;
  const machineBallots = machineBefore === null ? 0 : machineBusyMs()! - machineBefore;
  const cpuBallots = cpuBefore === null ? 0 : cpuMs(server.proc.pid)! - cpuBefore;
  const generatorUsed = process.cpuUsage(generatorBefore);
  const generatorCpuBallotsUs = generatorUsed.user + generatorUsed.system;
  // What was cut off in flight at the end (or built and never sent) is resent as a phone would: once, same key.
  let resent = 0;
  for (const [key, [credential, body]] of unanswered) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-attendee-token': tokens[credential]! }, body });
    perCredential[credential]! += 1;
    resent += 1;
    if (res.ok) acked.add(key);
    else statuses[`resent-${res.status}`] = (statuses[`resent-${res.status}`] ?? 0) + 1;
    await res.arrayBuffer();
  }
  unanswered.clear();
  if (windowId) await closeWindow(db, windowId);
  const stored = await db
    .selectFrom('ballots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('edition_id', '=', edition.editionId)
    .executeTakeFirstOrThrow();
  await server.stop();
  const floor = await measureFloor(bodyHeads, tokens);

  latencies.sort((a, b) => a - b);
  // Where the slowest 1 % of ballots sit: per phase, and per half second of each phase.
  const byPhase = timeline.map((points) => {
    const all = points.map(([, ms]) => ms).sort((a, b) => a - b);
    const slices: number[] = [];
    for (let slice = 0; slice * 500 < phaseMs; slice++) {
      const inSlice = points
        .filter(([t]) => t >= slice * 500 && t < (slice + 1) * 500)
        .map(([, ms]) => ms)
        .sort((a, b) => a - b);
      slices.push(Math.round(percentile(inSlice, 99)));
    }
    return { p50Ms: Math.round(percentile(all, 50)), p99Ms: Math.round(percentile(all, 99)), p99MsPerHalfSecond: slices };
  });
  const otherCpuPercent = (machineMs: number, serverMs: number, generatorMs: number, seconds: number) =>
    Math.round(((machineMs - serverMs - generatorMs) / (seconds * 1000)) * 100);
  const ballotsPerSecond = Math.round(load.ackedDuringLoad / SECONDS);
  const healthPerSecond = Math.round(health.requests.average);
  return {
    dialect,
    connections: CONNECTIONS,
    durationSeconds: SECONDS,
    credentials: CREDENTIALS,
    speakers: SPEAKERS,
    ballotsPerSecond,
    healthPerSecond,
    ratio: Math.round((ballotsPerSecond / healthPerSecond) * 100) / 100,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    non2xx: Object.entries(statuses)
      .filter(([s]) => !s.startsWith('2'))
      .reduce((n, [, c]) => n + c, 0),
    statuses,
    acked: acked.size,
    ackedDuringLoad: load.ackedDuringLoad,
    resentAfterCut: resent,
    // GET /api/health sent while the host moved the window (not counted), and how long each move took.
    heldRequests: load.heldRequests,
    switchMs,
    stored: Number(stored.n),
    maxPerCredential: Math.max(...perCredential),
    // The server's CPU time per request: what the ratio would be were the server alone on its cores
    // (these machines are shared; the load generator and other work take CPU from it).
    serverCpuUsPerBallot: cpuHealth === null ? null : Math.round((cpuBallots * 1000) / Math.max(1, load.ackedDuringLoad)),
    serverCpuUsPerHealth: cpuHealth === null ? null : Math.round((cpuHealth * 1000) / Math.max(1, health.requests.total)),
    // The load generator's own CPU time per request (this process): it runs on the same cores.
    generatorCpuUsPerBallot: Math.round(generatorCpuBallotsUs / Math.max(1, load.ackedDuringLoad)),
    generatorCpuUsPerHealth: Math.round((generatorHealth.user + generatorHealth.system) / Math.max(1, health.requests.total)),
    healthP50Ms: health.latency.p50,
    healthP99Ms: health.latency.p99,
    byPhase,
    // The same requests from the same generator against the route's validation alone, no work
    // behind it (measureFloor): no ballot path on this stack can do better here than `floor`.
    floor,
    // CPU the rest of the machine used meanwhile (% of one core; the machine has os.cpus() of
    // them): the server and the generator excluded. Above a few percent, the run was contended.
    otherCpuPercentHealth:
      machineHealth === null || cpuHealth === null
        ? null
        : otherCpuPercent(machineHealth, cpuHealth, (generatorHealth.user + generatorHealth.system) / 1000, SECONDS),
    otherCpuPercentBallots: machineHealth === null ? null : otherCpuPercent(machineBallots, cpuBallots, generatorCpuBallotsUs / 1000, SECONDS),
    target: { ratio: 0.4, p99Ms: 25, errors: 0, storedEqualsAcked: true },
  };
}

registerBenchmark({
  name: 'ballot-ingest-sqlite',
  description: 'POST ballots (group commit) vs GET /api/health, 200 connections, 15 s, 5,000 credentials, SQLite',
  run: () => ballotIngest('sqlite'),
});

registerBenchmark({
  name: 'ballot-ingest-postgres',
  description: 'POST ballots (group commit) vs GET /api/health, 200 connections, 15 s, 5,000 credentials, PostgreSQL',
  run: () => ballotIngest('postgres'),
});
