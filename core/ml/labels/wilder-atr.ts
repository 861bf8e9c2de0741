/**
 * Streaming Wilder ATR, kept next to the labeler rather than in the feature schema: the label's barriers
 * are measured in ATR, and adding a field to the schema would move its hash under every stored vector.
 *
 * Convention (technicalindicators' `ATR`, which the tests check it against): true range starts at the
 * second bar, TR = max(high - low, |high - prevClose|, |low - prevClose|); the average is seeded with the
 * arithmetic mean of the first `period` true ranges, then smoothed as (prev * (period - 1) + TR) / period.
 * Defined from bar index `period`.
 */
export class WilderAtr {
  readonly period: number;
  #bars = 0;
  #prevClose = 0;
  #atr = Number.NaN;
  #seedSum = 0;

  /** @throws RangeError when the period is not a positive integer. */
  constructor(period: number) {
    if (!(Number.isInteger(period) && period >= 1)) throw new RangeError(`ATR period must be a positive integer, got ${period}`);
    this.period = period;
  }

  /** The latest ATR, NaN until `period` true ranges were seen. */
  get value(): number {
    return this.#atr;
  }

  /** Adds a bar; returns the ATR at its close (NaN while warming up). */
  push(high: number, low: number, close: number): number {
    const m = this.#bars++;
    const prev = this.#prevClose;
    this.#prevClose = close;
    if (m === 0) return this.#atr;
    const tr = Math.max(high - low, Math.abs(high - prev), Math.abs(low - prev));
    const n = this.period;
    if (m > n) {
      this.#atr = (this.#atr * (n - 1) + tr) / n;
    } else {
      this.#seedSum += tr;
      if (m === n) this.#atr = this.#seedSum / n;
    }
    return this.#atr;
  }
}
