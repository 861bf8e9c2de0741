import type { Bar } from '../../../market/bar.js';
import type { Interval } from '../../../market/interval.js';
import { intervalMs } from '../../../market/interval.js';
import { epochMs, price, quantity } from '../../../market/units.js';

/**
 * A seeded random walk with fat moves and volume spikes on some bars, so a few hundred bars contain
 * breakouts in both directions. For tests: deterministic per seed, valid bars only.
 */
export function breakoutSeries(seed: number, length: number, symbol = 'ACME', interval: Interval = '1d', start = Date.UTC(2015, 0, 1)): Bar[] {
  let s = (Math.abs(Math.trunc(seed)) % 2147483646) + 1;
  const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  const bars: Bar[] = [];
  let close = 50 + 100 * rnd();
  for (let i = 0; i < length; i++) {
    const spike = rnd() < 0.08;
    const open = close * (1 + (rnd() - 0.5) * 0.01);
    close = Math.max(0.5, open * (1 + (rnd() - 0.5) * (spike ? 0.12 : 0.03)));
    bars.push({
      symbol, interval, time: epochMs(start + i * intervalMs(interval)),
      open: price(open), high: price(Math.max(open, close) * (1 + rnd() * 0.01)), low: price(Math.min(open, close) * (1 - rnd() * 0.01)),
      close: price(close), volume: quantity(Math.round((spike ? 3 : 1) * (5000 + 2000 * rnd()))),
    });
  }
  return bars;
}
