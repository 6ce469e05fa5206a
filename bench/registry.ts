/**
 * The benchmarks `npm run bench` knows. A benchmark is one file `bench/<name>.bench.ts` that
 * calls `registerBenchmark({ name, run })` when imported; bench/run.ts imports every such file,
 * so adding one needs no other edit. `run()` returns the result's fields (its `name` and the
 * machine are added); it must stop by itself — bounded counts and times, children killed.
 */
export interface Benchmark {
  /** Selects it on the command line (`npm run bench -- NAME`) and names its entry in results/latest.json. */
  name: string;
  /** One line for `npm run bench -- --list`; the method belongs in bench/README.md. */
  description: string;
  run(): Promise<Record<string, unknown>>;
}

const registered = new Map<string, Benchmark>();

export function registerBenchmark(benchmark: Benchmark): void {
  if (registered.has(benchmark.name)) throw new Error(`benchmark ${benchmark.name} is registered twice`);
  registered.set(benchmark.name, benchmark);
}

export function benchmarks(): Benchmark[] {
  return [...registered.values()];
}

const cleanups: Array<() => unknown> = [];

/** Something to undo when the run ends, whatever happened (a server to stop, a directory to remove). */
export function onBenchExit(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

export async function runBenchCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (err) {
      console.error('bench cleanup failed:', err);
    }
  }
}
