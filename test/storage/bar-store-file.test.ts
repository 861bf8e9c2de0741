import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BarStore } from '../../core/storage/bar-store.js';
import { InvalidRowError } from '../../core/storage/invalid-row-error.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeBar, makeBars } from '../../core/storage/testing/bar-fixtures.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';

// Real files in a temp dir, each step through a fresh connection, as the app and the CLI would see them.
describe('bar storage on a real database file', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    tmp = makeTempDir('desk-storage-it-');
    file = tmp.file('data/desk.db');
  });
  afterEach(() => tmp.remove());

  function withStore<T>(body: (store: BarStore) => T): T {
    const db = openDatabase(file);
    try {
      return body(new BarStore(db));
    } finally {
      db.close();
    }
  }

  const minuteBars = [...makeBars(2_000, 'AAPL', '1m', 60_000), ...makeBars(500, 'MSFT', '1m', 60_000), ...makeBars(30, 'AAPL', '1d')];

  it('reads back identical bars after closing and reopening the file', () => {
    withStore((store) => store.upsert(minuteBars));
    withStore((store) => {
      expect(store.query({ symbol: 'AAPL', interval: '1m' })).toEqual(minuteBars.slice(0, 2_000));
      expect(store.query({ symbol: 'MSFT', interval: '1m' })).toEqual(minuteBars.slice(2_000, 2_500));
      expect(store.query({ symbol: 'AAPL', interval: '1d' })).toEqual(minuteBars.slice(2_500));
    });
  });

  it('keeps the same row count when the same bars are upserted twice across connections', () => {
    const first = withStore((store) => store.upsert(minuteBars));
    const second = withStore((store) => store.upsert(minuteBars));
    expect(first.written).toBe(minuteBars.length);
    expect(second.written).toBe(0);
    expect(withStore((store) => store.count())).toBe(minuteBars.length);
  });

  it('stores nothing from a batch that holds one bar with a NaN price, even after reopening', () => {
    withStore((store) => store.upsert(makeBars(10)));
    const batch = [...makeBars(1_000, 'TSLA', '1m', 60_000), makeBar({ symbol: 'TSLA', interval: '1m', close: Number.NaN })];
    expect(() => withStore((store) => store.upsert(batch))).toThrow(InvalidRowError);
    withStore((store) => {
      expect(store.count()).toBe(10);
      expect(store.symbols()).toEqual(['AAPL']);
      expect(store.count('TSLA')).toBe(0);
    });
  });

  it('stores nothing from a batch where one bar has its high below its low', () => {
    const batch = [...makeBars(50), makeBar({ symbol: 'AAPL', time: 1, high: 1, low: 2 })];
    expect(() => withStore((store) => store.upsert(batch))).toThrow(/high 1 is below low 2/);
    expect(withStore((store) => store.count())).toBe(0);
  });
});
