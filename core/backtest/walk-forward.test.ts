import { describe, expect, it } from 'vitest';
import { inMemoryBars } from './in-memory-bars.js';
import { planFolds, runWalkForward } from './walk-forward.js';

describe('walk-forward folds', () => {
  it('roll by the test span over whole years, the last one cut at the data end', () => {
    expect(planFolds(2000, 2006, 3, 2)).toEqual([
      { trainFrom: 2000, testFrom: 2003, testTo: 2004 },
      { trainFrom: 2002, testFrom: 2005, testTo: 2006 },
    ]);
    expect(planFolds(2000, 2005, 3, 2)).toEqual([
      { trainFrom: 2000, testFrom: 2003, testTo: 2004 },
      { trainFrom: 2002, testFrom: 2005, testTo: 2005 },
    ]);
    expect(planFolds(2000, 2010, 5, 1, 2)).toEqual([
      { trainFrom: 2004, testFrom: 2009, testTo: 2009 },
      { trainFrom: 2005, testFrom: 2010, testTo: 2010 },
    ]);
    expect(planFolds(2000, 2002, 3, 1)).toEqual([]);
  });

  it('refuses data it cannot train on, with the reason', async () => {
    const base = { symbols: ['AAA'], interval: '1d', bars: inMemoryBars([]), trainBars: 756, testBars: 252 } as const;
    expect(await runWalkForward(base)).toEqual({ ok: false, error: 'no 1d bars for AAA' });
  });
});
