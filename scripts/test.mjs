#!/usr/bin/env node
// `npm test`: every check and suite, with one closing line "N passed, N failed".
// Typecheck, lint and build count as one check each; test suites count their tests.
// A suite that cannot run here (no PostgreSQL, no Chromium) is skipped with its reason;
// under CI=true a skipped suite fails the run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const isCI = process.env.CI === 'true' || process.env.CI === '1';
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-test-'));
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
let passed = 0;
let failed = 0;
const skipped = [];
const lines = [];

function run(name, cmd, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n=== ${name} (${seconds}s, exit ${code}) ===\n${out.trimEnd()}\n`);
      resolve(code ?? 1);
    });
  });
}

async function check(name, cmd, args) {
  const code = await run(name, cmd, args);
  if (code === 0) passed += 1;
  else failed += 1;
  lines.push(`${name}: ${code === 0 ? 'ok' : 'FAILED'}`);
}

/** Runs a Vitest suite and counts its tests from the JSON report; a file that failed to load counts as a failure. */
async function vitestSuite(name, args, extraEnv = {}) {
  const report = path.join(resultsDir, `${name.replace(/\W+/g, '-')}.json`);
  const code = await run(name, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], extraEnv);
  let p = 0;
  let f = 0;
  try {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    p = r.numPassedTests;
    f = r.numFailedTests;
    for (const file of r.testResults ?? []) if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) f += 1;
    if (code !== 0 && f === 0) f = 1;
  } catch {
    f = 1;
  }
  passed += p;
  failed += f;
  lines.push(`${name}: ${p} passed, ${f} failed`);
}

function skip(name, reason) {
  skipped.push(`${name}: ${reason}`);
  lines.push(`${name}: SKIPPED — ${reason}`);
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1500 });
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

const pgUrl = new URL(process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const hasPostgres = await reachable(pgUrl.hostname, Number(pgUrl.port || 5432));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(chromium);

// Static checks first: cheap, and they run side by side.
await Promise.all([check('typecheck', 'npm', ['run', '--silent', 'typecheck']), check('lint', 'npm', ['run', '--silent', 'lint'])]);

const dialects = hasPostgres ? 'sqlite,postgres' : 'sqlite';
if (!hasPostgres) skip('integration on PostgreSQL', `PostgreSQL is not reachable at ${pgUrl.host}; the SQLite half ran`);

// The server suites and the build share nothing, so they run side by side; the web suite (whose
// bundle-size test reads the build) and the journeys wait for the build.
const serverSuite = vitestSuite('unit + integration (server, packages)', [], { TEST_DIALECTS: dialects });
const webSuite = check('build', 'npm', ['run', '--silent', 'build']).then(() => vitestSuite('web unit', ['--root', 'apps/web']));
await Promise.all([serverSuite, webSuite]);

if (!hasChromium) skip('browser journeys', `Chromium not found at ${chromium} (apt-get install chromium fonts-noto-cjk)`);
else await vitestSuite('browser journeys (Playwright, Chromium)', ['--config', 'e2e/vitest.config.ts']);

process.stdout.write('\n=== summary ===\n');
for (const l of lines) process.stdout.write(`${l}\n`);
if (skipped.length && isCI) {
  process.stdout.write(`CI=true: a skipped suite fails the run (${skipped.length} skipped)\n`);
  failed += skipped.length;
}
fs.rmSync(resultsDir, { recursive: true, force: true });
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
