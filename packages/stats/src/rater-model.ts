/**
 * Rater effects: some raters score everyone high, some everyone low. The additive model
 *
 *   y = θ(speaker, dimension) + β(rater) + ε
 *
 * separates a speaker's level on a dimension (θ) from the rater's leniency (β) — the two-way
 * fixed-effects model without interaction (Searle, "Linear Models", 1971, ch. 7), the "two-way
 * fixed effects" of Abowd, Kramarz & Margolis (Econometrica 67(2), 1999) with raters for firms,
 * and the leniency facet of Linacre's "Many-Facet Rasch Measurement" (1989) taken on the raw
 * score scale instead of the logit scale. When raters score different
 * subsets of speakers (or when a rater skips some), averaging raw scores rewards a speaker
 * who happened to draw lenient raters; θ does not.
 */
import { bipartiteComponentLabels, speakerComponents } from './connectivity';

export interface RaterModelInput {
  raterCount: number;
  speakerCount: number;
  dimensionCount: number;
  /** One entry per observation, 0-based indices; typed arrays preferred (750,000 observations). */
  rater: ArrayLike<number>;
  speaker: ArrayLike<number>;
  dimension: ArrayLike<number>;
  score: ArrayLike<number>;
  /** λ ≥ 0 added to each β's diagonal: minimises Σε² + λΣβ², pulling severities toward 0. Default 0. */
  ridge?: number;
  /** Stop at ‖r‖ ≤ tolerance·‖b‖ on the normal equations; default 1e-10. */
  tolerance?: number;
  /** Default 1000; a full crossing design converges in a handful. */
  maxIterations?: number;
}

export interface RaterModelFit {
  /** θ at [speaker * dimensionCount + dimension]; NaN where that cell has no observation. */
  theta: Float64Array;
  /** β per rater: how much higher than the consensus this rater scores (positive = lenient, negative = severe); NaN for a rater with no observation. */
  severity: Float64Array;
  /** y − θ − β per observation, in input order. */
  residuals: Float64Array;
  /** √(Σε² / (n − rank)), rank = observed cells + observed raters − components (Searle 1971, ch. 7: rank of a connected two-way design is a + b − 1); NaN with no degree of freedom left. */
  residualSd: number;
  iterations: number;
  converged: boolean;
  /** ‖b − Kx‖ / ‖b‖ of the normal equations Kx = b, recomputed from the final x (not the recursively updated residual). */
  relativeResidual: number;
  /** As speakerComponents: speakers grouped by connected component, largest first. */
  components: number[][];
}

/**
 * Least-squares fit of y = θ(speaker, dimension) + β(rater) + ε with Σβ = 0 inside each connected
 * component and an optional ridge λΣβ².
 *
 * Method. The normal equations K x = b (x = [θ; β], K = AᵀA + λ·diag(0, I), b = Aᵀy, A the 0/1
 * design with two ones per row) are solved by Jacobi-preconditioned conjugate gradient
 * (Hestenes & Stiefel, "Methods of conjugate gradients for solving linear systems", J. Res. NBS
 * 49(6), 1952; Saad, "Iterative Methods for Sparse Linear Systems", 2nd ed., 2003, §9.2,
 * Algorithm 9.1), matrix-free: K·p is one pass over the observations (Kp = diag(K)·p plus, per
 * observation, p[rater] into the cell's row and p[cell] into the rater's row), so an iteration
 * costs O(observations) and nothing of size cells × raters is ever built.
 *
 * Without ridge K is singular: adding c to every θ of a component and subtracting c from its β
 * leaves every fit unchanged. b = Aᵀy lies in the range of K, so the system is consistent and
 * CG started from zero converges to one of its solutions (Kaasschieter, "Preconditioned
 * conjugate gradients for solving singular systems", J. Comput. Appl. Math. 24, 1988); β is then
 * recentred to mean 0 per component and θ shifted back by the same amount, which changes no
 * fitted value. With λ > 0 the penalty already puts the per-component mean of β at 0 (any other
 * centring costs λ·Σ(β−c)² more), so the recentring moves nothing beyond rounding.
 *
 * Components are those of the rater–cell graph, which is what the model can identify; they are
 * the rater–speaker components (`components`) whenever a rater who scores a speaker scores all
 * of that speaker's dimensions, as a ballot does.
 *
 * Stopping: ‖b − Kx‖ ≤ tolerance·‖b‖. When the recursively updated residual meets it, the true
 * residual is recomputed; if rounding has let the two drift apart, CG restarts from the true
 * residual (residual replacement) rather than report a convergence it has not reached.
 */
