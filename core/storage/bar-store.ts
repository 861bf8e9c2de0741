import type Database from 'better-sqlite3';
import type { Bar } from '../market/bar.js';
import type { BarColumns } from '../market/bar-columns.js';
import type { Interval } from '../market/interval.js';
import { epochMs, price, quantity, type EpochMs } from '../market/units.js';
import type { HistoryQuery } from '../feeds/feed.js';
import { describeKey, InvalidRowError } from './invalid-row-error.js';
import type { Db } from './open-database.js';
import { BatchSeriesIds, SeriesIds } from './series-ids.js';
import { isRowValueError } from './sqlite-errors.js';

/** What an upsert did. */
export interface UpsertCounts {
  /** Rows inserted, or replaced with different values. Re-storing identical rows counts 0: nothing changed. */
  readonly written: number;
}

/** Bars stored for one (symbol, interval), for summaries such as `desk db info`. */
export interface SeriesSummary {
  readonly symbol: string;
  readonly interval: string;
  readonly count: number;
  readonly first: EpochMs;
  readonly last: EpochMs;
}

interface BarRow {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * The store's SQL, kept in one place so the query-plan test checks exactly what the store runs.
 * @internal
 */
export const BAR_SQL = {
  // The WHERE on DO UPDATE makes a re-import of identical bars a no-op (no page writes, 0 changes),
  // while a corrected bar replaces the stored one.
  upsert: `
    INSERT INTO bars (series_id, time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (series_id, time) DO UPDATE SET
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume
    WHERE (open, high, low, close, volume) IS NOT (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)`,
  rangeAsc: 'SELECT time, open, high, low, close, volume FROM bars WHERE series_id = ? AND time BETWEEN ? AND ? ORDER BY time',
  latestDesc:
    'SELECT time, open, high, low, close, volume FROM bars WHERE series_id = ? AND time BETWEEN ? AND ? ORDER BY time DESC LIMIT ?',
  countAll: 'SELECT count(*) FROM bars',
  countWhere: `SELECT count(*) FROM bars WHERE series_id IN
    (SELECT id FROM series WHERE symbol = coalesce(?, symbol) AND interval = coalesce(?, interval))`,
  symbols: `SELECT DISTINCT symbol FROM series
    WHERE interval = coalesce(?, interval) AND EXISTS (SELECT 1 FROM bars WHERE series_id = series.id)
    ORDER BY symbol`,
  lastTime: 'SELECT max(time) FROM bars WHERE series_id = ?',
  summary: `SELECT s.symbol AS symbol, s.interval AS interval, count(*) AS count, min(b.time) AS first, max(b.time) AS last
    FROM series s JOIN bars b ON b.series_id = s.id GROUP BY s.id ORDER BY s.symbol, s.interval`,
} as const;

type BarParams = [number, number, number, number, number, number, number];

/** Writes chunks of bars inside one {@link BarStore.bulk} transaction. */
export interface BarChunkWriter {
  /**
   * Upserts the rows of `columns` as bars of (symbol, interval), same semantics as {@link BarStore.upsert}.
   * @returns how many rows were new or changed.
   * @throws InvalidRowError naming the row (and its source line) the database refused.
   */
  write(symbol: string, interval: Interval, columns: BarColumns): number;
}

// SQLite has no ±Infinity literal for bind defaults; these bound every possible bar time.
const MIN_TIME = Number.MIN_SAFE_INTEGER;
const MAX_TIME = Number.MAX_SAFE_INTEGER;

/** Bars in SQLite, keyed by (symbol, interval, time). Statements are prepared once per store. */
export class BarStore {
  readonly #series: SeriesIds;
  readonly #upsert: Database.Statement<BarParams>;
  readonly #upsertAll: Database.Transaction<(bars: readonly Bar[]) => number>;
  readonly #db: Db;
  readonly #rangeAsc: Database.Statement<[number, number, number], BarRow>;
  readonly #latestDesc: Database.Statement<[number, number, number, number], BarRow>;
  readonly #countAll: Database.Statement<[], number>;
  readonly #countWhere: Database.Statement<[string | null, string | null], number>;
  readonly #symbols: Database.Statement<[string | null], string>;
  readonly #lastTime: Database.Statement<[number], number | null>;
  readonly #summary: Database.Statement<[], SeriesSummary>;

  constructor(db: Db) {
    this.#series = new SeriesIds(db);
    this.#upsert = db.prepare<BarParams>(BAR_SQL.upsert);
    this.#upsertAll = db.transaction((bars: readonly Bar[]) => this.#writeBatch(bars));
    this.#db = db;
    this.#rangeAsc = db.prepare<[number, number, number], BarRow>(BAR_SQL.rangeAsc);
    this.#latestDesc = db.prepare<[number, number, number, number], BarRow>(BAR_SQL.latestDesc);
    this.#countAll = db.prepare<[], number>(BAR_SQL.countAll).pluck();
    this.#countWhere = db.prepare<[string | null, string | null], number>(BAR_SQL.countWhere).pluck();
    this.#symbols = db.prepare<[string | null], string>(BAR_SQL.symbols).pluck();
    this.#lastTime = db.prepare<[number], number | null>(BAR_SQL.lastTime).pluck();
    this.#summary = db.prepare<[], SeriesSummary>(BAR_SQL.summary);
  }

