/**
 * `npm run bench` runs every benchmark; `npm run bench -- NAME …` some of them;
 * `npm run bench -- --list` names them. Benchmarks are the files bench/*.bench.ts (see
 * registry.ts); bench/README.md explains the method of each.
 *
 * bench/results/latest.json is an array of results, each an object with its `name`: a run
 * replaces the entries of the benchmarks it ran and keeps the others' latest figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchmarks, runBenchCleanups } from './registry';

const here = import.meta.dirname;
const resultsFile = path.join(here, 'results/latest.json');

for (const file of fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()) {
  await import(path.join(here, file));
}
const all = benchmarks();
const args = process.argv.slice(2);
if (args.includes('--list')) {
  for (const b of all) console.log(`${b.name.padEnd(24)} ${b.description}`);
  process.exit(0);
}
const unknown = args.filter((a) => !all.some((b) => b.name === a));
if (unknown.length) {
  console.error(`unknown benchmark: ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const selected = args.length ? all.filter((b) => args.includes(b.name)) : all;

function previousResults(): Array<Record<string, unknown>> {
  try {
    const old = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    // Before benchmarks were named entries, the file was one object; its figures are not kept.
    return Array.isArray(old) ? old : [];
  } catch {
    return [];
  }
}

const machine = { node: process.version, cpus: os.cpus().length };
const fresh: Array<Record<string, unknown>> = [];
let failed = 0;
const stop = async (signal: string) => {
  console.error(`${signal}: stopping`);
  await runBenchCleanups();
  process.exit(130);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
try {
  for (const b of selected) {
    console.error(`--- ${b.name}: ${b.description}`);
    let entry: Record<string, unknown>;
    try {
      entry = { name: b.name, ...(await b.run()), measuredAt: new Date().toISOString(), ...machine };
    } catch (err) {
      failed += 1;
      entry = { name: b.name, error: err instanceof Error ? err.message : String(err), measuredAt: new Date().toISOString(), ...machine };
    }
    fresh.push(entry);
    console.log(JSON.stringify(entry, null, 2));
  }
} finally {
  await runBenchCleanups();
}
const names = new Set(fresh.map((e) => e.name));
const merged = [...previousResults().filter((e) => !names.has(e.name)), ...fresh];
const order = all.map((b) => b.name);
merged.sort((x, y) => order.indexOf(String(x.name)) - order.indexOf(String(y.name)));
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.writeFileSync(resultsFile, `${JSON.stringify(merged, null, 2)}\n`);
console.error(`wrote ${path.relative(process.cwd(), resultsFile)} (${merged.length} entries)`);
process.exit(failed ? 1 : 0);
