/** The values a rubric scale allows, min to max by step (rounded to kill float drift: 0.1 steps stay 0.1 steps). */
export function scaleValues(scale: { min: number; max: number; step: number }): number[] {
  const { min, max, step } = scale;
  if (!(step > 0) || !(max >= min)) return [];
  const n = Math.floor((max - min) / step + 1e-9);
  const out: number[] = [];
  for (let i = 0; i <= n && i <= 1000; i++) out.push(Math.round((min + i * step) * 1e6) / 1e6);
  return out;
}
