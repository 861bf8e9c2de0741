import type { DeskHandlers } from '../contract/desk-api.js';
import { DeskFailure, deskError } from '../contract/errors.js';
import type { DeskFeed, StoredSeries } from '../contract/feed-schemas.js';
import { isInterval } from '../market/interval.js';
import type { BarStore } from '../storage/bar-store.js';
import { importCsvText } from './import-csv.js';

type FeedHandlers = Pick<DeskHandlers, 'feed.get' | 'feed.set' | 'data.importCsv'>;

/** Every stored series a replay could run, in symbol order. */
export function storedSeries(store: BarStore): StoredSeries[] {
  const series: StoredSeries[] = [];
  for (const s of store.summary()) {
    // The store only writes known intervals; a foreign row is skipped rather than offered for replay.
    if (s.count > 0 && isInterval(s.interval)) series.push({ symbol: s.symbol, interval: s.interval, bars: s.count, first: s.first, last: s.last });
  }
  return series;
}

/**
 * The feed and import handlers of one desk. Switching feeds restarts the desk, which only a `DeskHost`
 * can do, so a bare desk refuses `feed.set` with a reason.
 */
export function createFeedHandlers(store: BarStore, running: DeskFeed['running']): FeedHandlers {
  return {
    'feed.get': () => ({ running, stored: storedSeries(store) }),
    'feed.set': () => {
      throw new DeskFailure(deskError('unavailable', 'This desk cannot switch feeds while running (no desk host); restart it with the feed wanted.'));
    },
    'data.importCsv': ({ fileName, text }) => importCsvText(store, fileName, text),
  };
}
