// Builds what is missing or stale: the web console (apps/web/dist) and the server bundle
// (apps/server/dist/{main,cli}.js). `node scripts/build.mjs [--force]`; demo.mjs and start.mjs
// call ensureBuilt() before serving.
//
// Staleness: each dist holds a stamp file recording the newest modification time among its
// sources when it was built; a newer source (or a missing output) means rebuild. Directories
// count too, so that adding or deleting a file is seen.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.build-stamp.json';
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage']);
const isTest = (name) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(name);

/** Newest mtime (ms) of the files and directories under the given paths, tests excluded. */
function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    newest = Math.max(newest, st.mtimeMs);
    if (!st.isDirectory()) return;
    for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
      if (entry.isDirectory() ? SKIP_DIRS.has(entry.name) : isTest(entry.name)) continue;
      visit(path.join(p, entry.name));
    }
  };
  for (const p of paths) visit(path.join(ROOT, p));
  return newest;
}

function readStamp(distDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, distDir, STAMP), 'utf8'));
  } catch {
    return null;
  }
}

function writeStamp(distDir, sourcesNewestMs, ms) {
  fs.writeFileSync(
    path.join(ROOT, distDir, STAMP),
    `${JSON.stringify({ sourcesNewestMs, builtAt: new Date().toISOString(), buildMs: Math.round(ms) }, null, 2)}\n`,
  );
}

function isStale(target, sourcesNewestMs) {
  if (!target.outputs.every((o) => fs.existsSync(path.join(ROOT, o)))) return 'not built yet';
  const stamp = readStamp(target.dist);
  if (!stamp) return 'no build stamp';
  if (sourcesNewestMs > stamp.sourcesNewestMs) return 'sources changed';
  return null;
}

const SHARED_SOURCES = ['packages/shared/src', 'packages/shared/package.json', 'package-lock.json', 'scripts/build.mjs'];

const SERVER = {
  name: 'server',
  dist: 'apps/server/dist',
  outputs: ['apps/server/dist/main.js', 'apps/server/dist/cli.js'],
  sources: ['apps/server/src', 'apps/server/package.json', ...SHARED_SOURCES],
  build: buildServer,
};

const WEB = {
  name: 'web console',
  dist: 'apps/web/dist',
  outputs: ['apps/web/dist/index.html'],
  sources: () => {
    const webFiles = fs.existsSync(path.join(ROOT, 'apps/web'))
      ? fs
          .readdirSync(path.join(ROOT, 'apps/web'))
          .filter((f) => /\.html$|^vite\.config\.|^package\.json$|^tsconfig.*\.json$/.test(f))
          .map((f) => `apps/web/${f}`)
      : [];
    return ['apps/web/src', 'apps/web/public', ...webFiles, ...SHARED_SOURCES];
  },
  build: buildWeb,
};

/**
 * Every package from node_modules stays an import of the bundle, resolved at run time from the
 * installed node_modules; only the workspace's own @lecture-hall/* packages, which are
 * TypeScript source, are bundled in.
 */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || args.path.startsWith('@lecture-hall/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

async function buildServer() {
  const esbuild = await import('esbuild');
  const outdir = path.join(ROOT, 'apps/server/dist');
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'apps/server/src/main.ts', cli: 'apps/server/src/cli.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    plugins: [externalPackages],
    // CommonJS code bundled into an ES module may call require(): give it one.
    banner: { js: "import { createRequire as __lhCreateRequire } from 'node:module';\nconst require = __lhCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

function npmCommand() {
  // Under `npm run`, npm_execpath is npm's own script: run it with this node, no shell needed.
  const execPath = process.env.npm_execpath;
  return execPath && /npm-cli\.js$/.test(execPath) ? [process.execPath, [execPath]] : ['npm', []];
}

async function buildWeb() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'apps/web/package.json'), 'utf8'));
  if (!pkg.scripts?.build) return 'skipped';
  const [cmd, pre] = npmCommand();
  await new Promise((resolve, reject) => {
    const child = spawn(cmd, [...pre, 'run', 'build', '-w', 'apps/web'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`the web build failed (${signal ?? `exit code ${code}`})`))));
  });
}

function log(message) {
  process.stderr.write(`build: ${message}\n`);
}

/** Builds every stale target; resolves when all are current. */
export async function ensureBuilt({ force = false } = {}) {
  for (const target of [WEB, SERVER]) {
    if (target === WEB && !fs.existsSync(path.join(ROOT, 'apps/web/package.json'))) {
      log('no apps/web yet, skipping the web console');
      continue;
    }
    const sources = typeof target.sources === 'function' ? target.sources() : target.sources;
    const newest = newestMtime(sources);
    const reason = force ? 'forced' : isStale(target, newest);
    if (!reason) {
      log(`${target.name} is up to date (${target.dist})`);
      continue;
    }
    log(`building the ${target.name} (${reason}) …`);
    const started = performance.now();
    const result = await target.build();
    if (result === 'skipped') {
      log(`apps/web has no build script yet, skipping the ${target.name}`);
      continue;
    }
    const ms = performance.now() - started;
    writeStamp(target.dist, newest, ms);
    log(`${target.name} built in ${(ms / 1000).toFixed(1)} s → ${target.dist}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--force');
  if (unknown.length) {
    process.stderr.write(`unknown option ${unknown[0]}\nUsage: node scripts/build.mjs [--force]\n`);
    process.exit(2);
  }
  ensureBuilt({ force: args.includes('--force') }).catch((err) => {
    process.stderr.write(`build failed: ${err.message}\n`);
    process.exit(1);
  });
}
