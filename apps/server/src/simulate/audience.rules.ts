import type { AudienceCategory, Rubric } from '@lecture-hall/shared';

/*
 * How a simulated audience behaves, as pure functions of a seeded random source: who they are,
 * whether and when they score, and what. People in a hall are not a uniform random draw: each
 * speaker has a quality most agree on, each listener is a little harsh or generous (a bias of
 * its own) and scores each dimension with some noise; about one in ten never scores; most
 * score in the first half-minute of the window, some amend.
 */

export type Rng = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed (for tests and reruns). */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export interface Persona {
  category: AudienceCategory;
  /** 党校学员's class. */
  className: string;
  /** Added to every score this person gives, in points of the scale (harsh < 0 < generous). */
  bias: number;
  /** Spread of this person's scores around what it thinks, in points. */
  noise: number;
  /** Whether it scores at all (about 90 %). */
  participates: boolean;
  /** Chance of amending a ballot once after sending it. */
  amendChance: number;
}

export const PARTICIPATION = 0.9;
/** Ballots are spread over the window's first 40 seconds. */
export const SPREAD_MS = 40_000;

const CLASSES = ['2026年春季中青年干部培训班', '2026年春季科级干部进修班', '2026年春季年轻干部培训班'];

/** A person of the audience: 党校学员 40 %, 机关干部 45 %, 其他 15 %. */
export function persona(rng: Rng): Persona {
  const r = rng();
  const category: AudienceCategory = r < 0.4 ? 'party_school' : r < 0.85 ? 'organ' : 'other';
  return {
    category,
    className: category === 'party_school' ? CLASSES[Math.floor(rng() * CLASSES.length)]! : '',
    bias: normal(rng) * 0.8,
    noise: 0.4 + rng() * 0.8,
    participates: rng() < PARTICIPATION,
    amendChance: 0.08,
  };
}

/** Each speaker's quality, as the share of the scale a typical listener would give (0.55–0.9). */
export function speakerQuality(rng: Rng): number {
  return 0.55 + rng() * 0.35;
}

/** Rounds onto the rubric's scale: a multiple of its step from its minimum, within min..max. */
export function onScale(value: number, scale: Rubric['scale']): number {
  const steps = Math.round((value - scale.min) / scale.step);
  const maxSteps = Math.floor((scale.max - scale.min) / scale.step + 1e-9);
  const snapped = scale.min + Math.min(maxSteps, Math.max(0, steps)) * scale.step;
  // Keep the decimals of the step only (0.1 + 0.2 must not leak into a ballot).
  return Number(snapped.toFixed(6));
}

/** What one person gives one speaker on each dimension of the rubric. */
export function ballotScores(rng: Rng, rubric: Rubric, quality: number, p: Persona): Record<string, number> {
  const { min, max } = rubric.scale;
  const centre = min + quality * (max - min) + p.bias;
  return Object.fromEntries(rubric.dimensions.map((d) => [d.key, onScale(centre + normal(rng) * p.noise, rubric.scale)]));
}

/** When, after the window opened, this person sends its ballot: most early, all within SPREAD_MS. */
export function ballotDelayMs(rng: Rng): number {
  // The larger of two uniform draws leans late; the smaller leans early, as people do once told to score.
  return Math.round(Math.min(rng(), rng()) * SPREAD_MS);
}

/** The questions the simulated audience may ask (plain text, as a person types them). */
export const QUESTIONS = [
  '请问这项改革在基层落实中最大的阻力是什么？',
  '数据共享涉及多个部门，如何打破信息壁垒？',
  '您提到的经验能否在其他区县推广？',
  '如何衡量这项工作的实际成效？',
  '在财政紧张的情况下，资金从哪里来？',
  '群众的意见如何更好地纳入决策过程？',
  '这项工作需要哪些部门协同配合？',
  '年轻干部在其中可以发挥什么作用？',
  '下一步的重点工作安排是什么？',
  '遇到政策与实际情况不符时如何处理？',
];
