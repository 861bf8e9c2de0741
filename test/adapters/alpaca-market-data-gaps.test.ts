import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaMarketFeed } from '../../core/adapters/alpaca/market-data/alpaca-market-feed.js';
import type { Bar } from '../../core/market/bar.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { SystemClock } from '../../core/time/system-clock.js';
import { seededUniform, subSeed } from '../../core/util/seeded-random.js';
import { barMessage, REPLICA_KEYS, startAlpacaReplica, type AlpacaReplica } from '../support/alpaca-replica/alpaca-replica.js';
import type { TruthBar } from '../support/alpaca-replica/bar-truth.js';
import { isoTime } from '../support/alpaca-replica/bar-truth.js';
import { pollUntil } from '../support/alpaca-replica/poll.js';

const SYMBOLS = ['AAPL', 'MSFT', 'SPY'];
const T0 = Date.UTC(2024, 2, 4, 14, 30);
const MINUTE = 60_000;
/** `GAP_SEED=<n>` replays the scenario with another seed (seeds 1-12 were run when it was written). */
const SEED = Number(process.env.GAP_SEED ?? 20240304);

/** A seeded random walk of valid bars; about one minute in ten has no trade (no bar), as on a quiet stock. */
function barMaker(seed: number): (symbol: string, t: number) => TruthBar | undefined {
  const u = seededUniform(seed);
  const last = new Map<string, number>();
  return (symbol, t) => {
    if (u() < 0.1) return undefined;
    const open = last.get(symbol) ?? 100 + 50 * u();
    const close = Math.max(1, open * (1 + (u() - 0.5) * 0.01));
    last.set(symbol, close);
    const round = (x: number): number => Math.round(x * 100) / 100;
    return { S: symbol, t, o: round(open), c: round(close), h: round(Math.max(open, close) * (1 + u() * 0.002)) + 0.01, l: round(Math.min(open, close) * (1 - u() * 0.002)) - 0.01, v: 100 + Math.floor(u() * 10_000) };
  };
}

function asTruth(bar: Bar): TruthBar {
  return { S: bar.symbol, t: bar.time, o: bar.open, h: bar.high, l: bar.low, c: bar.close, v: bar.volume };
}

/** One comparable text per bar, whatever the key order it was built with. */
function key(b: TruthBar | undefined): string {
  return b === undefined ? 'none' : [b.S, b.t, b.o, b.h, b.l, b.c, b.v].join('|');
}

