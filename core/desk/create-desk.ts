import type { AlpacaEndpoints } from '../adapters/alpaca/endpoints.js';
import type { DeskApi, DeskEventSource, DeskHandlers } from '../contract/desk-api.js';
import { bindInvoke } from '../contract/dispatch.js';
import type { DeskFeed as DeskFeedState, FeedConfig } from '../contract/feed-schemas.js';
import type { DeskStatus } from '../contract/schemas.js';
import type { Bar } from '../market/bar.js';
import { closeOffsetMs, type Interval } from '../market/interval.js';
import { epochMs } from '../market/units.js';
import type { BreakoutPredictor } from '../ml/inference/breakout-predictor.js';
import { BarStore } from '../storage/bar-store.js';
import { openDatabase } from '../storage/open-database.js';
import type { LiveNewsSource } from '../news/news-source.js';
import type { Clock } from '../time/clock.js';
import { ManualClock } from '../time/manual-clock.js';
import { createBacktestHandlers } from './backtest-handlers.js';
import { createHandlers, deskStatus, heldSymbols, type HandlerContext } from './desk-handlers.js';
import { DeskModelOps } from './desk-model-ops.js';
import { deskPredictor } from './desk-predictor.js';
import type { DeskFeed, DeskFeedFactory } from './desk-feed.js';
import { alpacaEndpointsFor, deskFeedFor } from './feed-config.js';
import { alpacaNewsSource } from './alpaca-news-source.js';
import { AlpacaOrderRouting, liveRoutingProblem, type LiveRoutingRefusal } from './alpaca-order-routing.js';
import { createFeedHandlers } from './feed-handlers.js';
import { createModelOpsHandlers } from './model-ops-handlers.js';
import { NewsDesk, NEWS_REPLAY_MS } from './news-desk.js';
import { createBrokerAccountHandlers } from './broker-account-handlers.js';
import { EnvCredentialVault, type CredentialVault } from './credential-vault.js';
import { LiveArming } from './live-arming.js';
import { simulatorFeed } from './simulator-feed.js';
import { StreamHub } from './stream-hub.js';
import { TradingDesk } from './trading-desk.js';
import { chooseRiskSizer } from './risk-serving.js';

export interface DeskOptions {
  readonly dbFile: string;
  readonly clock: Clock;
  readonly seed: number;
  /** Simulator speed factor (simulated per wall-clock time); 1 = real time. */
  readonly speed?: number;
  /** A feed the trader can choose (simulator or replay); ignored when `createFeed` is given. */
  readonly feed?: FeedConfig;
  /** A feed built by the caller (tests' scripted feeds); default: `feed`, else the seeded simulator. */
  readonly createFeed?: DeskFeedFactory;
  /** Where model versions live; default the shipped models (served only on daily bars). */
  readonly modelsDir?: string;
  /** Where risk model versions live (`current.json` + versions); default the shipped `models/risk`. */
  readonly riskModelsDir?: string;
  /** False: size every trade with the volatility-targeted baseline (the trader switched the risk model off). */
  readonly riskModelEnabled?: boolean;
  /** Overrides the model choice (tests). Must serve the feed's interval. */
  readonly predictor?: BreakoutPredictor;
  /** A proposal's lifetime in bars of market time; default DEFAULT_PROPOSAL_TTL_BARS. */
  readonly proposalTtlBars?: number;
  /** Paper account's starting cash when its ledger is empty; default 100,000. */
  readonly startingCash?: number;
  /** A live news source (Alpaca's news stream) besides the feed's own news; started with the desk. */
  readonly newsSource?: LiveNewsSource;
  /** Where Alpaca keys come from; default the environment (a headless desk has no OS keychain). */
  readonly credentials?: CredentialVault;
  /** Where an `alpaca` feed and its news stream connect instead of the account's own endpoints (tests: the replica). */
  readonly alpacaEndpoints?: AlpacaEndpoints;
  /** Set where a live order route may not start: a feed routing orders to the live account is refused with it. */
  readonly liveRoutingRefusal?: LiveRoutingRefusal;
  /** Where live arming is held outside this desk (the desktop app's, relayed to its engine); default the desk's own. */
  readonly liveArmed?: () => boolean;
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
  /** Resolves once every bar received so far has gone through the trading session (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops the feed, then closes the database; idempotent. */
  close(): Promise<void>;
}

