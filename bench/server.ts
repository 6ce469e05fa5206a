import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { onBenchExit } from './registry';

export const root = path.resolve(import.meta.dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Stops a child process and waits for it, killing it if it does not stop within the grace time. */
export async function stopChild(proc: ChildProcess, graceMs = 5000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Rebuilds what is stale (scripts/build.mjs), so that a benchmark measures the code as it stands. */
export function ensureBuilt(): void {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
}

/**
 * A bench-side script (`node --import tsx bench/<file>`) in a child process, stopped when the
 * run ends; resolves with its first message of type 'ready' (it says so over the IPC channel).
 */
export function startChildScript<M extends { type: string }>(
  file: string,
  opts: { env?: NodeJS.ProcessEnv; stdout?: 'inherit' | 'ignore'; timeoutMs?: number } = {},
): Promise<{ proc: ChildProcess; ready: M }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(root, file)], {
    cwd: root,
    env: opts.env ?? process.env,
    stdio: ['ignore', opts.stdout ?? 'inherit', 'inherit', 'ipc'],
  });
  onBenchExit(() => stopChild(proc));
  return new Promise((resolve, reject) => {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const timer = setTimeout(() => reject(new Error(`${file} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    proc.once('exit', (code) => reject(new Error(`${file} exited (${code})`)));
    proc.on('message', (m: M) => {
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      resolve({ proc, ready: m });
    });
  });
}

let demo: Promise<{ base: string }> | null = null;

/**
 * The built server (npm run build) in demo mode (81 units, 400 cadres) in a child process,
 * started once per run for the benchmarks that share it, stopped when the run ends.
 */
export function builtDemoServer(): Promise<{ base: string }> {
  demo ??= (async () => {
    ensureBuilt();
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
    onBenchExit(async () => {
      await stopChild(proc);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) return { base };
      } catch {
        // not yet listening
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('server did not start');
  })();
  return demo;
}

export async function loginCookie(base: string): Promise<{ cookie: string; csrf: string }> {
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
