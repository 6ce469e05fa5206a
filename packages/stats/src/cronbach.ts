/**
 * Cronbach's coefficient alpha: the internal consistency of a set of items scored on the same cases,
 * here the rubric dimensions of a ballot.
 */

/**
 * α = k/(k − 1) · (1 − Σ s²_j / s²_T), with s²_j the variance of item j and s²_T the variance of the
 * cases' totals (Cronbach, "Coefficient alpha and the internal structure of tests", Psychometrika 16(3),
 * 1951, 297–334, eq. 2). Sample variances (n − 1); the divisor cancels in the ratio. Equal to
 * ICC(3,k) = (BMS − EMS)/BMS of the cases × items table (Hoyt 1941; McGraw & Wong 1996, p. 35).
 *
 * cases[i][j] = case i's score on item j; a complete table with ≥ 2 cases and ≥ 2 items, every score
 * finite, else RangeError. One pass, O(cases · items), with Welford's updates for the variances.
 *
 * When the totals do not vary (s²_T = 0, e.g. every ballot gives the same scores) α is undefined and
 * NaN is returned — not 0 and not 1 — so that a report shows "not computable" rather than a number.
 */
export function cronbachAlpha(cases: readonly (readonly number[])[]): number {
  const n = cases.length;
  if (n < 2) throw new RangeError(`Cronbach's alpha needs at least 2 cases, got ${n}`);
  const k = cases[0]!.length;
  if (k < 2) throw new RangeError(`Cronbach's alpha needs at least 2 items, got ${k}`);
  const itemMeans = new Float64Array(k);
  const itemSq = new Float64Array(k);
  let totalMean = 0;
  let totalSq = 0;
  for (let i = 0; i < n; i++) {
    const row = cases[i]!;
    if (row.length !== k) throw new RangeError(`Cronbach's alpha needs a complete table: case ${i} has ${row.length} items, case 0 has ${k}`);
    let total = 0;
    for (let j = 0; j < k; j++) {
      const x = row[j]!;
      if (!Number.isFinite(x)) throw new RangeError(`Cronbach's alpha needs finite scores: case ${i}, item ${j} is ${x}`);
      total += x;
      const delta = x - itemMeans[j]!;
      itemMeans[j]! += delta / (i + 1);
      itemSq[j]! += delta * (x - itemMeans[j]!);
    }
    const delta = total - totalMean;
    totalMean += delta / (i + 1);
    totalSq += delta * (total - totalMean);
  }
  return cronbachAlphaFromVariances(itemSq, totalSq);
}

/**
 * The same α from the items' variances and the totals' variance (any common divisor): the form a
 * statistics package prints, so that a published table can be checked against it. NaN when the
 * totals do not vary.
 */
export function cronbachAlphaFromVariances(itemVariances: ArrayLike<number>, totalVariance: number): number {
  const k = itemVariances.length;
  if (k < 2) throw new RangeError(`Cronbach's alpha needs at least 2 items, got ${k}`);
  if (totalVariance === 0) return Number.NaN;
  let sum = 0;
  for (let j = 0; j < k; j++) sum += itemVariances[j]!;
  return (k / (k - 1)) * (1 - sum / totalVariance);
}
