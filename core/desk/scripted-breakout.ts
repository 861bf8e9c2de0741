import type { Bar } from '../market/bar.js';
import { epochMs, price, quantity } from '../market/units.js';

// Bars that make the label spec's breakout event happen on cue, for desk and API tests.

/** A calm 1m bar oscillating around 100 (volume varying a little), so features warm up with the 20-bar high near 102.8. */
export function calmBar(symbol: string, index: number): Bar {
  const close = 100 + 2 * Math.sin(index / 3);
  return {
    symbol, interval: '1m', time: epochMs(index * 60_000),
    open: price(close - 0.2), high: price(close + 0.8), low: price(close - 0.8), close: price(close), volume: quantity(1_000 + 100 * Math.cos(index)),
  };
}

/** Closes far above the 20-bar high on about five times the usual volume: an up breakout after `calmBars`. */
export function breakoutBar(symbol: string, index: number): Bar {
  return { symbol, interval: '1m', time: epochMs(index * 60_000), open: price(103), high: price(110.5), low: price(102.5), close: price(110), volume: quantity(5_000) };
}

/** `count` calm bars of `symbol` from index 0: enough history (≥ 100) warms every feature. */
export function calmHistory(symbol: string, count: number): Bar[] {
  return Array.from({ length: count }, (_, i) => calmBar(symbol, i));
}
