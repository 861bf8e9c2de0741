import { describe, expect, it } from 'vitest';
import { seededUniform as seededRandom } from '../../util/seeded-random.js';
import { heldOutSymbolsFold, pickHeldOutSymbols, timeCutFold, walkForwardByYear, yearStart, type SplitSample } from './splits.js';

const day = 86_400_000;
const at = (y: number, d: number): number => yearStart(y) + d * day;
const s = (symbol: string, time: number, exitDays = 5): SplitSample => ({ symbol, time, exitTime: time + exitDays * day });

const samples: SplitSample[] = [
  s('AAA', at(2008, 10)), // 0
  s('BBB', at(2008, 300)), // 1
  s('AAA', at(2008, 362)), // 2: exits 2009-01-02 → purged from the 2009 fold
  s('BBB', at(2009, 3)), // 3
  s('AAA', at(2009, 200)), // 4
  s('CCC', at(2009, 360)), // 5: exits in 2010 → purged from the 2010 fold
  s('CCC', at(2010, 40)), // 6
  s('AAA', at(2010, 100)), // 7
];

describe('walk-forward splits by year', () => {
  it('trains on earlier years, tests on the next, and purges outcomes that reach into the test year', () => {
    const folds = walkForwardByYear(samples, 2009, 2010);
    expect(folds.map((f) => [f.name, [...f.train], [...f.test], f.purged])).toEqual([
      ['walk-forward 2009', [0, 1], [3, 4, 5], 1],
      ['walk-forward 2010', [0, 1, 2, 3, 4], [6, 7], 1],
    ]);
    expect(folds[0]?.testFrom).toBe(yearStart(2009));
    expect(folds[0]?.testTo).toBe(yearStart(2010));
  });
  it('never trains on an event whose outcome ends at or after the test start', () => {
    for (const fold of walkForwardByYear(samples, 2009, 2010)) {
      for (const i of fold.train) expect((samples[i] as SplitSample).exitTime).toBeLessThan(fold.testFrom);
    }
    const edge = [{ symbol: 'X', time: at(2009, -3), exitTime: yearStart(2009) }];
    expect(timeCutFold(edge, 'edge', yearStart(2009), yearStart(2010)).purged).toBe(1);
  });
  it('refuses a reversed year range', () => {
    expect(() => walkForwardByYear(samples, 2011, 2010)).toThrow(/from <= to/);
  });
});

describe('held-out symbols split', () => {
  it('tests only symbols never trained on, and only after the training period', () => {
    const fold = heldOutSymbolsFold(samples, ['CCC'], 2010, 2010);
    expect([...fold.train]).toEqual([0, 1, 2, 3, 4]);
    expect([...fold.test]).toEqual([6]);
    const trained = new Set([...fold.train].map((i) => samples[i]?.symbol));
    expect(trained.has('CCC')).toBe(false);
  });
  it('refuses a held-out symbol without samples', () => {
    expect(() => heldOutSymbolsFold(samples, ['ZZZ'], 2010, 2010)).toThrow(/ZZZ/);
  });
  it('picks the same symbols for the same seed', () => {
    const all = ['E', 'D', 'C', 'B', 'A', 'A'];
    const a = pickHeldOutSymbols(all, 2, seededRandom(5));
    expect(pickHeldOutSymbols(all, 2, seededRandom(5))).toEqual(a);
    expect(a).toHaveLength(2);
    expect(new Set(a).size).toBe(2);
    expect(pickHeldOutSymbols(all, 9, seededRandom(5))).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});
