import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { epochMs } from '../../market/units.js';
import { BarStore } from '../../storage/bar-store.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { DAY0, makeBar } from '../../storage/testing/bar-fixtures.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { correlationRisk } from './correlation-risk.js';

const DAY = 86_400_000;

/** Daily bars whose closes follow `closes`. */
const series = (symbol: string, closes: readonly number[]): Bar[] =>
  closes.map((close, i) => makeBar({ symbol, time: DAY0 + i * DAY, open: close, high: close, low: close, close }));

describe('correlationRisk over stored daily bars', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let store: BarStore;
  beforeEach(() => {
    tmp = makeTempDir('desk-corr-');
    db = openDatabase(tmp.file('desk.db'));
    store = new BarStore(db);
    // A zig-zag walk; B moves with A, C against it, D is flat.
    const a = Array.from({ length: 41 }, (_, i) => 100 * Math.exp(0.01 * Math.sin(i * 1.7) + 0.002 * i));
    store.upsert(series('A', a));
    store.upsert(series('B', a.map((x) => x * 2)));
    store.upsert(series('C', a.map((x) => 10_000 / x)));
    store.upsert(series('D', a.map(() => 50)));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('is 1 for holdings that move together and -1 for mirror images', () => {
    const asOf = epochMs(DAY0 + 40 * DAY);
    const same = correlationRisk(store, [{ symbol: 'A', weight: 0.5, value: 1 }, { symbol: 'B', weight: 0.5, value: 1 }], { lookbackDays: 30, asOf });
    expect(same.weightedAverage).toBeCloseTo(1, 9);
    expect(same.pairs[0]?.days).toBe(30);
    const mirror = correlationRisk(store, [{ symbol: 'A', weight: 0.5, value: 1 }, { symbol: 'C', weight: 0.5, value: 1 }], { lookbackDays: 30, asOf });
    expect(mirror.weightedAverage).toBeCloseTo(-1, 9);
  });

  it('weights pairs by the product of their weights', () => {
    const asOf = epochMs(DAY0 + 40 * DAY);
    const r = correlationRisk(
      store,
      [{ symbol: 'A', weight: 0.6, value: 1 }, { symbol: 'B', weight: 0.3, value: 1 }, { symbol: 'C', weight: 0.1, value: 1 }],
      { lookbackDays: 30, asOf },
    );
    // pairs: AB +1 (0.18), AC -1 (0.06), BC -1 (0.03)
    expect(r.weightedAverage).toBeCloseTo((0.18 - 0.06 - 0.03) / 0.27, 9);
  });

  it('skips pairs with a flat series or too few common days instead of inventing a figure', () => {
    const asOf = epochMs(DAY0 + 40 * DAY);
    const flat = correlationRisk(store, [{ symbol: 'A', weight: 0.5, value: 1 }, { symbol: 'D', weight: 0.5, value: 1 }], { lookbackDays: 30, asOf });
    expect(flat).toEqual({ pairs: [], skippedPairs: 1 });
    const short = correlationRisk(store, [{ symbol: 'A', weight: 0.5, value: 1 }, { symbol: 'B', weight: 0.5, value: 1 }], { lookbackDays: 10, asOf });
    expect(short.skippedPairs).toBe(1);
    expect(short.weightedAverage).toBeUndefined();
  });
});
