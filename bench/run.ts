/**
 * `npm run bench`: speed of the platform's hot paths against the built server, in demo mode
 * (81 units, 400 cadres), the load generator in another process on the same machine.
 * Every figure is printed with a baseline measured in the same run (GET /api/health, a
 * database round trip), since these machines are shared and absolute numbers drift.
 * Results go to bench/results/latest.json.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';

const root = path.resolve(import.meta.dirname, '..');
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<{ base: string; proc: ChildProcess; dataDir: string }> {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-bench-'));
  const proc = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js')], {
    env: {
      ...process.env,
      DEMO_MODE: 'true',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, proc, dataDir };
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function loginCookie(base: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'lecture-hall-demo' }),
  });
  const me = (await res.json()) as { csrfToken: string };
  return {
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: me.csrfToken,
  };
}

interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

async function load(name: string, url: string, headers: Record<string, string> = {}): Promise<LoadResult> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  return {
    name,
    requestsPerSecond: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

async function rosterWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('干部花名册');
  ws.addRow(['姓名', '性别', '出生日期', '单位', '职务', '职级', '政治面貌', '手机号', '参加工作时间']);
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  for (let i = 0; i < rows; i++) {
    const year = 1970 + (i % 30);
    ws.addRow([
      `${surnames[i % surnames.length]}测${i}`,
      i % 2 ? '女' : '男',
      `${year}-0${1 + (i % 9)}-1${i % 10}`,
      '市卫健委/办公室',
      '科员',
      '一级科员',
      '中共党员',
      `139${String(i).padStart(8, '0')}`,
      `${year + 23}-07-01`,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function importDryRun(base: string, auth: { cookie: string; csrf: string }, file: Buffer): Promise<{ ms: number; rows: number; problems: number }> {
  const form = new FormData();
  form.append('file', new Blob([file]), 'roster.xlsx');
  const started = performance.now();
  const res = await fetch(`${base}/api/people/import?dryRun=true`, { method: 'POST', headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf }, body: form });
  const report = (await res.json()) as { rows: number; problems: unknown[] };
  return { ms: Math.round(performance.now() - started), rows: report.rows, problems: report.problems.length };
}

const { base, proc, dataDir } = await startServer();
try {
  const auth = await loginCookie(base);
  const authed = { cookie: auth.cookie };
  const results: Record<string, unknown> = {};
  const baseline = await load('api-health', `${base}/api/health`);
  const people = await load('api-people-page', `${base}/api/people?page=3&pageSize=20`, authed);
  const search = await load('api-people-search', `${base}/api/people?q=${encodeURIComponent('王')}&pageSize=20`, authed);
  for (const r of [baseline, people, search]) {
    results[r.name] = { ...r, ofBaseline: Math.round((r.requestsPerSecond / baseline.requestsPerSecond) * 100) / 100 };
  }
  const file = await rosterWorkbook(5000);
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await importDryRun(base, auth, file));
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  results['roster-import-dry-run'] = { rows: runs[0]!.rows, problems: runs[0]!.problems, medianMs: sorted[1], runsMs: runs.map((r) => r.ms) };

  const out = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    durationSeconds: DURATION_S,
    connections: CONNECTIONS,
    results,
  };
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench/results/latest.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
} finally {
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
