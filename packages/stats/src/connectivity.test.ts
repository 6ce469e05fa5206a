import { describe, expect, it } from 'vitest';
import { bipartiteComponentLabels, speakerComponents } from './connectivity';

describe('speakerComponents', () => {
  it('links speakers through shared raters, however long the chain', () => {
    // Rater 0 scores speakers 0 and 1, rater 1 scores 1 and 2: one component {0,1,2}.
    // Rater 2 scores 3 and 4 only: a second one. Speaker 5 was scored by nobody.
    const rater = [0, 0, 1, 1, 2, 2];
    const speaker = [0, 1, 1, 2, 3, 4];
    expect(speakerComponents(3, 6, rater, speaker)).toEqual([[0, 1, 2], [3, 4], [5]]);
  });

  it('orders components largest first, equal sizes by their lowest speaker, speakers ascending inside', () => {
    const rater = Int32Array.from([0, 0, 1, 1, 2, 2, 2]);
    const speaker = Int32Array.from([5, 1, 4, 0, 6, 3, 2]);
    expect(speakerComponents(3, 7, rater, speaker)).toEqual([
      [2, 3, 6],
      [0, 4],
      [1, 5],
    ]);
  });

  it('leaves out a rater with no ballot and refuses an index out of range', () => {
    expect(speakerComponents(4, 2, [0, 0], [0, 1])).toEqual([[0, 1]]);
    expect(() => speakerComponents(2, 2, [0, 2], [0, 1])).toThrow(RangeError);
    expect(() => speakerComponents(2, 2, [0, 1], [0, 1.5])).toThrow(RangeError);
  });

  it('labels rater and speaker nodes by component in order of first appearance', () => {
    const { leftLabel, rightLabel, count } = bipartiteComponentLabels(3, 3, [0, 2], [1, 1]);
    // {rater 0, rater 2, speaker 1} = 0, {rater 1} = 1, {speaker 0} = 2, {speaker 2} = 3.
    expect(count).toBe(4);
    expect([...leftLabel]).toEqual([0, 1, 0]);
    expect([...rightLabel]).toEqual([2, 0, 3]);
  });
});