export function fitRaterModel(input: RaterModelInput): RaterModelFit {
  const { raterCount, speakerCount, dimensionCount } = input;
  for (const [name, v] of [
    ['raterCount', raterCount],
    ['speakerCount', speakerCount],
    ['dimensionCount', dimensionCount],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${v}`);
  }
  const n = input.score.length;
  if (input.rater.length !== n || input.speaker.length !== n || input.dimension.length !== n) {
    throw new RangeError('rater, speaker, dimension and score must have one entry per observation');
  }
  const ridge = input.ridge ?? 0;
  if (!(ridge >= 0) || !Number.isFinite(ridge)) throw new RangeError(`ridge must be a finite number ≥ 0, got ${ridge}`);
  const tolerance = input.tolerance ?? 1e-10;
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0, got ${tolerance}`);
  const maxIterations = input.maxIterations ?? 1000;

  const cellCount = speakerCount * dimensionCount;
  const unknowns = cellCount + raterCount;
  const { cellOf, raterOf, y, diag, b } = readObservations(input, cellCount);
  // An unknown without observations has an all-zero row and column: its inverse diagonal is 0,
  // so CG never moves it from 0, and it is reported as NaN.
  const invDiag = new Float64Array(unknowns);
  for (let j = 0; j < unknowns; j++) {
    if (diag[j]! > 0) {
      if (j >= cellCount) diag[j]! += ridge;
      invDiag[j] = 1 / diag[j]!;
    }
  }
  const normal: NormalEquations = { diag, invDiag, b, cellOf, raterOf, cellCount };
  const { x, iterations, converged, relativeResidual } = solvePcg(normal, tolerance, maxIterations);

  // Recentre β to mean 0 within each rater–cell component; shift θ of the component back.
  const { leftLabel: raterLabel, rightLabel: cellLabel, count } = bipartiteComponentLabels(raterCount, cellCount, raterOf, cellOf);
  const betaSum = new Float64Array(count);
  const betaCount = new Float64Array(count);
  for (let k = 0; k < raterCount; k++) {
    if (diag[cellCount + k]! === 0) continue;
    betaSum[raterLabel[k]!]! += x[cellCount + k]!;
    betaCount[raterLabel[k]!]! += 1;
  }
  const theta = new Float64Array(cellCount);
  const severity = new Float64Array(raterCount);
  let observedCells = 0;
  let observedRaters = 0;
  let observedComponents = 0;
  for (let g = 0; g < count; g++) if (betaCount[g]! > 0) observedComponents += 1;
  for (let c = 0; c < cellCount; c++) {
    if (diag[c] === 0) {
      theta[c] = Number.NaN;
      continue;
    }
    observedCells += 1;
    const g = cellLabel[c]!;
    theta[c] = x[c]! + betaSum[g]! / betaCount[g]!;
  }
  for (let k = 0; k < raterCount; k++) {
    if (diag[cellCount + k] === 0) {
      severity[k] = Number.NaN;
      continue;
    }
    observedRaters += 1;
    const g = raterLabel[k]!;
    severity[k] = x[cellCount + k]! - betaSum[g]! / betaCount[g]!;
  }

  const { residuals, rss } = residualsOf(y, cellOf, raterOf, theta, severity);
  // Speakers are linked exactly when their cells share a rater–cell component, so the
  // rater–speaker components come from one edge per observed cell, not another pass over ballots.
  const edgeComponent: number[] = [];
  const edgeSpeaker: number[] = [];
  for (let c = 0; c < cellCount; c++) {
    if (diag[c] === 0) continue;
    edgeComponent.push(cellLabel[c]!);
    edgeSpeaker.push(Math.floor(c / dimensionCount));
  }
  const components = speakerComponents(count, speakerCount, edgeComponent, edgeSpeaker);
  const df = n - (observedCells + observedRaters - observedComponents);
  return {
    theta,
    severity,
    residuals,
    residualSd: df > 0 ? Math.sqrt(rss / df) : Number.NaN,
    iterations,
    converged,
    relativeResidual,
    components,
  };
}

/** Observations copied into typed arrays (cell = speaker · D + dimension), with the diagonal of K and b = Aᵀy. */
function readObservations(input: RaterModelInput, cellCount: number) {
  const { raterCount, speakerCount, dimensionCount } = input;
  const n = input.score.length;
  // Typed inputs are read in place (they are checked below and not kept after the fit): at
  // 750,000 ballots each copy is megabytes to allocate and fill per fit. Writing an element of
  // such an alias below stores the value it already holds, so the input is unchanged.
  const cellOf = new Int32Array(n);
  const raterOf = input.rater instanceof Int32Array ? input.rater : new Int32Array(n);
  const y = input.score instanceof Float64Array ? input.score : new Float64Array(n);
  const diag = new Float64Array(cellCount + raterCount);
  const b = new Float64Array(cellCount + raterCount);
  const raterIn = input.rater;
  const speakerIn = input.speaker;
  const dimensionIn = input.dimension;
  const scoreIn = input.score;
  for (let i = 0; i < n; i++) {
    const r = raterIn[i]!;
    const s = speakerIn[i]!;
    const d = dimensionIn[i]!;
    const v = scoreIn[i]!;
    // (x >>> 0) === x: a whole number in [0, 2³²); v − v === 0: finite. One branch per ballot.
    if (!(r >>> 0 === r && r < raterCount && s >>> 0 === s && s < speakerCount && d >>> 0 === d && d < dimensionCount && v - v === 0)) {
      throw new RangeError(
        `observation ${i} (rater ${r}, speaker ${s}, dimension ${d}, score ${v}) has an index out of range or a score that is not a finite number`,
      );
    }
    const c = s * dimensionCount + d;
    cellOf[i] = c;
    raterOf[i] = r;
    y[i] = v;
    diag[c]! += 1;
    diag[cellCount + r]! += 1;
    b[c]! += v;
    b[cellCount + r]! += v;
  }
  return { cellOf, raterOf, y, diag, b };
}

/** ε = y − θ − β per observation, and Σε². A function of its own so that V8 optimises the loop whole. */
function residualsOf(y: Float64Array, cellOf: Int32Array, raterOf: Int32Array, theta: Float64Array, severity: Float64Array) {
  const residuals = new Float64Array(y.length);
  let rss = 0;
  for (let i = 0; i < y.length; i++) {
    const e = y[i]! - theta[cellOf[i]!]! - severity[raterOf[i]!]!;
    residuals[i] = e;
    rss += e * e;
  }
  return { residuals, rss };
}

interface NormalEquations {
  diag: Float64Array;
  invDiag: Float64Array;
  b: Float64Array;
  cellOf: Int32Array;
  raterOf: Int32Array;
  cellCount: number;
}

/** out = K·p in one pass over the observations: diag(K)·p, then per observation p[rater] into the cell's row and p[cell] into the rater's row. */
function multiply(k: NormalEquations, p: Float64Array, out: Float64Array): void {
  const { diag, cellOf, raterOf, cellCount } = k;
  for (let j = 0; j < diag.length; j++) out[j] = diag[j]! * p[j]!;
  const n = cellOf.length;
  for (let i = 0; i < n; i++) {
    const c = cellOf[i]!;
    const r = cellCount + raterOf[i]!;
    out[c]! += p[r]!;
    out[r]! += p[c]!;
  }
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < u.length; j++) s += u[j]! * v[j]!;
  return s;
}

