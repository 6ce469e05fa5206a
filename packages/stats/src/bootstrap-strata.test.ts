import { describe, expect, it } from 'vitest';
import { clusterBootstrap } from './bootstrap';

describe('clusterBootstrap with strata', () => {
  it("keeps every replicate's composition: as many raters of each stratum as the panel has", () => {
    // 6 audience raters (stratum 0) and 2 experts (stratum 1).
    const strata = [0, 0, 0, 0, 0, 0, 1, 1];
    const compositions = new Set<string>();
    clusterBootstrap(
      8,
      1,
      (sample) => {
        const experts = [...sample].filter((r) => strata[r] === 1).length;
        compositions.add(`${sample.length - experts}/${experts}`);
        return [0];
      },
      { replicates: 200, seed: 3, strata },
    );
    expect([...compositions]).toEqual(['6/2']);
  });

  it('draws the composition freely without strata', () => {
    const compositions = new Set<number>();
    clusterBootstrap(
      8,
      1,
      (sample) => {
        compositions.add([...sample].filter((r) => r >= 6).length);
        return [0];
      },
      { replicates: 200, seed: 3 },
    );
    expect(compositions.size).toBeGreaterThan(2);
  });

  it('refuses strata of the wrong length', () => {
    expect(() => clusterBootstrap(3, 1, () => [0], { strata: [0, 1] })).toThrow(RangeError);
  });
});
