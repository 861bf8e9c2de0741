import type { SymbolGate } from '../adapters/symbol-gate.js';
import type { MarketFeed } from '../feeds/feed.js';
import type { Interval } from '../market/interval.js';
import type { BarStore } from '../storage/bar-store.js';
import type { Clock } from '../time/clock.js';

/** A feed the desk runs, with the symbols it trades on it. */
export interface DeskFeed {
  readonly feed: MarketFeed;
  readonly symbols: readonly string[];
  readonly interval: Interval;
  /** Bars of history to store before going live (the chart's first screen). */
  readonly historyBars: number;
  /** A broker feed's per-symbol gate (gap, stale quote, halt); feeds that cannot fall behind have none. */
  readonly gate?: SymbolGate;
}

/** What a feed factory gets from `createDesk`. */
export interface DeskFeedOptions {
  readonly seed: number;
  readonly clock: Clock;
  /** Simulator speed factor: simulated time per wall-clock time (1 = real time). */
  readonly speed: number;
  /** The desk's bar store, already open: a replay reads its bars from here. */
  readonly store: BarStore;
}

/** Builds the feed; the built-in one is the seeded simulator, tests pass a scripted feed. */
export type DeskFeedFactory = (options: DeskFeedOptions) => DeskFeed;
