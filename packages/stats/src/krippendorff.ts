/**
 * Krippendorff's alpha: agreement among any number of observers, with missing values, at four levels
 * of measurement.
 */

export type KrippendorffLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * α = 1 − D_o/D_e = 1 − (n.. − 1) Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck, from the coincidence
 * matrix o_ck = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1) of the pairable units (Krippendorff, "Computing
 * Krippendorff's Alpha-Reliability", Annenberg School for Communication, University of Pennsylvania,
 * 2011, §C–§F). Difference functions δ²: nominal [c ≠ k]; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)²;
 * interval (c − k)²; ratio ((c − k)/(c + k))², taken as 0 when c = k = 0.
 *
 * data[o][u] = value given by observer o (a rater) to unit u (a speaker), null when missing; every row
 * the same length. Units with fewer than 2 values are not pairable and are dropped (as are their
 * values, also from the marginals n_c). RangeError for fewer than 2 observers, a ragged table, a
 * non-finite value, a negative value at the ratio level, or no pairable unit at all.
 *
 * When the pairable values are all the same there is no variation to disagree on (D_e = 0): α is
 * undefined and NaN is returned, so that a report shows "not computable" rather than a number.
 *
 * The coincidence matrix is built from per-unit value counts, O(units · observers + units · V_u²) with
 * V_u the distinct values within a unit, plus O(V²) for the disagreements, V distinct values overall —
 * never from pairs of observers.
 */
export function krippendorffAlpha(data: readonly (readonly (number | null)[])[], level: KrippendorffLevel): number {
  const observers = data.length;
  if (observers < 2) throw new RangeError(`Krippendorff's alpha needs at least 2 observers, got ${observers}`);
  const units = data[0]!.length;
  for (let o = 0; o < observers; o++) {
    const row = data[o]!;
    if (row.length !== units) throw new RangeError(`every observer needs one entry per unit: observer ${o} has ${row.length}, observer 0 has ${units}`);
    for (let u = 0; u < units; u++) {
      const v = row[u];
      if (v === null || v === undefined) continue;
      if (!Number.isFinite(v)) throw new RangeError(`values must be finite numbers or null: observer ${o}, unit ${u} is ${v}`);
      if (level === 'ratio' && v < 0) throw new RangeError(`ratio-level values must be ≥ 0: observer ${o}, unit ${u} is ${v}`);
    }
  }

  // Pass 1: which units are pairable, and which values occur in them.
  const pairable: number[] = [];
  const valueSet = new Set<number>();
  for (let u = 0; u < units; u++) {
    let m = 0;
    for (let o = 0; o < observers; o++) if (data[o]![u] != null) m++;
    if (m < 2) continue;
    pairable.push(u);
    for (let o = 0; o < observers; o++) {
      const v = data[o]![u];
      if (v != null) valueSet.add(v);
    }
  }
  if (pairable.length === 0) throw new RangeError("Krippendorff's alpha needs at least one unit with values from 2 or more observers");
  const values = [...valueSet].sort((a, b) => a - b);
  const V = values.length;
  const indexOf = new Map<number, number>();
  for (let i = 0; i < V; i++) indexOf.set(values[i]!, i);

  // Pass 2: per-unit value counts into the coincidence matrix.
  const coincidence = new Float64Array(V * V);
  const counts = new Float64Array(V);
  const present: number[] = [];
  for (const u of pairable) {
    present.length = 0;
    let m = 0;
    for (let o = 0; o < observers; o++) {
      const v = data[o]![u];
      if (v == null) continue;
      const c = indexOf.get(v)!;
      if (counts[c] === 0) present.push(c);
      counts[c]! += 1;
      m++;
    }
    const weight = 1 / (m - 1);
    for (const c of present) {
      const nc = counts[c]!;
      for (const kk of present) {
        const nk = counts[kk]!;
        coincidence[c * V + kk]! += nc * (c === kk ? nk - 1 : nk) * weight;
      }
    }
    for (const c of present) counts[c] = 0;
  }

  const marginals = new Float64Array(V);
  let total = 0;
  for (let c = 0; c < V; c++) {
    let s = 0;
    for (let kk = 0; kk < V; kk++) s += coincidence[c * V + kk]!;
    marginals[c] = s;
    total += s;
  }

  const delta = differenceFunction(level, values, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < V; c++) {
    for (let kk = c + 1; kk < V; kk++) {
      const d = delta(c, kk);
      // δ² is symmetric and zero on the diagonal, so each unordered pair counts twice.
      observed += 2 * coincidence[c * V + kk]! * d;
      expected += 2 * marginals[c]! * marginals[kk]! * d;
    }
  }
  if (expected === 0) return Number.NaN;
  return 1 - ((total - 1) * observed) / expected;
}

/** δ²_ck between the c-th and k-th smallest values, c < k (Krippendorff 2011, §E). */
function differenceFunction(level: KrippendorffLevel, values: readonly number[], marginals: Float64Array): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return () => 1;
    case 'ordinal': {
      // prefix[i] = n_0 + … + n_{i−1}, so Σ_{g=c..k} n_g = prefix[k + 1] − prefix[c].
      const prefix = new Float64Array(marginals.length + 1);
      for (let i = 0; i < marginals.length; i++) prefix[i + 1] = prefix[i]! + marginals[i]!;
      return (c, k) => (prefix[k + 1]! - prefix[c]! - (marginals[c]! + marginals[k]!) / 2) ** 2;
    }
    case 'interval':
      return (c, k) => (values[c]! - values[k]!) ** 2;
    case 'ratio':
      return (c, k) => {
        const sum = values[c]! + values[k]!;
        return sum === 0 ? 0 : ((values[c]! - values[k]!) / sum) ** 2;
      };
    default:
      throw new RangeError(`unknown level of measurement: ${String(level)}`);
  }
}
