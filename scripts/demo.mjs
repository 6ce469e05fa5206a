// `npm run demo [-- --reset]`: builds what is stale, then serves the demo city from SQLite in
// ./data/demo on PORT (default 3000). --reset deletes ./data/demo first, so the demo starts over.

import fs from 'node:fs';
import path from 'node:path';
import { ensureBuilt, ROOT } from './build.mjs';
import { runServer } from './run-server.mjs';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--reset');
if (unknown.length) {
  process.stderr.write(`unknown option ${unknown[0]}\nUsage: npm run demo [-- --reset]\n`);
  process.exit(2);
}

const dataDir = path.join(ROOT, 'data', 'demo');
if (args.includes('--reset')) {
  process.stderr.write(`demo: --reset: deleting ${path.relative(ROOT, dataDir)}/ — the demo city will be loaded afresh\n`);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

try {
  await ensureBuilt();
} catch (err) {
  process.stderr.write(`build failed: ${err.message}\n`);
  process.exit(1);
}

const env = { ...process.env, DEMO_MODE: 'true', DATA_DIR: dataDir, NODE_ENV: 'production', PORT: process.env.PORT || '3000' };
if (env.DATABASE_URL) {
  process.stderr.write('demo: DATABASE_URL is ignored; the demo runs on SQLite in data/demo\n');
  delete env.DATABASE_URL;
}
// A quiet terminal, so that the URL and the accounts stay readable; LOG_LEVEL=info shows every request.
env.LOG_LEVEL ||= 'warn';
runServer(env);
