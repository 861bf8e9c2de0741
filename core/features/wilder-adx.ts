/** DX from Wilder-smoothed TR and directional movement; 0 where a ratio is 0/0 (a motionless market). */
export function dxFromSmoothed(trS: number, plusS: number, minusS: number): number {
  const plusDi = trS > 0 ? (100 * plusS) / trS : 0;
  const minusDi = trS > 0 ? (100 * minusS) / trS : 0;
  const sum = plusDi + minusDi;
  return sum > 0 ? (100 * Math.abs(plusDi - minusDi)) / sum : 0;
}

/**
 * Wilder's ADX, the trend-strength feature: how directional the recent moves were, 0..100, regardless of
 * direction. Chosen over e.g. an R² of a regression because it is the standard breakout-confirmation
 * filter, has published worked examples to test against, and updates in O(1).
 *
 * Per move (from the second bar): TR = max(high - low, |high - prevClose|, |low - prevClose|);
 * up = high - prevHigh, down = prevLow - low; +DM = up if up > down and up > 0, else 0; -DM likewise.
 * Wilder sums: the first is the plain sum of `period` values, then s = s - s / period + x.
 * ADX = mean of the first `period` DX values, then (prev * (period - 1) + DX) / period.
 */
export class WilderAdx {
  readonly period: number;
  #moves = -1;
  #prevHigh = 0;
  #prevLow = 0;
  #prevClose = 0;
  #tr = 0;
  #plus = 0;
  #minus = 0;
  #adx = 0;

  constructor(period: number) {
    this.period = period;
  }

  /** Adds a bar; returns the ADX, NaN until bar index 2 * period - 1. */
  push(high: number, low: number, close: number): number {
    const m = ++this.#moves;
    const ph = this.#prevHigh;
    const pl = this.#prevLow;
    const pc = this.#prevClose;
    this.#prevHigh = high;
    this.#prevLow = low;
    this.#prevClose = close;
    if (m === 0) return Number.NaN;
    const hl = high - low;
    const hc = Math.abs(high - pc);
    const lc = Math.abs(low - pc);
    const tr = hl > hc ? (hl > lc ? hl : lc) : hc > lc ? hc : lc;
    const up = high - ph;
    const down = pl - low;
    const plusDm = up > down && up > 0 ? up : 0;
    const minusDm = down > up && down > 0 ? down : 0;
    const n = this.period;
    if (m > n) {
      this.#tr = this.#tr - this.#tr / n + tr;
      this.#plus = this.#plus - this.#plus / n + plusDm;
      this.#minus = this.#minus - this.#minus / n + minusDm;
    } else {
      this.#tr += tr;
      this.#plus += plusDm;
      this.#minus += minusDm;
      if (m < n) return Number.NaN;
    }
    const dx = dxFromSmoothed(this.#tr, this.#plus, this.#minus);
    // DX number k = m - n + 1; the first ADX is the mean of DX 1..n.
    const k = m - n + 1;
    if (k > n) {
      this.#adx = (this.#adx * (n - 1) + dx) / n;
      return this.#adx;
    }
    this.#adx += dx;
    if (k < n) return Number.NaN;
    this.#adx /= n;
    return this.#adx;
  }
}
