import type { Rubric, RubricDimension } from '@lecture-hall/shared/domain/programme';

/** The sum of the dimension weights, rounded to hide float noise (0.1 + 0.2). */
export function weightSum(rubric: Pick<Rubric, 'dimensions'>): number {
  return Math.round(rubric.dimensions.reduce((s, d) => s + (Number.isFinite(d.weight) ? d.weight : 0), 0) * 1e6) / 1e6;
}

export const isWeightSumOne = (rubric: Pick<Rubric, 'dimensions'>) => Math.abs(weightSum(rubric) - 1) < 1e-6;

export type RubricProblem = 'weightSum' | 'noDimensions' | 'tooManyDimensions' | 'badKey' | 'duplicateKey' | 'emptyLabel' | 'badWeight' | 'badScale';

const KEY = /^[a-z][a-z0-9_]{0,31}$/;

/** What stops a rubric from being saved, as the shared RubricSchema checks it; empty means fine. */
export function rubricProblems(rubric: Rubric): RubricProblem[] {
  const out = new Set<RubricProblem>();
  const dims = rubric.dimensions;
  if (dims.length === 0) out.add('noDimensions');
  if (dims.length > 10) out.add('tooManyDimensions');
  if (dims.some((d) => !KEY.test(d.key))) out.add('badKey');
  if (new Set(dims.map((d) => d.key)).size !== dims.length) out.add('duplicateKey');
  if (dims.some((d) => !d.labelZh.trim() || !d.labelEn.trim())) out.add('emptyLabel');
  if (dims.some((d) => !(d.weight > 0 && d.weight <= 1))) out.add('badWeight');
  if (dims.length > 0 && !isWeightSumOne(rubric)) out.add('weightSum');
  const { min, max, step } = rubric.scale;
  const steps = (max - min) / step;
  if (!(max > min) || !(step > 0) || !Number.isInteger(Math.round(steps * 1e9) / 1e9)) out.add('badScale');
  return [...out];
}

/** A fresh dimension with a key not yet used (dim_1, dim_2, …). */
export function newDimension(existing: readonly RubricDimension[]): RubricDimension {
  let n = existing.length + 1;
  const keys = new Set(existing.map((d) => d.key));
  while (keys.has(`dim_${n}`)) n += 1;
  return { key: `dim_${n}`, labelZh: '', labelEn: '', description: '', weight: 0.1 };
}

/** A deep copy, so editing a form never changes the hall's default rubric held in the query cache. */
export const cloneRubric = (r: Rubric): Rubric => ({ dimensions: r.dimensions.map((d) => ({ ...d })), scale: { ...r.scale } });
