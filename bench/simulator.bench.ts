import { ReplayFeed } from '../core/feeds/replay/replay-feed.js';
import { MarketSimulator } from '../core/feeds/simulator/market-simulator.js';
import { selectBars } from '../core/feeds/simulator/select-bars.js';
import { SeededRandom } from '../core/feeds/simulator/seeded-random.js';
import { DEFAULT_SIM_SYMBOLS } from '../core/feeds/simulator/sim-symbol-spec.js';
import type { Bar } from '../core/market/bar.js';
import { epochMs, price, quantity } from '../core/market/units.js';
import { ManualClock } from '../core/time/manual-clock.js';
import { fmtRate, medianMs } from './stats.js';

/**
 * Simulator: bars generated per second (6 default symbols, daily) vs the reference, a bare geometric
 * random walk drawing from the same PRNG and building the same Bar objects: the price of realism.
 * Replay: bars emitted per second at speed Infinity on a ManualClock vs the reference, merging the same
 * series by a sort and handing each bar to a listener: the price of scheduling, batching and cursor keeping.
 */
const BARS = 20_000;
const REPEATS = 5;
const START = Date.UTC(2024, 0, 2);

function randomWalk(bars: number): Bar[] {
  const out: Bar[] = [];
  for (const spec of DEFAULT_SIM_SYMBOLS) {
    const random = new SeededRandom(1);
    let close = spec.startPrice;
    const sigma = spec.annualVol / Math.sqrt(252);
    for (let i = 0; i < bars; i++) {
      const open = close;
      close = open * Math.exp(sigma * random.normal());
      const high = Math.max(open, close) * (1 + 0.2 * sigma * random.uniform());
      const low = Math.min(open, close) * (1 - 0.2 * sigma * random.uniform());
      out.push({
        symbol: spec.symbol,
        interval: '1d',
        time: epochMs(START + i * 86_400_000),
        open: price(open),
        high: price(high),
        low: price(low),
        close: price(close),
        volume: quantity(Math.round(spec.avgDailyVolume * Math.exp(0.3 * random.normal()))),
      });
    }
  }
  return out;
}

export function run(): Promise<void> {
  const total = BARS * DEFAULT_SIM_SYMBOLS.length;
  const simMs = medianMs(REPEATS, () => {
    new MarketSimulator({ seed: 1, interval: '1d', clock: new ManualClock(START), historyBars: BARS });
  });
  const walkMs = medianMs(REPEATS, () => randomWalk(BARS));
  console.log(`simulator generate: ${fmtRate((total / simMs) * 1000)} bars  | reference random walk: ${fmtRate((total / walkMs) * 1000)} bars  | ratio ${(simMs / walkMs).toFixed(2)}x slower (median of ${REPEATS}, ${total.toLocaleString('en-US')} bars)`);

  const series = new Map<string, Bar[]>();
  for (const bar of randomWalk(BARS)) series.set(bar.symbol, [...(series.get(bar.symbol) ?? []), bar]);
  let sink = 0;
  const replayMs = medianMs(REPEATS, () => {
    const clock = new ManualClock(0);
    const feed = new ReplayFeed({ source: (q) => selectBars(series.get(q.symbol) ?? [], q), clock, speed: Infinity });
    feed.on('bar', (b) => {
      sink += b.close;
    });
    feed.subscribe([...series.keys()], '1d');
    feed.start();
    clock.advanceBy(0);
  });
  const loopMs = medianMs(REPEATS, () => {
    const listener = (b: Bar): void => {
      sink += b.close;
    };
    for (const bar of [...series.values()].flat().sort((a, b) => a.time - b.time)) listener(bar);
  });
  console.log(`replay at speed Infinity: ${fmtRate((total / replayMs) * 1000)} bars  | reference sort + loop: ${fmtRate((total / loopMs) * 1000)} bars  | ratio ${(replayMs / loopMs).toFixed(1)}x slower (median of ${REPEATS}; sink ${sink > 0 ? 'ok' : 'empty'})`);
  return Promise.resolve();
}
