import type { Bar } from './bar.js';
import type { BarColumns } from './bar-columns.js';
import {
  cleanRangeMayJump,
  DEFAULT_JUMP_FACTOR,
  jumpFields,
  jumpIssue,
  rowIssues,
  sequenceIssues,
  valuesAreClean,
  type BarIssue,
} from './bar-rules.js';
import type { BarRejection, BarValidatorOptions } from './bar-validator.js';
import type { Interval } from './interval.js';
import type { EpochMs, Price, Quantity } from './units.js';

// Local bindings: under tsx's module interop a cross-module call in the per-row loop goes through an
// export getter, which showed in the profile of a 1M-row import.
const isClean = valuesAreClean;
const mayJump = cleanRangeMayJump;

/**
 * {@link validateBars} for one series fed in chunks of columns, with the same verdict on every row: the
 * jump rule's look at the NEXT bar is kept across chunk boundaries by holding the last row of each chunk
 * back until the next chunk (or {@link finish}) shows what follows it. So a file can be validated and
 * stored chunk by chunk without ever holding all its rows.
 */
export class BarColumnValidator {
  readonly #symbol: string;
  readonly #interval: Interval;
  readonly #factor: number;
  /** Rejections so far, in row order. */
  readonly rejected: BarRejection[] = [];
  #hasPrev = false;
  #prevTime = 0;
  #prevClose = 0;
  /** The held-back row; `#pendingLine` < 0 when there is none. */
  #pendingLine = -1;
  #pendingIndex = 0;
  #pt = 0;
  #po = 0;
  #ph = 0;
  #pl = 0;
  #pc = 0;
  #pv = 0;
  /** Rows seen so far, for {@link BarRejection.index}. */
  #seen = 0;

  constructor(symbol: string, interval: Interval, options: BarValidatorOptions = {}) {
    this.#symbol = symbol;
    this.#interval = interval;
    this.#factor = options.jumpFactor ?? DEFAULT_JUMP_FACTOR;
  }

  /**
   * Validates the rows of `chunk` and appends those accepted to `accepted` (which needs room for
   * `chunk.length` rows: the held-back row of the previous chunk comes out first, this chunk's last row
   * stays in). `chunk` can be refilled as soon as this returns.
   */
  push(chunk: BarColumns, accepted: BarColumns): void {
    const n = chunk.length;
    if (n === 0) return;
    if (accepted.capacity - accepted.length < n) {
      throw new RangeError(`accepted has room for ${accepted.capacity - accepted.length} rows, the chunk has ${n}`);
    }
    const { time, open, high, low, close, volume, line } = chunk;
    if (this.#pendingLine >= 0) {
      this.#check(this.#pendingIndex, this.#pt, this.#po, this.#ph, this.#pl, this.#pc, this.#pv, this.#pendingLine, true, close[0] as number, accepted);
    }
    const factor = this.#factor;
    const last = n - 1;
    let i = 0;
    for (; i < last; i++) {
      const t = time[i] as number;
      const o = open[i] as number;
      const h = high[i] as number;
      const l = low[i] as number;
      const c = close[i] as number;
      const v = volume[i] as number;
      // The common case inline, as in validateBars: clean, later than the last accepted bar, no jump.
      if (isClean(t, o, h, l, c, v) && (!this.#hasPrev || (t > this.#prevTime && !mayJump(h, l, this.#prevClose, factor)))) {
        accepted.push(t, o, h, l, c, v, line[i] as number);
        this.#hasPrev = true;
        this.#prevTime = t;
        this.#prevClose = c;
      } else {
        this.#check(this.#seen + i, t, o, h, l, c, v, line[i] as number, true, close[i + 1] as number, accepted);
      }
    }
    this.#pendingIndex = this.#seen + last;
    this.#pt = time[last] as number;
    this.#po = open[last] as number;
    this.#ph = high[last] as number;
    this.#pl = low[last] as number;
    this.#pc = close[last] as number;
    this.#pv = volume[last] as number;
    this.#pendingLine = line[last] as number;
    this.#seen += n;
  }

  /** Validates the held-back last row, which has no next bar; call once after the last chunk. */
  finish(accepted: BarColumns): void {
    if (this.#pendingLine < 0) return;
    if (accepted.full) throw new RangeError('accepted has no room for the last row');
    this.#check(this.#pendingIndex, this.#pt, this.#po, this.#ph, this.#pl, this.#pc, this.#pv, this.#pendingLine, false, Number.NaN, accepted);
    this.#pendingLine = -1;
  }

  /** The full rules for one row, as validateBars applies them; the slow path, so it may allocate. */
  #check(
    index: number,
    t: number,
    o: number,
    h: number,
    l: number,
    c: number,
    v: number,
    line: number,
    hasNext: boolean,
    nextClose: number,
    accepted: BarColumns,
  ): void {
    const factor = this.#factor;
    if (isClean(t, o, h, l, c, v) && (!this.#hasPrev || (t > this.#prevTime && !mayJump(h, l, this.#prevClose, factor)))) {
      this.#accept(t, o, h, l, c, v, line, accepted);
      return;
    }
    // Plain casts: this bar is only described, and stored only if it passes the rules below.
    const typed: Bar = {
      symbol: this.#symbol,
      interval: this.#interval,
      time: t as EpochMs,
      open: o as Price,
      high: h as Price,
      low: l as Price,
      close: c as Price,
      volume: v as Quantity,
    };
    const issues: BarIssue[] = [];
    rowIssues(typed, issues);
    if (this.#hasPrev) {
      const prevClose = this.#prevClose;
      sequenceIssues(typed, { time: this.#prevTime as EpochMs }, issues);
      const fromPrev = jumpFields(typed, prevClose, factor);
      if (fromPrev.length > 0) {
        // A next bar with an unusable close gives no evidence either way; judge on the past alone.
        const nextUsable = hasNext && Number.isFinite(nextClose) && nextClose > 0;
        const fromNext = nextUsable ? jumpFields(typed, nextClose, factor) : fromPrev;
        const issue = jumpIssue(typed, fromPrev.filter((f) => fromNext.includes(f)), prevClose, factor);
        if (issue !== undefined) issues.push(issue);
      }
    }
    if (issues.length === 0) this.#accept(t, o, h, l, c, v, line, accepted);
    else this.rejected.push({ index, line, bar: typed, issues });
  }

  #accept(t: number, o: number, h: number, l: number, c: number, v: number, line: number, accepted: BarColumns): void {
    accepted.push(t, o, h, l, c, v, line);
    this.#hasPrev = true;
    this.#prevTime = t;
    this.#prevClose = c;
  }
}
