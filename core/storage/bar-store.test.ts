import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BarColumns } from '../market/bar-columns.js';
import { epochMs, price } from '../market/units.js';
import { BAR_SQL, BarStore } from './bar-store.js';
import { InvalidRowError } from './invalid-row-error.js';
import { openDatabase, type Db } from './open-database.js';
import { DAY0, makeBar, makeBars } from './testing/bar-fixtures.js';
import { makeTempDir } from './testing/temp-dir.js';

const DAY = 86_400_000;

describe('BarStore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let store: BarStore;
  beforeEach(() => {
    tmp = makeTempDir();
    db = openDatabase(tmp.file('desk.db'));
    store = new BarStore(db);
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  describe('bulk', () => {
    const chunkOf = (bars: ReturnType<typeof makeBars>): BarColumns => BarColumns.from(bars, bars.map((_, i) => i + 2));

    it('writes chunks of several series in one transaction and counts only new or changed rows', () => {
      const aapl = makeBars(6);
      const msft = makeBars(4, 'MSFT');
      const counts = store.bulk((writer) => [
        writer.write('AAPL', '1d', chunkOf(aapl.slice(0, 3))),
        writer.write('AAPL', '1d', chunkOf(aapl.slice(3))),
        writer.write('MSFT', '1d', chunkOf(msft)),
      ]);
      expect(counts).toEqual([3, 3, 4]);
      expect(store.query({ symbol: 'AAPL', interval: '1d' })).toEqual(aapl);
      expect(store.query({ symbol: 'MSFT', interval: '1d' })).toEqual(msft);
      expect(store.bulk((writer) => writer.write('AAPL', '1d', chunkOf(aapl)))).toBe(0);
      const corrected = [makeBar({ time: epochMs(DAY0 + DAY), close: price(100.5) })];
      expect(store.bulk((writer) => writer.write('AAPL', '1d', chunkOf(corrected)))).toBe(1);
    });

    it('stores nothing, not even the new series, when the body throws after writing chunks', () => {
      store.upsert(makeBars(2, 'KEEP'));
      expect(() =>
        store.bulk((writer) => {
          writer.write('TSLA', '1d', chunkOf(makeBars(50, 'TSLA')));
          throw new Error('crashed mid-file');
        }),
      ).toThrow('crashed mid-file');
      expect(store.count('TSLA')).toBe(0);
      expect(store.symbols()).toEqual(['KEEP']);
      expect(db.prepare('SELECT count(*) FROM series WHERE symbol = ?').pluck().get('TSLA')).toBe(0);
    });

    it('names the source line of a row the database refuses and stores none of the chunks', () => {
      const bad = [...makeBars(3), makeBar({ time: epochMs(DAY0 + 9 * DAY), close: Number.NaN })];
      let thrown: unknown;
      try {
        store.bulk((writer) => {
          writer.write('AAPL', '1d', chunkOf(makeBars(3, 'AAPL', '1d', DAY, DAY0 - 10 * DAY)));
          writer.write('AAPL', '1d', chunkOf(bad));
        });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidRowError);
      expect(thrown).toMatchObject({ index: 3, reason: 'line 5: close=NaN: prices and volume must be finite and non-negative, time a whole number of ms' });
      expect(store.count()).toBe(0);
    });
  });

  describe('upsert', () => {
    it('stores new bars and counts them as written', () => {
      expect(store.upsert(makeBars(5))).toEqual({ written: 5 });
      expect(store.count()).toBe(5);
    });

    it('writes nothing when the same bars are stored again', () => {
      store.upsert(makeBars(5));
      expect(store.upsert(makeBars(5))).toEqual({ written: 0 });
      expect(store.count()).toBe(5);
    });

    it('replaces a stored bar with a corrected one of the same key', () => {
      store.upsert(makeBars(3));
      const corrected = makeBar({ time: epochMs(DAY0 + DAY), close: price(123.45), high: price(124) });
      expect(store.upsert([corrected])).toEqual({ written: 1 });
      expect(store.count()).toBe(3);
      expect(store.query({ symbol: 'AAPL', interval: '1d' })[1]).toEqual(corrected);
    });

    it('keeps symbols and intervals apart', () => {
      store.upsert([...makeBars(3, 'AAPL', '1d'), ...makeBars(2, 'MSFT', '1d'), ...makeBars(4, 'AAPL', '1h', 3_600_000)]);
      expect(store.count('AAPL')).toBe(7);
      expect(store.count('AAPL', '1d')).toBe(3);
      expect(store.count(undefined, '1d')).toBe(5);
      expect(store.count('MSFT', '1h')).toBe(0);
      expect(store.count('NOPE')).toBe(0);
    });

    it('accepts an empty batch', () => {
      expect(store.upsert([])).toEqual({ written: 0 });
    });

    it.each([
      ['a NaN high', { high: Number.NaN }, /high=NaN/],
      ['an infinite close', { close: Number.POSITIVE_INFINITY }, /close=Infinity/],
      ['a negative volume', { volume: -1 }, /volume=-1/],
      ['a fractional time', { time: DAY0 + 0.5 }, /time=1704153600000.5/],
      ['high below low', { high: 98, low: 99 }, /high 98 is below low 99/],
      ['a missing price', { open: undefined }, /open=undefined/],
      ['a price SQLite cannot bind', { open: {} }, /open=\[object Object\]/],
    ])('rejects a batch holding a bar with %s, storing nothing from it and naming the row', (_label, bad, reason) => {
      store.upsert(makeBars(2));
      const batch = [...makeBars(4, 'MSFT'), makeBar({ symbol: 'MSFT', time: DAY0 + 10 * DAY, ...bad })];
      let error: unknown;
      try {
        store.upsert(batch);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidRowError);
      expect(error).toMatchObject({ table: 'bars', index: 4 });
      expect((error as Error).message).toMatch(/^bars row 5 \(MSFT 1d /);
      expect((error as Error).message).toMatch(reason);
      expect(store.count()).toBe(2);
      expect(store.symbols()).toEqual(['AAPL']);
    });

    it('names a row refused for a reason other than its prices, quoting the database', () => {
      expect(() => store.upsert([makeBar({ symbol: '' })])).toThrow(/bars row 1 \( 1d .*\) rejected: CHECK constraint failed: length\(symbol\) > 0/);
      expect(store.count()).toBe(0);
    });

    it('passes on failures that are not about the row', () => {
      db.exec("CREATE TRIGGER io BEFORE INSERT ON bars BEGIN SELECT RAISE(FAIL, 'disk says no'); END");
      let error: unknown;
      try {
        store.upsert([makeBar()]);
      } catch (caught) {
        error = caught;
      }
      expect(error).not.toBeInstanceOf(InvalidRowError);
      expect(error).toBeInstanceOf(Error);
    });
  });

  describe('query', () => {
    beforeEach(() => {
      store.upsert([...makeBars(10), ...makeBars(3, 'MSFT')]);
    });

    it('returns all bars of one series oldest first', () => {
      const bars = store.query({ symbol: 'AAPL', interval: '1d' });
      expect(bars).toEqual(makeBars(10));
    });

    it('bounds by inclusive from and to', () => {
      const bars = store.query({ symbol: 'AAPL', interval: '1d', from: epochMs(DAY0 + 2 * DAY), to: epochMs(DAY0 + 4 * DAY) });
      expect(bars.map((b) => b.time)).toEqual([DAY0 + 2 * DAY, DAY0 + 3 * DAY, DAY0 + 4 * DAY]);
    });

    it('returns the most recent N bars, still oldest first, for a limit', () => {
      const bars = store.query({ symbol: 'AAPL', interval: '1d', limit: 3 });
      expect(bars).toEqual(makeBars(10).slice(7));
    });

    it('applies a limit within the time bounds', () => {
      const bars = store.query({ symbol: 'AAPL', interval: '1d', to: epochMs(DAY0 + 4 * DAY), limit: 2 });
      expect(bars.map((b) => b.time)).toEqual([DAY0 + 3 * DAY, DAY0 + 4 * DAY]);
    });

    it('returns nothing for a limit of 0, an unknown symbol or an empty range', () => {
      expect(store.query({ symbol: 'AAPL', interval: '1d', limit: 0 })).toEqual([]);
      expect(store.query({ symbol: 'NOPE', interval: '1d' })).toEqual([]);
      expect(store.query({ symbol: 'AAPL', interval: '1h' })).toEqual([]);
      expect(store.query({ symbol: 'AAPL', interval: '1d', from: epochMs(DAY0 + 100 * DAY) })).toEqual([]);
    });

    it('rejects a negative or fractional limit', () => {
      expect(() => store.query({ symbol: 'AAPL', interval: '1d', limit: -1 })).toThrow(/non-negative integer, got -1/);
      expect(() => store.query({ symbol: 'AAPL', interval: '1d', limit: 1.5 })).toThrow(RangeError);
    });
  });

  describe('symbols, lastTime, summary', () => {
    it('lists symbols that have bars, sorted, optionally per interval', () => {
      store.upsert([...makeBars(1, 'MSFT', '1d'), ...makeBars(1, 'AAPL', '1h'), ...makeBars(1, 'AAPL', '1d')]);
      expect(store.symbols()).toEqual(['AAPL', 'MSFT']);
      expect(store.symbols('1h')).toEqual(['AAPL']);
      expect(store.symbols('5m')).toEqual([]);
    });

    it('gives the newest bar time, or undefined when there is none', () => {
      store.upsert(makeBars(4));
      expect(store.lastTime('AAPL', '1d')).toBe(DAY0 + 3 * DAY);
      expect(store.lastTime('AAPL', '1h')).toBeUndefined();
      db.prepare("INSERT INTO series (symbol, interval) VALUES ('EMPTY', '1d')").run();
      expect(store.lastTime('EMPTY', '1d')).toBeUndefined();
      expect(store.symbols()).toEqual(['AAPL']);
    });

    it('summarises count and span per series', () => {
      store.upsert([...makeBars(4), ...makeBars(2, 'MSFT')]);
      expect(store.summary()).toEqual([
        { symbol: 'AAPL', interval: '1d', count: 4, first: DAY0, last: DAY0 + 3 * DAY },
        { symbol: 'MSFT', interval: '1d', count: 2, first: DAY0, last: DAY0 + DAY },
      ]);
    });
  });

  describe('query plans', () => {
    function plan(sql: string): string {
      return db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 1))
        .map((row) => row.detail)
        .join('\n');
    }

    it('reads a time range through the bars key, with no table scan or sort', () => {
      for (const sql of [BAR_SQL.rangeAsc, BAR_SQL.latestDesc]) {
        const detail = plan(sql);
        expect(detail).toMatch(/SEARCH bars USING PRIMARY KEY \(series_id=\? AND time>\? AND time<\?\)/);
        expect(detail).not.toMatch(/SCAN bars|TEMP B-TREE/);
      }
    });

    it('finds the last time and per-series counts through the key', () => {
      expect(plan(BAR_SQL.lastTime)).toMatch(/SEARCH bars USING PRIMARY KEY \(series_id=\?\)/);
      expect(plan(BAR_SQL.countWhere)).toMatch(/SEARCH bars USING PRIMARY KEY \(series_id=\?\)/);
      expect(plan(BAR_SQL.symbols)).not.toMatch(/SCAN bars/);
    });
  });
});
