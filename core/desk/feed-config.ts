import type { FeedConfig, StoredSeries } from '../contract/feed-schemas.js';
import { ReplayFeed } from '../feeds/replay/replay-feed.js';
import type { Interval } from '../market/interval.js';
import { epochMs } from '../market/units.js';
import type { BarStore } from '../storage/bar-store.js';
import type { DeskFeedFactory } from './desk-feed.js';
import { simulatorFeed } from './simulator-feed.js';

/** Bars of a replayed series kept as the chart's history when no `from` is given, at most. */
export const REPLAY_HISTORY_BARS = 250;

/**
 * Why `config` cannot run on what is stored, or undefined when it can: a replay needs bars of every
 * symbol at its interval. Checked before the running feed is touched, so a refusal changes nothing.
 */
export function feedConfigProblem(config: FeedConfig, stored: readonly StoredSeries[]): string | undefined {
  if (config.kind === 'simulator') return undefined;
  const missing = config.symbols.filter((s) => !stored.some((x) => x.symbol === s.toUpperCase() && x.interval === config.interval && x.bars > 0));
  if (missing.length === 0) return undefined;
  const have = stored.filter((x) => x.interval === config.interval).map((x) => x.symbol);
  return `no stored ${config.interval} bars for ${missing.join(', ')}; import a CSV first` +
    (have.length === 0 ? '.' : ` or pick from the stored ${config.interval} series: ${have.join(', ')}.`);
}

/** The factory that runs `config`. */
export function deskFeedFor(config: FeedConfig): DeskFeedFactory {
  if (config.kind === 'simulator') return simulatorFeed(config.interval === undefined ? {} : { interval: config.interval });
  const symbols = [...new Set(config.symbols.map((s) => s.toUpperCase()))];
  return ({ clock, store }) => {
    const from = config.from ?? defaultReplayStart(store, symbols, config.interval);
    const feed = new ReplayFeed({
      source: store,
      clock,
      speed: config.speed,
      ...(from === undefined ? {} : { from: epochMs(from) }),
      name: `replay ${symbols.join(',')}`,
    });
    return { feed, symbols, interval: config.interval, historyBars: REPLAY_HISTORY_BARS };
  };
}

/**
 * Where a replay starts when the trader gives no date: after half of the stored bars (at most
 * REPLAY_HISTORY_BARS), so the chart opens with history and the session has bars left to trade on.
 * For several symbols the latest such start, so each has its history.
 */
export function defaultReplayStart(store: Pick<BarStore, 'query' | 'count'>, symbols: readonly string[], interval: Interval): number | undefined {
  let start: number | undefined;
  for (const symbol of symbols) {
    const count = store.count(symbol, interval);
    const keep = Math.min(REPLAY_HISTORY_BARS, Math.floor(count / 2));
    if (keep === 0) continue;
    const first = store.query({ symbol, interval }).at(keep);
    if (first !== undefined) start = Math.max(start ?? -Infinity, first.time);
  }
  return start;
}