  /**
   * Idempotent upsert keyed by (symbol, interval, time), all rows in ONE transaction (all or nothing).
   * @throws InvalidRowError naming the first row the database refused; nothing from the batch is stored.
   */
  upsert(bars: readonly Bar[]): UpsertCounts {
    // IMMEDIATE takes the write lock up front, so a concurrent writer makes us wait (busy_timeout) instead of
    // failing mid-batch when a deferred read lock cannot be upgraded.
    return { written: this.#upsertAll.immediate(bars) };
  }

  /**
   * Runs `body` in ONE immediate transaction: everything it writes through the writer is committed
   * together when it returns, and nothing is if it throws (the error is rethrown). For imports that
   * stream a file in chunks yet must store it whole or not at all. Inside another transaction it
   * becomes a savepoint of that one.
   */
  bulk<T>(body: (writer: BarChunkWriter) => T): T {
    const ids = new BatchSeriesIds(this.#series);
    const writer: BarChunkWriter = { write: (symbol, interval, columns) => this.#writeColumns(ids.idFor(symbol, interval), symbol, interval, columns) };
    // A wrapper per call (once per file, not per row) keeps `T` typed. IMMEDIATE as in upsert.
    return this.#db.transaction(() => body(writer)).immediate();
  }

  /** Bars oldest first; same semantics as HistoryQuery in core/feeds/feed.ts (limit = most recent N). */
  query(query: HistoryQuery): Bar[] {
    const { symbol, interval, limit } = query;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new RangeError(`Bar query limit must be a non-negative integer, got ${limit}.`);
    }
    const id = this.#series.find(symbol, interval);
    if (id === undefined || limit === 0) return [];
    const from = query.from ?? MIN_TIME;
    const to = query.to ?? MAX_TIME;
    const rows = limit === undefined ? this.#rangeAsc.all(id, from, to) : this.#latestDesc.all(id, from, to, limit).reverse();
    return rows.map((row) => ({
      symbol,
      interval,
      time: epochMs(row.time),
      open: price(row.open),
      high: price(row.high),
      low: price(row.low),
      close: price(row.close),
      volume: quantity(row.volume),
    }));
  }

  /** Number of stored bars, optionally for one symbol and/or one interval. */
  count(symbol?: string, interval?: Interval): number {
    if (symbol === undefined && interval === undefined) return this.#countAll.get() ?? 0;
    return this.#countWhere.get(symbol ?? null, interval ?? null) ?? 0;
  }

  /** Symbols with at least one stored bar (of `interval`, if given), sorted. */
  symbols(interval?: Interval): string[] {
    return this.#symbols.all(interval ?? null);
  }

  /** Open time of the newest stored bar, or undefined if there is none. */
  lastTime(symbol: string, interval: Interval): EpochMs | undefined {
    const id = this.#series.find(symbol, interval);
    if (id === undefined) return undefined;
    const last = this.#lastTime.get(id);
    return last === null || last === undefined ? undefined : epochMs(last);
  }

  /** Count and time span of every stored (symbol, interval). */
  summary(): SeriesSummary[] {
    return this.#summary.all();
  }

  #writeBatch(bars: readonly Bar[]): number {
    const ids = new BatchSeriesIds(this.#series);
    const statement = this.#upsert;
    let written = 0;
    let i = -1;
    for (const bar of bars) {
      i++;
      try {
        const id = ids.idFor(bar.symbol, bar.interval);
        written += statement.run(id, bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume).changes;
      } catch (error) {
        if (!isRowValueError(error)) throw error;
        throw new InvalidRowError('bars', i, describeKey(bar.symbol, bar.interval, bar.time), explainBarError(error, bar));
      }
    }
    return written;
  }

  #writeColumns(id: number, symbol: string, interval: Interval, columns: BarColumns): number {
    const statement = this.#upsert;
    const { time, open, high, low, close, volume } = columns;
    const n = columns.length;
    let written = 0;
    let i = 0;
    // One try around the loop rather than per row: the loop stays tight, and `i` still names the row.
    try {
      for (; i < n; i++) {
        written += statement.run(id, time[i] as number, open[i] as number, high[i] as number, low[i] as number, close[i] as number, volume[i] as number).changes;
      }
    } catch (error) {
      if (!isRowValueError(error)) throw error;
      const bar = columns.barAt(i, symbol, interval);
      throw new InvalidRowError('bars', i, describeKey(symbol, interval, bar.time), `${lineNote(columns.line[i])}${explainBarError(error, bar)}`);
    }
    return written;
  }
}

/** Lines of a chunk are 1-based source lines; 0 means the caller gave none. */
function lineNote(line: number | undefined): string {
  return line !== undefined && line > 0 ? `line ${line}: ` : '';
}

function explainBarError(error: Error, bar: Bar): string {
  const fields = { time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
  const bad = Object.entries(fields).filter(([key, value]) =>
    key === 'time' ? !Number.isSafeInteger(value) : !(Number.isFinite(value) && value >= 0),
  );
  if (bad.length > 0) {
    const list = bad.map(([key, value]) => `${key}=${String(value)}`).join(', ');
    return `${list}: prices and volume must be finite and non-negative, time a whole number of ms`;
  }
  if (bar.high < bar.low) return `high ${bar.high} is below low ${bar.low}`;
  return error.message;
}
