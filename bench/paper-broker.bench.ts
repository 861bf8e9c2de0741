import type { Bar } from '../core/market/bar.js';
import { epochMs, price, quantity } from '../core/market/units.js';
import { ManualClock } from '../core/time/manual-clock.js';
import { PaperBroker } from '../core/trading/paper/paper-broker.js';
import { paperOrder } from '../core/trading/paper/testing/paper-fixtures.js';
import { fmtRate, medianMs } from './stats.js';

/**
 * Paper broker matching: 1M one-minute bars fed to a PaperBroker that keeps N limit orders working, for
 * N = 1, 10, 100. Each fill is replaced from the listener by a new order around the last close (built like the
 * order path would), so the book never drains; that replacement is inside the broker's time. How often a level is
 * reached is the walk's doing, so fills/s describes this scenario; bars/s at N working orders is the figure to
 * compare. The reference is a bare loop over the same bars testing N fixed price levels against each bar's range:
 * the comparisons a matcher cannot avoid, without order state, reports or listeners.
 */
const BARS = 1_000_000;
const REPEATS = 3;
const BOOK_SIZES = [1, 10, 100];
const START = Date.UTC(2024, 0, 2);

/**
 * A seeded (xorshift) walk pulled back towards 100, so price keeps revisiting the levels orders rest at and fills
 * stay frequent over the whole million bars; every run and both loops see the same bars.
 */
function makeBars(count: number): Bar[] {
  let state = 0x9e3779b9;
  const uniform = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  const bars: Bar[] = new Array<Bar>(count);
  let close = 100;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open * (1 + (uniform() - 0.5) * 0.004) + 0.005 * (100 - open));
    const high = Math.max(open, close) * (1 + uniform() * 0.001);
    const low = Math.min(open, close) * (1 - uniform() * 0.001);
    bars[i] = {
      symbol: 'SIM',
      interval: '1m',
      time: epochMs(START + i * 60_000),
      open: price(open),
      high: price(high),
      low: price(low),
      close: price(close),
      volume: quantity(10_000 + Math.floor(uniform() * 5_000)),
    };
  }
  return bars;
}

/** Level `i` of N: alternating buy below and sell above, 0.01%..0.1% away, so fills are frequent but not certain. */
const offset = (i: number): number => 0.0001 * (1 + (i % 10));

function runBroker(bars: readonly Bar[], bookSize: number): number {
  const created = PaperBroker.create({ clock: new ManualClock(START), config: { maxParticipation: 1 } });
  if (!created.ok) throw new Error(created.error);
  const broker = created.value;
  let lastClose = bars[0]?.open ?? 100;
  let next = 0;
  let fills = 0;
  const place = (i: number): void => {
    const buy = i % 2 === 0;
    const limit = lastClose * (buy ? 1 - offset(i) : 1 + offset(i));
    broker.submit(paperOrder(`o${next++}`, { symbol: 'SIM', side: buy ? 'buy' : 'sell', type: 'limit', limitPrice: limit, quantity: 100 }));
  };
  broker.onReport((r) => {
    if (r.kind !== 'fill') return;
    fills++;
    place(next);
  });
  for (let i = 0; i < bookSize; i++) place(i);
  for (const bar of bars) {
    // Replacements are placed from the fill reports, sent once this bar has closed.
    lastClose = bar.close;
    broker.onBar(bar);
  }
  return fills;
}

function runReference(bars: readonly Bar[], bookSize: number): number {
  const levels = Array.from({ length: bookSize }, (_, i) => 100 * (i % 2 === 0 ? 1 - offset(i) : 1 + offset(i)));
  let touches = 0;
  for (const bar of bars) {
    for (const level of levels) if (bar.low <= level && level <= bar.high) touches++;
  }
  return touches;
}

export function run(): Promise<void> {
  const bars = makeBars(BARS);
  for (const n of BOOK_SIZES) {
    runBroker(bars.slice(0, 10_000), n);
    runReference(bars, n);
    let fills = 0;
    const brokerMs = medianMs(REPEATS, () => {
      fills = runBroker(bars, n);
    });
    const refMs = medianMs(REPEATS, () => {
      runReference(bars, n);
    });
    console.log(
      `paper broker, ${n} working: ${fmtRate((BARS / brokerMs) * 1000)} bars, ${fmtRate((fills / brokerMs) * 1000)} fills (${fills.toLocaleString('en-US')} fills)` +
        `  | reference bare loop, ${n} levels: ${fmtRate((BARS / refMs) * 1000)} bars` +
        `  | ratio ${(brokerMs / refMs).toFixed(1)}x slower (median of ${REPEATS}, ${BARS.toLocaleString('en-US')} bars)`,
    );
  }
  return Promise.resolve();
}
