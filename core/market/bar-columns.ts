import type { Bar } from './bar.js';
import type { Interval } from './interval.js';
import type { EpochMs, Price, Quantity } from './units.js';

/**
 * A chunk of one series' bars as parallel typed arrays. The bulk import path parses, validates and
 * stores through these instead of `Bar` objects: a million-row file then allocates a few fixed buffers
 * rather than a million objects the garbage collector has to trace and move.
 */
export class BarColumns {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** 1-based source line of each row, for rejections and database errors. */
  readonly line: Float64Array;
  /** Rows in use, from index 0. */
  length = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`BarColumns capacity must be a positive integer, got ${capacity}.`);
    this.time = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
    this.line = new Float64Array(capacity);
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  /** Appends a row; the caller checks {@link full} first (a full chunk throws rather than drop a row). */
  push(time: number, open: number, high: number, low: number, close: number, volume: number, line: number): void {
    const i = this.length;
    if (i === this.capacity) throw new RangeError(`BarColumns is full (${this.capacity} rows).`);
    this.time[i] = time;
    this.open[i] = open;
    this.high[i] = high;
    this.low[i] = low;
    this.close[i] = close;
    this.volume[i] = volume;
    this.line[i] = line;
    this.length = i + 1;
  }

  clear(): void {
    this.length = 0;
  }

  /** Row `i` as a Bar (allocates: for rejections, messages and callers that want objects). */
  barAt(i: number, symbol: string, interval: Interval): Bar {
    return {
      symbol,
      interval,
      // Plain casts: the columns hold whatever the file said; the validator is what vouches for them.
      time: this.time[i] as EpochMs,
      open: this.open[i] as Price,
      high: this.high[i] as Price,
      low: this.low[i] as Price,
      close: this.close[i] as Price,
      volume: this.volume[i] as Quantity,
    };
  }

  /** Bars of `bars` in a new chunk, with lines 1..n unless given. */
  static from(bars: readonly Bar[], lines?: readonly number[]): BarColumns {
    const out = new BarColumns(Math.max(1, bars.length));
    bars.forEach((b, i) => out.push(b.time, b.open, b.high, b.low, b.close, b.volume, lines?.[i] ?? i + 1));
    return out;
  }
}
