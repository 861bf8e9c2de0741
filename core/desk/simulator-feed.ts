import { MarketSimulator } from '../feeds/simulator/market-simulator.js';
import type { Interval } from '../market/interval.js';
import type { DeskFeedFactory } from './desk-feed.js';

export interface SimulatorFeedOptions {
  readonly interval?: Interval;
  readonly historyBars?: number;
}

/** The desk's offline default: the seeded market simulator with all its symbols. */
export function simulatorFeed(options: SimulatorFeedOptions = {}): DeskFeedFactory {
  const interval = options.interval ?? '1m';
  const historyBars = options.historyBars ?? 300;
  return ({ seed, clock, speed }) => {
    const simulator = new MarketSimulator({ seed, clock, speed, interval, historyBars });
    return { feed: simulator, symbols: simulator.symbols(), interval, historyBars };
  };
}
