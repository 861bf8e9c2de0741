import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs } from '../market/units.js';
import { FEATURE_SQL, FeatureStore, type FeatureRow } from './feature-store.js';
import { InvalidRowError } from './invalid-row-error.js';
import { openDatabase, type Db } from './open-database.js';
import { DAY0 } from './testing/bar-fixtures.js';
import { makeTempDir } from './testing/temp-dir.js';

const DAY = 86_400_000;

function row(i: number, overrides: Partial<FeatureRow> = {}): FeatureRow {
  return {
    symbol: 'AAPL',
    interval: '1d',
    time: epochMs(DAY0 + i * DAY),
    schemaHash: 'schema-a',
    values: new Float64Array([i, i / 3, -i, Number.NaN]),
    ...overrides,
  };
}

describe('FeatureStore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let store: FeatureStore;
  beforeEach(() => {
    tmp = makeTempDir();
    db = openDatabase(tmp.file('desk.db'));
    store = new FeatureStore(db);
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('stores vectors and reads them back identical, oldest first', () => {
    const rows = [row(2), row(0), row(1)];
    expect(store.upsert(rows)).toEqual({ written: 3 });
    const back = store.query({ symbol: 'AAPL', interval: '1d', schemaHash: 'schema-a' });
    expect(back).toEqual([row(0), row(1), row(2)]);
  });

  it('writes nothing for identical vectors and replaces a changed one', () => {
    store.upsert([row(0), row(1)]);
    expect(store.upsert([row(0), row(1)])).toEqual({ written: 0 });
    const changed = row(1, { values: new Float64Array([9, 9]) });
    expect(store.upsert([changed])).toEqual({ written: 1 });
    expect(store.query({ symbol: 'AAPL', interval: '1d', schemaHash: 'schema-a' })[1]).toEqual(changed);
  });

  it('keeps vectors of different schema hashes and symbols apart', () => {
    store.upsert([row(0), row(0, { schemaHash: 'schema-b', values: new Float64Array([1]) }), row(0, { symbol: 'MSFT' })]);
    expect(store.query({ symbol: 'AAPL', interval: '1d', schemaHash: 'schema-b' }).map((r) => [...r.values])).toEqual([[1]]);
    expect(store.query({ symbol: 'MSFT', interval: '1d', schemaHash: 'schema-a' })).toHaveLength(1);
    expect(store.query({ symbol: 'NOPE', interval: '1d', schemaHash: 'schema-a' })).toEqual([]);
  });

  it('bounds a query by inclusive from and to', () => {
    store.upsert([0, 1, 2, 3, 4].map((i) => row(i)));
    const back = store.query({ symbol: 'AAPL', interval: '1d', schemaHash: 'schema-a', from: epochMs(DAY0 + DAY), to: epochMs(DAY0 + 3 * DAY) });
    expect(back.map((r) => r.time)).toEqual([DAY0 + DAY, DAY0 + 2 * DAY, DAY0 + 3 * DAY]);
  });

  it('rejects a batch with an invalid row, storing nothing from it and naming the row', () => {
    let error: unknown;
    try {
      store.upsert([row(0), row(1, { schemaHash: '' })]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRowError);
    expect(error).toMatchObject({ table: 'features', index: 1 });
    expect((error as Error).message).toMatch(/^features row 2 \(AAPL 1d 2024-01-03T00:00:00.000Z schema ""\) rejected: CHECK constraint failed/);
    expect(db.prepare('SELECT count(*) FROM features').pluck().get()).toBe(0);
  });

  it('passes on failures that are not about the row', () => {
    db.exec("CREATE TRIGGER io BEFORE INSERT ON features BEGIN SELECT RAISE(FAIL, 'disk says no'); END");
    expect(() => store.upsert([row(0)])).toThrow(/disk says no/);
    expect(() => store.upsert([row(0)])).not.toThrow(InvalidRowError);
  });

  it('reports a stored blob that does not match its dimension count as an error naming the row', () => {
    store.upsert([row(0), row(1)]);
    // The CHECK keeps the desk from writing such a row, so damage it the way a foreign tool could.
    db.pragma('ignore_check_constraints = ON');
    db.prepare('UPDATE features SET vector = substr(vector, 1, 12) WHERE time = ?').run(DAY0 + DAY);
    db.pragma('ignore_check_constraints = OFF');
    let error: unknown;
    try {
      store.query({ symbol: 'AAPL', interval: '1d', schemaHash: 'schema-a' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRowError);
    expect((error as Error).message).toBe(
      'features row (AAPL 1d 2024-01-03T00:00:00.000Z schema "schema-a") rejected: stored vector is 12 bytes, expected 4 float64s (32 bytes): the file is damaged',
    );
  });

  it('reads a schema’s time range through the key', () => {
    const detail = db
      .prepare<[number, string, number, number], { detail: string }>(`EXPLAIN QUERY PLAN ${FEATURE_SQL.range}`)
      .all(1, 'h', 0, 1)
      .map((r) => r.detail)
      .join('\n');
    expect(detail).toMatch(/SEARCH features USING PRIMARY KEY \(series_id=\? AND schema_hash=\? AND time>\? AND time<\?\)/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });
});
