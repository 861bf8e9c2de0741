import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketSimulator } from '../../core/feeds/simulator/market-simulator.js';
import { ReplayFeed } from '../../core/feeds/replay/replay-feed.js';
import type { Bar } from '../../core/market/bar.js';
import { epochMs } from '../../core/market/units.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';

const SYMBOLS = ['ACME', 'CRUX', 'FJRD'] as const;
const START = Date.UTC(2024, 0, 2, 14, 30);

describe('replaying simulated bars stored in a SQLite file', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let stored: Map<string, readonly Bar[]>;

  beforeEach(async () => {
    temp = makeTempDir('desk-replay-');
    db = openDatabase(temp.file('desk.db'));
    const sim = new MarketSimulator({ seed: 21, interval: '5m', clock: new ManualClock(START), historyBars: 78 * 6 });
    stored = new Map();
    const store = new BarStore(db);
    for (const symbol of SYMBOLS) {
      const bars = await sim.history({ symbol, interval: '5m' });
      stored.set(symbol, bars);
      store.upsert(bars);
    }
  });

  afterEach(() => {
    db.close();
    temp.remove();
  });

  it('emits every stored bar once, merged in time order, identical to what was stored', () => {
    const clock = new ManualClock(0);
    const feed = new ReplayFeed({ source: new BarStore(db), clock, speed: Infinity });
    const seen: Bar[] = [];
    feed.on('bar', (b) => seen.push(b));
    feed.subscribe(SYMBOLS, '5m');
    feed.start();
    clock.advanceBy(0);
    expect(feed.finished()).toBe(true);
    expect(seen).toHaveLength(78 * 6 * SYMBOLS.length);
    for (let i = 1; i < seen.length; i++) expect(seen[i]?.time).toBeGreaterThanOrEqual(seen[i - 1]?.time ?? 0);
    for (const symbol of SYMBOLS) expect(seen.filter((b) => b.symbol === symbol)).toEqual(stored.get(symbol));
  });

  it('never shows a bar beyond the cursor to history(), however the query is phrased', async () => {
    const clock = new ManualClock(0);
    const firstDayEnd = (stored.get('ACME') ?? [])[77]?.time ?? 0;
    const feed = new ReplayFeed({ source: new BarStore(db), clock, speed: 300, from: epochMs(firstDayEnd + 1) });
    feed.subscribe(SYMBOLS, '5m');
    feed.start();
    const probes: { cursor: number; newest: number[] }[] = [];
    for (let step = 0; step < 200; step++) {
      clock.advanceBy(1000);
      const cursor = feed.position();
      const newest = await Promise.all(
        SYMBOLS.map(async (symbol) => {
          const open = await feed.history({ symbol, interval: '5m' });
          const limited = await feed.history({ symbol, interval: '5m', limit: 3, to: epochMs(cursor + 10 * 86_400_000) });
          expect(limited).toEqual(open.slice(-3));
          return open.at(-1)?.time ?? -1;
        }),
      );
      probes.push({ cursor, newest });
    }
    expect(probes.at(-1)?.cursor).toBeGreaterThan(firstDayEnd + 100 * 300_000);
    for (const probe of probes) {
      expect(Math.max(...probe.newest)).toBe(probe.cursor);
    }
    // The first day was warm-up: visible from the start, not replayed.
    expect(probes[0]?.newest.every((t) => t >= firstDayEnd)).toBe(true);
  });
});
