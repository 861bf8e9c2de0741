import type Database from 'better-sqlite3';
import { canonicalJson } from '../../features/feature-schema.js';
import type { Interval } from '../../market/interval.js';
import { epochMs } from '../../market/units.js';
import { decodeFloat64, encodeFloat64 } from '../../storage/float64-blob.js';
import { describeKey, InvalidRowError } from '../../storage/invalid-row-error.js';
import type { Db } from '../../storage/open-database.js';
import { BatchSeriesIds, SeriesIds } from '../../storage/series-ids.js';
import { isRowValueError } from '../../storage/sqlite-errors.js';
import type { ExitReason } from '../labels/barrier-outcome.js';
import type { BreakoutDirection } from '../labels/breakout-event.js';
import { labelSpecHash, type LabelSpec } from '../labels/label-spec.js';
import type { TrainingSample } from './training-sample.js';

interface StoredSample {
  readonly time: number;
  readonly schema_hash: string;
  readonly dims: number;
  readonly vector: Uint8Array;
  readonly direction: BreakoutDirection;
  readonly label: 0 | 1;
  readonly exit_reason: ExitReason;
  readonly entry_price: number;
  readonly atr: number;
  readonly level: number;
  readonly beyond_atr: number;
  readonly target_price: number;
  readonly stop_price: number;
  readonly exit_price: number;
  readonly exit_time: number;
  readonly bars_to_exit: number;
  readonly move_atr: number;
  readonly move_pct: number;
  readonly mfe_atr: number;
  readonly mae_atr: number;
}

const COLUMNS =
  'series_id, label_spec_hash, time, schema_hash, dims, vector, direction, label, exit_reason, entry_price, atr, level, beyond_atr, ' +
  'target_price, stop_price, exit_price, exit_time, bars_to_exit, move_atr, move_pct, mfe_atr, mae_atr';
const VALUE_COLUMNS = COLUMNS.split(', ').slice(3);

/**
 * The store's SQL in one place.
 * @internal
 */
export const SAMPLE_SQL = {
  // As for bars: an identical sample is not rewritten (0 changes), a changed one replaces the stored one.
  upsert: `INSERT INTO training_samples (${COLUMNS}) VALUES (${COLUMNS.split(', ').map(() => '?').join(', ')})
    ON CONFLICT (series_id, label_spec_hash, time) DO UPDATE SET ${VALUE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE (${VALUE_COLUMNS.join(', ')}) IS NOT (${VALUE_COLUMNS.map((c) => `excluded.${c}`).join(', ')})`,
  spec: 'INSERT INTO label_specs (hash, spec) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING',
  specByHash: 'SELECT spec FROM label_specs WHERE hash = ?',
  range: `SELECT ${COLUMNS.split(', ').slice(2).join(', ')} FROM training_samples
    WHERE series_id = ? AND label_spec_hash = ? AND time BETWEEN ? AND ? ORDER BY time`,
} as const;

type SampleParams = [number, string, number, string, number, Buffer, string, number, string, ...number[]];

/** What to read back: one series' samples under one label spec, optionally within inclusive time bounds. */
export interface SampleQuery {
  readonly symbol: string;
  readonly interval: Interval;
  readonly labelSpecHash: string;
  readonly from?: number;
  readonly to?: number;
}

/** Labelled breakout samples in SQLite (migration 0006), keyed by (symbol, interval, label spec hash, time). */
export class SampleStore {
  readonly #series: SeriesIds;
  readonly #upsert: Database.Statement<SampleParams>;
  readonly #spec: Database.Statement<[string, string]>;
  readonly #specByHash: Database.Statement<[string], string>;
  readonly #range: Database.Statement<[number, string, number, number], StoredSample>;
  readonly #upsertAll: Database.Transaction<(spec: LabelSpec, samples: readonly TrainingSample[]) => number>;

