import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/*
 * The server as a child process on loopback, for the tests that kill it (kill -9) and for the
 * benchmarks: `node --import tsx apps/server/src/main.ts`, or the built dist/main.js.
 */

const root = path.resolve(import.meta.dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface ServerProcess {
  base: string;
  proc: ChildProcess;
  /** What the child wrote to stderr, for a failure's message. */
  stderr(): string;
  /** SIGKILL: no graceful close, no flush — as a crash or an OOM kill. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

function exited(proc: ChildProcess): Promise<void> {
  return proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((r) => proc.once('exit', () => r()));
}

export async function startServerProcess(opts: { env: Record<string, string>; port?: number; built?: boolean; timeoutMs?: number }): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const args = opts.built ? [path.join(root, 'apps/server/dist/main.js')] : ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts')];
  const proc = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(port), ...opts.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  const base = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    base,
    proc,
    stderr: () => err,
    async kill9() {
      proc.kill('SIGKILL');
      await exited(proc);
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited(proc);
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}: ${err}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.kill9();
  throw new Error(`server did not start within ${opts.timeoutMs ?? 30_000} ms: ${err}`);
}