/**
 * Composes the desk: opens the database, stores the feed's history, then every bar that closes, and
 * serves the contract over them. Time comes only from the injected clock.
 */
export async function createDesk(options: DeskOptions): Promise<Desk> {
  const config: FeedConfig | undefined = options.createFeed === undefined
    ? options.feed ?? { kind: 'simulator', seed: options.seed, speed: options.speed ?? 1 }
    : undefined;
  const seed = config?.kind === 'simulator' ? config.seed : options.seed;
  // A broker feed runs in real time: it has no speed of its own.
  const speed = config === undefined || config.kind === 'alpaca' ? options.speed ?? 1 : config.speed;
  const credentials = options.credentials ?? new EnvCredentialVault(process.env);
  const alpacaContext = { credentials, ...(options.alpacaEndpoints === undefined ? {} : { endpoints: options.alpacaEndpoints }) };
  const createFeed = options.createFeed ?? (config === undefined ? simulatorFeed() : deskFeedFor(config, alpacaContext));
  // Checked before the file is opened, so a bad speed never creates a database.
  const liveProblem = config === undefined ? undefined : liveRoutingProblem(config, options.liveRoutingRefusal);
  if (liveProblem !== undefined) throw new Error(liveProblem);
  if (!(speed > 0)) throw new RangeError(`feed speed must be positive, got ${speed}`);
  // The database first: a replay reads its bars from it. A feed that cannot start closes it again.
  const db = openDatabase(options.dbFile);
  const store = new BarStore(db);
  let built: DeskFeed;
  try {
    built = createFeed({ seed, clock: options.clock, speed, store });
  } catch (error) {
    db.close();
    throw error;
  }
  const { feed, symbols, interval, historyBars, gate } = built;
  const running: DeskFeedState['running'] =
    config === undefined ? { kind: 'custom', name: feed.name, interval, symbols: [...symbols] }
      : config.kind === 'simulator' ? { ...config, interval }
        : { ...config, symbols: [...symbols] };
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

  const arming = new LiveArming(options.clock);
  // The trader's choice next to the feed: confirmed orders to the Alpaca account instead of the local paper broker.
  const routing = config?.kind === 'alpaca' && config.broker === 'alpaca'
    ? new AlpacaOrderRouting({
      vault: credentials, account: config.account, endpoints: alpacaEndpointsFor(config.account, alpacaContext), clock: options.clock, seed,
      liveArmed: options.liveArmed ?? (() => arming.armed && arming.mode().endpoint === 'live'),
    })
    : undefined;
  const ctx: HandlerContext = {
    store, feed, clock: options.clock, dbFile: options.dbFile, seed, symbols, interval, startedAt,
    writeErrors: () => writeErrors,
    lastSeen: (symbol) => lastSeen.get(symbol),
    ...(gate === undefined ? {} : { gate }),
  };
  let trading: TradingDesk;
  let modelOps: DeskModelOps;
  const news = new NewsDesk({ db, hub, symbols, toFeatures: (item) => trading.onNews(item) });
  try {
    feed.subscribe(symbols, interval);
    const history: Bar[] = [];
    for (const symbol of symbols) {
      const bars = await feed.history({ symbol, interval, limit: historyBars });
      storeBars(bars);
      history.push(...bars);
    }
    history.sort((a, b) => a.time - b.time);
    const newest = history.at(-1);
    // Market time starts at the close of the newest history bar; with no history, at the desk's now.
    const marketStart = newest === undefined ? options.clock.now() : epochMs(newest.time + closeOffsetMs(newest.interval));
    // One market clock for the session and model operations: predictions and outcomes share its timeline.
    const marketClock = new ManualClock(marketStart);
    modelOps = new DeskModelOps({
      db, hub, marketClock, deskClock: options.clock, interval,
      history: options.predictor ?? deskPredictor(interval, options.modelsDir),
      injected: options.predictor !== undefined,
      ...(options.modelsDir === undefined ? {} : { modelsDir: options.modelsDir }),
    });
    const opened = TradingDesk.open({
      db, hub, deskClock: options.clock, interval, symbols,
      predictor: modelOps.serving, marketClock, marketStart,
      ...(options.proposalTtlBars === undefined ? {} : { proposalTtlBars: options.proposalTtlBars }),
      ...(options.startingCash === undefined ? {} : { startingCash: options.startingCash }),
      ...(gate === undefined ? {} : { gate }),
      ...(routing === undefined ? {} : { orderBroker: routing.broker }),
      risk: chooseRiskSizer({
        interval,
        ...(options.riskModelsDir === undefined ? {} : { modelsDir: options.riskModelsDir }),
        ...(options.riskModelEnabled === undefined ? {} : { enabled: options.riskModelEnabled }),
      }),
    });
    if (!opened.ok) throw new Error(`the paper trading session could not open: ${opened.error}`);
    trading = opened.value;
    // Stored stories before the history bars: the features hold each one until the close it belongs to.
    news.replayStored(epochMs((history[0]?.time ?? options.clock.now()) - NEWS_REPLAY_MS));
    modelOps.warming = true;
    trading.warmUp(history);
    modelOps.warming = false;
    if (routing === undefined) await trading.recover();
    else await routing.start(() => trading.session.orders.recover(), () => trading.session.orders.openOrders().map((o) => o.clientOrderId));
  } catch (error) {
    routing?.stop();
    feed.stop();
    db.close();
    throw error;
  }
  const handlers: DeskHandlers = {
    ...createHandlers(ctx, trading.handlers),
    ...createFeedHandlers(store, running),
    ...createModelOpsHandlers(modelOps),
    ...news.handlers,
    ...createBrokerAccountHandlers({ vault: credentials, arming, onMode: (m) => hub.emit('broker.mode', m) }),
    ...createBacktestHandlers({ store, hub, clock: options.clock, ...(options.modelsDir === undefined ? {} : { modelsDir: options.modelsDir }) }),
  };
  // A hold that starts or ends goes out as a status, so the watchlist shows it without polling.
  const holdsKey = (): string => (gate === undefined ? '[]' : JSON.stringify(heldSymbols(ctx, gate)));
  let heldKey = holdsKey();
  const announceHolds = (): void => {
    const next = holdsKey();
    if (next === heldKey) return;
    heldKey = next;
    hub.emit('status', deskStatus(ctx));
  };
  const offBar = feed.on('bar', (bar) => {
    storeBars([bar]);
    if (gate !== undefined) announceHolds();
    // Shown even if the write failed: the trader should see the market; the status counts the loss.
    hub.emit('bar', bar);
    trading.onBar(bar);
    // Outcomes resolve once the session has moved market time to this bar's close.
    void trading.idle().then(() => modelOps.afterBar());
  });
  const offNews = feed.on('news', (item) => news.onScored(item));
  // The Alpaca feed brings Alpaca's news stream with it, on the same account's keys, unless a caller chose one.
  const newsSource = options.newsSource ?? (config?.kind === 'alpaca'
    ? alpacaNewsSource({ vault: credentials, account: config.account, clock: options.clock, seed, endpoints: alpacaEndpointsFor(config.account, alpacaContext) })
    : undefined);
  if (newsSource !== undefined) news.attach(newsSource);
  const offStatus = feed.on('status', () => {
    heldKey = holdsKey();
    hub.emit('status', deskStatus(ctx));
    hub.emit('health', trading.ml.health(options.clock.now()));
  });
  feed.start();

  let closed = false;
  return {
    info: { dbFile: options.dbFile, feedName: feed.name, seed, symbols: [...symbols], interval },
    handlers,
    invoke: bindInvoke(handlers),
    on: (stream, listener) => hub.on(stream, listener),
    status: () => deskStatus(ctx),
    idle: () => trading.idle(),
    close: async () => {
      if (closed) return;
      closed = true;
      offBar();
      offNews();
      news.close();
      offStatus();
      feed.stop();
      // Bars already received finish first, so the session never writes to a closed database.
      await trading.idle();
      routing?.stop();
      await routing?.settled();
      modelOps.close();
      trading.close();
      hub.clear();
      db.close();
    },
  };
}