/** Jacobi-preconditioned CG from x = 0 (Saad 2003, Algorithm 9.1), with residual replacement at the end. */
function solvePcg(k: NormalEquations, tolerance: number, maxIterations: number) {
  const { invDiag, b } = k;
  const unknowns = b.length;
  const x = new Float64Array(unknowns);
  const r = Float64Array.from(b);
  const z = new Float64Array(unknowns);
  const p = new Float64Array(unknowns);
  const q = new Float64Array(unknowns);
  const bNorm = Math.sqrt(dot(b, b));
  const target = tolerance * bNorm;
  const restart = (): number => {
    for (let j = 0; j < unknowns; j++) p[j] = z[j] = invDiag[j]! * r[j]!;
    return dot(r, z);
  };
  const trueResidualNorm = (): number => {
    multiply(k, x, q);
    for (let j = 0; j < unknowns; j++) r[j] = b[j]! - q[j]!;
    return Math.sqrt(dot(r, r));
  };

  let iterations = 0;
  let converged = bNorm === 0;
  let finalResidualNorm = 0;
  let rz = restart();
  while (!converged && iterations < maxIterations) {
    multiply(k, p, q);
    const pq = dot(p, q);
    if (!(pq > 0)) break; // p in the null space: nothing left to gain along it
    const alpha = rz / pq;
    for (let j = 0; j < unknowns; j++) {
      x[j]! += alpha * p[j]!;
      r[j]! -= alpha * q[j]!;
    }
    iterations += 1;
    if (Math.sqrt(dot(r, r)) <= target) {
      finalResidualNorm = trueResidualNorm();
      if (finalResidualNorm <= target) {
        converged = true;
        break;
      }
      rz = restart();
      continue;
    }
    for (let j = 0; j < unknowns; j++) z[j] = invDiag[j]! * r[j]!;
    const rzNext = dot(r, z);
    const beta = rzNext / rz;
    rz = rzNext;
    for (let j = 0; j < unknowns; j++) p[j] = z[j]! + beta * p[j]!;
  }
  if (!converged) finalResidualNorm = trueResidualNorm();
  return { x, iterations, converged, relativeResidual: bNorm === 0 ? 0 : finalResidualNorm / bNorm };
}
