/** RSI from Wilder averages: 100 when only gains, 50 when nothing moved (0/0 has no direction). */
export function rsiFromAverages(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + avgGain / avgLoss);
}

/**
 * Wilder's RSI of a price series. The averages are seeded with the arithmetic mean of the first `period`
 * gains and losses (Wilder, StockCharts, TA-Lib), then smoothed as (prev * (period - 1) + x) / period.
 */
export class WilderRsi {
  readonly period: number;
  #changes = -1; // the first value only sets the previous close
  #prev = 0;
  #avgGain = 0;
  #avgLoss = 0;

  constructor(period: number) {
    this.period = period;
  }

  /** Adds a close; returns the RSI, NaN until `period` changes were seen. */
  push(close: number): number {
    const m = ++this.#changes;
    const d = close - this.#prev;
    this.#prev = close;
    if (m === 0) return Number.NaN;
    const gain = d > 0 ? d : 0;
    const loss = d < 0 ? -d : 0;
    const n = this.period;
    if (m > n) {
      this.#avgGain = (this.#avgGain * (n - 1) + gain) / n;
      this.#avgLoss = (this.#avgLoss * (n - 1) + loss) / n;
    } else {
      // Sums while seeding; turned into means at the n-th change.
      this.#avgGain += gain;
      this.#avgLoss += loss;
      if (m < n) return Number.NaN;
      this.#avgGain /= n;
      this.#avgLoss /= n;
    }
    return rsiFromAverages(this.#avgGain, this.#avgLoss);
  }
}
