import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';
import { fitRaterModel, type RaterModelInput } from './rater-model';

type Obs = Array<[rater: number, speaker: number, dimension: number, score: number]>;

function input(raterCount: number, speakerCount: number, dimensionCount: number, obs: Obs, extra: Partial<RaterModelInput> = {}): RaterModelInput {
  return {
    raterCount,
    speakerCount,
    dimensionCount,
    rater: Int32Array.from(obs, (o) => o[0]),
    speaker: Int32Array.from(obs, (o) => o[1]),
    dimension: Int32Array.from(obs, (o) => o[2]),
    score: Float64Array.from(obs, (o) => o[3]),
    ...extra,
  };
}

/**
 * The same least-squares problem solved directly, independently of the CG code: the KKT system
 * [XᵀX + λP, Cᵀ; C, 0] [x; μ] = [Xᵀy; 0] with one constraint Σβ = 0 per connected component
 * (found here by flood fill), by Gaussian elimination with partial pivoting.
 */
function denseSolve(R: number, S: number, D: number, obs: Obs, ridge: number): { theta: number[]; beta: number[] } {
  const cells = S * D;
  const observedCell = new Set(obs.map((o) => o[1] * D + o[2]));
  const observedRater = new Set(obs.map((o) => o[0]));
  const columns: Array<{ kind: 'cell' | 'rater'; id: number }> = [];
  for (let c = 0; c < cells; c++) if (observedCell.has(c)) columns.push({ kind: 'cell', id: c });
  for (let r = 0; r < R; r++) if (observedRater.has(r)) columns.push({ kind: 'rater', id: r });
  const col = (kind: 'cell' | 'rater', id: number) => columns.findIndex((c) => c.kind === kind && c.id === id);
  // Components by flood fill over raters through shared cells.
  const component = new Map<number, number>();
  let componentCount = 0;
  for (const start of observedRater) {
    if (component.has(start)) continue;
    const stack = [start];
    component.set(start, componentCount);
    while (stack.length) {
      const r = stack.pop()!;
      for (const [r1, s1, d1] of obs) {
        if (r1 !== r) continue;
        for (const [r2, s2, d2] of obs) {
          if (s2 * D + d2 === s1 * D + d1 && !component.has(r2)) {
            component.set(r2, componentCount);
            stack.push(r2);
          }
        }
      }
    }
    componentCount += 1;
  }
  const p = columns.length;
  const m = p + componentCount;
  const a = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  for (const [r, s, d, y] of obs) {
    const idx = [col('cell', s * D + d), col('rater', r)];
    for (const i of idx) {
      for (const j of idx) a[i]![j]! += 1;
      a[i]![m]! += y;
    }
  }
  for (const [r, g] of component) {
    const j = col('rater', r);
    a[j]![j]! += ridge;
    a[p + g]![j] = 1;
    a[j]![p + g] = 1;
  }
  for (let k = 0; k < m; k++) {
    let pivot = k;
    for (let i = k + 1; i < m; i++) if (Math.abs(a[i]![k]!) > Math.abs(a[pivot]![k]!)) pivot = i;
    [a[k], a[pivot]] = [a[pivot]!, a[k]!];
    for (let i = 0; i < m; i++) {
      if (i === k) continue;
      const f = a[i]![k]! / a[k]![k]!;
      for (let j = k; j <= m; j++) a[i]![j]! -= f * a[k]![j]!;
    }
  }
  const x = a.map((row, i) => row[m]! / row[i]!);
  const theta = Array.from({ length: cells }, (_, c) => (observedCell.has(c) ? x[col('cell', c)]! : Number.NaN));
  const beta = Array.from({ length: R }, (_, r) => (observedRater.has(r) ? x[col('rater', r)]! : Number.NaN));
  return { theta, beta };
}

function normal(random: ReturnType<typeof seededRandom>): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

