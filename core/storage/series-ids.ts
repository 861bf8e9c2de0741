import type Database from 'better-sqlite3';

/**
 * Maps (symbol, interval) to the integer id the bar and feature keys use. Nothing is cached across calls:
 * an id minted inside a transaction that later rolls back must not outlive it, and one lookup per distinct
 * series per batch costs nothing next to the rows.
 */
export class SeriesIds {
  readonly #mint: Database.Statement<[string, string], number>;
  readonly #find: Database.Statement<[string, string], number>;

  constructor(db: Database.Database) {
    this.#mint = db.prepare<[string, string], number>('INSERT INTO series (symbol, interval) VALUES (?, ?) RETURNING id').pluck();
    this.#find = db.prepare<[string, string], number>('SELECT id FROM series WHERE symbol = ? AND interval = ?').pluck();
  }

  /** The series id, or undefined if nothing was ever stored for it. */
  find(symbol: string, interval: string): number | undefined {
    return this.#find.get(symbol, interval);
  }

  /** The series id, created if new. Call inside the caller's write transaction. */
  ensure(symbol: string, interval: string): number {
    const existing = this.#find.get(symbol, interval);
    if (existing !== undefined) return existing;
    // Inside the caller's write transaction nobody else can add it between the lookup and this insert.
    const minted = this.#mint.get(symbol, interval);
    if (minted === undefined) throw new Error(`SQLite returned no id for the new series ${symbol} ${interval}.`);
    return minted;
  }
}

/**
 * Per-batch resolver: remembers the last series so a batch of one symbol (the usual import) pays one
 * string comparison per row instead of a map lookup.
 */
export class BatchSeriesIds {
  readonly #ids = new Map<string, number>();
  #lastSymbol: string | undefined;
  #lastInterval: string | undefined;
  #lastId = 0;

  constructor(private readonly series: SeriesIds) {}

  idFor(symbol: string, interval: string): number {
    if (symbol === this.#lastSymbol && interval === this.#lastInterval) return this.#lastId;
    const key = `${symbol}\u0000${interval}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.series.ensure(symbol, interval);
      this.#ids.set(key, id);
    }
    this.#lastSymbol = symbol;
    this.#lastInterval = interval;
    this.#lastId = id;
    return id;
  }
}
