import { describe, expect, it } from 'vitest';
import { FOLD } from '../models/ensemble-types.js';
import { innerFolds, PURGED } from './inner-folds.js';
import { planEvaluation } from './evaluation-plan.js';
import { yearStart } from '../evaluation/splits.js';

const day = 86_400_000;

describe('inner folds', () => {
  it('cuts the time-ordered training rows 70/10/20 and purges rows whose outcome reaches the next fold', () => {
    // 10 events one day apart; each exits 1.5 days later, so the last row before each cut overlaps it.
    const samples = Array.from({ length: 10 }, (_, i) => ({ symbol: 'A', time: i * day, exitTime: i * day + 1.5 * day }));
    expect([...innerFolds(samples)]).toEqual([
      FOLD.train, FOLD.train, FOLD.train, FOLD.train, FOLD.train, FOLD.train, PURGED, PURGED, FOLD.calibration, FOLD.calibration,
    ]);
  });
});

describe('evaluation plan', () => {
  const samples = ['A', 'B', 'C'].flatMap((symbol) => [2008, 2009, 2010, 2011].map((y) => ({ symbol, time: yearStart(y) + 10 * day, exitTime: yearStart(y) + 20 * day })));
  it('trains without the held-out symbols and tests them apart from the later years of the others', () => {
    const plan = planEvaluation(samples, { trainEndYear: 2009, testEndYear: 2011, heldOutSymbols: ['C'], mode: 'single' }, 1);
    expect(plan.heldOut).toEqual(['C']);
    expect(plan.folds).toHaveLength(1);
    const fold = plan.folds[0];
    expect([...(fold?.train ?? [])].map((i) => samples[i]?.symbol).sort()).toEqual(['A', 'A', 'B', 'B']);
    expect([...(fold?.tests.get('held-out-symbols') ?? [])].map((i) => samples[i]?.symbol)).toEqual(['C', 'C']);
    expect(fold?.tests.get('later-years')).toHaveLength(4);
  });
  it('picks held-out symbols from the seed when given a count', () => {
    const a = planEvaluation(samples, { trainEndYear: 2009, testEndYear: 2011, heldOutSymbols: 1, mode: 'yearly' }, 4);
    expect(a.heldOut).toEqual(planEvaluation(samples, { trainEndYear: 2009, testEndYear: 2011, heldOutSymbols: 1, mode: 'yearly' }, 4).heldOut);
    expect(a.folds.map((f) => f.name)).toEqual(['train < 2010, test 2010', 'train < 2011, test 2011']);
  });
  it('refuses a bad year range, unknown or all symbols held out, and a fold with nothing to train on', () => {
    expect(() => planEvaluation(samples, { trainEndYear: 2011, testEndYear: 2011, heldOutSymbols: 1, mode: 'single' }, 1)).toThrow(/before testEndYear/);
    expect(() => planEvaluation(samples, { trainEndYear: 2009, testEndYear: 2011, heldOutSymbols: ['Z'], mode: 'single' }, 1)).toThrow(/Z/);
    expect(() => planEvaluation(samples, { trainEndYear: 2009, testEndYear: 2011, heldOutSymbols: 3, mode: 'single' }, 1)).toThrow(/nothing to train/);
    expect(() => planEvaluation(samples, { trainEndYear: 2005, testEndYear: 2011, heldOutSymbols: 1, mode: 'single' }, 1)).toThrow(/no training events before 2006/);
  });
});
