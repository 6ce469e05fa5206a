import { DEFAULT_RUBRIC, type Rubric } from '@lecture-hall/shared';
import { describe, expect, it } from 'vitest';
import { scoreProblems } from '../modules/ballots/ballot.rules';
import { ballotDelayMs, ballotScores, onScale, PARTICIPATION, persona, SPREAD_MS, seededRng, speakerQuality } from './audience.rules';

describe('the simulated audience', () => {
  it('always scores on the rubric scale, every dimension, as the server checks it', () => {
    const half: Rubric = { ...DEFAULT_RUBRIC, scale: { min: 0, max: 5, step: 0.5 } };
    for (const rubric of [DEFAULT_RUBRIC, half]) {
      const rng = seededRng(7);
      for (let i = 0; i < 2000; i++) {
        // Extreme qualities and personas included: generous listeners of the best speaker must still stay on the scale.
        const p = { ...persona(rng), bias: (rng() - 0.5) * 20 };
        const scores = ballotScores(rng, rubric, rng(), p);
        expect(scoreProblems(rubric, scores)).toEqual([]);
      }
    }
  });

  it('snaps onto the scale', () => {
    expect(onScale(7.4, DEFAULT_RUBRIC.scale)).toBe(7);
    expect(onScale(12, DEFAULT_RUBRIC.scale)).toBe(10);
    expect(onScale(-3, DEFAULT_RUBRIC.scale)).toBe(1);
    expect(onScale(3.3, { min: 0, max: 5, step: 0.5 })).toBe(3.5);
    expect(onScale(0.30000000000000004, { min: 0, max: 1, step: 0.1 })).toBe(0.3);
  });

  it('has about nine in ten take part, the same crowd for the same seed', () => {
    const crowd = (seed: number) => {
      const rng = seededRng(seed);
      return Array.from({ length: 10_000 }, () => persona(rng));
    };
    const share = crowd(42).filter((p) => p.participates).length / 10_000;
    expect(Math.abs(share - PARTICIPATION)).toBeLessThan(0.01);
    expect(crowd(42).map((p) => p.participates)).toEqual(crowd(42).map((p) => p.participates));
    // All three categories come; 党校学员 have a class.
    const people = crowd(3);
    for (const c of ['party_school', 'organ', 'other'] as const) expect(people.some((p) => p.category === c)).toBe(true);
    expect(people.filter((p) => p.category === 'party_school').every((p) => p.className !== '')).toBe(true);
  });

  it('spreads the ballots over the window’s first 40 s, most of them early', () => {
    const rng = seededRng(11);
    const delays = Array.from({ length: 5000 }, () => ballotDelayMs(rng));
    expect(delays.every((d) => d >= 0 && d <= SPREAD_MS)).toBe(true);
    expect(delays.filter((d) => d < SPREAD_MS / 2).length / delays.length).toBeGreaterThan(0.7);
  });

  it('scores a better speaker higher on average, with a spread between listeners', () => {
    const rng = seededRng(5);
    const people = Array.from({ length: 400 }, () => persona(rng));
    const mean = (q: number) => {
      const all = people.flatMap((p) => Object.values(ballotScores(rng, DEFAULT_RUBRIC, q, p)));
      return all.reduce((a, b) => a + b, 0) / all.length;
    };
    expect(mean(0.85)).toBeGreaterThan(mean(0.6) + 1.5);
    const q = speakerQuality(rng);
    expect(q).toBeGreaterThanOrEqual(0.55);
    expect(q).toBeLessThanOrEqual(0.9);
    const depths = new Set(people.map((p) => ballotScores(rng, DEFAULT_RUBRIC, 0.7, p).depth));
    expect(depths.size).toBeGreaterThanOrEqual(4);
  });
});