  constructor(db: Db) {
    this.#series = new SeriesIds(db);
    this.#upsert = db.prepare<SampleParams>(SAMPLE_SQL.upsert);
    this.#spec = db.prepare<[string, string]>(SAMPLE_SQL.spec);
    this.#specByHash = db.prepare<[string], string>(SAMPLE_SQL.specByHash).pluck();
    this.#range = db.prepare<[number, string, number, number], StoredSample>(SAMPLE_SQL.range);
    this.#upsertAll = db.transaction((spec: LabelSpec, samples: readonly TrainingSample[]) => this.#write(spec, samples));
  }

  /**
   * Records `spec` and upserts `samples` (all made under it) in ONE transaction: all or nothing.
   * @returns rows new or changed; re-storing identical samples counts 0.
   * @throws InvalidRowError naming the first sample the database refused, or one made under another spec.
   */
  upsert(spec: LabelSpec, samples: readonly TrainingSample[]): number {
    // IMMEDIATE: see BarStore.upsert.
    return this.#upsertAll.immediate(spec, samples);
  }

  /** The spec stored under `hash`, as JSON text, or undefined. */
  specJson(hash: string): string | undefined {
    return this.#specByHash.get(hash);
  }

  /**
   * Samples oldest first.
   * @throws InvalidRowError naming the row whose stored vector is damaged.
   */
  query(q: SampleQuery): TrainingSample[] {
    const id = this.#series.find(q.symbol, q.interval);
    if (id === undefined) return [];
    return this.#range.all(id, q.labelSpecHash, q.from ?? Number.MIN_SAFE_INTEGER, q.to ?? Number.MAX_SAFE_INTEGER).map((r) => {
      const features = decodeFloat64(r.vector, r.dims);
      if (features === undefined) {
        throw new InvalidRowError('training_samples', -1, describeKey(q.symbol, q.interval, r.time, `label spec ${JSON.stringify(q.labelSpecHash)}`),
          `stored vector is ${r.vector.byteLength} bytes, expected ${r.dims} float64s: the file is damaged`);
      }
      return {
        symbol: q.symbol, interval: q.interval, time: epochMs(r.time), schemaHash: r.schema_hash, labelSpecHash: q.labelSpecHash, features,
        direction: r.direction, entryPrice: r.entry_price, atr: r.atr, level: r.level, beyondAtr: r.beyond_atr,
        outcome: {
          label: r.label, exitReason: r.exit_reason, targetPrice: r.target_price, stopPrice: r.stop_price, exitPrice: r.exit_price,
          exitTime: epochMs(r.exit_time), barsToExit: r.bars_to_exit, moveAtr: r.move_atr, movePct: r.move_pct,
          maxFavourableAtr: r.mfe_atr, maxAdverseAtr: r.mae_atr,
        },
      };
    });
  }

  #write(spec: LabelSpec, samples: readonly TrainingSample[]): number {
    const hash = labelSpecHash(spec);
    this.#spec.run(hash, canonicalJson(spec));
    const ids = new BatchSeriesIds(this.#series);
    let written = 0;
    let i = -1;
    for (const s of samples) {
      i++;
      const key = describeKey(s.symbol, s.interval, s.time, `label spec ${JSON.stringify(s.labelSpecHash)}`);
      if (s.labelSpecHash !== hash) throw new InvalidRowError('training_samples', i, key, `sample was labelled under another spec than ${hash}`);
      const o = s.outcome;
      try {
        written += this.#upsert.run(
          ids.idFor(s.symbol, s.interval), hash, s.time, s.schemaHash, s.features.length, encodeFloat64(s.features), s.direction, o.label, o.exitReason,
          s.entryPrice, s.atr, s.level, s.beyondAtr, o.targetPrice, o.stopPrice, o.exitPrice, o.exitTime, o.barsToExit, o.moveAtr, o.movePct,
          o.maxFavourableAtr, o.maxAdverseAtr,
        ).changes;
      } catch (error) {
        if (!isRowValueError(error)) throw error;
        throw new InvalidRowError('training_samples', i, key, error.message);
      }
    }
    return written;
  }
}
