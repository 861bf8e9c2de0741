import type Database from 'better-sqlite3';
import type { Interval } from '../market/interval.js';
import { epochMs, type EpochMs } from '../market/units.js';
import type { UpsertCounts } from './bar-store.js';
import { decodeFloat64, encodeFloat64 } from './float64-blob.js';
import { describeKey, InvalidRowError } from './invalid-row-error.js';
import type { Db } from './open-database.js';
import { BatchSeriesIds, SeriesIds } from './series-ids.js';
import { isRowValueError } from './sqlite-errors.js';

/** One feature vector for one bar, under the feature schema identified by `schemaHash`. */
export interface FeatureRow {
  readonly symbol: string;
  readonly interval: Interval;
  readonly time: EpochMs;
  readonly schemaHash: string;
  readonly values: Float64Array;
}

/** What to read back: one symbol's vectors under one schema, optionally within inclusive time bounds. */
export interface FeatureQuery {
  readonly symbol: string;
  readonly interval: Interval;
  readonly schemaHash: string;
  readonly from?: EpochMs;
  readonly to?: EpochMs;
}

interface StoredFeature {
  readonly time: number;
  readonly dims: number;
  readonly vector: Uint8Array;
}

/**
 * The store's SQL, kept in one place so the query-plan test checks exactly what the store runs.
 * @internal
 */
export const FEATURE_SQL = {
  // As for bars: identical vectors are not rewritten, a changed one replaces the stored one.
  upsert: `
    INSERT INTO features (series_id, schema_hash, time, dims, vector) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (series_id, schema_hash, time) DO UPDATE SET dims = excluded.dims, vector = excluded.vector
    WHERE (dims, vector) IS NOT (excluded.dims, excluded.vector)`,
  range: `SELECT time, dims, vector FROM features
    WHERE series_id = ? AND schema_hash = ? AND time BETWEEN ? AND ? ORDER BY time`,
} as const;

type FeatureParams = [number, string, number, number, Buffer];

/** Feature vectors for training-data collection, keyed by (symbol, interval, time, schema hash). */
export class FeatureStore {
  readonly #series: SeriesIds;
  readonly #upsert: Database.Statement<FeatureParams>;
  readonly #upsertAll: Database.Transaction<(rows: readonly FeatureRow[]) => number>;
  readonly #range: Database.Statement<[number, string, number, number], StoredFeature>;

  constructor(db: Db) {
    this.#series = new SeriesIds(db);
    this.#upsert = db.prepare<FeatureParams>(FEATURE_SQL.upsert);
    this.#upsertAll = db.transaction((rows: readonly FeatureRow[]) => this.#writeBatch(rows));
    this.#range = db.prepare<[number, string, number, number], StoredFeature>(FEATURE_SQL.range);
  }

  /**
   * Idempotent upsert, all rows in one transaction (all or nothing).
   * @throws InvalidRowError naming the first row the database refused; nothing from the batch is stored.
   */
  upsert(rows: readonly FeatureRow[]): UpsertCounts {
    // IMMEDIATE: see BarStore.upsert.
    return { written: this.#upsertAll.immediate(rows) };
  }

  /**
   * Vectors oldest first.
   * @throws InvalidRowError naming the row whose stored blob does not hold the recorded number of floats.
   */
  query(q: FeatureQuery): FeatureRow[] {
    const id = this.#series.find(q.symbol, q.interval);
    if (id === undefined) return [];
    const rows = this.#range.all(id, q.schemaHash, q.from ?? Number.MIN_SAFE_INTEGER, q.to ?? Number.MAX_SAFE_INTEGER);
    return rows.map((row) => {
      const values = decodeFloat64(row.vector, row.dims);
      if (values === undefined) {
        throw new InvalidRowError(
          'features',
          -1,
          describeKey(q.symbol, q.interval, row.time, `schema ${JSON.stringify(q.schemaHash)}`),
          `stored vector is ${row.vector.byteLength} bytes, expected ${row.dims} float64s (${row.dims * 8} bytes): the file is damaged`,
        );
      }
      return { symbol: q.symbol, interval: q.interval, time: epochMs(row.time), schemaHash: q.schemaHash, values };
    });
  }

  #writeBatch(rows: readonly FeatureRow[]): number {
    const ids = new BatchSeriesIds(this.#series);
    let written = 0;
    let i = -1;
    for (const row of rows) {
      i++;
      try {
        const id = ids.idFor(row.symbol, row.interval);
        const result = this.#upsert.run(id, row.schemaHash, row.time, row.values.length, encodeFloat64(row.values));
        written += result.changes;
      } catch (error) {
        if (!isRowValueError(error)) throw error;
        throw new InvalidRowError('features', i, describeKey(row.symbol, row.interval, row.time, `schema ${JSON.stringify(row.schemaHash)}`), error.message);
      }
    }
    return written;
  }
}