describe('fitRaterModel', () => {
  it('separates cell means from rater leniency on a hand-checkable 2 × 2 design', () => {
    // Cell means 7 and 5; rater means 6.5 and 5.5 around a grand mean of 6 → β = ±0.5.
    const fit = fitRaterModel(
      input(2, 2, 1, [
        [0, 0, 0, 8],
        [0, 1, 0, 5],
        [1, 0, 0, 6],
        [1, 1, 0, 5],
      ]),
    );
    expect(fit.converged).toBe(true);
    expect(fit.theta[0]).toBeCloseTo(7, 10);
    expect(fit.theta[1]).toBeCloseTo(5, 10);
    expect(fit.severity[0]).toBeCloseTo(0.5, 10);
    expect(fit.severity[1]).toBeCloseTo(-0.5, 10);
    expect([...fit.residuals].map((e) => Number(e.toFixed(10)))).toEqual([0.5, -0.5, -0.5, 0.5]);
    // RSS 1 over n − rank = 4 − (2 + 2 − 1) = 1 degree of freedom.
    expect(fit.residualSd).toBeCloseTo(1, 10);
    expect(fit.relativeResidual).toBeLessThanOrEqual(1e-10);
  });

  it('credits a speaker who drew a severe rater: a chain 0–(rater 0)–1–(rater 1)–2', () => {
    // Speaker 1 got 6 from rater 0 and 4 from rater 1, so rater 0 is 2 points more lenient;
    // speaker 2's raw 5 from the severe rater is worth 6, above speaker 1's 5.
    const fit = fitRaterModel(
      input(2, 3, 1, [
        [0, 0, 0, 8],
        [0, 1, 0, 6],
        [1, 1, 0, 4],
        [1, 2, 0, 5],
      ]),
    );
    expect([...fit.theta].map((t) => Number(t.toFixed(9)))).toEqual([7, 5, 6]);
    expect([...fit.severity].map((b) => Number(b.toFixed(9)))).toEqual([1, -1]);
    expect(Number.isNaN(fit.residualSd)).toBe(true); // an exact fit leaves no degree of freedom
    expect(fit.components).toEqual([[0, 1, 2]]);
  });

  it('equals a dense direct least-squares solve on random incomplete designs, with and without ridge', () => {
    const random = seededRandom(2024);
    for (let trial = 0; trial < 12; trial++) {
      const R = 3 + random.int(6);
      const S = 2 + random.int(4);
      const D = 1 + random.int(3);
      const obs: Obs = [];
      for (let r = 0; r < R; r++) {
        for (let s = 0; s < S; s++) {
          if (random.next() < 0.45) continue;
          for (let d = 0; d < D; d++) obs.push([r, s, d, 1 + random.int(10)]);
        }
      }
      // A few lone observations and a repeated ballot, so designs are unbalanced.
      for (let extra = 0; extra < 3; extra++) obs.push([random.int(R), random.int(S), random.int(D), 1 + random.int(10)]);
      const ridge = trial % 2 === 0 ? 0 : 0.75;
      const fit = fitRaterModel(input(R, S, D, obs, { ridge }));
      const direct = denseSolve(R, S, D, obs, ridge);
      expect(fit.converged).toBe(true);
      for (let c = 0; c < S * D; c++) {
        if (Number.isNaN(direct.theta[c]!)) expect(Number.isNaN(fit.theta[c]!)).toBe(true);
        else expect(fit.theta[c]).toBeCloseTo(direct.theta[c]!, 7);
      }
      for (let r = 0; r < R; r++) {
        if (Number.isNaN(direct.beta[r]!)) expect(Number.isNaN(fit.severity[r]!)).toBe(true);
        else expect(fit.severity[r]).toBeCloseTo(direct.beta[r]!, 7);
      }
      obs.forEach(([r, s, d, y], i) => {
        expect(fit.residuals[i]).toBeCloseTo(y - fit.theta[s * D + d]! - fit.severity[r]!, 12);
      });
    }
  });

  it('recovers known θ and β from simulated ballots with noise', () => {
    const random = seededRandom(7);
    const R = 300;
    const S = 8;
    const D = 3;
    const trueTheta = Array.from({ length: S * D }, () => 5 + 2 * random.next());
    const trueBeta = Array.from({ length: R }, () => 0.8 * normal(random));
    const meanBeta = trueBeta.reduce((a, b) => a + b, 0) / R;
    const obs: Obs = [];
    for (let r = 0; r < R; r++) {
      for (let s = 0; s < S; s++) {
        if (random.next() < 0.3) continue; // each rater misses about 30 % of the speakers
        for (let d = 0; d < D; d++) obs.push([r, s, d, trueTheta[s * D + d]! + trueBeta[r]! + 0.3 * normal(random)]);
      }
    }
    const fit = fitRaterModel(input(R, S, D, obs));
    expect(fit.converged).toBe(true);
    // Standard errors: θ about 0.3/√210 ≈ 0.02, β about 0.3/√17 ≈ 0.07 (+ the centring).
    for (let c = 0; c < S * D; c++) expect(Math.abs(fit.theta[c]! - (trueTheta[c]! + meanBeta))).toBeLessThan(0.1);
    let worst = 0;
    for (let r = 0; r < R; r++) worst = Math.max(worst, Math.abs(fit.severity[r]! - (trueBeta[r]! - meanBeta)));
    expect(worst).toBeLessThan(0.35);
    expect(fit.residualSd).toBeGreaterThan(0.27);
    expect(fit.residualSd).toBeLessThan(0.33);
  });

  it('shrinks β by m/(m + λ) under ridge λ in a complete design, leaving θ alone', () => {
    const random = seededRandom(11);
    const R = 5;
    const S = 4;
    const D = 2;
    const obs: Obs = [];
    for (let r = 0; r < R; r++) for (let s = 0; s < S; s++) for (let d = 0; d < D; d++) obs.push([r, s, d, 1 + random.int(10)]);
    const plain = fitRaterModel(input(R, S, D, obs));
    const ridge = 4;
    const shrunk = fitRaterModel(input(R, S, D, obs, { ridge }));
    const m = S * D; // ballots per rater
    for (let r = 0; r < R; r++) expect(shrunk.severity[r]).toBeCloseTo((plain.severity[r]! * m) / (m + ridge), 10);
    for (let c = 0; c < S * D; c++) expect(shrunk.theta[c]).toBeCloseTo(plain.theta[c]!, 10);
    expect(Math.abs(shrunk.severity[0]!)).toBeLessThan(Math.abs(plain.severity[0]!));
  });

  it('gives two components for two rater groups that share no speaker, β centred in each', () => {
    const obs: Obs = [
      [0, 0, 0, 9],
      [0, 1, 0, 7],
      [1, 0, 0, 6],
      [1, 1, 0, 5],
      [2, 2, 0, 3],
      [2, 3, 0, 4],
      [3, 2, 0, 5],
      [3, 3, 0, 8],
      [3, 4, 0, 6],
    ];
    const fit = fitRaterModel(input(5, 5, 1, obs));
    expect(fit.components).toEqual([
      [2, 3, 4],
      [0, 1],
    ]);
    expect(fit.severity[0]! + fit.severity[1]!).toBeCloseTo(0, 12);
    expect(fit.severity[2]! + fit.severity[3]!).toBeCloseTo(0, 12);
    // Group one: rater means 8 and 5.5 → β = ±1.25.
    expect(fit.severity[0]).toBeCloseTo(1.25, 10);
    expect(Number.isNaN(fit.severity[4]!)).toBe(true); // rater 4 cast no ballot
  });

  it('says it has not converged when stopped after one iteration on an unbalanced design', () => {
    const random = seededRandom(5);
    const obs: Obs = [];
    for (let r = 0; r < 20; r++) for (let s = 0; s < 6; s++) if (random.next() < 0.5) obs.push([r, s, 0, 1 + random.int(10)]);
    const stopped = fitRaterModel(input(20, 6, 1, obs, { maxIterations: 1 }));
    expect(stopped.iterations).toBe(1);
    expect(stopped.converged).toBe(false);
    expect(stopped.relativeResidual).toBeGreaterThan(1e-10);
    const full = fitRaterModel(input(20, 6, 1, obs));
    expect(full.converged).toBe(true);
    expect(full.relativeResidual).toBeLessThanOrEqual(1e-10);
  });

  it('marks a cell nobody scored as NaN and refuses malformed input', () => {
    const fit = fitRaterModel(
      input(2, 2, 2, [
        [0, 0, 0, 8],
        [1, 0, 0, 6],
        [0, 1, 0, 7],
        [1, 1, 0, 7],
      ]),
    );
    expect(Number.isNaN(fit.theta[1]!)).toBe(true);
    expect(Number.isNaN(fit.theta[3]!)).toBe(true);
    expect(fit.theta[0]).toBeCloseTo(7, 10);
    expect(() => fitRaterModel(input(1, 1, 1, [[1, 0, 0, 5]]))).toThrow(RangeError);
    expect(() => fitRaterModel(input(1, 1, 1, [[0, 0, 0, Number.NaN]]))).toThrow(RangeError);
    expect(() => fitRaterModel(input(1, 1, 1, [[0, 0, 0, 5]], { ridge: -1 }))).toThrow(RangeError);
  });
});
