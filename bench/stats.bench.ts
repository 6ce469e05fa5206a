/**
 * Speed of the two heavy statistics of an edition's analysis, in this process (pure
 * computation, no server): the rater-effects fit on a large edition and the cluster bootstrap
 * of a typical one. Method and targets: bench/README.md, "stats-rater-model, stats-bootstrap".
 */
import { performance } from 'node:perf_hooks';
import { normal } from '../packages/stats/src/anomalies/simulated-panel';
import { clusterBootstrap, fitRaterModel, median, seededRandom, trimmedMeanScorer } from '../packages/stats/src/index';
import { registerBenchmark } from './registry';

/**
 * Raters score speakers on every dimension, integers 1–10: θ + rater leniency + noise, rounded and
 * clamped. With coverage 1 every rater scores every speaker (the design); below 1 each
 * rater scores each speaker with that probability, the unbalanced case where CG needs real
 * iterations (a complete design is solved almost at once).
 */
function simulatedEdition(raters: number, speakers: number, dimensions: number, seed: number, coverage = 1) {
  const random = seededRandom(seed);
  const quality = Array.from({ length: speakers }, () => 6.5 + 1.2 * normal(random));
  const dimensionShift = Array.from({ length: dimensions }, () => 0.5 * normal(random));
  const leniency = Array.from({ length: raters }, () => 0.8 * normal(random));
  const n = raters * speakers * dimensions;
  const rater = new Int32Array(n);
  const speaker = new Int32Array(n);
  const dimension = new Int32Array(n);
  const score = new Float64Array(n);
  let i = 0;
  for (let r = 0; r < raters; r++) {
    for (let s = 0; s < speakers; s++) {
      if (coverage < 1 && random.next() >= coverage) continue;
      for (let d = 0; d < dimensions; d++) {
        rater[i] = r;
        speaker[i] = s;
        dimension[i] = d;
        score[i] = Math.min(10, Math.max(1, Math.round(quality[s]! + dimensionShift[d]! + leniency[r]! + normal(random))));
        i += 1;
      }
    }
  }
  return {
    raterCount: raters,
    speakerCount: speakers,
    dimensionCount: dimensions,
    rater: rater.subarray(0, i),
    speaker: speaker.subarray(0, i),
    dimension: dimension.subarray(0, i),
    score: score.subarray(0, i),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

registerBenchmark({
  name: 'stats-rater-model',
  description: 'rater-effects fit, 3,000 raters × 50 speakers × 5 dimensions = 750,000 ballots (target ≤ 200 ms)',
  async run() {
    const edition = simulatedEdition(3000, 50, 5, 20240601);
    let fit = fitRaterModel(edition); // warm-up: lets V8 optimise the hot loops
    const runsMs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      fit = fitRaterModel(edition);
      runsMs.push(performance.now() - t0);
    }
    // The same size unbalanced: 3,750 raters each scoring a random 80 % of the speakers.
    const unbalanced = simulatedEdition(3750, 50, 5, 20240602, 0.8);
    let unbalancedFit = fitRaterModel(unbalanced);
    const unbalancedRunsMs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      unbalancedFit = fitRaterModel(unbalanced);
      unbalancedRunsMs.push(performance.now() - t0);
    }
    return {
      observations: edition.score.length,
      ms: round1(median(runsMs)),
      runsMs: runsMs.map(round1),
      iterations: fit.iterations,
      converged: fit.converged,
      relativeResidual: fit.relativeResidual,
      unbalancedObservations: unbalanced.score.length,
      unbalancedMs: round1(median(unbalancedRunsMs)),
      unbalancedIterations: unbalancedFit.iterations,
      unbalancedConverged: unbalancedFit.converged,
      targetMs: 200,
    };
  },
});

registerBenchmark({
  name: 'stats-bootstrap',
  description: 'cluster bootstrap, 1,000 replicates of 600 raters × 5 speakers × 5 dimensions, trimmed-mean scorer (target ≤ 3 s)',
  async run() {
    const raters = 600;
    const speakers = 5;
    const dimensions = 5;
    const edition = simulatedEdition(raters, speakers, dimensions, 20240602);
    const byRater = Array.from({ length: raters }, () => ({ speaker: new Int32Array(speakers * dimensions), value: new Float64Array(speakers * dimensions) }));
    for (let i = 0; i < edition.score.length; i++) {
      const own = byRater[edition.rater[i]!]!;
      const j = edition.speaker[i]! * dimensions + edition.dimension[i]!;
      own.speaker[j] = edition.speaker[i]!;
      own.value[j] = edition.score[i]!;
    }
    const trim = { fraction: 0.1, atLeast: 1 };
    const replicates = 1000;
    const time = (scorerByRater: typeof byRater) => {
      const t0 = performance.now();
      const result = clusterBootstrap(raters, speakers, trimmedMeanScorer(speakers, scorerByRater, trim), { replicates, seed: 1 });
      return { ms: performance.now() - t0, result };
    };
    const counting = time(byRater);
    // The same ballots nudged off the grid (by < 10⁻⁶): arbitrary real scores, about 3,000 distinct values per speaker.
    const jitter = seededRandom(3);
    const offGrid = byRater.map((own) => ({ speaker: own.speaker, value: own.value.map((v) => v + jitter.next() * 1e-6) }));
    const realValued = time(offGrid);
    return {
      replicates,
      raters,
      ms: round1(counting.ms),
      realValuedMs: round1(realValued.ms),
      widestCi95: Math.round(Math.max(...counting.result.ci95.map(([lo, hi]) => hi - lo)) * 1000) / 1000,
      targetMs: 3000,
    };
  },
});
