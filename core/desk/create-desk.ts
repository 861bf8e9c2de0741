import type { DeskApi, DeskEventSource, DeskHandlers } from '../contract/desk-api.js';
import { bindInvoke } from '../contract/dispatch.js';
import type { DeskStatus } from '../contract/schemas.js';
import type { Bar } from '../market/bar.js';
import type { Interval } from '../market/interval.js';
import { BarStore } from '../storage/bar-store.js';
import { openDatabase } from '../storage/open-database.js';
import type { Clock } from '../time/clock.js';
import { createHandlers, deskStatus, type HandlerContext } from './desk-handlers.js';
import type { DeskFeedFactory } from './desk-feed.js';
import { simulatorFeed } from './simulator-feed.js';
import { StreamHub } from './stream-hub.js';

export interface DeskOptions {
  readonly dbFile: string;
  readonly clock: Clock;
  readonly seed: number;
  /** Simulator speed factor (simulated per wall-clock time); 1 = real time. */
  readonly speed?: number;
  /** The feed to run; default the built-in seeded simulator. */
  readonly createFeed?: DeskFeedFactory;
}

/** What the desk runs and where; printed by `npm start`. */
export interface DeskInfo {
  readonly dbFile: string;
  readonly feedName: string;
  readonly seed: number;
  readonly symbols: readonly string[];
  readonly interval: Interval;
}

/** A running desk: the contract's handlers, its streams, and an in-process `DeskApi` over both. */
export interface Desk extends DeskEventSource {
  readonly info: DeskInfo;
  readonly handlers: DeskHandlers;
  /** The same validated path every transport uses, for in-process callers (tests, the engine entry). */
  readonly invoke: DeskApi['invoke'];
  status(): DeskStatus;
  /** Stops the feed, then closes the database; idempotent. */
  close(): Promise<void>;
}

/**
 * Composes the desk: opens the database, stores the feed's history, then every bar that closes, and
 * serves the contract over them. Time comes only from the injected clock.
 */
export async function createDesk(options: DeskOptions): Promise<Desk> {
  const createFeed = options.createFeed ?? simulatorFeed();
  const { feed, symbols, interval, historyBars } = createFeed({
    seed: options.seed,
    clock: options.clock,
    speed: options.speed ?? 1,
  });
  // The feed first: a bad feed option then fails before the database file is even opened.
  const db = openDatabase(options.dbFile);
  const store = new BarStore(db);
  const startedAt = options.clock.now();
  const hub = new StreamHub();
  let writeErrors = 0;
  const lastSeen = new Map<string, number>();
  const storeBars = (bars: readonly Bar[]): void => {
    for (const bar of bars) lastSeen.set(bar.symbol, Math.max(bar.time, lastSeen.get(bar.symbol) ?? -Infinity));
    try {
      store.upsert(bars);
    } catch {
      // One transaction per call: a failed write stores nothing, and the count shows up in desk.status.
      writeErrors += bars.length;
    }
  };

  const ctx: HandlerContext = {
    store, feed, clock: options.clock, dbFile: options.dbFile, seed: options.seed, symbols, interval, startedAt,
    writeErrors: () => writeErrors,
    lastSeen: (symbol) => lastSeen.get(symbol),
  };
  const handlers = createHandlers(ctx);

  try {
    feed.subscribe(symbols, interval);
    for (const symbol of symbols) {
      storeBars(await feed.history({ symbol, interval, limit: historyBars }));
    }
  } catch (error) {
    feed.stop();
    db.close();
    throw error;
  }
  const offBar = feed.on('bar', (bar) => {
    storeBars([bar]);
    // Shown even if the write failed: the trader should see the market; the status counts the loss.
    hub.emit('bar', bar);
  });
  const offStatus = feed.on('status', () => hub.emit('status', deskStatus(ctx)));
  feed.start();

  let closed = false;
  return {
    info: { dbFile: options.dbFile, feedName: feed.name, seed: options.seed, symbols: [...symbols], interval },
    handlers,
    invoke: bindInvoke(handlers),
    on: (stream, listener) => hub.on(stream, listener),
    status: () => deskStatus(ctx),
    close: () => {
      if (!closed) {
        closed = true;
        offBar();
        offStatus();
        feed.stop();
        hub.clear();
        db.close();
      }
      return Promise.resolve();
    },
  };
}
