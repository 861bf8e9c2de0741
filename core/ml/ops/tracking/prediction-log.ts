import type { Interval } from '../../../market/interval.js';
import type { EpochMs } from '../../../market/units.js';
import type { Db } from '../../../storage/open-database.js';
import type { BreakoutPrediction } from '../../breakout-prediction.js';
import type { ServingRole } from '../ops-types.js';

/** One served (or shadow) prediction as it is logged. */
export interface PredictionRecord {
  /** The proposal's prediction id for an acting prediction with a known bar; null otherwise. */
  readonly key: string | null;
  readonly at: EpochMs;
  readonly model: string;
  /** Null when the fallback answered. */
  readonly version: string | null;
  readonly role: ServingRole;
  readonly acted: boolean;
  readonly fallbackReason: string | null;
  readonly symbol: string | null;
  readonly interval: Interval | null;
  readonly barTime: EpochMs | null;
  readonly direction: 'up' | 'down';
  readonly close: number;
  readonly atr: number;
  readonly featureDigest: string;
  /** The model input row (NaN stored as null). */
  readonly inputs: ArrayLike<number>;
  /** Null when the model produced no usable probability. */
  readonly probability: number | null;
  readonly output: BreakoutPrediction | Readonly<Record<string, unknown>>;
  readonly latencyMs: number;
  readonly breakerState: 'closed' | 'open' | 'none';
}

/** Appends predictions to the `predictions` table; a repeated key (the same bar replayed) keeps the first. */
export class PredictionLog {
  readonly #insert;

  constructor(db: Db) {
    this.#insert = db.prepare(`INSERT OR IGNORE INTO predictions (prediction_key, at, model, version, role, acted, fallback_reason, symbol, interval, bar_time,
      direction, close, atr, feature_digest, inputs, probability, output, latency_ms, breaker_state)
      VALUES (@key, @at, @model, @version, @role, @acted, @fallbackReason, @symbol, @interval, @barTime, @direction, @close, @atr, @featureDigest,
      @inputs, @probability, @output, @latencyMs, @breakerState)`);
  }

  /** @returns the row id, or undefined when the key was already logged. */
  append(r: PredictionRecord): number | undefined {
    const info = this.#insert.run({
      ...r,
      acted: r.acted ? 1 : 0,
      inputs: JSON.stringify(Array.from(r.inputs, (x) => (Number.isFinite(x) ? x : null))),
      output: JSON.stringify(r.output),
      latencyMs: Math.max(0, r.latencyMs),
    });
    return info.changes === 0 ? undefined : Number(info.lastInsertRowid);
  }
}
