import { DEFAULT_RUBRIC } from '@lecture-hall/shared/domain/programme';
import { describe, expect, it } from 'vitest';
import { cloneRubric, isWeightSumOne, newDimension, rubricProblems, weightSum } from './rubric';

describe('rubric weights', () => {
  it('sums the default rubric to exactly 1 despite float noise', () => {
    expect(weightSum(DEFAULT_RUBRIC)).toBe(1);
    expect(isWeightSumOne(DEFAULT_RUBRIC)).toBe(true);
    expect(rubricProblems(DEFAULT_RUBRIC)).toEqual([]);
  });

  it('flags a sum off by a little', () => {
    const r = cloneRubric(DEFAULT_RUBRIC);
    r.dimensions[0]!.weight = 0.26;
    expect(weightSum(r)).toBe(1.01);
    expect(rubricProblems(r)).toEqual(['weightSum']);
  });

  it('adds 0.1 + 0.2 + 0.7 to 1', () => {
    const dims = [0.1, 0.2, 0.7].map((w, i) => ({ key: `k${i}`, labelZh: '维度', labelEn: 'Dim', description: '', weight: w }));
    expect(isWeightSumOne({ dimensions: dims })).toBe(true);
  });

  it('reports bad keys, duplicates, empty labels and a scale the step does not divide', () => {
    const r = cloneRubric(DEFAULT_RUBRIC);
    r.dimensions[1]!.key = 'depth';
    r.dimensions[2]!.key = 'Bad Key';
    r.dimensions[3]!.labelEn = ' ';
    r.scale = { min: 1, max: 10, step: 2 };
    expect(rubricProblems(r).sort()).toEqual(['badKey', 'badScale', 'duplicateKey', 'emptyLabel']);
  });

  it('never edits the rubric it copied', () => {
    const copy = cloneRubric(DEFAULT_RUBRIC);
    copy.dimensions[0]!.weight = 0.9;
    expect(DEFAULT_RUBRIC.dimensions[0]!.weight).toBe(0.25);
  });

  it('names a new dimension with an unused key', () => {
    expect(newDimension([{ key: 'dim_2', labelZh: 'a', labelEn: 'a', description: '', weight: 1 }]).key).toBe('dim_3');
  });
});
