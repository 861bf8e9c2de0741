/**
 * Exponential moving average, alpha = 2 / (period + 1), seeded with the simple mean of the first `period`
 * values (StockCharts, TA-Lib and technicalindicators do the same; pandas' `ewm(adjust=False)` and tulip
 * seed with the first value instead, which only differs by a term that decays as (1 - alpha)^k).
 */
export class Ema {
  readonly period: number;
  readonly alpha: number;
  #count = 0;
  #sum = 0;
  #value = Number.NaN;

  constructor(period: number) {
    this.period = period;
    this.alpha = 2 / (period + 1);
  }

  /** Adds a value; returns the EMA, NaN before `period` values. */
  push(x: number): number {
    const c = ++this.#count;
    if (c > this.period) {
      this.#value = (x - this.#value) * this.alpha + this.#value;
    } else {
      this.#sum += x;
      if (c === this.period) this.#value = this.#sum / this.period;
    }
    return this.#value;
  }
}
