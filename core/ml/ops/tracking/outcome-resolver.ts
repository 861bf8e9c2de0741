import { closeOffsetMs, intervalMs, type Interval } from '../../../market/interval.js';
import { epochMs, type EpochMs } from '../../../market/units.js';
import { BarStore } from '../../../storage/bar-store.js';
import type { Db } from '../../../storage/open-database.js';
import { labelOutcome } from '../../labels/barrier-outcome.js';
import { labelSpecHash, type LabelSpec } from '../../labels/label-spec.js';

/** What one resolution pass did. */
export interface ResolveCounts {
  readonly resolved: number;
  /** Events whose horizon has not passed yet (or whose later bars are not stored). */
  readonly pending: number;
}

interface PendingEvent {
  symbol: string;
  interval: Interval;
  bar_time: number;
  direction: 'up' | 'down';
  close: number;
  atr: number;
}

/**
 * Resolves the outcome of every predicted event whose horizon has passed by `now`: the label spec's triple
 * barrier (`labelOutcome`) over the stored bars after the event that had CLOSED by `now`, so a replay never
 * learns an outcome before the market did. One outcome per event, shared by every version that scored it;
 * an event is resolved once, from a full horizon. Statements are prepared once: it runs after every bar.
 */
export class OutcomeResolver {
  readonly #db: Db;
  readonly #spec: LabelSpec;
  readonly #hash: string;
  readonly #bars: BarStore;
  readonly #pending;
  readonly #insert;

  constructor(db: Db, spec: LabelSpec) {
    this.#db = db;
    this.#spec = spec;
    this.#hash = labelSpecHash(spec);
    this.#bars = new BarStore(db);
    this.#pending = db.prepare<[string], PendingEvent>(`SELECT p.symbol, p.interval, p.bar_time, p.direction, p.close, p.atr FROM predictions p
      WHERE p.symbol IS NOT NULL AND p.interval IS NOT NULL AND p.bar_time IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.symbol = p.symbol AND o.interval = p.interval AND o.bar_time = p.bar_time AND o.label_spec_hash = ?)
      GROUP BY p.symbol, p.interval, p.bar_time`);
    this.#insert = db.prepare(`INSERT OR IGNORE INTO outcomes (symbol, interval, bar_time, label_spec_hash, direction, label, exit_reason, exit_price, exit_time, bars_to_exit, move_atr, resolved_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  /** Resolves what can be resolved by `now`. */
  resolve(now: EpochMs): ResolveCounts {
    const pending = this.#pending.all(this.#hash);
    const spec = this.#spec;
    let resolved = 0;
    this.#db.transaction(() => {
      for (const e of pending) {
        const step = intervalMs(e.interval);
        // Only bars closed by now; weekends and holidays fit in three times the horizon.
        const to = Math.min(now - closeOffsetMs(e.interval), e.bar_time + (3 * spec.horizonBars + 10) * step);
        if (to <= e.bar_time + spec.horizonBars * step) continue;
        const after = this.#bars.query({ symbol: e.symbol, interval: e.interval, from: epochMs(e.bar_time + 1), to: epochMs(to) });
        const outcome = labelOutcome({ time: epochMs(e.bar_time), direction: e.direction, close: e.close, atr: e.atr }, after, spec);
        if (outcome === undefined) continue;
        this.#insert.run(e.symbol, e.interval, e.bar_time, this.#hash, e.direction, outcome.label, outcome.exitReason, outcome.exitPrice, outcome.exitTime, outcome.barsToExit, outcome.moveAtr, now);
        resolved++;
      }
    })();
    return { resolved, pending: pending.length - resolved };
  }
}
