import { calmBar } from '../../../core/desk/scripted-breakout.js';

/** One bar as the replica holds it: Alpaca's field names, `t` in epoch ms. */
export interface TruthBar {
  readonly S: string;
  readonly t: number;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
}

/**
 * What really traded: the bars REST serves and the stream publishes. A test compares an adapter's store with it,
 * so it is the single source of truth for both protocol parts.
 */
export class BarTruth {
  readonly #bySymbol = new Map<string, Map<number, TruthBar>>();

  put(bar: TruthBar): void {
    let series = this.#bySymbol.get(bar.S);
    if (series === undefined) {
      series = new Map();
      this.#bySymbol.set(bar.S, series);
    }
    series.set(bar.t, bar);
  }

  get(symbol: string, t: number): TruthBar | undefined {
    return this.#bySymbol.get(symbol)?.get(t);
  }

  /** Bars of `symbol` with start ≤ t ≤ end, oldest first. */
  range(symbol: string, start: number, end: number): TruthBar[] {
    const series = this.#bySymbol.get(symbol);
    if (series === undefined) return [];
    return [...series.values()].filter((b) => b.t >= start && b.t <= end).sort((a, b) => a.t - b.t);
  }

  all(symbol: string): TruthBar[] {
    return this.range(symbol, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  }
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** scripted-breakout's calm bar `i` of `symbol` on the replica's timeline: minute `i` after `t0`. */
export function calmTruthBar(symbol: string, t0: number, i: number): TruthBar {
  const b = calmBar(symbol, i);
  return { S: symbol, t: t0 + i * 60_000, o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume };
}
