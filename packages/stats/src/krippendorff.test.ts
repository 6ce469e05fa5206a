import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from './krippendorff';

const _ = null;

// Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011: observers A–D × units 1–12,
// missing values blank; printed α nominal .743, ordinal .815, interval .849, ratio .797.
const krippendorff2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

// Wikipedia, "Krippendorff's alpha", § A computational example: 3 coders × 15 units; printed
// α nominal 0.691, interval 0.811.
const wikipedia = [
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
];

describe('krippendorffAlpha', () => {
  it('reproduces Krippendorff (2011) at all four levels: .743, .815, .849, .797', () => {
    expect(krippendorffAlpha(krippendorff2011, 'nominal')).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(krippendorff2011, 'ordinal')).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(krippendorff2011, 'interval')).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(krippendorff2011, 'ratio')).toBeCloseTo(0.797, 3);
  });

  it('reproduces the Wikipedia computational example: nominal 0.691, interval 0.811', () => {
    expect(krippendorffAlpha(wikipedia, 'nominal')).toBeCloseTo(0.691, 3);
    expect(krippendorffAlpha(wikipedia, 'interval')).toBeCloseTo(0.811, 3);
  });

  it('drops units with fewer than 2 values: adding a unit coded by one observer changes nothing', () => {
    const withLoneValue = krippendorff2011.map((row, o) => [...row, o === 0 ? 9 : _]);
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      expect(krippendorffAlpha(withLoneValue, level)).toBeCloseTo(krippendorffAlpha(krippendorff2011, level), 14);
    }
  });

  it('does not depend on the order of observers or of units', () => {
    const shuffled = [krippendorff2011[2]!, krippendorff2011[0]!, krippendorff2011[3]!, krippendorff2011[1]!].map((row) => [...row].reverse());
    expect(krippendorffAlpha(shuffled, 'interval')).toBeCloseTo(krippendorffAlpha(krippendorff2011, 'interval'), 14);
  });

  it('gives 1 for perfect agreement at every level, including ratio values of 0', () => {
    const perfect = [
      [0, 1, 2, 4],
      [0, 1, 2, 4],
      [0, 1, _, 4],
    ];
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) expect(krippendorffAlpha(perfect, level)).toBe(1);
  });

  it('returns NaN for constant data, where no disagreement is possible (D_e = 0)', () => {
    expect(
      krippendorffAlpha(
        [
          [3, 3, _],
          [3, 3, 3],
        ],
        'interval',
      ),
    ).toBeNaN();
  });

  it('throws RangeError on impossible input', () => {
    expect(() => krippendorffAlpha([[1, 2, 3]], 'nominal')).toThrow(RangeError);
    expect(() => krippendorffAlpha([[1, 2], [1]], 'nominal')).toThrow(RangeError);
    expect(() =>
      krippendorffAlpha(
        [
          [1, _],
          [_, 2],
        ],
        'nominal',
      ),
    ).toThrow(RangeError);
    expect(() =>
      krippendorffAlpha(
        [
          [1, Number.NaN],
          [1, 2],
        ],
        'nominal',
      ),
    ).toThrow(RangeError);
    expect(() =>
      krippendorffAlpha(
        [
          [-1, 2],
          [1, 2],
        ],
        'ratio',
      ),
    ).toThrow(RangeError);
  });
});