describe('Alpaca market data: gap backfill against the loopback replica', () => {
  let replica: AlpacaReplica | undefined;
  let feed: AlpacaMarketFeed | undefined;
  const temp = makeTempDir('alpaca-gaps-');

  afterEach(async () => {
    feed?.stop();
    await replica?.close();
    temp.remove();
  });

  it('200 seeded gaps (lost bars and dropped connections), updated bars and corrections: the stored bars equal the truth, 0 missing, 0 duplicate, 0 invented', async () => {
    replica = await startAlpacaReplica();
    const db = openDatabase(temp.file('desk.db'));
    const store = new BarStore(db);
    const clock = new SystemClock();
    feed = new AlpacaMarketFeed({
      endpoints: replica.endpoints, streamFeed: 'iex', historyFeed: 'iex', credentials: () => REPLICA_KEYS,
      clock, random: seededUniform(subSeed(SEED, 1)), store, pageLimit: 3,
      initialLookbackMs: clock.now() - T0 + 86_400_000, backoffBaseMs: 2, backoffMaxMs: 10, restRetryBaseMs: 2, tickMs: 5, inMarketHours: () => false,
    });
    const emitted: Bar[] = [];
    feed.on('bar', (bar) => emitted.push(bar));
    feed.subscribe(SYMBOLS, '1m');
    feed.start();
    const md = replica.stream;
    const streaming = (): Promise<void> => pollUntil(() => md.streamingSessions('SPY') === 1 && feed?.streamState().phase === 'streaming', 'a streaming session');
    await streaming();

    const u = seededUniform(subSeed(SEED, 2));
    const make = barMaker(subSeed(SEED, 3));
    const published: TruthBar[] = [];
    let lostBars = 0;
    let drops = 0;
    let updates = 0;
    let corrections = 0;
    let t = T0;
    const minute = (swallowAll: boolean): void => {
      for (const symbol of SYMBOLS) {
        const bar = make(symbol, t);
        if (bar === undefined) continue;
        const swallow = swallowAll || u() < 0.1;
        if (swallow && !swallowAll) lostBars++;
        replica?.publishBar(bar, { swallow });
        published.push(bar);
      }
      t += MINUTE;
    };
    while (lostBars + drops < 200) {
      const r = u();
      if (r < 0.03) {
        drops++;
        md.dropAll();
        const lost = 1 + Math.floor(u() * 3);
        for (let i = 0; i < lost; i++) minute(true);
        await streaming();
      } else if (r < 0.08 && published.length > 3) {
        // A late trade changes a recent bar: an updated bar, or a correction the adapter must refetch.
        const old = published[published.length - 1 - Math.floor(u() * 3)] as TruthBar;
        const close = Math.min(old.h, Math.max(old.l, Math.round((old.l + (old.h - old.l) * u()) * 100) / 100));
        const changed: TruthBar = { ...old, c: close, v: old.v + 100 };
        replica.truth.put(changed);
        if (r < 0.06) {
          updates++;
          md.publish([barMessage('u', changed)]);
        } else {
          corrections++;
          md.publish([{ T: 'c', S: old.S, x: 'D', oi: 1, op: old.c, os: 100, oc: [' '], ci: 2, cp: changed.c, cs: 100, cc: [' '], z: 'C', t: isoTime(old.t + 30_000) }]);
        }
      }
      minute(false);
      // Let the adapter work between minutes, as real minutes would.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await streaming();
    // Two clean minutes close the last gaps: a lost bar is only noticed when a later one arrives.
    for (let i = 0; i < 2; i++) {
      for (const symbol of SYMBOLS) {
        const bar = { ...(make(symbol, t) ?? { S: symbol, t, o: 100, h: 101, l: 99, c: 100, v: 100 }) };
        replica.publishBar(bar);
      }
      t += MINUTE;
    }
    const caughtUp = (): boolean =>
      feed?.lagging().length === 0 && SYMBOLS.every((s) => store.lastTime(s, '1m') === replica?.truth.all(s).at(-1)?.t);
    await pollUntil(caughtUp, 'the store to catch up with the truth', 30_000);
    // Corrections are refetched asynchronously; the comparison below says which bars differ if they never land.
    const same = (s: string): boolean => store.query({ symbol: s, interval: '1m' }).map((b) => key(asTruth(b))).join() === (replica?.truth.all(s).map(key).join() ?? '');
    await pollUntil(() => SYMBOLS.every(same), 'corrections to land', 5_000).catch(() => undefined);

    let missing = 0;
    let invented = 0;
    let differing = 0;
    for (const symbol of SYMBOLS) {
      const truth = replica.truth.all(symbol);
      const stored = store.query({ symbol, interval: '1m' });
      const storedTimes = new Set<number>(stored.map((b) => b.time));
      expect(storedTimes.size).toBe(stored.length);
      const truthByTime = new Map(truth.map((b) => [b.t, b]));
      missing += truth.filter((b) => !storedTimes.has(b.t)).length;
      invented += stored.filter((b) => !truthByTime.has(b.time)).length;
      differing += stored.filter((b) => key(asTruth(b)) !== key(truthByTime.get(b.time))).length;
      // Emitted bars are real (stored) bars, in time order per symbol, each once.
      const emittedTimes = emitted.filter((b) => b.symbol === symbol).map((b) => b.time);
      expect(emittedTimes).toEqual([...emittedTimes].sort((a, b) => a - b));
      expect(new Set(emittedTimes).size).toBe(emittedTimes.length);
      expect(emittedTimes.every((x) => truthByTime.has(x))).toBe(true);
    }
    const counters = feed.counters();
    console.info(`[gaps] lost bars ${lostBars}, drops ${drops}, updated ${updates}, corrected ${corrections}, truth bars ${SYMBOLS.reduce((n, s) => n + (replica?.truth.all(s).length ?? 0), 0)}; adapter: gaps detected ${counters.gapsDetected}, backfills ${counters.backfills}, backfilled bars ${counters.backfilledBars}, REST requests ${replica.rest.requests.length}, updated ${counters.updatedBars}, corrected ${counters.correctedBars}`);
    expect({ missing, invented, differing }).toEqual({ missing: 0, invented: 0, differing: 0 });
    expect(lostBars + drops).toBeGreaterThanOrEqual(200);
    expect(counters.gapsDetected).toBeGreaterThan(0);
    expect(counters.updatedBars + counters.correctedBars).toBeGreaterThan(0);
    expect(md.maxOpenSockets).toBe(1);
    expect(replica.rest.requests.some((r) => r.params.page_token !== undefined)).toBe(true);
    for (const symbol of SYMBOLS) expect(feed.gate.check(symbol).reasons).not.toContain('gap');
    db.close();
  });
});
